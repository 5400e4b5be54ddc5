package io.jenkins.plugins.releasegate.action;

import jakarta.servlet.ServletException;
import java.io.IOException;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A JSON answer with an HTTP status, for API clients: never a redirect, never an HTML page.
 */
final class JsonResponse implements HttpResponse {
    private final int status;
    private final JSONObject body;

    private JsonResponse(final int status, final JSONObject body) {
        this.status = status;
        this.body = body;
    }

    /**
     * Creates a success answer.
     *
     * @param body the body
     * @return the answer, status 200
     */
    static JsonResponse ok(final JSONObject body) {
        return new JsonResponse(200, body);
    }

    /**
     * Creates an error answer whose body carries the sentence in {@code message}.
     *
     * @param status the HTTP status, 4xx
     * @param message the sentence saying what is wrong and what to do
     * @return the answer
     */
    static JsonResponse error(final int status, final String message) {
        JSONObject body = new JSONObject();
        body.put("status", "error");
        body.put("message", message);
        return new JsonResponse(status, body);
    }

    int getStatus() {
        return status;
    }

    @Override
    public void generateResponse(final StaplerRequest2 request, final StaplerResponse2 response, final Object node)
            throws IOException, ServletException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body.toString());
    }
}
