package org.switchboard.testing.salesforce;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens of a SOQL query, or of the part of a SOSL search after its search term; errors point at the column the
 * way Salesforce's parser reports them.
 */
final class QueryTokens {
    enum Type { WORD, STRING, NUMBER, SYMBOL, END }

    record Token(Type type, String text, int column) {
        boolean is(String keyword) {
            return type == Type.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(String symbol) {
            return type == Type.SYMBOL && text.equals(symbol);
        }
    }

    private final String source;
    private final String errorCode;
    private final List<Token> tokens = new ArrayList<>();
    private int next;

    /** Tokenizes {@code source} from {@code start}; {@code errorCode} is what a syntax error answers. */
    QueryTokens(String source, int start, String errorCode) {
        this.source = source;
        this.errorCode = errorCode;
        int i = start;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < source.length() && (Character.isLetterOrDigit(source.charAt(end))
                        || source.charAt(end) == '_' || source.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(Type.WORD, source.substring(i, end), i + 1));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < source.length() && Character.isDigit(source.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Type.NUMBER, source.substring(i, end), i + 1));
                i = end;
            } else if (c == '\'') {
                i = stringLiteral(i);
            } else if (source.startsWith("!=", i)) {
                tokens.add(new Token(Type.SYMBOL, "!=", i + 1));
                i += 2;
            } else if ("(),=".indexOf(c) >= 0) {
                tokens.add(new Token(Type.SYMBOL, String.valueOf(c), i + 1));
                i++;
            } else {
                throw error(i + 1, "unexpected token: '" + c + "'");
            }
        }
        tokens.add(new Token(Type.END, "<EOF>", source.length() + 1));
    }

    private int stringLiteral(int open) {
        StringBuilder value = new StringBuilder();
        int i = open + 1;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\'') {
                tokens.add(new Token(Type.STRING, value.toString(), open + 1));
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= source.length()) {
                    break;
                }
                char escaped = source.charAt(i + 1);
                switch (escaped) {
                    case '\'', '"', '\\', '_', '%' -> value.append(escaped);
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    default -> throw error(i + 1, "Invalid string literal '" + source.substring(open, i + 2)
                            + "'. Illegal character sequence '\\" + escaped + "' in string literal.");
                }
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        throw error(open + 1, "line 1:" + open + " mismatched character '<EOF>' expecting '''");
    }

    Token peek() {
        return tokens.get(next);
    }

    Token take() {
        Token t = tokens.get(next);
        if (t.type() != Type.END) {
            next++;
        }
        return t;
    }

    boolean takeIf(String keyword) {
        if (peek().is(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    boolean takeSymbolIf(String symbol) {
        if (peek().isSymbol(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    void expect(String keyword) {
        if (!takeIf(keyword)) {
            throw unexpected(peek());
        }
    }

    void expectSymbol(String symbol) {
        if (!takeSymbolIf(symbol)) {
            throw unexpected(peek());
        }
    }

    Token expect(Type type) {
        if (peek().type() != type) {
            throw unexpected(peek());
        }
        return take();
    }

    void expectEnd() {
        if (peek().type() != Type.END) {
            throw unexpected(peek());
        }
    }

    ApiError unexpected(Token t) {
        String what = t.type() == Type.STRING ? "'" + t.text() + "'" : t.text();
        return error(t.column(), "unexpected token: " + (t.type() == Type.END ? "<EOF>" : "'" + what + "'"));
    }

    ApiError error(int column, String detail) {
        return error(errorCode, column, detail);
    }

    /** Salesforce's parser message: the query, a caret under the column, then the reason. */
    ApiError error(String code, int column, String detail) {
        String caret = " ".repeat(Math.max(0, column - 1)) + "^";
        return ApiError.badRequest(code, "\n" + source + "\n" + caret + "\nERROR at Row:1:Column:" + column + "\n" + detail);
    }
}
