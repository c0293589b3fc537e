package dev.tidings.mail.mime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array without the locking of ByteArrayOutputStream: one message, one thread. */
public final class ByteSink {
    private byte[] bytes;
    private int size;

    public ByteSink(int capacity) {
        bytes = new byte[capacity];
    }

    public void write(int b) {
        if (size == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[size++] = (byte) b;
    }

    public void write(byte[] more) {
        write(more, more.length);
    }

    /** The first {@code length} bytes of {@code more}. */
    public void write(byte[] more, int length) {
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
        }
        System.arraycopy(more, 0, bytes, size, length);
        size += length;
    }

    /** Header text, which is ASCII by construction (RFC 2047 has encoded everything else). */
    void ascii(String text) {
        write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A header line: the text and CRLF. */
    void line(String text) {
        ascii(text);
        crlf();
    }

    void crlf() {
        write('\r');
        write('\n');
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The bytes written so far after {@code prefix}, in one copy (a signature header goes on top of a message). */
    byte[] toByteArray(byte[] prefix) {
        byte[] whole = new byte[prefix.length + size];
        System.arraycopy(prefix, 0, whole, 0, prefix.length);
        System.arraycopy(bytes, 0, whole, prefix.length, size);
        return whole;
    }

    /** How many bytes have been written. */
    int size() {
        return size;
    }

    /** The bytes written so far, without a copy: valid until the next write. */
    byte[] array() {
        return bytes;
    }
}
