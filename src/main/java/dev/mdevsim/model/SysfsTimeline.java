package dev.mdevsim.model;

import dev.mdevsim.core.Phase;

/**
 * When each sysfs part of an mdev exists, by kernel (SEMANTICS.md "What userspace sees", "When each
 * part exists, by model"), and what {@code remove_store} does after a failed removal. Pure.
 */
public enum SysfsTimeline {
    /**
     * 4.11 – 5.1 (legacy, seed, global-lock): {@code device_register} before the vendor op (directory,
     * bus link); links and {@code remove} after it; everything goes after the vendor's remove op. A
     * remove write that fails re-creates the attribute ({@code device_create_file}).
     */
    REGISTER_BEFORE_VENDOR(true),
    /**
     * 5.2 – 5.13: nothing exists during the vendor create; {@code device_add} after it, then links and
     * {@code remove}; a removal deletes everything before the vendor's remove op ({@code device_del}
     * first). A failed remove write leaves the attribute gone for good.
     */
    ADD_AFTER_VENDOR(false),
    /**
     * 6.1 – today: {@code device_add}, with the {@code remove} attribute, before the probe; links after
     * it; a removal takes the links and the bus link before the vendor's remove (the driver is unbound
     * in {@code device_del}) and the directory after it. A failed remove write leaves it gone.
     */
    ADD_BEFORE_PROBE(false);

    /** The parts of one mdev: its directory, its bus link, its {@code remove} attribute, its two links. */
    public record Parts(boolean directory, boolean busLink, boolean remove, boolean links) {
        static final Parts NONE = new Parts(false, false, false, false);
        static final Parts ALL = new Parts(true, true, true, true);
    }

    private final boolean recreatesRemove;

    SysfsTimeline(boolean recreatesRemove) {
        this.recreatesRemove = recreatesRemove;
    }

    /** S8, S9: whether a remove write that failed re-creates the {@code remove} attribute (before 5.2). */
    public boolean recreatesRemove() {
        return recreatesRemove;
    }

    /**
     * What exists of an mdev in {@code phase}; {@code removeTaken}: a writer took its {@code remove}
     * attribute ({@code device_remove_file_self}) and it has not been re-created.
     */
    public Parts parts(Phase phase, boolean removeTaken) {
        Parts p = switch (this) {
            case REGISTER_BEFORE_VENDOR -> phase == Phase.VENDOR ? new Parts(true, true, false, false) : Parts.ALL;
            case ADD_AFTER_VENDOR -> phase == Phase.VENDOR || phase == Phase.REMOVING ? Parts.NONE : Parts.ALL;
            case ADD_BEFORE_PROBE -> switch (phase) {
                case VENDOR -> new Parts(true, true, true, false);
                case REMOVING -> new Parts(true, false, true, false);
                default -> Parts.ALL;
            };
        };
        return removeTaken && p.remove() ? new Parts(p.directory(), p.busLink(), false, p.links()) : p;
    }
}
