package dev.tidings.preview;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.digest.Problem;
import dev.tidings.render.Preflight;
import dev.tidings.render.Recipient;

/** The preview page's view of a snapshot, as JSON. */
final class PreviewJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PreviewJson() {
    }

    static String state(Snapshot snapshot, String as) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", snapshot.version());
        node.put("ok", snapshot.ok());
        if (snapshot.ok()) {
            var issue = snapshot.issue().digest().issue();
            node.put("id", issue.id());
            node.put("subject", issue.subject());
            node.put("preheader", issue.preheader() == null ? "" : issue.preheader());
            node.put("html_bytes", snapshot.htmlBytes());
            node.put("clip_bytes", Preflight.GMAIL_CLIP_BYTES);
            node.put("placeholder_tokens", snapshot.issue().unsubscribe().tokensArePlaceholders());
        }
        ArrayNode problems = node.putArray("problems");
        for (Problem problem : snapshot.problems()) {
            problems.addObject().put("severity", problem.severity().label()).put("text", problem.format());
        }
        ArrayNode recipients = node.putArray("recipients");
        for (Recipient recipient : snapshot.recipients()) {
            recipients.addObject().put("email", recipient.email()).put("name", recipient.name() == null ? "" : recipient.name());
        }
        node.put("as", as == null ? "" : as);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
