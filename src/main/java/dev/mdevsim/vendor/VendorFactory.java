package dev.mdevsim.vendor;

/** Makes the vendor driver of each parent when the parent is registered. */
@FunctionalInterface
public interface VendorFactory {

    /** A driver for the parent with that name; called once per registration. */
    VendorDriver forParent(String parentName);
}
