package dev.mdevsim.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import dev.mdevsim.load.OpKind;
import dev.mdevsim.load.Step;
import dev.mdevsim.model.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history writer: nothing lost however fast events come, calls before their returns, a full disk said so. */
class HistoryWriterTest {

    @TempDir
    Path dir;

    static Step.Request create(UUID u) {
        return new Step.Request(OpKind.CREATE, true, "P1", "t", u.toString());
    }

    /** Four producers, far more events than the ring holds: every one written, each call before its return. */
    @Test
    void manyProducersBeyondTheRing_nothingLost_callBeforeReturn() throws Exception {
        Path file = dir.resolve("h.jsonl");
        int perThread = HistoryWriter.CAPACITY; // 4 x 2 x CAPACITY events: the ring fills many times
        HistoryWriter w = new HistoryWriter(file, 0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int client = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    long id = (long) client * perThread + i;
                    w.admit(2).toCompletableFuture().join();
                    w.call(id, client, create(new UUID(client, i)), id);
                    w.returned(id, client, Errno.OK, id + 1);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(TimeUnit.MINUTES.toMillis(2));
        }
        w.close();
        assertEquals(8L * perThread, w.written());
        assertEquals(0, w.lost());
        assertTrue(w.waits() > 0, "the producers had to wait for the writer, not drop");
        History h = HistoryReader.read(file); // refuses a return before its call
        assertEquals(8L * perThread, h.events());
        assertEquals(Checker.Verdict.LINEARIZABLE, Checker.check(h, Model.SEED, Checker.BUDGET).verdict());
    }

    @Test
    void admit_waitsWhenTheRingIsFull_andGoesOnWhenItDrains() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HistoryWriter w = new HistoryWriter(bytes, 0, false);
        assertTrue(w.tryAdmit(HistoryWriter.CAPACITY));
        assertFalse(w.tryAdmit(2), "no room: the load generator must wait");
        CompletionStage<Void> later = w.admit(2);
        assertFalse(later.toCompletableFuture().isDone());
        for (int i = 0; i < HistoryWriter.CAPACITY / 2; i++) {
            w.call(i, 0, create(UUID.randomUUID()), i);
            w.returned(i, 0, Errno.OK, i);
        }
        later.toCompletableFuture().get(10, TimeUnit.SECONDS); // the writer caught up
        w.close();
        assertEquals(HistoryWriter.CAPACITY, w.written());
    }

    /** A full disk: the writer goes on consuming, counts what it lost and names the UUIDs in a marker. */
    @Test
    void aFailingFile_eventsCountedLost_markerNamesTheirUuids_checkerUndecidedThere() throws Exception {
        UUID written = new UUID(1, 1);
        UUID lost = new UUID(2, 2);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        boolean[] full = {false};
        OutputStream disk = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (full[0]) {
                    throw new IOException("No space left on device");
                }
                kept.write(b, off, len);
            }
        };
        HistoryWriter w = new HistoryWriter(disk, 0, false);
        w.admit(4).toCompletableFuture().join();
        w.call(1, 0, create(written), 10);
        w.returned(1, 0, Errno.OK, 20);
        Thread.sleep(50); // the writer writes what it has (at most every 5 ms)
        full[0] = true;
        w.call(2, 0, create(lost), 30);
        w.returned(2, 0, Errno.OK, 40);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (w.failure() == null && System.nanoTime() < deadline) {
            Thread.sleep(5); // until the writer has tried, and failed
        }
        full[0] = false; // room again for the marker, as after a cleanup
        assertThrows(IOException.class, w::close, "the failure is reported");
        assertEquals(2, w.lost());
        assertTrue(w.marker().contains(lost.toString()), w.marker());
        assertFalse(w.marker().contains(written.toString()), w.marker());

        assertTrue(kept.toString().endsWith(w.marker()), "the marker is the file's last line: " + kept);
        Path file = dir.resolve("lost.jsonl");
        Files.writeString(file, kept.toString());
        History h = HistoryReader.read(file);
        assertEquals(2, h.lost());
        assertTrue(h.lostEventsOf(lost));
        assertFalse(h.lostEventsOf(written));
        Checker.Result r = Checker.check(h, Model.SEED, Checker.BUDGET);
        assertEquals(Checker.Verdict.LINEARIZABLE, r.verdict(), "only the written UUID's partition is in the file");
        // a lost UUID's partition, where the file has some of its events, is undecided
        String before = kept.toString().substring(0, kept.size() - w.marker().length());
        Files.writeString(file, before + "{\"op\":3,\"client\":0,\"ev\":\"call\",\"f\":\"create\",\"uuid\":\"" + lost
                + "\",\"parent\":\"P1\",\"type\":\"t\",\"t_ns\":50}\n{\"op\":3,\"client\":0,\"ev\":\"return\",\"result\":\"EEXIST\",\"t_ns\":60}\n"
                + w.marker());
        Checker.Result undecided = Checker.check(HistoryReader.read(file), Model.SEED, Checker.BUDGET);
        assertEquals(Checker.Verdict.UNKNOWN, undecided.verdict());
        assertEquals(lost, undecided.unknown().get(0).uuid());
        assertTrue(undecided.unknown().get(0).why().contains("lost"), undecided.unknown().get(0).why());
    }
}
