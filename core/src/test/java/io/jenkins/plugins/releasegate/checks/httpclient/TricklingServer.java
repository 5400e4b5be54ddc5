package io.jenkins.plugins.releasegate.checks.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 that answers every request at once with 200 and a long
 * Content-Length, then sends the body one byte at a time, slowly, until the client goes away. {@code HEAD}
 * gets the headers only. Its threads are named {@value #THREAD_PREFIX}.
 */
public final class TricklingServer implements AutoCloseable {
    /** The prefix of the server's thread names. */
    public static final String THREAD_PREFIX = "trickling-server";

    private static final int BODY_LENGTH = 10_000_000;

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * Starts the server.
     *
     * @throws IOException if no port is free
     */
    public TricklingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, THREAD_PREFIX);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Returns the server's base URL.
     *
     * @return such as {@code http://127.0.0.1:40123}
     */
    public String base() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread handler =
                        new Thread(() -> trickle(connection), THREAD_PREFIX + "-" + connections.incrementAndGet());
                handler.setDaemon(true);
                handler.start();
            } catch (IOException exception) {
                return;
            }
        }
    }

    private void trickle(final Socket connection) {
        try (Socket open = connection) {
            InputStream input = open.getInputStream();
            String request = readHead(input);
            OutputStream output = open.getOutputStream();
            output.write(
                    ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY_LENGTH + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            output.flush();
            if (request.startsWith("HEAD ")) {
                readHead(input); // waits for the next request or the end of the connection
                return;
            }
            for (int sent = 0; sent < BODY_LENGTH && !socket.isClosed(); sent++) {
                output.write(sent == 0 ? '[' : ' ');
                output.flush();
                Thread.sleep(100);
            }
        } catch (IOException exception) {
            // the client went away
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readHead(final InputStream input) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int next = input.read(); next >= 0; next = input.read()) {
            head.append((char) next);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
