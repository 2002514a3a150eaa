package org.switchboard.crm.local.internal.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pages' files, read from the bundle's {@code /crm-web} folder. Only known file types are
 * served and a path never climbs out of the folder, so nothing else in the bundle is reachable.
 */
final class PageAssets {
    static final String ROOT = "/crm-web";
    static final String SHELL = "/index.html";

    record Asset(String path, byte[] bytes, String contentType) {}

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Function<String, URL> resources;

    /** {@code resources}: finds a resource by absolute path in the bundle (null when absent). */
    PageAssets(Function<String, URL> resources) {
        this.resources = resources;
    }

    Optional<Asset> find(String path) {
        if (path == null || !safe(path)) {
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
