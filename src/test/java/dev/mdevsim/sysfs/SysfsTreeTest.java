package dev.mdevsim.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.model.SysfsTimeline;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The layout mdevctl reads, resolved from the parents' tables. */
class SysfsTreeTest {

    static final UUID U1 = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final UUID U2 = UUID.fromString("aaaaaaaa-2222-3333-4444-555555555555");
    static final String P1 = "0000:3b:00.0";
    static final String P2 = "0000:af:00.0";
    static final String T = "nvidia-63";

    private final SysfsTree tree = SysfsTree.of(Map.of(
            P1, view(P1, Map.of(U1, T), Map.of(T, 1), Map.of(T, 4, "nvidia-64", 2)),
            P2, view(P2, Map.of(U2, "nvidia-64"), Map.of("nvidia-64", 1), Map.of("nvidia-64", 2))), SysfsTimeline.REGISTER_BEFORE_VENDOR);

    private static ParentView view(String name, Map<UUID, String> devices, Map<String, Integer> claimed,
                                          Map<String, Integer> max) {
        List<dev.mdevsim.parent.Capacity.Slot> slots = new java.util.ArrayList<>();
        max.forEach((type, m) -> slots.add(new dev.mdevsim.parent.Capacity.Slot(type, List.of(type), m, claimed.getOrDefault(type, 0))));
        return new ParentView(name, devices, slots, 0, 0, 0, 0, 0, 0);
    }

    private String type(String parent, String type) {
        return "devices/mdevsim/" + parent + "/mdev_supported_types/" + type;
    }

    @Test
    void p1TheRootHoldsTheBusTheClassAndTheParentsDevices() {
        assertEquals(new SysfsTree.Dir(List.of("bus", "class", "devices")), tree.resolve("/"));
        assertEquals(new SysfsTree.Dir(List.of(P1, P2)), tree.resolve("/class/mdev_bus"));
        assertEquals(new SysfsTree.Link("../../devices/mdevsim/" + P1), tree.resolve("/class/mdev_bus/" + P1));
        assertEquals(new SysfsTree.Dir(List.of("mdev_supported_types", U1.toString())), tree.resolve("devices/mdevsim/" + P1));
    }

    @Test
    void p1EveryTypeHasItsFilesAndAvailableInstancesIsMaxMinusInUse() {
        assertEquals(new SysfsTree.Dir(List.of(T, "nvidia-64")), tree.resolve("devices/mdevsim/" + P1 + "/mdev_supported_types"));
        assertEquals(new SysfsTree.Dir(List.of("available_instances", "create", "description", "device_api", "devices", "name")),
                tree.resolve(type(P1, T)));
        assertEquals("3\n", ((SysfsTree.Attr) tree.resolve(type(P1, T) + "/available_instances")).text());
        assertEquals("2\n", ((SysfsTree.Attr) tree.resolve(type(P1, "nvidia-64") + "/available_instances")).text());
        assertEquals("vfio-pci\n", ((SysfsTree.Attr) tree.resolve(type(P1, T) + "/device_api")).text());
        SysfsTree.Attr create = (SysfsTree.Attr) tree.resolve(type(P1, T) + "/create");
        assertEquals(new SysfsTree.Attr(SysfsTree.Kind.CREATE, P1, T, null, ""), create);
        assertTrue(create.writable());
        assertFalse(((SysfsTree.Attr) tree.resolve(type(P1, T) + "/name")).writable());
    }

    @Test
    void c14AnMdevHasItsDirectoryItsLinksAndItsRemoveFile() {
        String dir = "devices/mdevsim/" + P1 + "/" + U1;
        assertEquals(new SysfsTree.Dir(List.of("mdev_type", "remove")), tree.resolve(dir));
        assertEquals(new SysfsTree.Attr(SysfsTree.Kind.REMOVE, P1, T, U1, ""), tree.resolve(dir + "/remove"));
        assertEquals(new SysfsTree.Link("../mdev_supported_types/" + T), tree.resolve(dir + "/mdev_type"));
        assertEquals(new SysfsTree.Dir(List.of(U1.toString(), U2.toString())), tree.resolve("bus/mdev/devices"));
        assertEquals(new SysfsTree.Link("../../../" + dir), tree.resolve("bus/mdev/devices/" + U1));
        assertEquals(new SysfsTree.Link("../../../devices/mdevsim/" + P2 + "/" + U2), tree.resolve("bus/mdev/devices/" + U2));
        assertEquals(new SysfsTree.Dir(List.of(U1.toString())), tree.resolve(type(P1, T) + "/devices"));
        assertEquals(new SysfsTree.Link("../../../" + U1), tree.resolve(type(P1, T) + "/devices/" + U1));
        assertEquals(new SysfsTree.Dir(List.of()), tree.resolve(type(P1, "nvidia-64") + "/devices"));
    }

    @Test
    void r2WhatIsNotThereResolvesToNothing() {
        assertNull(tree.resolve("proc"));
        assertNull(tree.resolve("class/mdev_bus/0000:00:00.0"));
        assertNull(tree.resolve("bus/mdev/devices/" + U2.toString().toUpperCase()));
        assertNull(tree.resolve("bus/mdev/devices/" + UUID.randomUUID()));
        assertNull(tree.resolve("devices/mdevsim/" + P2 + "/" + U1)); // U1 lives on P1
        assertNull(tree.resolve(type(P1, "mtty-1")));
        assertNull(tree.resolve(type(P1, T) + "/create/x"));
        assertNull(tree.resolve(type(P1, T) + "/devices/" + U2));
        assertNull(tree.resolve("devices/mdevsim/" + P1 + "/" + U1 + "/uevent"));
    }
}
