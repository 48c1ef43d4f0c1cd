/**
 * Histories and linearizability: {@link dev.mdevsim.history.HistoryWriter} records a run's requests
 * as JSON Lines (bounded, non-blocking, flushed), {@link dev.mdevsim.history.HistoryReader} reads them
 * back, and {@link dev.mdevsim.history.Checker} checks each UUID's partition against the model's
 * sequential specification ({@link dev.mdevsim.history.Spec}: G3 for seed, and the legacy and
 * global-lock ones) with Wing & Gong's search, memoised.
 */
package dev.mdevsim.history;
