package org.switchboard.crm.salesforce.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Quoting for SOQL string literals and SOSL search terms. */
final class Soql {
    /** SOSL's reserved characters, each escaped with a backslash inside {@code FIND {…}}. */
    private static final Pattern SOSL_RESERVED = Pattern.compile("[?&|!{}\\[\\]()^~*:\\\\\"'+\\-]");

    private Soql() {}

    /** A single-quoted SOQL string literal. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String soslTerm(String value) {
        return SOSL_RESERVED.matcher(value).replaceAll(match -> Matcher.quoteReplacement("\\" + match.group()));
    }
}
