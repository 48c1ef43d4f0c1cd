/**
 * The {@link dev.mdevsim.parent.ParentDevice} actor (a parent's vendor ops, its mdevs' device actors,
 * P5 unregistration) and the plain classes that keep its books: {@link dev.mdevsim.parent.ParentState}
 * (every phase change of a request in one call), {@link dev.mdevsim.parent.Capacity} (per-type slots or
 * one pool), {@code Devices} (device actors, pooled and passivated), {@code UnregSem} (the requests in
 * progress and the unregistration waiting for them: the kernel's {@code unreg_sem}) and
 * {@code ParentLock} (legacy's {@code parent->lock}).
 */
package dev.mdevsim.parent;
