/**
 * The {@link dev.mdevsim.registry.Registry} actor: the global UUID namespace of one host (its rules
 * per model are in {@link dev.mdevsim.model.Namespace}), the parent list, and in global-lock the one
 * lock. Every create and remove enters here.
 */
package dev.mdevsim.registry;
