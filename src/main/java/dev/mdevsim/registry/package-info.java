/**
 * The {@link dev.mdevsim.registry.Registry} actor, the global UUID namespace of one host, and its
 * plain {@link dev.mdevsim.registry.ReservationTable}. Every create and remove enters here.
 */
package dev.mdevsim.registry;
