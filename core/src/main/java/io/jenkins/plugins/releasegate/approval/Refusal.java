package io.jenkins.plugins.releasegate.approval;

import io.jenkins.plugins.releasegate.spi.Sentences;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a decision is refused: a sentence of a package's message bundle ({@code Messages.properties}, with
 * translations such as {@code Messages_ja.properties}), by default the approval package's, and the values it
 * names. The sentence is English unless another language is asked for; a language without a translation gets
 * English too, whatever the machine's default locale.
 */
public final class Refusal implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<?> anchor;
    private final String key;
    private final List<String> values;

    /**
     * Creates a refusal.
     *
     * @param key the sentence's key in the bundle
     * @param values the values the sentence names, in order, each as text
     */
    Refusal(final String key, final Object... values) {
        this(Refusal.class, key, values);
    }

    private Refusal(final Class<?> anchor, final String key, final Object... values) {
        this.anchor = Objects.requireNonNull(anchor);
        this.key = Objects.requireNonNull(key);
        this.values = Arrays.stream(values).map(String::valueOf).toList();
        message(Locale.ROOT);
    }

    /**
     * Creates a refusal with a sentence of another package's message bundle.
     *
     * @param anchor a class of the bundle's package
     * @param key the sentence's key in the bundle
     * @param values the values the sentence names, in order, each as text
     * @return the refusal
     */
    public static Refusal of(final Class<?> anchor, final String key, final Object... values) {
        return new Refusal(anchor, key, values);
    }

    /**
     * Returns the sentence's key in the bundle, such as {@code ApprovalLedger.notApprover}.
     *
     * @return the key
     */
    public String getKey() {
        return key;
    }

    /**
     * Returns the sentence in English.
     *
     * @return the sentence
     */
    public String message() {
        return message(Locale.ROOT);
    }

    /**
     * Returns the sentence in a language, or in English if the bundle has no translation for it.
     *
     * @param locale the language, such as {@link Locale#JAPANESE}
     * @return the sentence
     */
    public String message(final Locale locale) {
        return Sentences.format(anchor, locale, key, values.toArray());
    }

    @Override
    public String toString() {
        return message();
    }
}
