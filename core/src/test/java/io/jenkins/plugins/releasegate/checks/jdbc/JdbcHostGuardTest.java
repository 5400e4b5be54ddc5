package io.jenkins.plugins.releasegate.checks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jenkins.plugins.releasegate.definition.CheckTypes;
import io.jenkins.plugins.releasegate.definition.GateDefinitionLoader;
import io.jenkins.plugins.releasegate.runner.GateListener;
import io.jenkins.plugins.releasegate.runner.GateResult;
import io.jenkins.plugins.releasegate.runner.GateRunner;
import io.jenkins.plugins.releasegate.spi.AllowedHosts;
import io.jenkins.plugins.releasegate.spi.CheckResult;
import io.jenkins.plugins.releasegate.spi.Credentials;
import io.jenkins.plugins.releasegate.spi.GateEnvironment;
import io.jenkins.plugins.releasegate.spi.HostGuard;
import io.jenkins.plugins.releasegate.spi.Secret;
import io.jenkins.plugins.releasegate.spi.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the network is restricted, a database check connects only to allowed hosts, refuses what it cannot tell
 * with certainty and refuses driver options that would act inside the gate's own server.
 */
class JdbcHostGuardTest {
    private static final String WHERE = "An administrator allows hosts in the settings.";

    @Test
    void shouldReadTheHostsAndPortsOfPlainHostLists() {
        // Given URLs with one host, several, IPv6 and default ports
        // When their endpoints are read, then each host and port is named
        assertThat(endpoints("jdbc:postgresql://db.example.com/orders"))
                .hasValue(List.of(new JdbcUrl.Endpoint("db.example.com", 5432)));
        assertThat(endpoints("jdbc:postgresql://db1:5433,[2001:db8::1]:5434,db3/orders?sslmode=require"))
                .hasValue(List.of(
                        new JdbcUrl.Endpoint("db1", 5433),
                        new JdbcUrl.Endpoint("2001:db8::1", 5434),
                        new JdbcUrl.Endpoint("db3", 5432)));
        assertThat(endpoints("jdbc:mariadb://10.0.0.5/batch"))
                .hasValue(List.of(new JdbcUrl.Endpoint("10.0.0.5", 3306)));
        assertThat(endpoints("jdbc:mysql://[::1]:3307")).hasValue(List.of(new JdbcUrl.Endpoint("::1", 3307)));
    }

    @Test
    void shouldNotTellTheHostsOfAnythingButAPlainHostList() {
        // Given URLs whose hosts a driver reads in ways of its own, or that name no host
        // When their endpoints are read, then they cannot be told
        assertThat(endpoints("jdbc:postgresql:///orders")).isEmpty();
        assertThat(endpoints("jdbc:postgresql://:5432/orders")).isEmpty();
        assertThat(endpoints("jdbc:mysql://address=(host=db)(port=3306)/batch")).isEmpty();
        assertThat(endpoints("jdbc:mysql://(host=db,port=3306)/batch")).isEmpty();
        assertThat(endpoints("jdbc:mariadb://db:99999/batch")).isEmpty();
        assertThat(endpoints("jdbc:postgresql://db:5432:1/orders")).isEmpty();
    }

    @Test
    void shouldCallEveryDriverOptionUnsafeButThoseThatChooseTlsOrASchema() {
        // Given URLs with harmless and harmful options
        // When their options are judged, then only TLS and schema options pass
        assertThat(url("jdbc:postgresql://db/orders?sslmode=verify-full&currentSchema=app")
                        .unsafeDriverOptions())
                .hasValue(List.of());
        assertThat(url("jdbc:postgresql://db/orders?socketFactory=x.Evil&sslmode=require&loggerFile=/tmp/log")
                        .unsafeDriverOptions())
                .hasValue(List.of("socketFactory", "loggerFile"));
        assertThat(url("jdbc:mysql://db/batch?autoDeserialize=true&allowLoadLocalInfile=true")
                        .unsafeDriverOptions())
                .hasValue(List.of("autoDeserialize", "allowLoadLocalInfile"));
        assertThat(url("jdbc:mariadb://db/batch;x=y").unsafeDriverOptions()).isEmpty();
    }

    @Test
    void shouldBeErrorWithoutConnectingToADatabaseThatIsNotAllowed() {
        // Given only another host is allowed
        HostGuard guard = AllowedHosts.parse("db.example.com:5432").hosts().guard(WHERE);

        // When a database on this machine is checked
        CheckResult result = dbLoad("jdbc:postgresql://127.0.0.1:5432/orders", guard);

        // Then nothing was measured: ERROR with the sentence that says where to allow it
        assertThat(result.getStatus()).isEqualTo(Status.ERROR);
        assertThat(result.getSummary())
                .isEqualTo("Not connecting: 127.0.0.1:5432 is not among the allowed hosts. " + WHERE);
    }

    @Test
    void shouldRefuseHostsItCannotTellAndDriverOptionsWhereTheNetworkIsRestricted() {
        // Given this machine is allowed
        HostGuard guard = AllowedHosts.parse("127.0.0.0/8").hosts().guard(WHERE);

        // When URLs whose host cannot be told, or with driver options, are checked
        CheckResult noHost = dbLoad("jdbc:postgresql:///orders", guard);
        CheckResult options = dbLoad("jdbc:postgresql://127.0.0.1/orders?socketFactory=x.Evil", guard);

        // Then both are refused before connecting, and say what to write instead
        assertThat(noHost.getSummary())
                .isEqualTo("Not connecting to jdbc:postgresql:///orders: which hosts it names cannot be told with"
                        + " certainty; write a plain host list such as jdbc:postgresql://db.example.com:5432/DATABASE. "
                        + WHERE);
        assertThat(options.getSummary())
                .isEqualTo("Not connecting to jdbc:postgresql://127.0.0.1/orders: the URL sets driver options"
                        + " socketFactory, which would act inside this server; here only ssl, sslmode, useSSL,"
                        + " requireSSL and currentSchema are accepted: remove the others. " + WHERE);
        assertThat(List.of(noHost.getStatus(), options.getStatus())).containsOnly(Status.ERROR);
    }

    @Test
    void shouldConnectToAnAllowedDatabase() throws IOException {
        // Given a port on this machine that nobody listens on, and this machine allowed
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HostGuard guard = AllowedHosts.parse("127.0.0.1").hosts().guard(WHERE);

        // When the database there is checked
        CheckResult result = dbLoad("jdbc:postgresql://127.0.0.1:" + port + "/orders", guard);

        // Then the check tried to connect: unreachable is a FAIL, not the guard's ERROR
        assertThat(result.getStatus()).isEqualTo(Status.FAIL);
        assertThat(result.getSummary()).doesNotContain(WHERE);
    }

    private static Optional<List<JdbcUrl.Endpoint>> endpoints(final String text) {
        return url(text).endpoints();
    }

    private static JdbcUrl url(final String text) {
        return JdbcUrl.parse(text, EnumSet.allOf(JdbcUrl.Scheme.class)).url().orElseThrow();
    }

    private static CheckResult dbLoad(final String url, final HostGuard guard) {
        String yaml = "version: 1\nname: orders release\nchecks:\n  - id: db\n    type: dbLoad\n    url: " + url
                + "\n    credentials: monitor\n    sampleInterval: 0\n    timeout: 10s\n";
        GateEnvironment environment = GateEnvironment.builder()
                .credentials(id -> Credentials.usernamePassword(id, "monitor", Secret.of("monitor-password")))
                .hostGuard(guard)
                .build();
        GateResult result = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> new GateRunner()
                        .run(
                                new GateDefinitionLoader(CheckTypes.discover()).load(yaml, "gate.yaml"),
                                environment,
                                GateListener.none()));
        return result.getChecks().get(0).result();
    }
}
