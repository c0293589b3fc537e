package dev.tidings.subscribers;

/**
 * Remembers which addresses a list has already named, and on which line, in about 12 bytes per
 * address: a 64-bit hash of the lower-cased address and an int line number in open-addressing
 * arrays. A million subscribers cost ~24 MB instead of the ~150 MB a {@code HashMap<String,Integer>}
 * would. Two different addresses collide with probability about n^2/2^65 (3e-8 for a million).
 *
 * <p>The table is split into {@value #SEGMENTS} segments, chosen by the hash's top bits, that grow
 * one at a time: growing copies one small segment instead of the whole table, so the memory in use
 * never jumps by half again, and no array is large enough to need a contiguous stretch of a small
 * heap (a million rows validate in 64 MB).
 */
public final class SeenAddresses {
    private static final int SEGMENTS = 256;
    private static final int SEGMENT_BITS = Integer.numberOfTrailingZeros(SEGMENTS);

    private final long[][] hashes = new long[SEGMENTS][];
    private final int[][] lines = new int[SEGMENTS][];
    private final int[] sizes = new int[SEGMENTS];

    /** Records the address; returns the line of its first occurrence, or 0 when it is new. */
    public int firstLineOf(String lowerCasedAddress, int line) {
        long hash = hash(lowerCasedAddress);
        int segment = (int) (hash >>> (64 - SEGMENT_BITS));
        if (hashes[segment] == null) {
            hashes[segment] = new long[16];
            lines[segment] = new int[16];
        } else if (sizes[segment] * 2 >= hashes[segment].length) {
            grow(segment);
        }
        long[] segmentHashes = hashes[segment];
        int[] segmentLines = lines[segment];
        int slot = indexFor(hash, segmentHashes.length);
        while (segmentLines[slot] != 0) {
            if (segmentHashes[slot] == hash) {
                return segmentLines[slot];
            }
            slot = (slot + 1) & (segmentHashes.length - 1);
        }
        segmentHashes[slot] = hash;
        segmentLines[slot] = Math.max(line, 1);
        sizes[segment]++;
        return 0;
    }

    private void grow(int segment) {
        long[] oldHashes = hashes[segment];
        int[] oldLines = lines[segment];
        long[] newHashes = new long[oldHashes.length * 2];
        int[] newLines = new int[oldLines.length * 2];
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldLines[i] != 0) {
                int slot = indexFor(oldHashes[i], newHashes.length);
                while (newLines[slot] != 0) {
                    slot = (slot + 1) & (newHashes.length - 1);
                }
                newHashes[slot] = oldHashes[i];
                newLines[slot] = oldLines[i];
            }
        }
        hashes[segment] = newHashes;
        lines[segment] = newLines;
    }

    /** The low bits pick the slot (the top bits picked the segment). */
    private static int indexFor(long hash, int capacity) {
        return (int) (hash ^ (hash >>> 32)) & (capacity - 1);
    }

    /** FNV-1a over the UTF-16 units, then the SplitMix64 finaliser to spread the bits. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
