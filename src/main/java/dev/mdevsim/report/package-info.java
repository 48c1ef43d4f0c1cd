/**
 * What a run measured and judged: {@link dev.mdevsim.report.RunResult}, the assertion language
 * ({@link dev.mdevsim.report.Assertion}), the invariant checks ({@link dev.mdevsim.report.Invariants})
 * and the text, JSON and side-by-side compare reports.
 */
package dev.mdevsim.report;
