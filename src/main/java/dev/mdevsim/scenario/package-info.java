/**
 * Scenario files: {@link dev.mdevsim.scenario.ScenarioLoader} merges a file with its overrides
 * ({@code --set} over {@code -Dmdevsim.*} over the file over {@code reference.conf}) and validates
 * every key into a {@link dev.mdevsim.scenario.Scenario} before anything starts; faults on a schedule.
 */
package dev.mdevsim.scenario;
