#!/usr/bin/env python3
"""Build blocklist.bin, the compact form of the common-password list embedded by
src/policy/blocklist.rs.

Regenerate (from the repository root; needs only Python 3):

    python3 data/common-passwords/build_blocklist.py

then run the tests (`cargo test blocklist`): they decode blocklist.bin and compare it, entry by
entry, with the source file below, so a stale or broken blocklist.bin cannot pass.

Transformation: every non-empty line of the source is lower-cased (the source is pure ASCII, which
this script checks, so lower-casing is ASCII lower-casing and NFKC changes nothing), then the
entries are de-duplicated and sorted by their bytes. Nothing is dropped for being short.

Format of blocklist.bin (all integers little-endian):

    offset  size  field
    0       4     magic b"ARBL"
    4       1     format version, 1
    5       1     entries per block, B
    6       2     zero
    8       4     entry count, N (u32)
    12      4     block count, K = ceil(N / B) (u32)
    16      4*K   offset of each block's first entry, from the start of the entry area (u32)
    16+4*K  ...   the entry area: the N entries in sorted order, front-coded

Each entry is one header byte, (shared << 4) | (suffix_len - 1), followed by suffix_len bytes:
the entry is the first `shared` bytes of the previous entry followed by the suffix. `shared` is
the longest common prefix with the previous entry (exactly, not just any common prefix), and it is
0 for the first entry of every block, so a block's first entry is stored whole and a lookup can
binary-search the blocks by their first entries, then decode at most B entries.
Limits of the format, checked here: shared <= 15 and 1 <= suffix_len <= 16.
"""

from pathlib import Path
import struct

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "10-million-password-list-top-10000_ALPHABETIZED.txt"
OUTPUT = HERE / "blocklist.bin"
BLOCK = 16


def common_prefix(a: bytes, b: bytes) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def main() -> None:
    raw = SOURCE.read_bytes()
    if not raw.isascii():
        raise SystemExit(f"{SOURCE.name}: non-ASCII entry; decide on NFKC/case folding first")
    lines = raw.decode("ascii").split("\n")
    entries = sorted({line.lower().encode("ascii") for line in lines if line})

    offsets = []
    area = bytearray()
    previous = b""
    for i, entry in enumerate(entries):
        if i % BLOCK == 0:
            offsets.append(len(area))
            shared = 0
        else:
            shared = common_prefix(previous, entry)
        suffix = entry[shared:]
        if shared > 15 or not 1 <= len(suffix) <= 16:
            raise SystemExit(f"entry {entry!r} does not fit the format (shared {shared})")
        area.append((shared << 4) | (len(suffix) - 1))
        area += suffix
        previous = entry

    header = b"ARBL" + struct.pack("<BBHII", 1, BLOCK, 0, len(entries), len(offsets))
    index = b"".join(struct.pack("<I", offset) for offset in offsets)
    OUTPUT.write_bytes(header + index + bytes(area))
    print(f"{OUTPUT.name}: {len(entries)} entries from {len(lines)} source lines, "
          f"{len(offsets)} blocks, {len(header) + len(index) + len(area)} bytes")


if __name__ == "__main__":
    main()
