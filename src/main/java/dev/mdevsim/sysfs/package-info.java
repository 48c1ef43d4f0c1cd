/**
 * What a process writing sysfs files sees (SEMANTICS.md "What userspace sees", S1–S11), and the FUSE
 * front end that shows it to real clients (mdevctl, libvirt's helpers, shell scripts).
 *
 * <ul>
 *   <li>{@link dev.mdevsim.sysfs.Sysfs}: the layer above the kernel functions, shared by FUSE, the
 *       litmus {@code sysfs} statements, {@code load.interface = sysfs} and the Java API
 *       ({@code host.sysfs()}): a write is the kernel's store handler step by step (the file's
 *       existence, {@code create_store}'s parsing, {@code remove_store}'s {@code kstrtoul}, taking the
 *       {@code remove} attribute, the core's call, re-creating the attribute where the model does).</li>
 *   <li>{@link dev.mdevsim.sysfs.SysfsTree}: the layout ({@code class/mdev_bus}, {@code bus/mdev/devices},
 *       {@code mdev_supported_types/<type>/create}, {@code <uuid>/remove}, ...) at one moment, with
 *       each mdev's parts present as its phase and the model's
 *       {@link dev.mdevsim.model.SysfsTimeline} say: a pure function, unit-tested.</li>
 *   <li>{@link dev.mdevsim.sysfs.StoreHandlers}: what the kernel's {@code create_store} and
 *       {@code remove_store} do with the bytes (the 36/37-byte check, {@code kstrtoul}).</li>
 *   <li>{@link dev.mdevsim.sysfs.MdevFs}: the FUSE callbacks (jnr-fuse over libfuse 2), a thin
 *       adapter over the layer: every callback resolves its path in a fresh tree, so listings are
 *       live; a write blocks its writer until the host answers.</li>
 *   <li>{@link dev.mdevsim.sysfs.SysfsMount}: mounting, waiting for the mount, clean unmounting.</li>
 *   <li>{@link dev.mdevsim.sysfs.SysfsExec}: a command in a private mount namespace with the tree
 *       over {@code /sys} (Debian's mdevctl 1.2.0 reads {@code /sys} and has no root option).</li>
 * </ul>
 *
 * The {@code remove} attribute of each mdev (present, taken by a writer, re-created) is kept with the
 * mdev in its parent actor, so taking it is atomic. Limits: the kernel's FUSE client serialises writes
 * to one file (libfuse 2 cannot ask for parallel direct writes), so concurrent writers of one
 * {@code create} file take turns where sysfs would run them at once; writers of different files, and
 * all readers, are served concurrently. An mdev's directory holds {@code remove} and
 * {@code mdev_type} only (no {@code iommu_group}, vendor attributes or uevents), and a parent's
 * directory lives under {@code devices/mdevsim/}.
 */
package dev.mdevsim.sysfs;
