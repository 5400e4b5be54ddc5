package io.jenkins.plugins.releasegate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMTP server on 127.0.0.1, as small as the protocol allows: it greets, accepts every sender and recipient,
 * takes the message after {@code DATA} up to the line {@code .} (undoing the dot stuffing) and keeps it with its
 * envelope. No authentication, no TLS, one connection at a time. Registered as an extension, it serves during each
 * test.
 */
final class SmtpServer implements BeforeEachCallback, AfterEachCallback {
    /**
     * A message as received.
     *
     * @param sender the envelope sender ({@code MAIL FROM})
     * @param recipients the envelope recipients ({@code RCPT TO}), in order
     * @param data the message as sent after {@code DATA}, headers and body, lines ending with CRLF
     */
    record Received(String sender, List<String> recipients, byte[] data) {}

    private ServerSocket socket;
    private Thread serving;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeEach(final ExtensionContext context) throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        serving = new Thread(this::serve, "SMTP server on port " + socket.getLocalPort());
        serving.setDaemon(true);
        serving.start();
    }

    @Override
    public void afterEach(final ExtensionContext context) throws Exception {
        socket.close();
        serving.join();
    }

    /** Returns the port the server listens on, on 127.0.0.1. */
    int port() {
        return socket.getLocalPort();
    }

    /** Returns the messages received so far, in order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until at least this many messages arrived; the test's own time limit bounds the wait. */
    List<Received> awaitMessages(final int count) throws InterruptedException {
        while (received.size() < count) {
            Thread.sleep(50);
        }
        return received();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                converse(connection);
            } catch (IOException exception) {
                // closed at the end of the test, or a client that hung up: serve the next one
            }
        }
    }

    private void converse(final Socket connection) throws IOException {
        // ISO-8859-1 maps every byte to one character and back, so the message is kept byte for byte
        BufferedReader in =
                new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = connection.getOutputStream();
        reply(out, "220 127.0.0.1 ESMTP test server");
        String sender = "";
        List<String> recipients = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 127.0.0.1");
            } else if (command.startsWith("MAIL FROM:")) {
                sender = address(line);
                recipients = new ArrayList<>();
                reply(out, "250 OK");
            } else if (command.startsWith("RCPT TO:")) {
                recipients.add(address(line));
                reply(out, "250 OK");
            } else if (command.equals("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                received.add(new Received(sender, List.copyOf(recipients), data(in)));
                reply(out, "250 OK: queued");
            } else if (command.equals("RSET") || command.equals("NOOP")) {
                reply(out, "250 OK");
            } else if (command.equals("QUIT")) {
                reply(out, "221 Bye");
                return;
            } else {
                reply(out, "502 Command not implemented");
            }
        }
    }

    private static byte[] data(final BufferedReader in) throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The address between angle brackets of {@code MAIL FROM:<a@example.com>} or {@code RCPT TO:<b@example.com>}. */
    private static String address(final String line) {
        int start = line.indexOf('<');
        int end = line.indexOf('>', start + 1);
        return start < 0 || end < 0 ? line.substring(line.indexOf(':') + 1).trim() : line.substring(start + 1, end);
    }

    private static void reply(final OutputStream out, final String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
