package org.switchboard.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.switchboard.testing.salesforce.Org.StoredRecord;
import org.switchboard.testing.salesforce.QueryTokens.Token;
import org.switchboard.testing.salesforce.QueryTokens.Type;
import org.switchboard.testing.salesforce.Schema.Kind;
import org.switchboard.testing.salesforce.Schema.SObject;

/**
 * The SOQL the contract uses: {@code SELECT fields FROM Object [WHERE a = x AND b = y] [ORDER BY f [ASC|DESC]]
 * [LIMIT n]}, with plain and lookup fields ({@code Account.Name}). Anything richer is refused as MALFORMED_QUERY,
 * so a connector that drifts from the contract fails here rather than in production.
 */
final class Soql {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Soql() {
    }

    static ObjectNode run(String query, Org org, String version) {
        QueryTokens tokens = new QueryTokens(query, 0, "MALFORMED_QUERY");
        tokens.expect("SELECT");
        List<Token> selected = new ArrayList<>();
        do {
            selected.add(tokens.expect(Type.WORD));
        } while (tokens.takeSymbolIf(","));
        tokens.expect("FROM");
        Token from = tokens.expect(Type.WORD);
        SObject type = Schema.byName(from.text()).orElseThrow(() -> tokens.error("INVALID_TYPE", from.column(),
                "sObject type '" + from.text() + "' is not supported. If you are attempting to use a custom object,"
                        + " be sure to append the '__c' after the entity name. Please reference your WSDL or the"
                        + " describe call for the appropriate names."));
        List<FieldPath> paths = selected.stream().map(t -> field(tokens, type, t)).toList();

        Predicate<StoredRecord> where = r -> true;
        if (tokens.takeIf("WHERE")) {
            do {
                where = where.and(condition(tokens, type, org));
            } while (tokens.takeIf("AND"));
        }
        Comparator<StoredRecord> order = Comparator.comparingLong(StoredRecord::sequence);
        if (tokens.takeIf("ORDER")) {
            tokens.expect("BY");
            FieldPath by = field(tokens, type, tokens.expect(Type.WORD));
            boolean descending = tokens.takeIf("DESC");
            if (!descending) {
                tokens.takeIf("ASC");
            }
            Comparator<StoredRecord> byValue = Comparator.comparing(r -> Objects.toString(by.valueOn(r, org), ""));
            order = byValue.thenComparing(order);
            if (descending) {
                order = order.reversed();
            }
        }
        int limit = Integer.MAX_VALUE;
        if (tokens.takeIf("LIMIT")) {
            limit = Integer.parseInt(tokens.expect(Type.NUMBER).text());
        }
        tokens.expectEnd();

        List<StoredRecord> found = org.all(type).stream().filter(where).sorted(order).limit(limit).toList();
        ObjectNode result = JSON.createObjectNode().put("totalSize", found.size()).put("done", true);
        ArrayNode records = result.putArray("records");
        found.forEach(r -> records.add(FieldPath.render(r, paths, org, version)));
        return result;
    }

    static FieldPath field(QueryTokens tokens, SObject type, Token name) {
        return FieldPath.resolve(type, name.text()).orElseThrow(() -> tokens.error("INVALID_FIELD", name.column(),
                "No such column '" + name.text() + "' on entity '" + type.name() + "'. If you are attempting to use a"
                        + " custom field, be sure to append the '__c' after the custom field name. Please reference"
                        + " your WSDL or the describe call for the appropriate names."));
    }

    /** {@code Field = value} or {@code Field != value}, the value typed as Salesforce requires for the field. */
    static Predicate<StoredRecord> condition(QueryTokens tokens, SObject type, Org org) {
        FieldPath path = field(tokens, type, tokens.expect(Type.WORD));
        boolean equal = tokens.takeSymbolIf("=");
        if (!equal) {
            tokens.expectSymbol("!=");
        }
        Token value = tokens.take();
        Object expected = literal(tokens, path, value);
        Kind kind = path.targetField() != null ? path.targetField().kind() : path.field().kind();
        Predicate<StoredRecord> matches = r -> {
            Object actual = path.valueOn(r, org);
            if (expected == null || actual == null) {
                return expected == actual;
            }
            return kind == Kind.TEXT || kind == Kind.PICKLIST
                    ? actual.toString().equalsIgnoreCase(expected.toString())
                    : actual.equals(expected);
        };
        return equal ? matches : matches.negate();
    }

    private static Object literal(QueryTokens tokens, FieldPath path, Token value) {
        if (value.is("null")) {
            return null;
        }
        Schema.Field field = path.targetField() != null ? path.targetField() : path.field();
        String name = field.name();
        switch (field.kind()) {
            case ID, REFERENCE:
                if (value.type() != Type.STRING) {
                    throw notQuoted(tokens, value, name, "id");
                }
                return SalesforceIds.normalize(value.text()).orElseThrow(() -> tokens.error(
                        "INVALID_QUERY_FILTER_OPERATOR", value.column(), "invalid ID field: " + value.text()));
            case BOOLEAN:
                if (value.is("true") || value.is("false")) {
                    return Boolean.parseBoolean(value.text().toLowerCase(java.util.Locale.ROOT));
                }
                throw tokens.error("INVALID_QUERY_FILTER_OPERATOR", value.column(), "value of filter criterion for"
                        + " field '" + name + "' must be of type boolean and should not be enclosed in quotes");
            case INTEGER:
                if (value.type() != Type.NUMBER) {
                    throw tokens.error("INVALID_QUERY_FILTER_OPERATOR", value.column(), "value of filter criterion"
                            + " for field '" + name + "' must be of type double and should not be enclosed in quotes");
                }
                return Integer.parseInt(value.text());
            case TEXT, PICKLIST:
                if (value.type() != Type.STRING) {
                    throw notQuoted(tokens, value, name, "string");
                }
                return value.text();
            default:
                throw tokens.error("INVALID_QUERY_FILTER_OPERATOR", value.column(),
                        "the emulator does not filter on field '" + name + "'");
        }
    }

    private static ApiError notQuoted(QueryTokens tokens, Token value, String field, String kind) {
        if (value.type() == Type.WORD) {
            return tokens.error(value.column(), "Bind variables only allowed in Apex code");
        }
        if (value.type() != Type.NUMBER) {
            return tokens.unexpected(value);
        }
        return tokens.error("INVALID_QUERY_FILTER_OPERATOR", value.column(), "value of filter criterion for field '"
                + field + "' must be of type " + kind + " and should be enclosed in quotes");
    }
}
