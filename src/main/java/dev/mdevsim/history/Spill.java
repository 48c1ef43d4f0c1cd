package dev.mdevsim.history;

import dev.mdevsim.core.Errno;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The operations of a history read as a stream ({@link HistoryReader#read(Path, Consumer)}), kept so
 * that they can be checked in parts: in memory up to {@code inMemory} operations; beyond, every
 * operation on a UUID goes to one of {@value #BUCKETS} temporary files chosen by the UUID, so that
 * each UUID's partition is whole in one file and the files can be checked one after another. The
 * operations of parent faults (few) and on malformed UUIDs (requests in no partition) stay in memory. A history of millions of operations is then checked in the memory of one file's share.
 *
 * <p>A file holds fixed binary records (the fields of {@link History.Op}, names as indexes into one
 * table); it lives in a temporary directory that {@link #close} deletes.
 */
final class Spill implements Consumer<History.Op>, AutoCloseable {

    static final int BUCKETS = 64;

    private final int inMemory;
    /** Where the temporary directory goes; null: the system's ({@code java.io.tmpdir}). */
    private final Path tmpRoot;
    private final List<History.Op> held = new ArrayList<>();
    private final List<History.Op> unplugs = new ArrayList<>();
    private final Map<String, Integer> nameIds = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<History.Op> malformed = new ArrayList<>();
    private Path dir;
    private DataOutputStream[] out;

    Spill(int inMemory, Path tmpRoot) {
        this.inMemory = inMemory;
        this.tmpRoot = tmpRoot;
    }

    @Override
    public void accept(History.Op op) {
        if (op.kind() == History.Kind.UNREGISTER_PARENT || op.kind() == History.Kind.REGISTER_PARENT) {
            unplugs.add(op);
        } else if (op.uuid() == null) {
            malformed.add(op);
        } else if (out != null) {
            write(op);
        } else {
            held.add(op);
            if (held.size() > inMemory) {
                open();
                held.forEach(this::write);
                held.clear();
            }
        }
    }

    /** Whether the operations went to files (else {@link #held} has them all). */
    boolean spilled() {
        return out != null;
    }

    /** Without a spill: every operation, in the order of the file (its call lines). */
    List<History.Op> all() {
        List<History.Op> ops = new ArrayList<>(held.size() + unplugs.size() + malformed.size());
        ops.addAll(held);
        ops.addAll(unplugs);
        ops.addAll(malformed);
        ops.sort(Comparator.comparingInt(History.Op::callLine));
        return ops;
    }

    /** Creates and removes whose UUID is malformed: requests, in no partition. */
    long malformed() {
        return malformed.size();
    }

    /**
     * With a spill: each file's operations with every parent fault, in the order of the history file;
     * {@code each} gets them one file at a time.
     */
    void forEachBucket(Consumer<List<History.Op>> each) {
        try {
            for (DataOutputStream o : out) {
                o.close();
            }
            for (int b = 0; b < BUCKETS; b++) {
                List<History.Op> ops = new ArrayList<>(unplugs);
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(bucket(b)), 1 << 16))) {
                    while (true) {
                        History.Op op = read(in);
                        if (op == null) {
                            break;
                        }
                        ops.add(op);
                    }
                }
                if (ops.size() > unplugs.size()) {
                    ops.sort(Comparator.comparingInt(History.Op::callLine));
                    each.accept(ops);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the history's temporary files: " + e.getMessage(), e);
        }
    }

    private void open() {
        try {
            dir = tmpRoot == null ? Files.createTempDirectory("mdevsim-check") : Files.createTempDirectory(tmpRoot, "mdevsim-check");
            out = new DataOutputStream[BUCKETS];
            for (int b = 0; b < BUCKETS; b++) {
                out[b] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(bucket(b)), 1 << 15));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the history's temporary files: " + e.getMessage(), e);
        }
    }

    private Path bucket(int b) {
        return dir.resolve(b + ".ops");
    }

    private void write(History.Op op) {
        UUID u = op.uuid();
        DataOutputStream o = out[Math.floorMod(u.hashCode(), BUCKETS)];
        try {
            o.writeLong(op.id());
            o.writeInt(op.client());
            o.writeByte(op.kind().ordinal());
            o.writeLong(u.getMostSignificantBits());
            o.writeLong(u.getLeastSignificantBits());
            o.writeInt(nameId(op.parent()));
            o.writeInt(nameId(op.type()));
            o.writeLong(op.call());
            o.writeLong(op.ret());
            o.writeShort(op.result() == null ? -1 : op.result().ordinal());
            o.writeInt(op.callLine());
            o.writeInt(op.returnLine());
            o.writeBoolean(op.sysfs());
        } catch (IOException e) {
            throw new UncheckedIOException("the history's temporary files: " + e.getMessage(), e);
        }
    }

    private History.Op read(DataInputStream in) throws IOException {
        long id;
        try {
            id = in.readLong();
        } catch (EOFException end) {
            return null;
        }
        int client = in.readInt();
        History.Kind kind = KINDS[in.readByte()];
        UUID uuid = new UUID(in.readLong(), in.readLong());
        String parent = name(in.readInt());
        String type = name(in.readInt());
        long call = in.readLong();
        long ret = in.readLong();
        int result = in.readShort();
        int callLine = in.readInt();
        int returnLine = in.readInt();
        boolean sysfs = in.readBoolean();
        return new History.Op(id, client, kind, uuid, null, parent, type, call, ret, result < 0 ? null : ERRNOS[result],
                callLine, returnLine, sysfs);
    }

    private static final History.Kind[] KINDS = History.Kind.values();
    private static final Errno[] ERRNOS = Errno.values();

    private int nameId(String name) {
        if (name == null) {
            return -1;
        }
        return nameIds.computeIfAbsent(name, n -> {
            names.add(n);
            return names.size() - 1;
        });
    }

    private String name(int id) {
        return id < 0 ? null : names.get(id);
    }

    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        try {
            for (DataOutputStream o : out) {
                o.close();
            }
            for (int b = 0; b < BUCKETS; b++) {
                Files.deleteIfExists(bucket(b));
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory: left behind at worst
        }
    }
}
