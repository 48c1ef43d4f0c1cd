package dev.mdevsim.vendor;

/** The two vendor ops. */
public enum VendorOp {
    CREATE, REMOVE
}
