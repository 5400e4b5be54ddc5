package io.jenkins.plugins.releasegate.notify;

import java.io.IOException;
import java.util.List;

/** Sends an e-mail, as a host can (in Jenkins, through the Mailer plugin). */
@FunctionalInterface
public interface EmailTransport {
    /**
     * Sends a plain-text e-mail.
     *
     * @param recipients the addresses
     * @param subject the subject
     * @param body the body
     * @throws IOException with a sentence saying what went wrong, if it was not sent
     */
    void send(List<String> recipients, String subject, String body) throws IOException;
}
