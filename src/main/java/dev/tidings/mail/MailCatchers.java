package dev.tidings.mail;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises the SMTP servers that catch mail instead of delivering it (test and development
 * catchers) by the name they give in their greeting. A send through one is a rehearsal: it must
 * not be recorded in the ledger, or the real send afterwards would skip everyone and report
 * success while nobody got the issue.
 *
 * <p>The greetings, as the projects send them: {@code 220 <host> Mailpit ESMTP Service ready},
 * {@code 220 mailhog.example ESMTP MailHog}, {@code 220 <host> smtp4dev ready},
 * {@code 220 /127.0.0.1 GreenMail SMTP Service v2.1.8 ready}, and {@code tidings sandbox}'s own
 * ({@code SmtpSandbox.GREETING} in {@code mail/smtp}). MailCatcher is named when its greeting says so.
 */
public final class MailCatchers {
    private static final List<String> NAMES = List.of("tidings sandbox", "GreenMail", "Mailpit", "MailHog", "smtp4dev", "MailCatcher");
    private static final List<Pattern> PATTERNS = NAMES.stream()
            .map(name -> Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + "(?![\\p{Alnum}])"))
            .toList();

    private MailCatchers() {
    }

    /**
     * The catcher the greeting names, or null for a server that does not say it is one. Only the
     * greeting's text counts, not the host name before it (RFC 5321 §4.2: "220 " domain [SP text]):
     * a relay named {@code mx.greenmail-hosting.example} taken for a catcher would deliver for real
     * into a throwaway ledger, and every run from cron would send the whole list again.
     */
    public static String recognise(String greeting) {
        if (greeting == null) {
            return null;
        }
        String lower = textOf(greeting).toLowerCase(Locale.ROOT);
        for (int i = 0; i < NAMES.size(); i++) {
            if (PATTERNS.get(i).matcher(lower).find()) {
                return NAMES.get(i);
            }
        }
        return null;
    }

    /** The greeting without its reply code and the host name that follows it. */
    private static String textOf(String greeting) {
        String reply = greeting.strip();
        String afterCode = reply.length() > 4 && Character.isDigit(reply.charAt(0)) ? reply.substring(4).strip() : reply;
        int space = afterCode.indexOf(' ');
        return space < 0 ? "" : afterCode.substring(space + 1);
    }
}
