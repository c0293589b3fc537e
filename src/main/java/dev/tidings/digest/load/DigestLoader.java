package dev.tidings.digest.load;

import dev.tidings.digest.Digest;
import dev.tidings.digest.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads and validates a digest: read YAML (with positions), graft a separate newsletter file,
 * check the structure against the schema, bind to records, check the semantic rules.
 * Never throws for bad content; every problem comes back located.
 */
public final class DigestLoader {
    private final YamlDocumentReader reader = new YamlDocumentReader();
    private final DigestSchema schema;

    public DigestLoader(DigestSchema schema) {
        this.schema = schema;
    }

    public DigestLoader() {
        this(new DigestSchema());
    }

    public LoadedDigest load(Path file) {
        String displayName = file.toString();
        YamlDocument document = reader.read(file, displayName);
        List<Problem> problems = new ArrayList<>(document.problems());
        SourceMap map = document.sourceMap();
        JsonNode root = document.root();
        if (root == null) {
            return new LoadedDigest(null, map, problems);
        }
        if (!root.isObject()) {
            problems.add(Problem.error(map.valueOf(""), "",
                    "a digest is a YAML mapping with the keys newsletter: and issue:"));
            return new LoadedDigest(null, map, problems);
        }
        Map<String, Problem> emptiedByComment = new HashMap<>(document.emptiedByComment());
        boolean newsletterUnreadable = !graftNewsletterFile((ObjectNode) root, file, map, problems, emptiedByComment);
        // The field a misspelt key was meant to be is not also reported missing ("item 1 has no summary"):
        // one typo, one message, the one that says what to fix.
        Set<String> misspelt = new HashSet<>();
        for (Problem problem : schema.check(root, map, misspelt)) {
            // An unreadable newsletter file has been reported once; don't also call the newsletter missing.
            if (!(newsletterUnreadable && problem.field().startsWith("newsletter"))) {
                // "title: #7 The secret life..." is empty to YAML; "must not be empty" alone baffles.
                problems.add(emptiedByComment.getOrDefault(problem.field(), problem));
            }
        }
        Digest digest = DigestBinder.bind(root, file, Path.of(map.fileOf("newsletter")));
        List<Problem> rules = new ArrayList<>(new DigestRules(map).check(digest, root.path("issue")));
        rules.addAll(new LanguageRules(map).check(digest));
        rules.addAll(Drafts.warnings(digest, map));
        for (Problem problem : rules) {
            if (!misspelt.contains(problem.field())) {
                problems.add(problem);
            }
        }
        return new LoadedDigest(digest, map, problems);
    }

    /**
     * {@code newsletter: shared/newsletter.yaml} is replaced by that file's mapping, positions and all.
     * Returns false when the file was named but could not be used (the problem is already reported).
     */
    private boolean graftNewsletterFile(ObjectNode root, Path digestFile, SourceMap map, List<Problem> problems,
                                        Map<String, Problem> emptiedByComment) {
        JsonNode reference = root.get("newsletter");
        if (reference == null || !reference.isTextual()) {
            return true;
        }
        Path file = siblingAsGiven(digestFile, reference.asText());
        YamlDocument newsletter = reader.read(file, file.toString());
        for (Problem problem : newsletter.problems()) {
            if (problem.field().isEmpty() && problem.isError()) {
                problems.add(new Problem(problem.severity(), problem.file(), problem.line(), problem.column(), "newsletter",
                        problem.message() + " (named by " + map.valueOf("newsletter").file() + ":" + map.valueOf("newsletter").line() + ")"));
            } else if (!problem.field().isEmpty()) {
                // Paths in that file start at its root; in the digest they are under newsletter, as in every other message.
                problems.add(new Problem(problem.severity(), problem.file(), problem.line(), problem.column(),
                        "newsletter." + problem.field(), problem.message()));
            } else {
                problems.add(problem);
            }
        }
        if (newsletter.root() == null) {
            root.remove("newsletter");
            return false;
        }
        map.graft("newsletter", newsletter.sourceMap());
        newsletter.emptiedByComment().forEach((path, problem) -> emptiedByComment.put("newsletter." + path,
                new Problem(problem.severity(), problem.file(), problem.line(), problem.column(), "newsletter." + path, problem.message())));
        if (!newsletter.root().isObject()) {
            problems.add(Problem.error(newsletter.sourceMap().valueOf(""), "newsletter",
                    "a newsletter file is a YAML mapping with name:, from:, postal_address: and unsubscribe:"));
            root.remove("newsletter");
            return false;
        }
        root.set("newsletter", newsletter.root());
        return true;
    }

    /** A path relative to the digest's folder, spelt the way the user spelt the digest's path. */
    private static Path siblingAsGiven(Path digest, String relative) {
        Path parent = digest.getParent();
        return parent == null ? Path.of(relative) : parent.resolve(relative).normalize();
    }
}
