/**
 * The benchmark suite ({@code bench}): lean actor clients that talk to the registry directly
 * ({@link dev.mdevsim.bench.Harness}), the same workloads on {@link dev.mdevsim.bench.BaselineLocks}
 * (the seed semantics with one mutex, a map and an active flag), the memory measurement, and the table
 * and JSON rows of DESIGN.md. JMH microbenchmarks live apart, in {@code src/jmh/java} (profile
 * {@code jmh}).
 */
package dev.mdevsim.bench;
