/**
 * Reading settings out of Typesafe Config: {@link dev.mdevsim.config.HoconFiles} parses a file (includes
 * relative to it, parse errors in plain words) and {@link dev.mdevsim.config.ConfigReader} turns every
 * bad value into a one-line {@link dev.mdevsim.config.SettingsException} naming file, line and full key.
 * Only entry points read {@code Config}; everything else receives validated settings records.
 */
package dev.mdevsim.config;
