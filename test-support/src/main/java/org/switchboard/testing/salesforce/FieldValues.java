package org.switchboard.testing.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.switchboard.testing.salesforce.Schema.Field;
import org.switchboard.testing.salesforce.Schema.SObject;

/**
 * Reads a record body (POST or PATCH) the way Salesforce does: first deserialization (unknown field, wrong JSON
 * type), then the field rules (writable, length, picklist value, id format and kind). Whether referenced records
 * exist and required fields are present is the {@link Org}'s concern.
 */
final class FieldValues {
    private FieldValues() {
    }

    /** Field name (as the schema spells it) to value; {@code null} clears the field. */
    static Map<String, Object> read(SObject type, JsonNode body, boolean insert) {
        if (!(body instanceof ObjectNode object)) {
            throw ApiError.badRequest("JSON_PARSER_ERROR", "Cannot deserialize instance of " + type.name() + " from "
                    + body.asToken() + " value " + body + " or request may be missing a required field");
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        Map<String, JsonNode> raw = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("attributes")) {
                continue;
            }
            Field field = type.field(entry.getKey()).orElseThrow(() -> ApiError.badRequest("INVALID_FIELD",
                    "No such column '" + entry.getKey() + "' on sobject of type " + type.name()));
            fields.put(field.name(), field);
            raw.put(field.name(), entry.getValue());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        raw.forEach((name, node) -> values.put(name, deserialize(fields.get(name), node)));

        List<String> notWritable = new ArrayList<>();
        fields.values().stream().filter(f -> insert ? !f.createable() : !f.updateable())
                .forEach(f -> notWritable.add(f.name()));
        if (!notWritable.isEmpty()) {
            throw ApiError.onFields("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
                    + String.join(", ", notWritable) + ". Please check the security settings of this field and verify"
                    + " that it is read/write for your user profile or permission set.", notWritable);
        }
        values.forEach((name, value) -> check(fields.get(name), value));
        return values;
    }

    private static Object deserialize(Field field, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        switch (field.kind()) {
            case INTEGER:
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw cannotDeserialize("int", node);
                }
                return node.intValue();
            case BOOLEAN:
                if (!node.isBoolean()) {
                    throw cannotDeserialize("boolean", node);
                }
                return node.booleanValue();
            case DATE:
                if (!node.isTextual()) {
                    throw cannotDeserialize("date", node);
                }
                try {
                    return LocalDate.parse(node.textValue()).toString();
                } catch (DateTimeParseException e) {
                    throw cannotDeserialize("date", node);
                }
            default:
                // Salesforce turns JSON scalars into text for text fields, and an empty string means "no value"
                if (!node.isValueNode()) {
                    throw cannotDeserialize("string", node);
                }
                String text = node.asText();
                return text.isEmpty() ? null : text;
        }
    }

    private static ApiError cannotDeserialize(String javaType, JsonNode node) {
        return ApiError.badRequest("JSON_PARSER_ERROR", "Cannot deserialize instance of " + javaType + " from "
                + node.asToken() + " value " + node + " or request may be missing a required field");
    }

    private static void check(Field field, Object value) {
        if (value == null) {
            return;
        }
        switch (field.kind()) {
            case TEXT -> {
                if (((String) value).length() > field.maxLength()) {
                    throw ApiError.onFields("STRING_TOO_LONG", field.label() + ": data value too large: " + value
                            + " (max length=" + field.maxLength() + ")", List.of(field.name()));
                }
            }
            case PICKLIST -> {
                if (!field.values().contains(value)) {
                    throw ApiError.onFields("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", field.label()
                            + ": bad value for restricted picklist field: " + value, List.of(field.name()));
                }
            }
            case REFERENCE -> {
                String id = SalesforceIds.normalize((String) value).orElseThrow(() -> ApiError.onFields("MALFORMED_ID",
                        field.label() + ": id value of incorrect type: " + value, List.of(field.name())));
                if (!field.values().contains(SalesforceIds.prefix(id))) {
                    throw ApiError.onFields("FIELD_INTEGRITY_EXCEPTION",
                            field.label() + ": id value of incorrect type: " + value, List.of(field.name()));
                }
            }
            default -> {
            }
        }
    }
}
