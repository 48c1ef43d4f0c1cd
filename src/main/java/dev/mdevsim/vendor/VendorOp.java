package dev.mdevsim.vendor;

/**
 * What a {@link VendorGate} can hold: the vendor's two ops, and the sysfs setup a create goes through
 * after its vendor op succeeded, before the device turns active (SEMANTICS "What userspace sees").
 */
public enum VendorOp {
    CREATE, REMOVE, SETUP
}
