package dev.tidings.render;

import dev.tidings.render.stencil.HtmlStencil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything in an email that differs from one recipient to the next: the subscriber's address,
 * names and extra fields, and the personal unsubscribe links. The rest of the model is the issue,
 * the same for all. Knowing this boundary is what lets {@link PreparedIssue} inline CSS once per
 * issue instead of once per recipient (see {@link HtmlStencil}).
 */
record Personalization(String email, String name, String firstName, Map<String, String> fields,
                       String unsubscribe, String unsubscribeUrl) {
    private static final int FIXED_SLOTS = 5;

    Personalization {
        fields = new TreeMap<>(fields);
    }

    /** The values in slot order: the five fixed ones, then the fields by name. */
    /** Whether a value holds a line break (a CSV field may): then the HTML is not handed on as lines. */
    boolean hasLineBreak() {
        for (String value : values()) {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                return true;
            }
        }
        return false;
    }

    List<String> values() {
        List<String> values = new ArrayList<>(FIXED_SLOTS + fields.size());
        values.add(email);
        values.add(name);
        values.add(firstName);
        values.add(unsubscribe);
        values.add(unsubscribeUrl);
        values.addAll(fields.values());
        return values;
    }

    /**
     * What a template can branch on without looking at the values: which field names exist and
     * which values are empty ({@code ?has_content}). Recipients of the same shape share a stencil.
     */
    String shape() {
        StringBuilder shape = new StringBuilder();
        for (String value : values()) {
            shape.append(value.isEmpty() ? '0' : '1');
        }
        return shape.append(fields.keySet()).toString();
    }

    /** The same shape with each non-empty value replaced by a unique marker. */
    Personalization withMarkers() {
        List<String> markers = new ArrayList<>();
        List<String> values = values();
        for (int i = 0; i < values.size(); i++) {
            markers.add(values.get(i).isEmpty() ? "" : HtmlStencil.marker(i));
        }
        Map<String, String> markedFields = new TreeMap<>();
        int slot = FIXED_SLOTS;
        for (String key : fields.keySet()) {
            markedFields.put(key, markers.get(slot++));
        }
        return new Personalization(markers.get(0), markers.get(1), markers.get(2), markedFields, markers.get(3), markers.get(4));
    }
}
