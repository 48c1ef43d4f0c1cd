/**
 * The public Java API: {@link dev.mdevsim.host.MdevHost} starts a simulated host (its own actor
 * system: a {@code SpawnProtocol} guardian with the registry and the parents under it) from a
 * {@code Config}, and {@link dev.mdevsim.host.HostSettings} reads {@code mdevsim.*}. Its Akka runs
 * with mdevsim's settings of {@code dev/mdevsim/host/akka.conf} in place of Akka's defaults
 * ({@code AkkaTuning}).
 */
package dev.mdevsim.host;
