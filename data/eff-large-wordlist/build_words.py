#!/usr/bin/env python3
"""Build words.txt, the form of the EFF large word list embedded by src/generate/wordlist.rs.

Regenerate (from the repository root; needs only Python 3):

    python3 data/eff-large-wordlist/build_words.py

Transformation: eff_large_wordlist.txt has one line per word, "<five dice digits><TAB><word>",
in dice order (11111 .. 66666), which is also alphabetical order. words.txt keeps only the word,
one per line, in the same order, each line ending in "\n". The script checks that the dice
numbers run through all 6^5 = 7776 rolls in order and that the words are unique.
src/generate/wordlist.rs checks the count and the alphabet again at compile time, and its tests
compare words.txt with eff_large_wordlist.txt line by line.
"""

from itertools import product
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "eff_large_wordlist.txt"
OUTPUT = HERE / "words.txt"


def main() -> None:
    rows = [line.split("\t") for line in SOURCE.read_text("ascii").splitlines()]
    rolls = ["".join(roll) for roll in product("123456", repeat=5)]
    if [row[0] for row in rows] != rolls or any(len(row) != 2 for row in rows):
        raise SystemExit(f"{SOURCE.name}: not one '<roll>\\t<word>' line per roll, in order")
    words = [row[1] for row in rows]
    if len(set(words)) != len(words):
        raise SystemExit(f"{SOURCE.name}: duplicate words")
    OUTPUT.write_text("".join(word + "\n" for word in words), "ascii")
    print(f"{OUTPUT.name}: {len(words)} words, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
