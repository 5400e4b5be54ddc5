package io.jenkins.plugins.releasegate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
    private static final String WHERE = "Allow it in the settings.";

    @Test
    void shouldReadNamesPortsAddressesAndRangesWithCommentsAndSeparators() {
        // Given an allow-list with every kind of entry, comments, commas and blank lines
        String text = """
                # the databases
                DB.example.com:5432, metrics.example.com.
                192.0.2.10   192.0.2.11:8080
                10.0.0.0/8 # the private network

                2001:DB8::1
                [2001:db8::2]:443
                fd00::/8
                """;

        // When it is parsed
        AllowedHosts.Parsed parsed = AllowedHosts.parse(text);

        // Then every entry is kept in canonical form, nothing is wrong
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.hosts().entries())
                .containsExactly(
                        "db.example.com:5432",
                        "metrics.example.com",
                        "192.0.2.10",
                        "192.0.2.11:8080",
                        "10.0.0.0/8",
                        "2001:db8:0:0:0:0:0:1",
                        "[2001:db8:0:0:0:0:0:2]:443",
                        "fd00:0:0:0:0:0:0:0/8");
    }

    @Test
    void shouldNameTheLineAndWhatToWriteForEveryEntryItCannotRead() {
        // Given entries that are wrong in every way an administrator might get them wrong
        String text = """
                *.example.com
                10.0.0.1/8
                10.0.0.0/33
                db.example.com:99999
                db.example.com:port
                not a/host
                [2001:db8::1
                300.1.2.3
                ok.example.com
                """;

        // When it is parsed
        AllowedHosts.Parsed parsed = AllowedHosts.parse(text);

        // Then each problem names its line and says what to write; only the good entry is kept
        assertThat(parsed.problems())
                .containsExactly(
                        "Line 1: '*.example.com' holds a wildcard, which is not supported: list each host name, or the CIDR range of its addresses",
                        "Line 2: '10.0.0.1/8' has address bits beyond its prefix length: write 10.0.0.0/8 for the range it starts",
                        "Line 3: '10.0.0.0/33' has a prefix length that is not 0 to 32: write such as 10.0.0.0/8",
                        "Line 4: 'db.example.com:99999' has a port that is not a number from 1 to 65535",
                        "Line 5: 'db.example.com:port' has a port that is not a number from 1 to 65535",
                        "Line 6: 'a/host' is not a CIDR range: write an IP address, '/' and a prefix length, such as 10.0.0.0/8 or fd00::/8",
                        "Line 7: '[2001:db8::1' opens a bracket it does not close: write [2001:db8::1] or [2001:db8::1]:443",
                        "Line 8: '300.1.2.3' is neither a host name nor an IP address: write a name such as db.example.com, an address such as 192.0.2.10 or 2001:db8::1, a range such as 10.0.0.0/8, each with ':port' if only one port is allowed");
        assertThat(parsed.hosts().entries()).containsExactly("not", "ok.example.com");
    }

    @Test
    void shouldAllowNothingWhenEmpty() {
        // Given no entries
        AllowedHosts none = AllowedHosts.parse("  \n# nothing yet\n").hosts();

        // When any host is asked for, then it is refused
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.whyNot("127.0.0.1", 80)).hasValue("127.0.0.1:80 is not among the allowed hosts");
        assertThat(none.whyNot("db.example.com", 5432)).hasValue("db.example.com:5432 is not among the allowed hosts");
        assertThat(AllowedHosts.none().whyNot("::1", 443)).hasValue("[::1]:443 is not among the allowed hosts");
    }

    @Test
    void shouldMatchNamesExactlyIgnoringCaseAndAFinalDotAndTheirPortWhenGiven() {
        // Given a name for every port and a name for one port
        AllowedHosts hosts =
                AllowedHosts.parse("metrics.example.com\ndb.example.com:5432").hosts();

        // When hosts are asked for, then only the exact names (and the given port) are allowed
        assertThat(hosts.whyNot("METRICS.example.com.", 9090)).isEmpty();
        assertThat(hosts.whyNot("db.example.com", 5432)).isEmpty();
        assertThat(hosts.whyNot("db.example.com", 5433)).hasValue("db.example.com:5433 is not among the allowed hosts");
        assertThat(hosts.whyNot("evil.metrics.example.com", 9090)).isPresent();
        assertThat(hosts.whyNot("metrics.example.com.evil.net", 9090)).isPresent();
        assertThat(hosts.whyNot("", 80)).hasValue("a connection names no host");
    }

    @Test
    void shouldMatchIpv4AndIpv6AddressesAgainstRangesButNeverThroughAName() {
        // Given IPv4 and IPv6 ranges, an address for one port, and a name
        AllowedHosts hosts = AllowedHosts.parse("10.0.0.0/8\n192.0.2.10:8080\nfd00::/8\n[2001:db8::1]:443\nlocalhost")
                .hosts();

        // When addresses are asked for
        // Then those inside a range, or the address with its port, are allowed
        assertThat(hosts.whyNot("10.200.3.4", 5432)).isEmpty();
        assertThat(hosts.whyNot("192.0.2.10", 8080)).isEmpty();
        assertThat(hosts.whyNot("fd12:3456::7", 5432)).isEmpty();
        assertThat(hosts.whyNot("[2001:db8::1]", 443)).isEmpty();
        assertThat(hosts.whyNot("2001:db8:0:0:0:0:0:1", 443)).isEmpty();
        assertThat(hosts.whyNot("::ffff:10.1.2.3", 80))
                .as("an IPv4-mapped address is its IPv4 address")
                .isEmpty();
        // and the others are not, whatever name they may have
        assertThat(hosts.whyNot("11.0.0.1", 5432)).hasValue("11.0.0.1:5432 is not among the allowed hosts");
        assertThat(hosts.whyNot("192.0.2.10", 8081)).isPresent();
        assertThat(hosts.whyNot("[2001:db8::1]", 80)).hasValue("[2001:db8::1]:80 is not among the allowed hosts");
        assertThat(hosts.whyNot("fe80::1", 80)).isPresent();
        assertThat(hosts.whyNot("127.0.0.1", 80))
                .as("'localhost' allows the name, not its address")
                .isPresent();
    }

    @Test
    void shouldAllowANameOnlyWhenEveryAddressItResolvesToIsInAnAllowedRange() {
        // Given ranges, and a resolver that knows a name with two addresses inside them, one with an address
        // outside, and none for an unknown name
        Map<String, String[]> names = Map.of(
                "db.example.com", new String[] {"10.1.2.3", "fd00::3"},
                "rebound.example.com", new String[] {"10.1.2.4", "169.254.169.254"});
        AllowedHosts hosts = AllowedHosts.parse("10.0.0.0/8\nfd00::/8", name -> resolve(names, name))
                .hosts();

        // When the names are asked for
        // Then only the name whose every address is allowed is allowed; the others say why not
        assertThat(hosts.whyNot("db.example.com", 5432)).isEmpty();
        assertThat(hosts.whyNot("rebound.example.com", 5432))
                .hasValue("rebound.example.com:5432 resolves to 169.254.169.254, which is not among the allowed hosts");
        assertThat(hosts.whyNot("unknown.example.com", 5432))
                .hasValue("unknown.example.com:5432 does not resolve here, so whether it is allowed cannot be told");
    }

    @Test
    void shouldResolveNamesWithTheSystemResolver() throws UnknownHostException {
        // Given the ranges of every address 'localhost' has on this machine
        StringBuilder ranges = new StringBuilder();
        for (InetAddress address : InetAddress.getAllByName("localhost")) {
            ranges.append(address.getHostAddress()).append('\n');
        }
        AllowedHosts loopback = AllowedHosts.parse(ranges.toString()).hosts();
        AllowedHosts elsewhere = AllowedHosts.parse("192.0.2.0/24").hosts();

        // When 'localhost' is asked for, then it is allowed through its addresses, and refused elsewhere
        assertThat(loopback.whyNot("localhost", 8080)).isEmpty();
        assertThat(elsewhere.whyNot("localhost", 8080))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("localhost:8080 resolves to ")
                        .endsWith(", which is not among the allowed hosts"));
    }

    @Test
    void shouldRefuseWithTheSentenceThatSaysWhereToAllow() throws CheckException {
        // Given a guard of an allow-list
        HostGuard guard = AllowedHosts.parse("db.example.com:5432").hosts().guard(WHERE);

        // When an allowed host and another are checked
        guard.checkHost("db.example.com", 5432);

        // Then the other is an ERROR that says which host and where to allow it
        assertThat(guard.isRestricted()).isTrue();
        assertThatThrownBy(() -> guard.checkHost("metadata.internal", 80))
                .isInstanceOfSatisfying(
                        CheckException.class,
                        exception -> assertThat(exception.getStatus()).isEqualTo(Status.ERROR))
                .hasMessage("Not connecting: metadata.internal:80 is not among the allowed hosts. " + WHERE);
        assertThat(guard.refusal("Not connecting to x")).hasMessage("Not connecting to x. " + WHERE);
        assertThat(HostGuard.unrestricted().isRestricted()).isFalse();
    }

    private static InetAddress[] resolve(final Map<String, String[]> names, final String name)
            throws UnknownHostException {
        String[] addresses = names.get(name);
        if (addresses == null) {
            throw new UnknownHostException(name);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int index = 0; index < addresses.length; index++) {
            resolved[index] = InetAddress.getByName(addresses[index]);
        }
        return Arrays.copyOf(resolved, resolved.length);
    }
}
