package io.jenkins.plugins.releasegate.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports of 127.0.0.1 for tests of servers that cannot be reached.
 */
public final class LocalPorts {
    private LocalPorts() {}

    /**
     * Returns a port of 127.0.0.1 on which nobody listens: it was free a moment ago, and connecting to it
     * is refused.
     *
     * @return the port
     * @throws IOException if no port can be had
     */
    public static int unused() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
