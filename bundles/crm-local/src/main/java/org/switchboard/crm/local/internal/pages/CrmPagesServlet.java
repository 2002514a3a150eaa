package org.switchboard.crm.local.internal.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentService;
import org.switchboard.api.session.SessionRepository;
import org.switchboard.crm.local.internal.pages.CrmApi.Reply;
import org.switchboard.crm.local.internal.pages.Paths.RecordPath;

/**
 * The local CRM's own record pages at {@code /switchboard/crm/}: one page shell for the home and
 * every record path ({@code /contact/<id>}, {@code /case/<id>}...), its modules and stylesheet,
 * and the JSON they read below {@code /switchboard/crm/api/}. Its pattern is longer than the
 * softphone's {@code /switchboard/*}, so the whiteboard sends these paths here. The pages only
 * read, so this bundle can be swapped under live calls like the connector itself.
 */
@Component(
        service = Servlet.class,
        immediate = true, // one instance for the component's life, not one per whiteboard get
        property = {
            "osgi.http.whiteboard.servlet.pattern=" + Paths.BASE + "/*",
            "osgi.http.whiteboard.servlet.name=switchboard-crm-pages"
        })
public class CrmPagesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CrmPagesServlet.class);
    private static final String API = "/api";
    /**
     * Own files only, talks to its own origin only (this JSON and /api/v1, whose signed recording links
     * the players load); nobody frames the CRM.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'self'";

    private final transient PageAssets assets;
    private final transient CrmApi api;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public CrmPagesServlet(BundleContext context, @Reference(target = "(dataSourceName=switchboard)") DataSource dataSource,
            @Reference SessionRepository sessions, @Reference AgentService agents) {
        this(new PageAssets(path -> context.getBundle().getEntry(path)),
                new CrmApi(new CrmRecords(dataSource), new Tokens(sessions, agents, Clock.systemUTC()), agents));
        LOG.info("Local CRM pages served at {}/", Paths.BASE);
    }

    CrmPagesServlet(PageAssets assets, CrmApi api) {
        this.assets = assets;
        this.api = api;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        boolean jsonRequest = path != null && (path.equals(API) || path.startsWith(API + "/"));
        try {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                response.setHeader("Allow", "GET, HEAD");
                if (jsonRequest) {
                    writeJson(response, Reply.error(405, "method-not-allowed", "The CRM pages only read."));
                } else {
                    response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                }
                return;
            }
            if (path == null) {
                response.sendRedirect(request.getContextPath() + Paths.BASE + "/");
            } else if (jsonRequest) {
                writeJson(response, api.get(path.substring(API.length()), request.getParameter("q"),
                        request.getHeader("Authorization")));
            } else if ("/".equals(path) || RecordPath.parse(path).isPresent()) {
                // deep links: every record path gets the shell, which reads location.pathname
                writeAsset(request, response, assets.find(PageAssets.SHELL));
            } else {
                writeAsset(request, response, assets.find(path));
            }
        } catch (RuntimeException e) {
            LOG.warn("CRM pages: {} failed: {}", path, e.toString());
            if (!response.isCommitted()) {
                response.reset();
                if (jsonRequest) {
                    writeJson(response, Reply.error(500, "internal", "The CRM page failed; see the server log."));
                } else {
                    response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                }
            }
        }
    }

    private void writeJson(HttpServletResponse response, Reply reply) throws IOException {
        byte[] body = json.writeValueAsBytes(reply.body());
        response.setStatus(reply.status());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (reply.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void writeAsset(HttpServletRequest request, HttpServletResponse response,
            Optional<PageAssets.Asset> found) throws IOException {
        if (found.isEmpty()) {
            response.setContentType("text/plain; charset=utf-8");
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        PageAssets.Asset asset = found.get();
        String etag = "\"" + digest(asset.bytes()) + "\"";
        response.setHeader("ETag", etag);
        // revalidated on every load (a 304 when unchanged), so an updated bundle shows at the next reload
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (asset.contentType().startsWith("text/html")) {
            response.setHeader("Content-Security-Policy", CSP);
        }
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(asset.contentType());
        response.setContentLength(asset.bytes().length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(asset.bytes());
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
