package dev.tidings.render;

import java.io.Writer;
import java.util.Arrays;

/**
 * What a template wrote, as a growable char array: no locking (StringWriter's StringBuffer locks
 * on every write) and no copy to read it, so a recipient's rendering can be compared with a
 * stencil where it lies. One rendering, one thread.
 */
final class CharsWriter extends Writer {
    private char[] chars;
    private int length;

    CharsWriter(int capacity) {
        chars = new char[capacity];
    }

    /** The characters written, in {@code [0, length())}; the array is this writer's own, not a copy. */
    char[] chars() {
        return chars;
    }

    int length() {
        return length;
    }

    @Override
    public void write(int c) {
        ensure(1);
        chars[length++] = (char) c;
    }

    @Override
    public void write(char[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    @Override
    public void write(String text, int offset, int count) {
        ensure(count);
        text.getChars(offset, offset + count, chars, length);
        length += count;
    }

    @Override
    public void write(String text) {
        write(text, 0, text.length());
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
        }
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
}
