package io.jenkins.plugins.releasegate.integration;

import io.jenkins.plugins.releasegate.notify.EmailTransport;
import java.util.Optional;
import jenkins.model.Jenkins;

/** Finds how this Jenkins sends e-mail: through the Mailer plugin, an optional dependency, if it is installed. */
public final class EmailTransports {
    private EmailTransports() {}

    /**
     * Returns the e-mail transport when the Mailer plugin is installed and active; Mailer's classes are loaded only
     * then.
     *
     * @return the transport, empty without Mailer
     */
    public static Optional<EmailTransport> ifInstalled() {
        return Jenkins.get().getPlugin("mailer") == null
                ? Optional.empty()
                : Optional.of(MailerEmailTransport.create());
    }
}
