/**
 * The deterministic mode ({@code mdevsim.sim.mode = deterministic}, {@code run --deterministic}):
 * the same actors as on threads, run one message at a time on the thread that drives the run, on
 * virtual time, every choice of which actor goes next drawn from the seed.
 * <ul>
 *   <li>{@link dev.mdevsim.sim.SimLoop}: the ready list, the timers and virtual time; it is the
 *       actor system's execution context and {@link dev.mdevsim.vendor.Clock}, and waiting for a
 *       stage <em>is</em> running it ({@link dev.mdevsim.sim.Sim}: {@code Sim.threads()} blocks
 *       instead, so callers are written once for both modes).</li>
 *   <li>{@link dev.mdevsim.sim.Deterministic}: the Akka settings that put a system on a loop (and
 *       why each is needed); {@link dev.mdevsim.sim.VirtualScheduler}: Akka's scheduler on the loop.</li>
 *   <li>{@link dev.mdevsim.sim.Perturb}: {@code swarm --perturb}'s bounds.</li>
 *   <li>{@link dev.mdevsim.sim.Footprint} and {@link dev.mdevsim.sim.TracingMailbox}: what a step
 *       touched, for {@code explore}'s reduction ({@link dev.mdevsim.litmus.Explorer}).</li>
 * </ul>
 * Where Akka got in the way: its start blocks on its logger, which starts on the loop (a
 * {@code BlockContext} runs the loop first); the Streams materializer blocks likewise (not started;
 * open arrival paces itself on the loop's clock); typed {@code ActorContext.ask} completes on the
 * common pool (the registry asks without it); actor uids are random (keys use paths).
 */
package dev.mdevsim.sim;
