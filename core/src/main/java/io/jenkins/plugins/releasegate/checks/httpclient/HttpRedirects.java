package io.jenkins.plugins.releasegate.checks.httpclient;

import java.net.http.HttpClient;

/**
 * Whether an HTTP check follows redirects ({@code followRedirects}); explicit, so that a check never silently
 * lands on a login page.
 */
public enum HttpRedirects {
    /** Redirects are not followed: a 3xx is the answer (the default). */
    NEVER,
    /** Redirects are followed, except from https to http. */
    NORMAL,
    /** Every redirect is followed. */
    ALWAYS;

    /**
     * Returns the HTTP client's policy for this setting.
     *
     * @return the policy
     */
    public HttpClient.Redirect toClientPolicy() {
        return HttpClient.Redirect.valueOf(name());
    }
}
