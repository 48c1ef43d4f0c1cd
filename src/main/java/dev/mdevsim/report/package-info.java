/**
 * What a run measured and judged: {@link dev.mdevsim.report.RunResult}, its
 * {@link dev.mdevsim.report.TimeSeries}, the assertion language ({@link dev.mdevsim.report.Assertion}),
 * the invariant checks ({@link dev.mdevsim.report.Invariants}) and the reports: text, JSON
 * ({@link dev.mdevsim.report.JsonReport}, the one source of every number), side-by-side compare, and
 * HTML ({@link dev.mdevsim.report.HtmlReport}: the JSON drawn in the browser by {@code report.js},
 * with Chart.js inlined from its webjar).
 */
package dev.mdevsim.report;
