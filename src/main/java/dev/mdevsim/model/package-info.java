/**
 * The three locking designs ({@code seed}, {@code legacy}, {@code global-lock}) as a setting of the
 * same actors. Only {@code seed} is implemented so far; the others are refused with a clear message.
 */
package dev.mdevsim.model;
