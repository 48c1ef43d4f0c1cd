package dev.mdevsim.scenario;

import dev.mdevsim.config.ConfigReader;
import java.time.Duration;
import java.util.List;

/**
 * {@code mdevsim.report}: what a run shows while it goes and what it keeps for its reports.
 *
 * @param progressInterval    how often progress is shown on stderr; zero turns it off
 * @param timeseriesInterval  how often the run is sampled for its time series; zero turns it off
 * @param timeseriesMaxPoints at most this many points are kept (pairs merge beyond)
 */
public record ReportSettings(Duration progressInterval, Duration timeseriesInterval, int timeseriesMaxPoints) {

    static final List<String> KEYS = List.of("progress-interval", "timeseries-interval", "timeseries-max-points");

    /** The shortest sampling interval: finer would cost more than it shows. */
    static final Duration MIN_TIMESERIES_INTERVAL = Duration.ofMillis(10);

    static ReportSettings read(ConfigReader report) {
        Duration timeseries = report.duration("timeseries-interval");
        if (!timeseries.isZero() && timeseries.compareTo(MIN_TIMESERIES_INTERVAL) < 0) {
            throw report.error("timeseries-interval", "must be 0 (off) or at least 10ms, got " + report.string("timeseries-interval"));
        }
        return new ReportSettings(report.duration("progress-interval"), timeseries,
                (int) report.integer("timeseries-max-points", 2, 1_000_000));
    }
}
