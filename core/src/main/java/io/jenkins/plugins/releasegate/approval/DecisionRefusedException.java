package io.jenkins.plugins.releasegate.approval;

/**
 * A decision was not taken; the message is a sentence for the person who tried, saying why and, where
 * possible, what to do.
 */
public class DecisionRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param sentence why the decision was refused
     */
    public DecisionRefusedException(final String sentence) {
        super(sentence);
    }
}
