package io.jenkins.plugins.releasegate.integration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Computer;
import hudson.model.Executor;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.releasegate.spi.JobBuild;
import io.jenkins.plugins.releasegate.spi.JobHistories;
import io.jenkins.plugins.releasegate.spi.JobHistory;
import io.jenkins.plugins.releasegate.spi.JobHistoryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * Reads the build histories of the Jenkins jobs a gate's checks ask for, as a given authentication (the
 * build's) sees them. A job that authentication may not read is left out exactly like one that does not exist.
 * Only the builds needed are read: those running now (found on the executors), those that started within the
 * request's window and the last completed build, at most {@link JobHistoryRequest#MAX_BUILDS}, newest first;
 * and the last successful build through the job's permalink.
 */
public final class JenkinsJobHistories {
    private JenkinsJobHistories() {}

    /**
     * Reads the histories.
     *
     * @param requests one request per job
     * @param authentication the authentication whose view counts, such as the build's
     * @param now the time the windows end
     * @return the histories of the jobs that exist and may be read
     */
    public static JobHistories read(
            final List<JobHistoryRequest> requests, final Authentication authentication, final Instant now) {
        List<JobHistory> histories = new ArrayList<>();
        try (ACLContext ignored = ACL.as2(authentication)) {
            for (JobHistoryRequest request : requests) {
                Job<?, ?> job = find(request.fullName());
                if (job != null) {
                    histories.add(history(job, request.window(), now));
                }
            }
        }
        return JobHistories.of(histories);
    }

    @CheckForNull
    private static Job<?, ?> find(final String fullName) {
        try {
            Job<?, ?> job = Jenkins.get().getItemByFullName(fullName, Job.class);
            // not every item group filters what it holds by permission: ask the job itself too
            return job != null && job.hasPermission(Item.READ) ? job : null;
        } catch (AccessDeniedException exception) {
            return null; // Discover without Read: the job must look like one that does not exist
        }
    }

    private static JobHistory history(final Job<?, ?> job, final Duration window, final Instant now) {
        Instant cutoff = now.minus(window);
        Map<Integer, JobBuild> builds = new LinkedHashMap<>();
        boolean completedSeen = false;
        for (Run<?, ?> run : job.getBuilds()) {
            if (builds.size() >= JobHistoryRequest.MAX_BUILDS) {
                break;
            }
            boolean recent = !Instant.ofEpochMilli(run.getStartTimeInMillis()).isBefore(cutoff);
            if (run.isBuilding() || recent || !completedSeen) {
                builds.put(run.getNumber(), build(run));
            }
            if (!run.isBuilding()) {
                if (completedSeen && !recent) {
                    break;
                }
                completedSeen = true;
            }
        }
        // a build that hangs behind later completed ones is still found: it holds an executor
        for (Run<?, ?> running : runningBuilds(job)) {
            builds.putIfAbsent(running.getNumber(), build(running));
        }
        List<JobBuild> newestFirst = new ArrayList<>(builds.values());
        newestFirst.sort(Comparator.comparingInt(JobBuild::number).reversed());
        Run<?, ?> lastSuccessful = job.getLastStableBuild();
        return new JobHistory(
                job.getFullName(),
                url(job.getUrl()),
                newestFirst.subList(0, Math.min(newestFirst.size(), JobHistoryRequest.MAX_BUILDS)),
                lastSuccessful == null ? null : build(lastSuccessful));
    }

    private static List<Run<?, ?>> runningBuilds(final Job<?, ?> job) {
        List<Run<?, ?>> running = new ArrayList<>();
        for (Computer computer : Jenkins.get().getComputers()) {
            List<Executor> executors = new ArrayList<>(computer.getExecutors());
            executors.addAll(computer.getOneOffExecutors());
            for (Executor executor : executors) {
                Queue.Executable executable = executor.getCurrentExecutable();
                if (executable instanceof Run<?, ?> run && run.getParent() == job && run.isBuilding()) {
                    running.add(run);
                }
            }
        }
        return running;
    }

    private static JobBuild build(final Run<?, ?> run) {
        Result result = run.getResult();
        boolean building = run.isBuilding();
        return new JobBuild(
                run.getNumber(),
                building || result == null ? null : result.toString(),
                Instant.ofEpochMilli(run.getStartTimeInMillis()),
                building ? null : Duration.ofMillis(run.getDuration()),
                url(run.getUrl()));
    }

    private static String url(final String relative) {
        String root = Jenkins.get().getRootUrl();
        return root == null ? relative : root + relative;
    }
}
