package dev.mdevsim.load;

import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Seeds;
import dev.mdevsim.core.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The requests of one client: a pure function of the seed, the client's index and the host's
 * parents. It never looks at answers, so the same seed gives the same requests in every run and
 * every model; what the answers were is for the report.
 *
 * <p>The client keeps up to {@code devices} mdevs it believes live (it assumes its creates
 * succeeded). A create adds a fresh UUID on a random parent and type; a remove takes one of its
 * mdevs; an early-remove creates a fresh UUID and removes it at once (and then believes it live, as
 * the create usually wins); a duplicate-create creates one of its live UUIDs on another parent; an
 * invalid step sends a malformed UUID or names an unknown parent. A create with no room left becomes
 * a remove, a remove or duplicate-create with nothing live becomes a create.
 *
 * <p>With a shared UUID pool ({@code load.uuid-pool}), every client draws each step's UUID from the
 * same {@code pool} UUIDs instead: creates, early removes and duplicates race for them and removes
 * may find nothing, on purpose: contention for the linearizability checker and the stress of G2.
 * Not thread-safe.
 */
public final class ClientWorkload {

    /** The parent name invalid steps use; never a real parent. */
    public static final String UNKNOWN_PARENT = "mdevsim-no-such-parent";

    private record Target(String parent, String type) {
    }

    private record Live(String uuid, String parent) {
    }

    private final int client;
    private final SplittableRandom random;
    private final Mix mix;
    private final int devices;
    private final List<Target> targets = new ArrayList<>();
    private final List<String> parents = new ArrayList<>();
    private final List<Live> live = new ArrayList<>();
    private final long poolSeed;
    private final int pool;

    public ClientWorkload(long seed, int client, Mix mix, int devices, List<ParentSpec> hostParents) {
        this(seed, client, mix, devices, hostParents, 0);
    }

    /** With {@code pool} > 0, steps draw their UUIDs from a pool of that size shared by every client. */
    public ClientWorkload(long seed, int client, Mix mix, int devices, List<ParentSpec> hostParents, int pool) {
        this.client = client;
        this.random = new SplittableRandom(Seeds.stream(seed, client));
        this.poolSeed = Seeds.stream(seed, -1);
        this.pool = pool;
        this.mix = mix;
        this.devices = devices;
        for (ParentSpec p : hostParents) {
            parents.add(p.name());
            for (TypeSpec t : p.types()) {
                targets.add(new Target(p.name(), t.name()));
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one parent");
        }
    }

    /** The client's index. */
    public int client() {
        return client;
    }

    /** The next step. */
    public Step next() {
        if (pool > 0) {
            return nextFromPool();
        }
        OpKind kind = mix.draw(random);
        if ((kind == OpKind.CREATE || kind == OpKind.EARLY_REMOVE) && live.size() >= devices) {
            kind = OpKind.REMOVE;
        } else if ((kind == OpKind.REMOVE || kind == OpKind.DUPLICATE_CREATE) && live.isEmpty()) {
            kind = OpKind.CREATE;
        }
        return switch (kind) {
            case CREATE -> new Step(List.of(create(OpKind.CREATE)));
            case REMOVE -> {
                Live l = live.remove(random.nextInt(live.size()));
                yield new Step(List.of(new Step.Request(OpKind.REMOVE, false, null, null, l.uuid())));
            }
            case EARLY_REMOVE -> {
                Step.Request c = create(OpKind.CREATE);
                yield new Step(List.of(c, new Step.Request(OpKind.EARLY_REMOVE, false, null, null, c.uuid())));
            }
            case DUPLICATE_CREATE -> {
                Live l = live.get(random.nextInt(live.size()));
                Target t = targets.get(random.nextInt(targets.size()));
                if (t.parent().equals(l.parent()) && parents.size() > 1) {
                    String other = parents.get((parents.indexOf(l.parent()) + 1 + random.nextInt(parents.size() - 1)) % parents.size());
                    t = targets.stream().filter(x -> x.parent().equals(other)).findFirst().orElseThrow();
                }
                yield new Step(List.of(new Step.Request(OpKind.DUPLICATE_CREATE, true, t.parent(), t.type(), l.uuid())));
            }
            case INVALID -> {
                Target t = targets.get(random.nextInt(targets.size()));
                yield random.nextBoolean()
                        ? new Step(List.of(new Step.Request(OpKind.INVALID, true, t.parent(), t.type(), "not-a-uuid")))
                        : new Step(List.of(new Step.Request(OpKind.INVALID, true, UNKNOWN_PARENT, t.type(), fresh())));
            }
        };
    }

    /** A step on a UUID of the shared pool: outcomes are for the host to decide. */
    private Step nextFromPool() {
        OpKind kind = mix.draw(random);
        String uuid = new UUID(poolSeed, random.nextInt(pool)).toString();
        Target t = targets.get(random.nextInt(targets.size()));
        return switch (kind) {
            case CREATE, DUPLICATE_CREATE -> new Step(List.of(new Step.Request(kind, true, t.parent(), t.type(), uuid)));
            case REMOVE -> new Step(List.of(new Step.Request(OpKind.REMOVE, false, null, null, uuid)));
            case EARLY_REMOVE -> new Step(List.of(new Step.Request(OpKind.CREATE, true, t.parent(), t.type(), uuid),
                    new Step.Request(OpKind.EARLY_REMOVE, false, null, null, uuid)));
            case INVALID -> new Step(List.of(new Step.Request(OpKind.INVALID, true, t.parent(), t.type(), "not-a-uuid")));
        };
    }

    private Step.Request create(OpKind op) {
        Target t = targets.get(random.nextInt(targets.size()));
        String uuid = fresh();
        live.add(new Live(uuid, t.parent()));
        return new Step.Request(op, true, t.parent(), t.type(), uuid);
    }

    private String fresh() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
