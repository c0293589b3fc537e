#!/usr/bin/env python3
"""shard_simulation.py: the numbers behind docs/scaling.md's claims about `send --shard K/N`.

Uses the same function as tidings (SHA-256 of the lower-cased address, first 8 bytes big-endian,
unsigned, mod N, plus 1; ShardTest pins it) on synthetic addresses, and compares it with the naive
split by row number, which is what a shell script with `split -n` would do.
"""
import hashlib
import sys


def shard(address, n):
    value = int.from_bytes(hashlib.sha256(address.lower().encode()).digest()[:8], "big")
    return value % n + 1


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    addresses = [f"subscriber{i:07d}@example{i % 97}.test" for i in range(total)]
    print(f"{total:,} addresses")
    for n in (2, 4, 8, 16):
        counts = [0] * (n + 1)
        for a in addresses:
            counts[shard(a, n)] += 1
        ideal = total / n
        worst = max(abs(c - ideal) / ideal for c in counts[1:])
        print(f"N={n:2d}: largest shard {max(counts[1:]):,}, smallest {min(counts[1:]):,}, worst deviation {worst:.2%}")
    # A list that grows by 10% (new rows inserted at random places, e.g. re-sorted by name):
    n = 4
    newcomers = [f"subscriber{i:07d}-new@example{i % 97}.test" for i in range(0, total, 10)]
    grown = sorted(addresses + newcomers)
    moved_hash = sum(1 for a in addresses if shard(a, n) != shard(a, n))  # the hash ignores position: 0
    position = {a: i for i, a in enumerate(sorted(addresses))}
    new_position = {a: i for i, a in enumerate(grown)}
    moved_rows = sum(1 for a in addresses if position[a] % n != new_position[a] % n)
    print(f"after the list grows by 10% and is re-sorted, N=4: hash split moves {moved_hash:,} existing"
          f" subscribers to another shard; a split by row number moves {moved_rows:,} ({moved_rows / total:.0%}),"
          f" each of whom the new shard's ledger has never seen: a second copy")


if __name__ == "__main__":
    main()
