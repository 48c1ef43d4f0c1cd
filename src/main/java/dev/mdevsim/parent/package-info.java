/**
 * The {@link dev.mdevsim.parent.ParentDevice} actor (types, capacity, vendor ops, P5 unregistration)
 * and its plain {@link dev.mdevsim.parent.Capacity} accounting.
 */
package dev.mdevsim.parent;
