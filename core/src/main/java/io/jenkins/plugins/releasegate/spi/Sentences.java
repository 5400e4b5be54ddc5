package io.jenkins.plugins.releasegate.spi;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Reads sentences from a package's message bundle ({@code Messages.properties}, with translations such as
 * {@code Messages_ja.properties}): the language asked for, else English, never the machine's default
 * language behind the reader's back.
 */
public final class Sentences {
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Sentences() {}

    /**
     * Returns a sentence with its values filled in.
     *
     * @param anchor a class of the bundle's package, whose class loader reads the bundle
     * @param locale the language
     * @param key the sentence's key
     * @param values the values it names
     * @return the sentence
     */
    public static String format(final Class<?> anchor, final Locale locale, final String key, final Object... values) {
        ResourceBundle bundle = ResourceBundle.getBundle(
                anchor.getPackageName() + ".Messages", locale, anchor.getClassLoader(), NO_FALLBACK);
        return new MessageFormat(bundle.getString(key), locale).format(values);
    }
}
