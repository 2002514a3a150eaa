package org.switchboard.ui.internal;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the agent's softphone at {@code /switchboard/} on the HTTP whiteboard; {@code /switchboard}
 * redirects there so relative module URLs resolve. The page talks to {@code /api/v1} only, so this
 * bundle needs no Switchboard service and can be swapped at any time without touching a call.
 */
@Component(
        service = Servlet.class,
        immediate = true, // one instance for the bundle's life, not one per whiteboard get
        property = {
            "osgi.http.whiteboard.servlet.pattern=/switchboard/*",
            "osgi.http.whiteboard.servlet.name=switchboard-softphone"
        })
public class SoftphoneServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SoftphoneServlet.class);
    static final String PATH = "/switchboard";
    /** The query parameter with which Salesforce Lightning loads the softphone into its frame. */
    static final String SALESFORCE_ORIGIN = "sfdcIframeOrigin";

    /**
     * The page loads only its own files and talks only to its own origin (REST and the WebSocket).
     * No frame-ancestors: the panel runs inside the CRM's frame (Salesforce utility bar).
     */
    static String csp(String host) {
        return csp(host, Optional.empty());
    }

    /**
     * As {@link #csp(String)}; inside Lightning the page also loads Open CTI ({@code opencti_min.js})
     * from the Salesforce origin that embeds it, and from nowhere else.
     */
    static String csp(String host, Optional<String> crmScriptOrigin) {
        String socket = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        String scripts = crmScriptOrigin.map(origin -> " " + origin).orElse("");
        return "default-src 'self'; script-src 'self'" + scripts + "; style-src 'self'; img-src 'self' data:; "
                + "media-src 'self' blob:; connect-src 'self'" + socket + "; object-src 'none'; base-uri 'self'; "
                + "form-action 'self'";
    }

    /**
     * The origin in {@code sfdcIframeOrigin} when it is one: https with a plain host name (or http on
     * this machine, for tests and a local emulator); anything else (a path, credentials, a policy
     * fragment) is ignored, so the page then loads no outside script at all.
     */
    static Optional<String> salesforceOrigin(String parameter) {
        if (parameter == null || parameter.length() > 300) {
            return Optional.empty();
        }
        Matcher m = ORIGIN.matcher(parameter);
        if (!m.matches()) {
            return Optional.empty();
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2).toLowerCase(Locale.ROOT);
        boolean local = "localhost".equals(host) || "127.0.0.1".equals(host);
        if ("http".equals(scheme) && !local) {
            return Optional.empty();
        }
        return Optional.of(scheme + "://" + host + (m.group(3) == null ? "" : m.group(3)));
    }

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private static final Pattern ORIGIN = Pattern.compile(
            "(https?)://([A-Za-z0-9](?:[A-Za-z0-9\\-]{0,62}\\.)*[A-Za-z0-9\\-]{1,63})(:[0-9]{1,5})?/?", Pattern.CASE_INSENSITIVE);

    private final transient WebAssets assets;

    @Activate
    public SoftphoneServlet(BundleContext context) {
        this.assets = new WebAssets(path -> context.getBundle().getEntry(path));
        LOG.info("Softphone served at {}/", PATH);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            response.sendRedirect(request.getContextPath() + PATH + "/" + query(request));
            return;
        }
        Optional<WebAssets.Asset> asset = assets.find(pathInfo);
        if (asset.isEmpty()) {
            response.setContentType("text/plain; charset=utf-8");
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        WebAssets.Asset a = asset.get();
        String etag = "\"" + digest(a.bytes()) + "\"";
        response.setHeader("ETag", etag);
        // revalidated on every load (a 304 when unchanged), so an updated bundle shows at the next reload
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (a.contentType().startsWith("text/html")) {
            // the event WebSocket is on this host; older browsers do not count ws: as 'self'
            response.setHeader("Content-Security-Policy",
                    csp(request.getHeader("Host"), salesforceOrigin(request.getParameter(SALESFORCE_ORIGIN))));
        }
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(a.contentType());
        response.setContentLength(a.bytes().length);
        response.getOutputStream().write(a.bytes());
    }

    private static String query(HttpServletRequest request) {
        return request.getQueryString() == null ? "" : "?" + request.getQueryString();
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
