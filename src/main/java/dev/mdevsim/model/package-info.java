/**
 * What differs between the five kernels ({@code seed}, {@code legacy}, {@code global-lock},
 * {@code linux-5.2}, {@code linux-6.1}), which are settings of the same actors: the
 * {@link dev.mdevsim.model.Model} (names, aliases, kernel versions) and its
 * {@link dev.mdevsim.model.Description} (locks, duplicate check, listing, unregistration gate, remove
 * failures, pools, and the create order derived from them), which the actors and the history checker
 * consult instead of asking which model they run; the rules of the global namespace
 * ({@link dev.mdevsim.model.Namespace}: reservations, or legacy's bus links and late list); and the
 * {@link dev.mdevsim.model.KernelMutex}, a kernel mutex held across an operation as a FIFO queue of
 * requests in the actor that owns it. All plain classes, unit-tested without actors.
 */
package dev.mdevsim.model;
