/**
 * The {@link dev.mdevsim.device.MdevDevice} actor: one per mdev, the lifecycle state machine
 * {@code creating → active → removing}, one method per state, answering EAGAIN while transitional.
 */
package dev.mdevsim.device;
