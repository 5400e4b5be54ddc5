package io.jenkins.plugins.releasegate.pipeline;

import jenkins.model.CauseOfInterruption;

/**
 * Why a release gate ended a build without a release: a rejection (who and why), a timeout, or a
 * confirmation run that found worse evidence. Shown in the build log and in the stage view.
 */
public final class ReleaseGateInterruption extends CauseOfInterruption {
    private static final long serialVersionUID = 1L;

    private final String description;

    /**
     * Creates the cause.
     *
     * @param description the sentence, such as "Release gate 'orders' rejected by Alice (alice): batch still running"
     */
    public ReleaseGateInterruption(final String description) {
        this.description = description;
    }

    @Override
    public String getShortDescription() {
        return description;
    }
}
