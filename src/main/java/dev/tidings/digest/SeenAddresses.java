package dev.tidings.digest;

/**
 * Remembers which addresses a list has already named, and on which line, in about 12 bytes per
 * address: a 64-bit hash of the lower-cased address and an int line number in open-addressing
 * arrays. A million subscribers cost ~24 MB instead of the ~150 MB a {@code HashMap<String,Integer>}
 * would. Two different addresses collide with probability about n^2/2^65 (3e-8 for a million).
 */
public final class SeenAddresses {
    private long[] hashes = new long[1024];
    private int[] lines = new int[1024];
    private int size;

    /** Records the address; returns the line of its first occurrence, or 0 when it is new. */
    public int firstLineOf(String lowerCasedAddress, int line) {
        if (size * 2 >= hashes.length) {
            grow();
        }
        long hash = hash(lowerCasedAddress);
        int slot = indexFor(hash, hashes.length);
        while (lines[slot] != 0) {
            if (hashes[slot] == hash) {
                return lines[slot];
            }
            slot = (slot + 1) & (hashes.length - 1);
        }
        hashes[slot] = hash;
        lines[slot] = Math.max(line, 1);
        size++;
        return 0;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldLines = lines;
        hashes = new long[oldHashes.length * 2];
        lines = new int[oldLines.length * 2];
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldLines[i] != 0) {
                int slot = indexFor(oldHashes[i], hashes.length);
                while (lines[slot] != 0) {
                    slot = (slot + 1) & (hashes.length - 1);
                }
                hashes[slot] = oldHashes[i];
                lines[slot] = oldLines[i];
            }
        }
    }

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
