package org.switchboard.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.switchboard.testing.salesforce.Org.StoredRecord;
import org.switchboard.testing.salesforce.Schema.Field;
import org.switchboard.testing.salesforce.Schema.SObject;

/**
 * A selected field: {@code Phone} on the record itself, or {@code Account.Name} across a lookup (single-kind lookups
 * only: Salesforce's polymorphic {@code Who}/{@code What} need TYPEOF, which the contract never uses).
 */
record FieldPath(Field field, SObject target, Field targetField) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Optional<FieldPath> resolve(SObject type, String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return type.field(text).map(f -> new FieldPath(f, null, null));
        }
        Optional<Field> lookup = type.relationship(text.substring(0, dot)).filter(f -> f.values().size() == 1);
        if (lookup.isEmpty()) {
            return Optional.empty();
        }
        SObject target = Schema.byPrefix(lookup.get().values().iterator().next()).orElseThrow();
        String rest = text.substring(dot + 1);
        if (rest.contains(".")) {
            return Optional.empty();
        }
        return target.field(rest).map(tf -> new FieldPath(lookup.get(), target, tf));
    }

    /** The field's value on a record ({@code null} when unset or when the lookup is empty). */
    Object valueOn(StoredRecord record, Org org) {
        Object value = record.get(field.name());
        if (target == null || value == null) {
            return value;
        }
        return org.byId((String) value).map(r -> r.get(targetField.name())).orElse(null);
    }

    /** A record as the REST API returns it: {@code attributes}, then the selected fields in the order asked. */
    static ObjectNode render(StoredRecord record, List<FieldPath> paths, Org org, String version) {
        ObjectNode node = JSON.createObjectNode();
        attributes(node, record, version);
        for (FieldPath path : paths) {
            if (path.target == null) {
                node.set(path.field.name(), JSON.valueToTree(record.get(path.field.name())));
                continue;
            }
            String relationship = path.field.relationship();
            Optional<StoredRecord> related = Optional.ofNullable((String) record.get(path.field.name()))
                    .flatMap(org::byId);
            if (related.isEmpty()) {
                node.putNull(relationship);
                continue;
            }
            ObjectNode nested = node.get(relationship) instanceof ObjectNode existing ? existing
                    : attributes(node.putObject(relationship), related.get(), version);
            nested.set(path.targetField.name(), JSON.valueToTree(related.get().get(path.targetField.name())));
        }
        return node;
    }

    static ObjectNode attributes(ObjectNode node, StoredRecord record, String version) {
        node.putObject("attributes").put("type", record.type().name())
                .put("url", "/services/data/v" + version + "/sobjects/" + record.type().name() + "/" + record.id());
        return node;
    }
}
