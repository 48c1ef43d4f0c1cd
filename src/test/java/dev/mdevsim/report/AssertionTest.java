package dev.mdevsim.report;

import dev.mdevsim.core.Warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.load.OpKind;
import dev.mdevsim.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssertionTest {

    /** 100 creates (90 OK, 10 EEXIST) taking 1..100 ms; 50 removes (40 OK, 10 EAGAIN); 3 warnings; 10 s. */
    static RunResult run(boolean invariantsHeld) {
        Histogram creates = new Histogram(3);
        for (int i = 1; i <= 100; i++) {
            creates.recordValue(i * 1000L);
        }
        Histogram removes = new Histogram(3);
        removes.recordValue(500);
        Map<OpKind, RunResult.OpResult> ops = new LinkedHashMap<>();
        ops.put(OpKind.CREATE, new RunResult.OpResult(100, Map.of(Errno.OK, 90L, Errno.EEXIST, 10L), creates));
        ops.put(OpKind.REMOVE, new RunResult.OpResult(50, Map.of(Errno.OK, 40L, Errno.EAGAIN, 10L), removes));
        return new RunResult("t", Model.SEED, 1, "load", 10.0, ops, new Warnings(3, 0),
                new RunResult.Requests(150, 150, 0, 0, 0, 0, 4),
                List.of(), List.of(new RunResult.InvariantResult("G1-one-reply", invariantsHeld, "")),
                new DeviceCounts(0, 1, 0), List.of(), null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "invariants                 | true  | 0",
        "count(EEXIST) == 10        | true  | 10",
        "count(EAGAIN) > 10         | false | 10",
        "count(create, OK) >= 90    | true  | 90",
        "count(remove, EEXIST) == 0 | true  | 0",
        "count(ENODEV) != 0         | false | 0",
        "rate(EAGAIN) < 0.1         | true  | 0.06666666666666667",
        "rate(remove, EAGAIN) <= 0.2| true  | 0.2",
        "rate(create, EEXIST) > 0.2 | false | 0.1",
        "p50(create) < 51ms         | true  | 50015",
        "p99(create) < 50ms         | false | 99007",
        "p999(create) <= 100ms      | false | 100031",
        "max(remove) < 1ms          | true  | 500",
        "p90(create) > 500us        | true  | 90047",
        "warnings == 3              | true  | 3",
        "warnings < 1               | false | 3",
        "warnings(duplicate_link) == 3 | true | 3",
        "warnings(remove_failed) == 0  | true | 0",
        "throughput > 14.9          | true  | 15",
        "throughput >= 16           | false | 15",
    })
    void evaluate(String text, boolean held, double actual) {
        RunResult.AssertionResult r = Assertion.parse(text).evaluate(run(true));
        assertEquals(held, r.held(), text + " actual " + r.actual());
        assertEquals(actual, r.actual(), 1e-9);
        assertEquals(text, r.expr());
    }

    @Test
    void invariants_failsWhenOneFailed() {
        RunResult.AssertionResult r = Assertion.parse("invariants").evaluate(run(false));
        assertFalse(r.held());
        assertEquals("1 failed", r.shown());
    }

    @Test
    void operationNotRun_countsZero() {
        assertTrue(Assertion.parse("count(early-remove, EAGAIN) == 0").evaluate(run(true)).held());
        assertTrue(Assertion.parse("p99(invalid) < 1ms").evaluate(run(true)).held());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "count EAGAIN > 0           | expected invariants, count(...)",
        "count(EAGAIN) ~ 0          | expected invariants, count(...)",
        "count(EAGAIN) > lots       | 'lots' is not a number",
        "count() > 0                | unknown outcome ''",
        "count(a, b, c) > 0         | unknown outcome 'c'",
        "count(remove, EAGAIN, EIO) > 0 | count takes (ERRNO) or (OP, ERRNO)",
        "count > 0                  | count needs (ERRNO) or (OP, ERRNO)",
        "rate(ENOPE) < 1            | unknown outcome 'ENOPE'",
        "p99(destroy) < 1ms         | unknown operation 'destroy'",
        "p99 < 1ms                  | p99 needs an operation",
        "p98(create) < 1ms          | unknown function 'p98'",
        "p99(create) < 10           | '10' is not a duration",
        "warnings(x) > 0            | unknown warning 'x' (duplicate_link, remove_failed)",
        "median(create) < 1ms       | unknown function 'median'",
    })
    void parse_errorsSayWhatIsWrong(String text, String start) {
        String m = assertThrows(IllegalArgumentException.class, () -> Assertion.parse(text)).getMessage();
        assertTrue(m.startsWith(start.trim()), m);
    }
}
