package dev.tidings.links;

import dev.tidings.digest.Problem;

import java.util.List;

/**
 * The outcome of a link check: a problem at every use of every address that is not fine, in file
 * order (never in the order answers came), and how many distinct addresses ended how.
 *
 * @param links the distinct addresses requested; {@code uses} counts the places that use them
 */
public record LinkReport(List<Problem> problems, int links, int uses, int broken, int moved, int unavailable) {
    public LinkReport {
        problems = List.copyOf(problems);
    }
}
