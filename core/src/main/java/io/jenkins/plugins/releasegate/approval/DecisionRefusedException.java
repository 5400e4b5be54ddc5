package io.jenkins.plugins.releasegate.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Locale;

/**
 * A decision was not taken; the message is a sentence for the person who tried, saying why and, where
 * possible, what to do. A refusal by the approval ledger can be said in another language
 * ({@link #getLocalizedMessage(Locale)}); the message itself is English.
 */
public class DecisionRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    @CheckForNull
    private final Refusal refusal;

    /**
     * Creates the exception with a sentence in one language.
     *
     * @param sentence why the decision was refused
     */
    public DecisionRefusedException(final String sentence) {
        super(sentence);
        this.refusal = null;
    }

    /**
     * Creates the exception for a refusal of the approval ledger.
     *
     * @param refusal why the decision was refused
     */
    public DecisionRefusedException(final Refusal refusal) {
        super(refusal.message());
        this.refusal = refusal;
    }

    /**
     * Returns the sentence in a language: the ledger's refusals are translated where the message bundle has the
     * language, in English otherwise; a sentence given in one language is returned as given.
     *
     * @param locale the language
     * @return the sentence
     */
    public String getLocalizedMessage(final Locale locale) {
        return refusal == null ? getMessage() : refusal.message(locale);
    }
}
