package org.switchboard.metrics.internal;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format (or OpenMetrics when the
 * scraper asks for it), written by the Prometheus Java client, to the clients {@link ScrapeAccess}
 * lets in. Refusals are JSON errors as in the REST API.
 */
final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient PrometheusRegistry registry;
    private final transient PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final transient OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private transient volatile ScrapeAccess access;

    MetricsServlet(PrometheusRegistry registry, ScrapeAccess access) {
        this.registry = registry;
        this.access = access;
    }

    /** A configuration change applies to the next scrape; the servlet stays registered. */
    void access(ScrapeAccess access) {
        this.access = access;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        switch (access.check(address(request.getRemoteAddr()), Optional.ofNullable(request.getHeader("Authorization")))) {
            case UNAUTHORIZED -> {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard-metrics\"");
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
                        "send the metrics token as 'Authorization: Bearer <token>'");
                return;
            }
            case FORBIDDEN -> {
                refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
                        "metrics are served to localhost only (localhostOnly in etc/" + MetricsEndpoint.PID + ".cfg)");
                return;
            }
            case ALLOWED -> { }
        }
        MetricSnapshots snapshots = registry.scrape();
        ExpositionFormatWriter writer = openMetrics.accepts(request.getHeader("Accept")) ? openMetrics : text;
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        writer.write(body, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
        response.setContentType(writer.getContentType());
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }

    private static void refuse(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write(("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The servlet container gives a numeric address: parsing it does no DNS lookup. */
    private static Optional<InetAddress> address(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(remoteAddr));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
