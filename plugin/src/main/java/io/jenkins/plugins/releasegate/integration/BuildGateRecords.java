package io.jenkins.plugins.releasegate.integration;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.statistics.GateRecord;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gate records of builds, read from the {@code report.json} each gate leaves in
 * {@code <build>/release-gate/<gate-id>/} (no build log is read), and kept in memory per finished build, so that a
 * statistics page reads each report once.
 */
public final class BuildGateRecords {
    /**
     * How long before a period's start a build may have started and still hold a gate of the period: builds are
     * read newest first, and reading stops at the first one that started longer ago.
     */
    public static final Duration SLACK = Duration.ofDays(31);

    /** The largest report read. */
    static final long MAX_REPORT_BYTES = 16L * 1024 * 1024;

    /** How many finished builds' records are kept. */
    static final int CACHE_SIZE = 50_000;

    private static final Logger LOGGER = Logger.getLogger(BuildGateRecords.class.getName());
    private static final BuildGateRecords INSTANCE = new BuildGateRecords();

    private final Map<String, List<GateRecord>> cache =
            Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(final Map.Entry<String, List<GateRecord>> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    private BuildGateRecords() {}

    /**
     * Returns the records shared by every page of this Jenkins.
     *
     * @return the records
     */
    public static BuildGateRecords get() {
        return INSTANCE;
    }

    /**
     * Returns the gate records of the builds of jobs the current user may read that may hold gates of a period.
     *
     * @param jobs the jobs
     * @param since the period's start
     * @return the records, whatever their time; the statistics keep those of the period
     */
    public List<GateRecord> of(final Iterable<? extends Job<?, ?>> jobs, final Instant since) {
        long oldest = since.minus(SLACK).toEpochMilli();
        List<GateRecord> records = new ArrayList<>();
        for (Job<?, ?> job : jobs) {
            if (!job.hasPermission(Item.READ)) {
                continue;
            }
            for (Run<?, ?> run : job.getBuilds()) {
                if (run.getStartTimeInMillis() < oldest) {
                    break;
                }
                records.addAll(of(run));
            }
        }
        return records;
    }

    /**
     * Returns the gate records of one build: read from its files, or from memory once the build has finished.
     *
     * @param run the build
     * @return the records, in gate-id order; empty when the build ran no gate
     */
    public List<GateRecord> of(final Run<?, ?> run) {
        String key = run.getRootDir().getAbsolutePath();
        List<GateRecord> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        List<GateRecord> records = read(run);
        if (!run.isBuilding()) {
            cache.put(key, records);
        }
        return records;
    }

    /**
     * Says whether a build ran a gate, from its files alone.
     *
     * @param run the build
     * @return {@code true} if it has a gate directory
     */
    public static boolean hasGates(final Run<?, ?> run) {
        return new File(run.getRootDir(), "release-gate").isDirectory();
    }

    private static List<GateRecord> read(final Run<?, ?> run) {
        File[] gates = new File(run.getRootDir(), "release-gate").listFiles(File::isDirectory);
        if (gates == null || gates.length == 0) {
            return List.of();
        }
        Arrays.sort(gates);
        List<GateRecord> records = new ArrayList<>(gates.length);
        for (File gate : gates) {
            Path report = gate.toPath().resolve("report.json");
            if (!Files.isRegularFile(report, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                if (Files.size(report) > MAX_REPORT_BYTES) {
                    LOGGER.warning(() -> "Release gate statistics skip " + report + ": larger than 16 MiB");
                    continue;
                }
                try (Reader reader = Files.newBufferedReader(report, StandardCharsets.UTF_8)) {
                    records.add(
                            GateRecord.read(run.getParent().getFullName(), Integer.toString(run.getNumber()), reader));
                }
            } catch (IOException | IllegalArgumentException exception) {
                LOGGER.log(
                        Level.WARNING,
                        "Release gate statistics skip " + report + ": " + exception.getMessage(),
                        exception);
            }
        }
        return List.copyOf(records);
    }
}
