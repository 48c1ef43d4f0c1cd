package dev.mdevsim.sysfs;

import dev.mdevsim.core.Phase;
import dev.mdevsim.model.SysfsTimeline;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The part of the kernel's sysfs that mdev clients read, as it is at one moment, laid out as in a
 * kernel with the seed change. Every path is relative to the mount point, which stands for
 * {@code /sys}:
 *
 * <pre>
 * class/mdev_bus/&lt;parent&gt;                  -&gt; ../../devices/mdevsim/&lt;parent&gt;
 * bus/mdev/devices/&lt;uuid&gt;                  -&gt; ../../../devices/mdevsim/&lt;parent&gt;/&lt;uuid&gt;
 * devices/mdevsim/&lt;parent&gt;/
 *     mdev_supported_types/&lt;type&gt;/
 *         create                           write a UUID: creates an mdev (C1–C14)
 *         available_instances              read: max-instances − instances in use
 *         device_api  name  description
 *         devices/&lt;uuid&gt;                   -&gt; ../../../&lt;uuid&gt;
 *     &lt;uuid&gt;/
 *         remove                           write a non-zero number: removes the mdev (R1–R8)
 *         mdev_type                        -&gt; ../mdev_supported_types/&lt;type&gt;
 * </pre>
 *
 * The parent's directory is named after the parent, because mdevctl takes the parent's name from it.
 * Which parts of an mdev exist (its directory, its bus link, its {@code remove} attribute, its
 * {@code mdev_type} and type {@code devices/} links) depends on its phase and on the model's
 * {@link SysfsTimeline} (SEMANTICS.md "When each part exists, by model"), and on whether a writer
 * took its {@code remove}. A parent being unregistered keeps its files until it is gone (S11).
 * Immutable; {@link #resolve} is a pure function.
 */
public record SysfsTree(SortedMap<String, Parent> parents) {

    /** Where the parents' device directories live, under {@code devices/}. */
    static final String BUS_DIR = "mdevsim";
    static final String DEVICE_API = "vfio-pci";

    /** One parent: its types, and its mdevs in any state, each with the parts of it that exist. */
    record Parent(String name, SortedMap<String, Type> types, SortedMap<UUID, Mdev> mdevs) {
    }

    /** One mdev: its type and what of it exists now. */
    record Mdev(String type, SysfsTimeline.Parts parts) {
    }

    /** One type of a parent and its instances. */
    record Type(String name, int maxInstances, int available) {
    }

    /** What a path names. */
    public sealed interface Node {
    }

    /** A directory and the names in it, in order. */
    public record Dir(List<String> entries) implements Node {
    }

    /** A symbolic link and its (relative) target. */
    public record Link(String target) implements Node {
    }

    /** An attribute file: readable (its text) or writable (a store handler). */
    public record Attr(Kind kind, String parent, String type, UUID uuid, String text) implements Node {
        public boolean writable() {
            return kind == Kind.CREATE || kind == Kind.REMOVE;
        }
    }

    /** The attribute files. */
    public enum Kind { CREATE, REMOVE, AVAILABLE_INSTANCES, DEVICE_API, NAME, DESCRIPTION }

    /** The tree of the parents' inspected tables, laid out as the model's kernel does. */
    static SysfsTree of(Map<String, ParentView> views, SysfsTimeline timeline) {
        SortedMap<String, Parent> parents = new TreeMap<>();
        views.forEach((name, v) -> {
            SortedMap<String, Type> types = new TreeMap<>();
            v.slots().forEach(slot -> slot.types().forEach(type ->
                    types.put(type, new Type(type, slot.max(), slot.available()))));
            SortedMap<UUID, Mdev> mdevs = new TreeMap<>();
            v.devices().forEach((u, type) -> {
                SysfsTimeline.Parts parts = timeline.parts(v.phases().getOrDefault(u, Phase.ACTIVE), v.removeTaken().contains(u));
                if (parts.directory() || parts.busLink()) {
                    mdevs.put(u, new Mdev(type, parts));
                }
            });
            parents.put(name, new Parent(name, types, mdevs));
        });
        return new SysfsTree(parents);
    }

    /** The node at {@code path} ({@code /}-separated, relative to the mount point), or null if none. */
    public Node resolve(String path) {
        List<String> p = split(path);
        if (p.isEmpty()) {
            return dir("bus", "class", "devices");
        }
        return switch (p.get(0)) {
            case "bus" -> bus(p);
            case "class" -> classDir(p);
            case "devices" -> devices(p);
            default -> null;
        };
    }

    private Node bus(List<String> p) {
        if (p.size() == 1) {
            return dir("mdev");
        }
        if (!p.get(1).equals("mdev")) {
            return null;
        }
        if (p.size() == 2) {
            return dir("devices");
        }
        if (!p.get(2).equals("devices")) {
            return null;
        }
        if (p.size() == 3) {
            List<String> uuids = new ArrayList<>();
            parents.values().forEach(parent -> parent.mdevs().forEach((u, m) -> {
                if (m.parts().busLink()) {
                    uuids.add(u.toString());
                }
            }));
            Collections.sort(uuids);
            return new Dir(uuids);
        }
        UUID u = uuid(p.get(3));
        for (Parent parent : parents.values()) {
            Mdev m = u == null ? null : parent.mdevs().get(u);
            if (m != null && m.parts().busLink()) {
                String dir = "devices/" + BUS_DIR + "/" + parent.name() + "/" + u;
                // the link, or (a path through it) what it points at
                return p.size() == 4 ? new Link("../../../" + dir) : resolve(dir + "/" + String.join("/", p.subList(4, p.size())));
            }
        }
        return null;
    }

    private Node classDir(List<String> p) {
        if (p.size() == 1) {
            return dir("mdev_bus");
        }
        if (!p.get(1).equals("mdev_bus")) {
            return null;
        }
        if (p.size() == 2) {
            return new Dir(List.copyOf(parents.keySet()));
        }
        if (p.size() >= 3 && parents.containsKey(p.get(2))) {
            String dir = "devices/" + BUS_DIR + "/" + p.get(2);
            return p.size() == 3 ? new Link("../../" + dir) : resolve(dir + "/" + String.join("/", p.subList(3, p.size())));
        }
        return null;
    }

    private Node devices(List<String> p) {
        if (p.size() == 1) {
            return dir(BUS_DIR);
        }
        if (!p.get(1).equals(BUS_DIR)) {
            return null;
        }
        if (p.size() == 2) {
            return new Dir(List.copyOf(parents.keySet()));
        }
        Parent parent = parents.get(p.get(2));
        if (parent == null) {
            return null;
        }
        if (p.size() == 3) {
            List<String> entries = new ArrayList<>();
            entries.add("mdev_supported_types");
            parent.mdevs().forEach((u, m) -> {
                if (m.parts().directory()) {
                    entries.add(u.toString());
                }
            });
            return new Dir(entries);
        }
        if (p.get(3).equals("mdev_supported_types")) {
            return types(parent, p);
        }
        UUID u = uuid(p.get(3));
        Mdev m = u == null ? null : parent.mdevs().get(u);
        if (m == null || !m.parts().directory()) {
            return null;
        }
        if (p.size() == 4) {
            List<String> entries = new ArrayList<>();
            if (m.parts().links()) {
                entries.add("mdev_type");
            }
            if (m.parts().remove()) {
                entries.add("remove");
            }
            return new Dir(entries);
        }
        if (p.size() == 5 && p.get(4).equals("remove") && m.parts().remove()) {
            return new Attr(Kind.REMOVE, parent.name(), m.type(), u, "");
        }
        if (p.size() == 5 && p.get(4).equals("mdev_type") && m.parts().links()) {
            return new Link("../mdev_supported_types/" + m.type());
        }
        return null;
    }

    private Node types(Parent parent, List<String> p) {
        if (p.size() == 4) {
            return new Dir(List.copyOf(parent.types().keySet()));
        }
        Type type = parent.types().get(p.get(4));
        if (type == null) {
            return null;
        }
        if (p.size() == 5) {
            return dir("available_instances", "create", "description", "device_api", "devices", "name");
        }
        String file = p.get(5);
        if (file.equals("devices")) {
            List<String> uuids = new ArrayList<>();
            parent.mdevs().forEach((u, m) -> {
                if (m.type().equals(type.name()) && m.parts().links()) {
                    uuids.add(u.toString());
                }
            });
            if (p.size() == 6) {
                return new Dir(uuids);
            }
            if (!uuids.contains(p.get(6))) {
                return null;
            }
            String dir = "devices/" + BUS_DIR + "/" + parent.name() + "/" + p.get(6);
            return p.size() == 7 ? new Link("../../../" + p.get(6)) : resolve(dir + "/" + String.join("/", p.subList(7, p.size())));
        }
        if (p.size() != 6) {
            return null;
        }
        return switch (file) {
            case "create" -> new Attr(Kind.CREATE, parent.name(), type.name(), null, "");
            case "available_instances" -> attr(Kind.AVAILABLE_INSTANCES, parent, type, Integer.toString(type.available()));
            case "device_api" -> attr(Kind.DEVICE_API, parent, type, DEVICE_API);
            case "name" -> attr(Kind.NAME, parent, type, type.name());
            case "description" -> attr(Kind.DESCRIPTION, parent, type,
                    "mdevsim simulated type, max-instances=" + type.maxInstances());
            default -> null;
        };
    }

    private static Attr attr(Kind kind, Parent parent, Type type, String text) {
        return new Attr(kind, parent.name(), type.name(), null, text + "\n");
    }

    private static Dir dir(String... entries) {
        return new Dir(List.of(entries));
    }

    /** The canonical (lower-case) UUIDs name the directories; anything else is no such file. */
    private static UUID uuid(String name) {
        if (name.length() != 36) {
            return null;
        }
        try {
            UUID u = UUID.fromString(name);
            return u.toString().equals(name) ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
