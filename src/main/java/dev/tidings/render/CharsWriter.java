package dev.tidings.render;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * What a template wrote, as a growable char array: no locking (StringWriter's StringBuffer locks
 * on every write) and no copy to read it, so a recipient's rendering can be compared with a
 * stencil where it lies. One rendering, one thread.
 *
 * <p>It holds at most {@code limit} characters: a template that writes without end (see
 * {@link TemplateRun}) gets {@link Full} instead of taking the heap. The limit is checked only when
 * the array grows, so writing costs what it did.
 */
final class CharsWriter extends Writer {
    private final int limit;
    private char[] chars;
    private int length;
    private boolean full;

    CharsWriter(int capacity, int limit) {
        this.limit = limit;
        chars = new char[Math.min(capacity, limit)];
    }

    /** The characters written, in {@code [0, length())}; the array is this writer's own, not a copy. */
    char[] chars() {
        return chars;
    }

    int length() {
        return length;
    }

    /** Whether a write was refused for going past the limit (even if the writer's caller swallowed it). */
    boolean full() {
        return full;
    }

    @Override
    public void write(int c) throws Full {
        ensure(1);
        chars[length++] = (char) c;
    }

    @Override
    public void write(char[] source, int offset, int count) throws Full {
        ensure(count);
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    @Override
    public void write(String text, int offset, int count) throws Full {
        ensure(count);
        text.getChars(offset, offset + count, chars, length);
        length += count;
    }

    @Override
    public void write(String text) throws Full {
        write(text, 0, text.length());
    }

    private void ensure(int more) throws Full {
        if (more > chars.length - length) {
            grow(more);
        }
    }

    private void grow(int more) throws Full {
        if (more > limit - length) {
            full = true;
            throw new Full(limit);
        }
        chars = Arrays.copyOf(chars, (int) Math.min(limit, Math.max(chars.length * 2L, (long) length + more)));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    /** A write past the limit. An IOException, as a Writer may throw: FreeMarker passes it on untouched. */
    static final class Full extends IOException {
        Full(int limit) {
            super("over " + limit + " characters written");
        }
    }
}
