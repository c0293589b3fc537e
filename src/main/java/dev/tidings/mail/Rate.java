package dev.tidings.mail;

import dev.tidings.TidingsException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sending rate as providers state it: {@code 10/s}, {@code 300/min}, {@code 5000/h}. */
public record Rate(double count, String unit, double perSecond) {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|sec|second|m|min|minute|h|hr|hour)");

    public static Rate parse(String text) {
        Matcher matcher = FORMAT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw TidingsException.usage("--rate: expected a count per second, minute or hour, e.g. 10/s, 300/min or 5000/h");
        }
        double count = Double.parseDouble(matcher.group(1));
        if (count <= 0) {
            throw TidingsException.usage("--rate: the count must be above zero");
        }
        String unit = matcher.group(2);
        double seconds = unit.startsWith("s") ? 1 : unit.startsWith("m") ? 60 : 3600;
        return new Rate(count, unit, count / seconds);
    }

    @Override
    public String toString() {
        return (count == Math.rint(count) ? Long.toString((long) count) : Double.toString(count)) + "/" + unit;
    }
}
