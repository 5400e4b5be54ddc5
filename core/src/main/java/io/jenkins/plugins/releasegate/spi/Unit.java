package io.jenkins.plugins.releasegate.spi;

/**
 * The kind of a measured quantity. Values are held in the unit's base: percent (0 to 100), seconds,
 * bytes, or a plain number.
 */
public enum Unit {
    /** A share, 0 to 100, written {@code 80%}. */
    PERCENT("%"),
    /** A duration in seconds, written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 4h}, {@code 2d}. */
    SECONDS("s"),
    /** A size in bytes, written {@code 512B}, {@code 64KiB}, {@code 16MiB}, {@code 2GiB}. */
    BYTES("B"),
    /** A count or another plain number, written {@code 5} or {@code 2.5}. */
    NUMBER("");

    private final String symbol;

    Unit(final String symbol) {
        this.symbol = symbol;
    }

    /**
     * Returns the symbol used in reports, empty for plain numbers.
     *
     * @return the symbol
     */
    public String symbol() {
        return symbol;
    }

    /**
     * Returns an example of how a value of this unit is written, for error messages.
     *
     * @return an example
     */
    public String example() {
        return switch (this) {
            case PERCENT -> "80%";
            case SECONDS -> "30s, 5m or 4h";
            case BYTES -> "16MiB";
            case NUMBER -> "5";
        };
    }
}
