package dev.tidings.links;

/** Told as links are checked, from the checking threads, in completion order: for a progress line, never for the report. */
public interface LinkCheckProgress {
    LinkCheckProgress NONE = (done, total) -> {
    };

    /** {@code done} of {@code total} distinct addresses have an answer. */
    void checked(int done, int total);
}
