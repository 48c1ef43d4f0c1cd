/**
 * The sysfs front end: a {@link dev.mdevsim.host.MdevHost} as the part of {@code /sys} that mdev
 * clients use, mounted with FUSE, so that mdevctl, libvirt's helpers and shell scripts drive the
 * simulator through the kernel's own interface and get the kernel's errnos.
 *
 * <ul>
 *   <li>{@link dev.mdevsim.sysfs.SysfsTree}: the layout ({@code class/mdev_bus}, {@code bus/mdev/devices},
 *       {@code mdev_supported_types/<type>/create}, {@code <uuid>/remove}, ...) resolved from the
 *       parents' tables at one moment: a pure function, unit-tested.</li>
 *   <li>{@link dev.mdevsim.sysfs.StoreHandlers}: what the kernel's {@code create_store} and
 *       {@code remove_store} do before calling the core (the 36/37-byte check, {@code kstrtoul}).</li>
 *   <li>{@link dev.mdevsim.sysfs.MdevFs}: the FUSE callbacks (jnr-fuse over libfuse 2), a thin
 *       adapter: every callback resolves its path in a fresh tree, so listings are live; a write
 *       blocks its writer until the host answers, and returns the byte count or the errno.</li>
 *   <li>{@link dev.mdevsim.sysfs.SysfsMount}: mounting, waiting for the mount, clean unmounting.</li>
 *   <li>{@link dev.mdevsim.sysfs.SysfsExec}: a command in a private mount namespace with the tree
 *       over {@code /sys} (Debian's mdevctl 1.2.0 reads {@code /sys} and has no root option).</li>
 * </ul>
 *
 * Limits: the kernel's FUSE client serialises writes to one file (libfuse 2 cannot ask for parallel
 * direct writes), so concurrent writers of one {@code create} file take turns where sysfs would run
 * them at once; writers of different files, and all readers, are served concurrently. An mdev's
 * directory holds {@code remove} and {@code mdev_type} only (no {@code iommu_group}, vendor
 * attributes or uevents), and a parent's directory lives under {@code devices/mdevsim/}.
 */
package dev.mdevsim.sysfs;
