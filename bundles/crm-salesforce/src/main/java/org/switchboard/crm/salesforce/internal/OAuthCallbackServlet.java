package org.switchboard.crm.salesforce.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Salesforce's redirect back after an agent allowed the connection, at the callback URL's path.
 * The URL carries the authorization code: the page sends no referrer and is never cached.
 */
final class OAuthCallbackServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient AgentLinking linking;

    OAuthCallbackServlet(AgentLinking linking) {
        this.linking = linking;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LinkOutcome outcome = linking.complete(request.getParameter("state"), request.getParameter("code"),
                request.getParameter("error"), request.getParameter("error_description"));
        response.setStatus(CallbackPage.status(outcome));
        response.setContentType("text/html; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        response.getOutputStream().write(CallbackPage.html(outcome).getBytes(StandardCharsets.UTF_8));
    }
}
