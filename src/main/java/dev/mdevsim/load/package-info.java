/**
 * Load generation: the per-client {@link dev.mdevsim.load.ClientWorkload} (a pure function of the
 * seed), the {@link dev.mdevsim.load.LoadRunner} (closed arrival as a chain of futures per client, open
 * arrival on Akka Streams, faults,
 * drain, invariants), HdrHistogram {@link dev.mdevsim.load.Metrics}, the G1 ledger, the G2 live
 * tracker, the {@link dev.mdevsim.load.Sampler} behind a run's time series, and progress on stderr.
 */
package dev.mdevsim.load;
