package dev.mdevsim.sysfs;

/** The simulated sysfs cannot be mounted or used here; the message is one line for the user. */
public final class SysfsException extends RuntimeException {

    public SysfsException(String message) {
        super(message);
    }
}
