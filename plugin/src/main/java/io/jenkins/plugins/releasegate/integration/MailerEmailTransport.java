package io.jenkins.plugins.releasegate.integration;

import io.jenkins.plugins.releasegate.notify.EmailTransport;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import java.io.IOException;
import java.util.List;
import jenkins.plugins.mailer.tasks.MimeMessageBuilder;

/**
 * Sends the e-mail of a gate's notifications through the Mailer plugin, with the SMTP server and sender address
 * configured in Manage Jenkins › System › E-mail Notification. Mailer is an optional dependency: {@link
 * EmailTransports#ifInstalled()} loads this class only when Mailer is installed and active.
 */
public final class MailerEmailTransport implements EmailTransport {
    private MailerEmailTransport() {}

    /**
     * Creates the transport; call it only when Mailer is installed.
     *
     * @return the transport
     */
    static EmailTransport create() {
        return new MailerEmailTransport();
    }

    @Override
    public void send(final List<String> recipients, final String subject, final String body) throws IOException {
        try {
            Transport.send(new MimeMessageBuilder()
                    .setSubject(subject)
                    .setBody(body)
                    .addRecipients(String.join(",", recipients))
                    .buildMimeMessage());
        } catch (MessagingException exception) {
            throw new IOException(Messages.MailerEmailTransport_notSent(exception.getMessage()), exception);
        }
    }
}
