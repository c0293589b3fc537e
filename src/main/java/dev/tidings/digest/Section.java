package dev.tidings.digest;

import java.util.List;

/** A headed list of links, such as "Also in the series". */
public record Section(String heading, List<Link> links) {
    public Section {
        links = List.copyOf(links);
    }
}
