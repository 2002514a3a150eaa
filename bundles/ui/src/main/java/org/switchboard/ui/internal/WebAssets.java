package org.switchboard.ui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The page's files, read from the bundle's {@code /web} folder. Only known file types are served
 * and a path never climbs out of the folder, so nothing else in the bundle is reachable.
 */
final class WebAssets {
    static final String ROOT = "/web";
    static final String INDEX = "index.html";

    /** A file and the headers it is served with. */
    record Asset(String path, byte[] bytes, String contentType) {}

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "webmanifest", "application/manifest+json");

    private final Function<String, URL> resources;

    /** {@code resources}: finds a resource by absolute path in the bundle (null when absent). */
    WebAssets(Function<String, URL> resources) {
        this.resources = resources;
    }

    /** The asset for a request path below {@code /switchboard} ({@code /} or empty = the page). */
    Optional<Asset> find(String pathInfo) {
        String path = pathInfo == null || pathInfo.isEmpty() || "/".equals(pathInfo) ? "/" + INDEX : pathInfo;
        if (!safe(path)) {
            return Optional.empty();
        }
        String type = TYPES.get(extension(path));
        if (type == null) {
            return Optional.empty();
        }
        URL url = resources.apply(ROOT + path);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(new Asset(path, in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean safe(String path) {
        if (!path.startsWith("/") || path.contains("\\") || path.contains("//") || path.contains("%")) {
            return false;
        }
        for (String segment : path.substring(1).split("/")) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
