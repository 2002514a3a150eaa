package org.switchboard.crm.local.internal.pages;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The pages' URL scheme: {@code /switchboard/crm/<type>/<id>} for a record, {@code /switchboard/crm/api/<type>/<id>} for its JSON. */
final class Paths {
    static final String BASE = "/switchboard/crm";
    static final Set<String> TYPES = Set.of("contact", "account", "case", "opportunity", "task");
    /** Every local CRM id is a UUID; anything else cannot name a record. */
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Paths() {
    }

    static String page(String type, String id) {
        return BASE + "/" + type + "/" + id;
    }

    /** A record named by a path below the base ({@code /contact/<id>}): its type and id, lower-cased. */
    record RecordPath(String type, String id) {
        static Optional<RecordPath> parse(String path) {
            if (path == null) {
                return Optional.empty();
            }
            String[] parts = path.split("/", -1);
            if (parts.length != 3 || !parts[0].isEmpty() || !TYPES.contains(parts[1])) {
                return Optional.empty();
            }
            return Optional.of(new RecordPath(parts[1], parts[2]));
        }

        boolean wellFormedId() {
            return ID.matcher(id).matches();
        }

        String normalisedId() {
            return id.toLowerCase(Locale.ROOT);
        }
    }
}
