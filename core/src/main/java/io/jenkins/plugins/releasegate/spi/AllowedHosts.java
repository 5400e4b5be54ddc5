package io.jenkins.plugins.releasegate.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts an administrator allows checks to reach from a place that restricts the network, such as a
 * Jenkins controller: exact host names, host names with a port, IP addresses (with or without a port) and
 * CIDR ranges of IPv4 and IPv6 addresses. Nothing is allowed unless listed.
 *
 * <p>A host name is allowed when an entry names it exactly (letter case and a final dot aside), or when
 * every address it resolves to lies in an allowed range; an IP address only when it lies in an allowed
 * range, never through a name. A name that does not resolve is refused: whether it is allowed cannot be
 * told. An entry with a port allows that port only; one without allows every port.</p>
 *
 * <p>Entries are separated by line breaks, blanks or commas; {@code #} starts a comment to the end of the
 * line.</p>
 */
public final class AllowedHosts {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final int ANY_PORT = -1;

    private final List<Entry> entries;
    private final Resolver resolver;

    private AllowedHosts(final List<Entry> entries, final Resolver resolver) {
        this.entries = List.copyOf(entries);
        this.resolver = resolver;
    }

    /**
     * Resolves a host name to its addresses; the system's resolver unless a test gives another.
     */
    @FunctionalInterface
    interface Resolver {
        /**
         * Resolves a name.
         *
         * @param name the host name
         * @return its addresses
         * @throws UnknownHostException if it does not resolve
         */
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    /**
     * The outcome of parsing an allow-list.
     *
     * @param hosts the entries that parsed; the entries with problems are left out, so nothing is allowed by
     *     mistake
     * @param problems what is wrong with the others, one sentence each, naming the line
     */
    public record Parsed(AllowedHosts hosts, List<String> problems) {
        /**
         * Creates the outcome.
         */
        public Parsed {
            Objects.requireNonNull(hosts);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Returns an allow-list that allows nothing.
     *
     * @return the list
     */
    public static AllowedHosts none() {
        return new AllowedHosts(List.of(), InetAddress::getAllByName);
    }

    /**
     * Parses an allow-list as an administrator wrote it.
     *
     * @param text the entries, separated by line breaks, blanks or commas; {@code #} starts a comment
     * @return the entries and the problems
     */
    public static Parsed parse(final String text) {
        return parse(text, InetAddress::getAllByName);
    }

    static Parsed parse(final String text, final Resolver resolver) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            for (String token : content.trim().split("[\\s,]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                try {
                    entries.add(Entry.parse(token));
                } catch (IllegalArgumentException exception) {
                    problems.add(
                            "Line " + (index + 1) + ": '" + PrintableText.of(token) + "' " + exception.getMessage());
                }
            }
        }
        return new Parsed(new AllowedHosts(entries, resolver), problems);
    }

    /**
     * Returns whether nothing is allowed.
     *
     * @return {@code true} without entries
     */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Returns the entries in a canonical form, one each, in the order written.
     *
     * @return such as {@code db.example.com:5432} or {@code 10.0.0.0/8}
     */
    public List<String> entries() {
        return entries.stream().map(Entry::toString).toList();
    }

    /**
     * Says why a host and port may not be reached.
     *
     * @param host a host name, an IPv4 address, or an IPv6 address with or without brackets
     * @param port the port
     * @return why not, as a clause such as {@code db.example.com:5432 is not among the allowed hosts}; empty
     *     if it may be reached
     */
    public Optional<String> whyNot(final String host, final int port) {
        String normalized = normalize(host);
        String shown = show(normalized, port);
        if (normalized.isEmpty()) {
            return Optional.of("a connection names no host");
        }
        Optional<InetAddress> literal = literal(normalized);
        if (literal.isPresent()) {
            return allowsAddress(literal.get(), port)
                    ? Optional.empty()
                    : Optional.of(shown + " is not among the allowed hosts");
        }
        if (entries.stream().anyMatch(entry -> entry.allowsName(normalized, port))) {
            return Optional.empty();
        }
        if (entries.stream().noneMatch(Entry::isRange)) {
            return Optional.of(shown + " is not among the allowed hosts");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(normalized);
        } catch (UnknownHostException | SecurityException exception) {
            return Optional.of(shown + " does not resolve here, so whether it is allowed cannot be told");
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.of(shown + " does not resolve here, so whether it is allowed cannot be told");
        }
        for (InetAddress address : addresses) {
            if (!allowsAddress(address, port)) {
                return Optional.of(
                        shown + " resolves to " + address.getHostAddress() + ", which is not among the allowed hosts");
            }
        }
        return Optional.empty();
    }

    /**
     * Returns a guard that refuses every host this list does not allow.
     *
     * @param whereToAllow the sentence that tells an administrator where to allow a host, appended to every
     *     refusal
     * @return the guard
     */
    public HostGuard guard(final String whereToAllow) {
        return new Guard(this, whereToAllow);
    }

    private boolean allowsAddress(final InetAddress address, final int port) {
        return entries.stream().anyMatch(entry -> entry.allowsAddress(address, port));
    }

    private static String normalize(final String host) {
        String trimmed = host.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (trimmed.endsWith(".") && !trimmed.endsWith("..")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    private static String show(final String host, final int port) {
        String printable = PrintableText.of(host);
        return (printable.contains(":") ? "[" + printable + "]" : printable) + ":" + port;
    }

    /** Parses an IP address written as such, without asking any resolver; empty for anything else. */
    private static Optional<InetAddress> literal(final String text) {
        if (IPV4.matcher(text).matches() || text.contains(":") && text.matches("[0-9a-f:.]+")) {
            try {
                return Optional.of(InetAddress.getByName(text.contains(":") ? "[" + text + "]" : text));
            } catch (UnknownHostException exception) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** One allowed name or range, with a port or for every port. */
    private static final class Entry {
        private final String name;
        private final byte[] network;
        private final int prefix;
        private final int port;

        Entry(final String name, final byte[] network, final int prefix, final int port) {
            this.name = name;
            this.network = network.clone();
            this.prefix = prefix;
            this.port = port;
        }

        boolean isRange() {
            return network.length > 0;
        }

        boolean allowsName(final String host, final int wanted) {
            return !isRange() && name.equals(host) && (port == ANY_PORT || port == wanted);
        }

        boolean allowsAddress(final InetAddress address, final int wanted) {
            if (!isRange() || port != ANY_PORT && port != wanted) {
                return false;
            }
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            return matches(bytes, network, prefix);
        }

        static Entry parse(final String token) {
            String text = token.toLowerCase(Locale.ROOT);
            if (text.contains("*")) {
                throw new IllegalArgumentException(
                        "holds a wildcard, which is not supported: list each host name, or the CIDR range of its addresses");
            }
            int slash = text.indexOf('/');
            if (slash >= 0) {
                return range(text.substring(0, slash), text.substring(slash + 1));
            }
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException(
                            "opens a bracket it does not close: write [2001:db8::1] or [2001:db8::1]:443");
                }
                String rest = text.substring(close + 1);
                if (!rest.isEmpty() && !rest.startsWith(":")) {
                    throw new IllegalArgumentException("has text after the bracket: write [2001:db8::1]:443");
                }
                return address(text.substring(1, close), rest.isEmpty() ? ANY_PORT : port(rest.substring(1)));
            }
            int colons = text.length() - text.replace(":", "").length();
            if (colons > 1) {
                return address(text, ANY_PORT);
            }
            String host = colons == 1 ? text.substring(0, text.indexOf(':')) : text;
            int port = colons == 1 ? port(text.substring(text.indexOf(':') + 1)) : ANY_PORT;
            if (IPV4.matcher(host).matches()) {
                return address(host, port);
            }
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            if (!HOST_NAME.matcher(name).matches() || name.matches("[0-9.]+")) {
                throw new IllegalArgumentException(
                        "is neither a host name nor an IP address: write a name such as db.example.com, an address "
                                + "such as 192.0.2.10 or 2001:db8::1, a range such as 10.0.0.0/8, each with ':port' if "
                                + "only one port is allowed");
            }
            return new Entry(name, new byte[0], 0, port);
        }

        private static Entry address(final String text, final int port) {
            Optional<InetAddress> address = literal(text);
            if (address.isEmpty()) {
                throw new IllegalArgumentException("is not an IP address: write 192.0.2.10 or 2001:db8::1");
            }
            byte[] bytes = address.get().getAddress();
            return new Entry(address.get().getHostAddress(), bytes, bytes.length * 8, port);
        }

        private static Entry range(final String addressText, final String prefixText) {
            Optional<InetAddress> address = literal(
                    addressText.startsWith("[") && addressText.endsWith("]")
                            ? addressText.substring(1, addressText.length() - 1)
                            : addressText);
            if (address.isEmpty()) {
                throw new IllegalArgumentException(
                        "is not a CIDR range: write an IP address, '/' and a prefix length, such as 10.0.0.0/8 or fd00::/8");
            }
            byte[] bytes = address.get().getAddress();
            int bits = bytes.length * 8;
            if (!PORT.matcher(prefixText).matches() || Integer.parseInt(prefixText) > bits) {
                throw new IllegalArgumentException("has a prefix length that is not 0 to " + bits + ": write such as "
                        + (bits == 32 ? "10.0.0.0/8" : "fd00::/8"));
            }
            int prefix = Integer.parseInt(prefixText);
            if (!matches(bytes, mask(bytes, prefix), bits)) {
                throw new IllegalArgumentException("has address bits beyond its prefix length: write "
                        + canonical(mask(bytes, prefix)) + "/" + prefix + " for the range it starts");
            }
            return new Entry(address.get().getHostAddress(), bytes, prefix, ANY_PORT);
        }

        private static int port(final String text) {
            if (!PORT.matcher(text).matches() || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65_535) {
                throw new IllegalArgumentException("has a port that is not a number from 1 to 65535");
            }
            return Integer.parseInt(text);
        }

        private static byte[] mask(final byte[] bytes, final int prefix) {
            byte[] masked = bytes.clone();
            for (int bit = prefix; bit < masked.length * 8; bit++) {
                masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            return masked;
        }

        private static boolean matches(final byte[] address, final byte[] network, final int prefix) {
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        private static String canonical(final byte[] bytes) {
            try {
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException exception) {
                throw new IllegalStateException(exception);
            }
        }

        @Override
        public String toString() {
            String host = isRange() && prefix < network.length * 8 ? name + "/" + prefix : name;
            if (port == ANY_PORT) {
                return host;
            }
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Refuses what the list does not allow, with the sentence that says where to allow it. */
    private static final class Guard implements HostGuard {
        private final AllowedHosts hosts;
        private final String whereToAllow;

        Guard(final AllowedHosts hosts, final String whereToAllow) {
            this.hosts = hosts;
            this.whereToAllow = Objects.requireNonNull(whereToAllow);
        }

        @Override
        public void checkHost(final String host, final int port) throws CheckException {
            Optional<String> whyNot = hosts.whyNot(host, port);
            if (whyNot.isPresent()) {
                throw refusal("Not connecting: " + whyNot.get());
            }
        }

        @Override
        public boolean isRestricted() {
            return true;
        }

        @Override
        public CheckException refusal(final String reason) {
            return new CheckException(reason + ". " + whereToAllow);
        }
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "no hosts" : String.join(", ", entries());
    }
}
