package org.switchboard.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.switchboard.testing.salesforce.Org.StoredRecord;
import org.switchboard.testing.salesforce.QueryTokens.Token;
import org.switchboard.testing.salesforce.QueryTokens.Type;
import org.switchboard.testing.salesforce.Schema.Field;
import org.switchboard.testing.salesforce.Schema.Kind;
import org.switchboard.testing.salesforce.Schema.SObject;

/**
 * The SOSL the contract uses: {@code FIND {term} IN PHONE|ALL|NAME|EMAIL FIELDS RETURNING Object(fields [WHERE f = v
 * AND ..] [LIMIT n]), ... [LIMIT n]}. The term must escape SOSL's reserved characters; {@code *} and {@code ?} are
 * wildcards. Phone fields match on their digits, with the country code 1 optional, as Salesforce matches US numbers.
 */
final class Sosl {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESERVED = "?&|!{}[]()^~*:\\\"'+-";
    private static final String CODE = "INVALID_SEARCH";

    private enum Scope { ALL, NAME, EMAIL, PHONE }

    /** One word of the search term as a pattern, plus its digits (for phone fields). */
    private record Word(Pattern pattern, String digits, boolean prefix) {
    }

    private record Returning(SObject type, List<FieldPath> fields, Predicate<StoredRecord> where, int limit) {
    }

    private Sosl() {
    }

    static ObjectNode run(String search, Org org, String version) {
        int find = skipSpace(search, 0);
        if (!search.regionMatches(true, find, "FIND", 0, 4)) {
            throw new QueryTokens(search, search.length(), CODE).error(find + 1,
                    "unexpected token: '" + firstWord(search, find) + "'");
        }
        int open = skipSpace(search, find + 4);
        if (open >= search.length() || search.charAt(open) != '{') {
            throw ApiError.badRequest(CODE, "No search term found. The search term must be enclosed in braces.");
        }
        List<Word> words = new ArrayList<>();
        int close = term(search, open, words);
        QueryTokens tokens = new QueryTokens(search, close + 1, CODE);

        Scope scope = Scope.ALL;
        if (tokens.takeIf("IN")) {
            Token scopeWord = tokens.expect(Type.WORD);
            try {
                scope = Scope.valueOf(scopeWord.text().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw tokens.unexpected(scopeWord);
            }
            tokens.expect("FIELDS");
        }
        List<Returning> returning = new ArrayList<>();
        if (tokens.takeIf("RETURNING")) {
            do {
                returning.add(returning(tokens, org));
            } while (tokens.takeSymbolIf(","));
        } else {
            throw tokens.error(tokens.peek().column(), "the emulator needs a RETURNING clause");
        }
        int limit = 2000;
        if (tokens.takeIf("LIMIT")) {
            limit = Integer.parseInt(tokens.expect(Type.NUMBER).text());
        }
        tokens.expectEnd();

        ArrayNode found = JSON.createArrayNode();
        for (Returning r : returning) {
            Scope fieldsSearched = scope;
            org.all(r.type()).stream()
                    .filter(record -> matches(record, fieldsSearched, words))
                    .filter(r.where())
                    .limit(r.limit())
                    .forEach(record -> found.add(FieldPath.render(record, r.fields(), org, version)));
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode records = result.putArray("searchRecords");
        for (int i = 0; i < Math.min(limit, found.size()); i++) {
            records.add(found.get(i));
        }
        return result;
    }

    /** Reads the term after {@code {}, returns the index of the closing brace. */
    private static int term(String search, int open, List<Word> words) {
        StringBuilder regex = new StringBuilder();
        StringBuilder digits = new StringBuilder();
        int significant = 0;
        boolean prefix = false;
        int i = open + 1;
        for (; i < search.length(); i++) {
            char c = search.charAt(i);
            if (c == '}') {
                break;
            }
            if (Character.isWhitespace(c)) {
                addWord(words, regex, digits, prefix);
                regex.setLength(0);
                digits.setLength(0);
                prefix = false;
                continue;
            }
            if (c == '\\') {
                if (i + 1 >= search.length()) {
                    break;
                }
                char escaped = search.charAt(++i);
                regex.append(Pattern.quote(String.valueOf(escaped)));
                significant++;
                if (Character.isDigit(escaped)) {
                    digits.append(escaped);
                }
            } else if (c == '*' || c == '?') {
                regex.append(c == '*' ? ".*" : ".");
                prefix = c == '*';
            } else if (RESERVED.indexOf(c) >= 0) {
                throw new QueryTokens(search, search.length(), CODE).error(i + 1,
                        "line 1:" + i + " no viable alternative at character '" + c + "'");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                significant++;
                prefix = false;
                if (Character.isDigit(c)) {
                    digits.append(c);
                }
            }
        }
        if (i >= search.length()) {
            throw ApiError.badRequest(CODE, "No search term found. The search term must be enclosed in braces.");
        }
        addWord(words, regex, digits, prefix);
        if (significant < 2) {
            throw ApiError.badRequest(CODE, "search term must be longer than one character");
        }
        return i;
    }

    private static void addWord(List<Word> words, StringBuilder regex, StringBuilder digits, boolean prefix) {
        if (regex.length() > 0) {
            words.add(new Word(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                    digits.toString(), prefix));
        }
    }

    private static Returning returning(QueryTokens tokens, Org org) {
        Token name = tokens.expect(Type.WORD);
        SObject type = Schema.byName(name.text()).orElseThrow(() -> tokens.error("INVALID_TYPE", name.column(),
                "sObject type '" + name.text() + "' is not supported."));
        List<FieldPath> fields = new ArrayList<>();
        Predicate<StoredRecord> where = r -> true;
        int limit = Integer.MAX_VALUE;
        if (tokens.takeSymbolIf("(")) {
            do {
                fields.add(Soql.field(tokens, type, tokens.expect(Type.WORD)));
            } while (tokens.takeSymbolIf(","));
            if (tokens.takeIf("WHERE")) {
                do {
                    where = where.and(Soql.condition(tokens, type, org));
                } while (tokens.takeIf("AND"));
            }
            if (tokens.takeIf("LIMIT")) {
                limit = Integer.parseInt(tokens.expect(Type.NUMBER).text());
            }
            tokens.expectSymbol(")");
        } else {
            fields.add(FieldPath.resolve(type, "Id").orElseThrow());
        }
        return new Returning(type, fields, where, limit);
    }

    private static boolean matches(StoredRecord record, Scope scope, List<Word> words) {
        if (scope == Scope.PHONE) {
            String digits = words.stream().map(Word::digits).reduce("", String::concat);
            boolean prefix = !words.isEmpty() && words.get(words.size() - 1).prefix();
            return !digits.isEmpty() && phoneFields(record.type()).stream()
                    .anyMatch(f -> PhoneDigits.matches(digits, prefix, (String) record.get(f.name())));
        }
        List<String> tokens = new ArrayList<>();
        for (Field f : record.type().fields().values()) {
            Object value = record.get(f.name());
            if (f.kind() != Kind.TEXT || value == null || !inScope(f, scope)) {
                continue;
            }
            String text = value.toString();
            tokens.add(text);
            tokens.addAll(List.of(text.split("[^\\p{L}\\p{N}]+")));
            if (f.name().contains("Phone")) {
                tokens.add(PhoneDigits.of(text));
            }
        }
        return words.stream().allMatch(w -> tokens.stream().anyMatch(t -> w.pattern().matcher(t).matches()));
    }

    private static boolean inScope(Field f, Scope scope) {
        return switch (scope) {
            case NAME -> f.name().endsWith("Name") || f.name().equals("Company");
            case EMAIL -> f.name().equals("Email");
            default -> true;
        };
    }

    private static List<Field> phoneFields(SObject type) {
        return type.fields().values().stream().filter(f -> f.kind() == Kind.TEXT && f.name().contains("Phone")).toList();
    }

    private static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String firstWord(String s, int from) {
        String rest = s.substring(Math.min(from, s.length())).split("\\s", 2)[0];
        return rest.isEmpty() ? "<EOF>" : rest;
    }
}
