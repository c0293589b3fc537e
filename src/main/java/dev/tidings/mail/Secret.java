package dev.tidings.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A password or key that must never be printed: {@link #toString()} hides it, so that logging a
 * settings record or an exception that mentions one cannot leak it.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The secret itself, for the one place that hands it to a protocol. */
    public String reveal() {
        return value;
    }

    /**
     * The text with every occurrence of the secret replaced by "[hidden]". A secret shorter than
     * six characters is replaced only where it stands apart from letters and digits: replaced
     * everywhere, a password "x" turned "ConnectException" into "ConnectE[hidden]ception" and
     * every message around it with it. Six or more characters are replaced wherever they occur.
     */
    public String hideIn(String text) {
        if (text == null || value == null || value.isEmpty()) {
            return text;
        }
        String hidden = hide(text, value);
        // Messages are made one line before they are printed, which folds a tab or a double space in
        // a password echoed back: that form is hidden too.
        String folded = value.replaceAll("\\s+", " ");
        return folded.equals(value) || folded.isBlank() ? hidden : hide(hidden, folded);
    }

    private static String hide(String text, String value) {
        boolean everywhere = value.length() >= 6;
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
            if (at < from) {
                continue;
            }
            int end = at + value.length();
            if (everywhere || standsApart(text, at, end)) {
                out.append(text, from, at).append("[hidden]");
                from = end;
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    /**
     * The text with the secret hidden as {@link #hideIn(String)} does, and also in the forms SMTP
     * AUTH puts it on the wire (RFC 4954): base64 alone (LOGIN), and base64 of
     * "authzid NUL user NUL password" (PLAIN; Angus sends the user as authzid, and some clients none).
     * A relay that echoes the AUTH line back in its refusal must not get it printed or kept.
     */
    public String hideIn(String text, String user) {
        String hidden = hideIn(text);
        if (hidden == null || value == null || value.isEmpty()) {
            return hidden;
        }
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        List<String> forms = new ArrayList<>();
        forms.add(base64.encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        if (user != null) {
            forms.add(base64.encodeToString((user + "\0" + user + "\0" + value).getBytes(StandardCharsets.UTF_8)));
            forms.add(base64.encodeToString(("\0" + user + "\0" + value).getBytes(StandardCharsets.UTF_8)));
        }
        for (String form : forms) {
            hidden = hidden.replace(form, "[hidden]");
        }
        return hidden;
    }

    private static boolean standsApart(String text, int start, int end) {
        boolean joinedBefore = start > 0 && Character.isLetterOrDigit(text.charAt(start - 1)) && Character.isLetterOrDigit(text.charAt(start));
        boolean joinedAfter = end < text.length() && Character.isLetterOrDigit(text.charAt(end)) && Character.isLetterOrDigit(text.charAt(end - 1));
        return !joinedBefore && !joinedAfter;
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
