/**
 * Litmus scripts: {@link dev.mdevsim.litmus.ScriptParser} (the language of DESIGN.md, with static
 * checks naming file:line) and {@link dev.mdevsim.litmus.ScriptRunner}, which runs a script against
 * a gated host and settles between statements by tracking each request phase (no sleeps); and
 * {@link dev.mdevsim.litmus.Explorer} ({@code explore}), which runs every schedule of a script's race
 * on deterministic hosts and judges {@code expect sometimes|always|never} over all of them.
 */
package dev.mdevsim.litmus;
