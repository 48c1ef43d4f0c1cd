/**
 * Value types shared by every part of the simulator: {@link dev.mdevsim.core.Errno} (every reply
 * carries one, as data), {@link dev.mdevsim.core.Uuids} (strict UUID parsing, C1/R1),
 * {@link dev.mdevsim.core.DeviceState}, the reply records, parent and type specs, and the
 * {@link dev.mdevsim.core.HostObserver} hooks. No actors and no config here.
 */
package dev.mdevsim.core;
