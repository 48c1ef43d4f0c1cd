/**
 * The vendor driver model: the {@link dev.mdevsim.vendor.VendorDriver} interface (ops return
 * {@code CompletionStage}s carrying an {@code Errno}), the {@link dev.mdevsim.vendor.SimulatedVendor}
 * (latency distributions, failures, refusals, hangs, capacity errno; timed by a dedicated
 * sub-millisecond {@link dev.mdevsim.vendor.DelayScheduler}), and the
 * {@link dev.mdevsim.vendor.VendorGate}, whose ops complete only when a test releases them.
 */
package dev.mdevsim.vendor;
