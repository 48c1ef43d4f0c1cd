/**
 * What differs between the three locking designs ({@code seed}, {@code legacy}, {@code global-lock}),
 * which are settings of the same actors: the {@link dev.mdevsim.model.Model} itself, the rules of
 * the global namespace per model ({@link dev.mdevsim.model.Namespace}: reservations, or legacy's bus
 * links and late list), and the {@link dev.mdevsim.model.KernelMutex}, a kernel mutex held across an
 * operation as a FIFO queue of requests in the actor that owns it (the registry for global-lock, each
 * parent for legacy). All plain classes, unit-tested without actors.
 */
package dev.mdevsim.model;
