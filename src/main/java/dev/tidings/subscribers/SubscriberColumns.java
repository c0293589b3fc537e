package dev.tidings.subscribers;

import dev.tidings.digest.FieldChecks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a subscriber list's columns mean, and the checks of one row's values against them: the
 * address, the display name and the status, each other column a template field. Apart from the
 * reading of the CSV ({@link SubscriberReader}), so that the rules of a valid row are in one place.
 *
 * @param header the column names, lower-cased, in file order
 * @param email  the email column's index
 * @param name   the name column's index, or -1
 * @param status the status column's index, or -1
 */
record SubscriberColumns(List<String> header, int email, int name, int status) {
    /** The columns of a header, or null when it names no email column. */
    static SubscriberColumns of(List<String> header) {
        int email = header.indexOf("email");
        return email < 0 ? null : new SubscriberColumns(header, email, header.indexOf("name"), header.indexOf("status"));
    }

    /** Why a header names no email column, with the likely cause: another separator, another encoding. */
    static String noEmailColumn(List<String> header) {
        String line = String.join(",", header);
        if (line.indexOf('\0') >= 0) {
            return "the header is full of NUL characters: the list is UTF-16 (\"Unicode text\"); save it as UTF-8 CSV";
        }
        for (String separator : List.of(";", "\t", "|")) {
            if (header.size() == 1 && List.of(line.split(Pattern.quote(separator))).stream().anyMatch(name -> name.strip().equals("email"))) {
                String name = separator.equals("\t") ? "tabs" : "'" + separator + "'";
                return "the columns are separated by " + name + ", not commas (as some spreadsheets export CSV); save the list"
                        + " comma-separated: email,name,status";
            }
        }
        return "the header has no 'email' column (found: " + String.join(", ", header)
                + "); the first line must name the columns, e.g. email,name,status";
    }

    /** A row of values as a subscriber, or with its problems: a bad value is reported, not thrown. */
    SubscriberRow row(int line, List<String> values) {
        List<SubscriberRow.RowProblem> problems = new ArrayList<>();
        if (values.size() > header.size()) {
            problems.add(new SubscriberRow.RowProblem("", "has " + values.size() + " values but the header names " + header.size()
                    + " columns (a value with a comma needs double quotes)"));
        }
        String address = value(values, email).strip();
        String displayName = name < 0 ? null : emptyToNull(value(values, name).strip());
        String statusText = status < 0 ? "" : value(values, status);
        SubscriberStatus parsed = SubscriberStatus.parse(statusText);
        String emailProblem = emailProblem(address);
        if (emailProblem != null) {
            problems.add(new SubscriberRow.RowProblem("email", emailProblem));
        }
        if (displayName != null && FieldChecks.headerTextProblem(displayName) != null) {
            problems.add(new SubscriberRow.RowProblem("name", FieldChecks.headerTextProblem(displayName)));
        }
        if (parsed == null) {
            problems.add(new SubscriberRow.RowProblem("status", "'" + statusText.strip() + "' is not one of subscribed, unsubscribed, bounced"));
        }
        for (int i = 0; i < values.size() && i < header.size(); i++) {
            // Any column can reach the email (templates print subscriber.fields); U+FFFF would cut the HTML short.
            String notText = FieldChecks.characterProblem(values.get(i));
            if (notText != null && !(i == email && !problems.isEmpty())) {
                problems.add(new SubscriberRow.RowProblem(header.get(i), notText));
            }
        }
        if (!problems.isEmpty()) {
            return new SubscriberRow(line, null, problems);
        }
        return new SubscriberRow(line, new Subscriber(address, displayName, parsed, extraFields(values)), List.of());
    }

    /** The problems of a value of the email column, added to {@code problems} as "email: ...": what the list validator says of it. */
    static void checkEmail(String email, List<String> problems) {
        String problem = emailProblem(email);
        if (problem != null) {
            problems.add("email: " + problem);
        }
    }

    /** What is wrong with a value of the email column, or null. */
    private static String emailProblem(String email) {
        if (email.isEmpty()) {
            return "is empty";
        }
        int open = email.indexOf('<');
        if (open >= 0 && email.endsWith(">")) {
            return "'" + email + "' holds a display name; put the name in the name column and only "
                    + email.substring(open + 1, email.length() - 1).strip() + " in email";
        }
        String problem = FieldChecks.headerTextProblem(email);
        if (problem == null) {
            problem = FieldChecks.bareAddressProblem(email);
        }
        return problem == null ? null : "'" + printable(email) + "' " + problem;
    }

    private Map<String, String> extraFields(List<String> values) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (i != email && i != name && i != status) {
                fields.put(header.get(i), value(values, i));
            }
        }
        return fields;
    }

    private static String value(List<String> values, int column) {
        return column < values.size() ? values.get(column) : "";
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            // Invisible characters too (zero-width spaces, direction marks): a message must show what is wrong.
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT) {
                out.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
