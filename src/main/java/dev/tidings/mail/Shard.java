package dev.tidings.mail;

import dev.tidings.TidingsException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * One part of a list split across machines: {@code --shard 2/4} sends to the addresses whose
 * stable hash falls in part 2 of 4. The hash is SHA-256 of the lower-cased address, so every
 * host computes the same split from the same list without coordinating, an address stays in its
 * shard when the list grows or is re-ordered, and each shard keeps its own ledger.
 *
 * @param index 1-based part number
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public static Shard parse(String text) {
        String[] parts = text.strip().split("/");
        try {
            if (parts.length == 2) {
                int index = Integer.parseInt(parts[0]);
                int count = Integer.parseInt(parts[1]);
                if (count >= 1 && count <= 1024 && index >= 1 && index <= count) {
                    return new Shard(index, count);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw TidingsException.usage("--shard: expected K/N with 1 <= K <= N <= 1024, e.g. 2/4");
    }

    public boolean contains(String email) {
        return count == 1 || partOf(email, count) == index;
    }

    /** The 1-based part of {@code count} an address belongs to. */
    static int partOf(String email, int count) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | hash[i] & 0xFF;
            }
            return (int) Long.remainderUnsigned(value, count) + 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
