package dev.tidings.digest.load;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Problem;
import java.util.List;

/**
 * The outcome of loading a digest: the records (when the file could be read at all), where each
 * field came from, and every problem found, in file order.
 *
 * @param digest null when the file could not be read or parsed
 */
public record LoadedDigest(Digest digest, SourceMap sourceMap, List<Problem> problems) {
    public LoadedDigest {
        problems = problems.stream().sorted(Problem.IN_FILE_ORDER).toList();
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** The digest, for callers that have checked {@link #hasErrors()}. */
    public Digest valid() {
        if (digest == null || hasErrors()) {
            throw new IllegalStateException("the digest has errors");
        }
        return digest;
    }
}
