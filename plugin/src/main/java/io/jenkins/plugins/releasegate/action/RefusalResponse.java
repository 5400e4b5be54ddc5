package io.jenkins.plugins.releasegate.action;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A refused decision from the gate page's form: the status (400 for a comment that is too long, 403 for a refusal) and a page that shows the
 * ledger's sentence and leads back to the gate.
 */
final class RefusalResponse implements HttpResponse {
    private final ReleaseGateAction action;
    private final int status;
    private final String message;

    RefusalResponse(final ReleaseGateAction action, final int status, final String message) {
        this.action = action;
        this.status = status;
        this.message = message;
    }

    @Override
    public void generateResponse(final StaplerRequest2 request, final StaplerResponse2 response, final Object node)
            throws IOException, ServletException {
        response.setStatus(status);
        request.setAttribute("refusal", message);
        request.getView(action, "refused.jelly").forward(request, response);
    }
}
