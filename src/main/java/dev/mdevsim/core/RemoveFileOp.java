package dev.mdevsim.core;

/**
 * What a sysfs write does to an mdev's {@code remove} attribute, as the kernel's {@code remove_store}
 * does: look whether it exists, take it ({@code device_remove_file_self}), or re-create it after a
 * failed removal ({@code device_create_file}, before 5.2). The answer of {@link #PROBE} and
 * {@link #TAKE} is OK, or ENOENT when the attribute does not exist (S5).
 */
public enum RemoveFileOp {
    PROBE, TAKE, RESTORE
}
