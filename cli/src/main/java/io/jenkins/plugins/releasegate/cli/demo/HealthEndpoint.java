package io.jenkins.plugins.releasegate.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The orders API's health endpoint, in the shape of Spring Boot's {@code /actuator/health}, on 127.0.0.1 and
 * a free port. Like Spring Boot's database health indicator it asks its database connection whether it is
 * valid on every request, so it reports UP as long as the database answers — also while requests queue
 * behind a lock, which is why a gate needs more than a health check.
 */
final class HealthEndpoint implements AutoCloseable {
    /** The path of the endpoint. */
    static final String PATH = "/actuator/health";

    private final HttpServer server;
    private final Connection connection;

    private HealthEndpoint(final HttpServer server, final Connection connection) {
        this.server = server;
        this.connection = connection;
    }

    /**
     * Starts the endpoint.
     *
     * @param database the server
     * @param accounts the passwords
     * @return the running endpoint
     * @throws IOException if the server cannot start
     * @throws SQLException if the database connection cannot be opened
     */
    static HealthEndpoint start(final DemoDatabase database, final Accounts accounts) throws IOException, SQLException {
        Connection connection = database.connect(
                OrdersDatabase.NAME, Accounts.ORDERS_APPLICATION, accounts.ordersApplication(), "orders-api-health");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException exception) {
            connection.close();
            throw exception;
        }
        HealthEndpoint endpoint = new HealthEndpoint(server, connection);
        server.createContext(PATH, endpoint::handle);
        server.start();
        return endpoint;
    }

    /**
     * Returns the endpoint's URL.
     *
     * @return the URL, such as {@code http://127.0.0.1:41234/actuator/health}
     */
    String url() {
        return "http://127.0.0.1:" + port() + PATH;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        String problem = databaseProblem();
        String database = problem == null
                ? "{\"status\":\"UP\",\"details\":{\"database\":\"PostgreSQL\",\"validationQuery\":\"isValid()\"}}"
                : "{\"status\":\"DOWN\",\"details\":{\"error\":\""
                        + problem.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
        String status = problem == null ? "UP" : "DOWN";
        byte[] body = ("{\"status\":\"" + status + "\",\"components\":{\"db\":" + database
                        + ",\"ping\":{\"status\":\"UP\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.spring-boot.actuator.v3+json");
        exchange.sendResponseHeaders(problem == null ? 200 : 503, body.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(body);
        }
    }

    @CheckForNull
    private synchronized String databaseProblem() {
        try {
            return connection.isValid(2) ? null : "the connection is not valid";
        } catch (SQLException exception) {
            return exception.getClass().getSimpleName();
        }
    }

    /**
     * Stops the server and closes the database connection.
     */
    @Override
    public void close() {
        server.stop(0);
        try {
            connection.close();
        } catch (SQLException exception) {
            // The database is gone.
        }
    }
}
