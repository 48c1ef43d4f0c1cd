package dev.mdevsim.load;

import dev.mdevsim.core.HostObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches G2 during a run: counts the live devices of each UUID as the parents report them and
 * notes every moment one UUID had two. Holds an entry only while a UUID is live, so memory is
 * bounded by the live devices. Thread-safe.
 */
public final class LiveTracker implements HostObserver {

    private static final int EXAMPLES = 5;

    private final Map<UUID, Integer> live = new ConcurrentHashMap<>();
    private final AtomicLong violations = new AtomicLong();
    private final List<String> examples = new ArrayList<>();

    @Override
    public void live(UUID uuid, String parent, boolean up) {
        Integer n = live.compute(uuid, (k, v) -> {
            int next = (v == null ? 0 : v) + (up ? 1 : -1);
            return next == 0 ? null : next;
        });
        if (n != null && (n > 1 || n < 0)) {
            violations.incrementAndGet();
            synchronized (examples) {
                if (examples.size() < EXAMPLES) {
                    examples.add(uuid + " live " + n + " times (last on " + parent + ")");
                }
            }
        }
    }

    public long violations() {
        return violations.get();
    }

    public List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }
}
