package dev.tidings.inbox;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One {@code Authentication-Results} header field (RFC 8601): what the receiving server found when
 * it checked a mail's SPF, DKIM and DMARC, e.g.
 * {@code mx.example.org; dkim=pass header.d=example.com; spf=pass smtp.mailfrom=a@example.com}.
 *
 * <p>The field proves nothing by being there: anyone can write one into a mail before sending it.
 * It is evidence only when the receiving server wrote it, and RFC 8601 gives two ways to tell: a
 * server adds its field on top of the header (trace fields are prepended, section 4), and a
 * conforming border server removes any field that claims its own authserv-id (section 5). So
 * {@link #trusted} takes the topmost field, or, when the editor names their server's authserv-id,
 * the topmost field with that id and no other. The second is what RFC 8601 section 7.1 and
 * SpamAssassin's {@code authres_trusted_authserv} recommend; the first fails when the receiving
 * server adds no field at all (the sender's forged one is then on top), which is why the README
 * tells the editor to name it.
 *
 * @param authservId the id of the server that wrote it, lower case; "" when it names none (Microsoft's
 *                   Exchange Online writes its results without one)
 * @param results    each method's result, in order
 */
record AuthenticationResults(String authservId, List<Result> results) {

    /** One method's result: {@code dkim=pass header.d=example.com}. Method, result and property names in lower case. */
    record Result(String method, String result, Map<String, String> properties) {
    }

    AuthenticationResults {
        results = List.copyOf(results);
    }

    /**
     * The field to believe among a mail's fields (top first), or null: the topmost, or the topmost
     * whose authserv-id is one of {@code authservIds} when the editor named any. A topmost field
     * that cannot be read is not skipped for one further down: that one could be the sender's.
     */
    static AuthenticationResults trusted(List<String> fieldsTopFirst, Set<String> authservIds) {
        for (String field : fieldsTopFirst) {
            AuthenticationResults parsed = parse(field);
            if (authservIds.isEmpty()) {
                return parsed;
            }
            if (parsed != null && authservIds.contains(parsed.authservId())) {
                return parsed;
            }
        }
        return null;
    }

    /**
     * What in this field says that a mail from {@code domain} came from that domain, or null: a
     * DKIM signature of the domain (or of a parent of it, DMARC's relaxed alignment, RFC 7489
     * 3.1.1) that verified, an SPF pass for an envelope sender of the domain, or a DMARC pass for
     * it. An SPF pass for some other envelope sender says nothing about the From header.
     */
    String passFor(String domain) {
        String wanted = ascii(domain);
        for (Result r : results) {
            if (!r.result().equals("pass")) {
                continue;
            }
            String evidence = switch (r.method()) {
                case "dkim" -> aligned(r, "header.d", wanted) ? "header.d=" + r.properties().get("header.d")
                        : aligned(r, "header.i", wanted) ? "header.i=" + r.properties().get("header.i") : null;
                case "spf" -> aligned(r, "smtp.mailfrom", wanted) ? "smtp.mailfrom=" + r.properties().get("smtp.mailfrom") : null;
                case "dmarc" -> aligned(r, "header.from", wanted) ? "header.from=" + r.properties().get("header.from") : null;
                default -> null;
            };
            if (evidence != null) {
                return r.method() + "=pass " + evidence + (authservId.isEmpty() ? "" : " by " + authservId);
            }
        }
        return null;
    }

    /** Whether the property names the domain or a parent of it that is itself a registered name (has a dot). */
    private static boolean aligned(Result r, String property, String domain) {
        String value = r.properties().get(property);
        if (value == null || domain == null) {
            return false;
        }
        String named = ascii(value.substring(value.lastIndexOf('@') + 1));
        return named != null && (named.equals(domain) || named.indexOf('.') > 0 && domain.endsWith("." + named));
    }

    private static String ascii(String domain) {
        try {
            return IDN.toASCII(domain.strip(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Parses a field's value; null when it is not one. Comments go, quoted strings stay whole, and
     * a field without an authserv-id (its first part already a method=result) is read too.
     */
    static AuthenticationResults parse(String value) {
        if (value == null) {
            return null;
        }
        List<List<String>> parts = parts(withoutComments(value));
        if (parts.isEmpty() || parts.get(0).isEmpty()) {
            return null;
        }
        List<String> first = parts.get(0);
        boolean idLess = first.size() > 1 && (first.get(1).equals("=") || first.get(1).equals("/"));
        String id = idLess ? "" : first.get(0).toLowerCase(Locale.ROOT);
        List<Result> results = new ArrayList<>();
        for (int i = idLess ? 0 : 1; i < parts.size(); i++) {
            Result result = result(parts.get(i));
            if (result != null) {
                results.add(result);
            }
        }
        return new AuthenticationResults(id, results);
    }

    /** {@code method[/version]=result [name=value]...}; null for "none" or what does not parse. */
    private static Result result(List<String> tokens) {
        int at = 1;
        if (tokens.size() > 2 && tokens.get(1).equals("/")) {
            at = 3; // a method version: "dkim/1=pass"
        }
        if (tokens.size() < at + 2 || !tokens.get(at).equals("=")) {
            return null;
        }
        Map<String, String> properties = new TreeMap<>();
        for (int i = at + 2; i < tokens.size(); i++) {
            if (i + 2 < tokens.size() && tokens.get(i + 1).equals("=")) {
                properties.putIfAbsent(tokens.get(i).toLowerCase(Locale.ROOT), tokens.get(i + 2));
                i += 2;
            }
        }
        return new Result(tokens.get(0).toLowerCase(Locale.ROOT), tokens.get(at + 1).toLowerCase(Locale.ROOT), properties);
    }

    /** The value split at semicolons outside quoted strings, each part into tokens: words, quoted strings, "=" and "/". */
    private static List<List<String>> parts(String value) {
        List<List<String>> parts = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                int end = i + 1;
                StringBuilder quoted = new StringBuilder();
                while (end < value.length() && value.charAt(end) != '"') {
                    if (value.charAt(end) == '\\' && end + 1 < value.length()) {
                        end++;
                    }
                    quoted.append(value.charAt(end++));
                }
                flush(word, tokens);
                tokens.add(quoted.toString());
                i = end;
            } else if (c == ';' || c == '=' || c == '/' || Character.isWhitespace(c)) {
                flush(word, tokens);
                if (c == ';') {
                    parts.add(tokens);
                    tokens = new ArrayList<>();
                } else if (!Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
            } else {
                word.append(c);
            }
        }
        flush(word, tokens);
        parts.add(tokens);
        return parts;
    }

    private static void flush(StringBuilder word, List<String> tokens) {
        if (word.length() > 0) {
            tokens.add(word.toString());
            word.setLength(0);
        }
    }

    /** RFC 5322 comments, "(...)", nested and with quoted pairs, removed outside quoted strings. */
    private static String withoutComments(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || depth > 0) && i + 1 < value.length()) {
                if (depth == 0) {
                    out.append(c).append(value.charAt(i + 1));
                }
                i++;
            } else if (depth == 0 && c == '"') {
                quoted = !quoted;
                out.append(c);
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
                out.append(depth == 0 ? " " : "");
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
