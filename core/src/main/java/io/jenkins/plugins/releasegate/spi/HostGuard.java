package io.jenkins.plugins.releasegate.spi;

/**
 * Says which hosts a check may connect to where it runs. Checks that open connections (HTTP, JDBC) ask it
 * before connecting, and again before following each redirect. Where the host of the gate restricts the
 * network, such as on a Jenkins controller, the guard refuses every host that its administrator did not
 * allow; elsewhere, such as on a build agent or on the command line, it allows every host.
 */
public interface HostGuard {
    /**
     * Refuses a connection to a host and port that may not be reached from here.
     *
     * @param host the host as the connection names it: a host name, an IPv4 address or an IPv6 address
     *     (with or without brackets)
     * @param port the port the connection goes to
     * @throws CheckException ERROR, with a sentence that says which host was refused and where to allow it
     */
    void checkHost(String host, int port) throws CheckException;

    /**
     * Returns whether this guard restricts the network. A check that cannot tell exactly where a connection
     * goes (such as for a JDBC URL whose host specification it cannot read) or that would hand the driver
     * options of the definition's choosing must then refuse with {@link #refusal(String)}.
     *
     * @return {@code true} if some hosts are refused
     */
    boolean isRestricted();

    /**
     * Returns the ERROR a check raises when it refuses a connection for this guard's sake.
     *
     * @param reason what is refused and why, as a sentence without a final full stop
     * @return the exception, with the reason and where an administrator allows hosts
     */
    CheckException refusal(String reason);

    /**
     * Returns a guard that allows every host, for hosts that do not restrict the network.
     *
     * @return the guard
     */
    static HostGuard unrestricted() {
        return Unrestricted.INSTANCE;
    }

    /** Allows every host. */
    enum Unrestricted implements HostGuard {
        /** The one instance. */
        INSTANCE;

        @Override
        public void checkHost(final String host, final int port) {
            // every host may be reached
        }

        @Override
        public boolean isRestricted() {
            return false;
        }

        @Override
        public CheckException refusal(final String reason) {
            return new CheckException(reason + ".");
        }
    }
}
