package org.switchboard.crm.salesforce.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the call center definition at {@value CallCenterDefinition#PATH}, with the adapter URL
 * on {@code ?host=} (e.g. {@code ?host=pbx.example.com}) or else on the host the admin's browser
 * used. Needs no configuration, so an admin can fetch it before Salesforce is set up.
 */
@Component(
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=" + CallCenterDefinition.PATH,
            "osgi.http.whiteboard.servlet.name=switchboard-crm-salesforce-callcenter"
        })
public class CallCenterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getParameter("host") != null ? request.getParameter("host") : request.getHeader("Host");
        boolean secure = request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        Optional<String> adapterUrl = CallCenterDefinition.adapterUrl(secure ? "https" : "http", host);
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (adapterUrl.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().write("Give the host agents reach Switchboard on, e.g. ?host=pbx.example.com\n");
            return;
        }
        response.setContentType("application/xml; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"switchboard-callcenter.xml\"");
        response.getOutputStream().write(CallCenterDefinition.xml(adapterUrl.get()).getBytes(StandardCharsets.UTF_8));
    }
}
