/**
 * The {@link dev.mdevsim.registry.Registry} actor: the global UUID namespace of one host, the parent
 * list, linux-6.1's core pools, and in global-lock the one lock. Every create and remove enters here.
 * Its rules per model are plain: {@code CoreTables} runs the registry's part of each create's
 * {@link dev.mdevsim.model.Description#createOrder} and routes removes, over the tables of
 * {@link dev.mdevsim.model.Namespace} and {@code ParentEntry}.
 */
package dev.mdevsim.registry;
