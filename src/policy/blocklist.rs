//! The common-password blocklist: the 10,000 most common passwords of SecLists'
//! `10-million-password-list-top-10000` (from Mark Burnett's ten-million-password corpus),
//! lower-cased, so that [`contains`] answers for a candidate that is already NFKC-normalized and
//! lower-cased. Lower-casing merges 87 of them with another that differed only in case
//! (`Andrew`, `ANDREW`, `andrew`), which leaves [`len`]`() == 9,913` distinct entries; every one
//! of the source's 10,000 passwords is matched. Short entries (`123`, `mad`, `sex`) are kept as
//! the source has them. Source, licence and how to regenerate: `data/README.md`.
//!
//! # How a lookup works
//!
//! The entries are sorted and front-coded in blocks of 16 (`data/common-passwords/blocklist.bin`,
//! 41,655 bytes; the format is described in `build_blocklist.py` beside it): each entry stores
//! only what differs from the entry before it, and the first entry of each block is stored whole.
//! [`contains`] binary-searches the first entries of the 620 blocks (10 comparisons), then decodes
//! at most 15 entries of one block into a small buffer on the stack. Matching is exact (no
//! probabilistic filter, no false positives); nothing is allocated, and one lookup takes well
//! under a microsecond, so it can run on every keystroke.
//!
//! ```
//! use account_rules::policy::blocklist;
//!
//! assert!(blocklist::contains("iloveyou"));
//! assert!(!blocklist::contains("iloveyou, mostly"));
//! ```

/// Where the list comes from, for reports and docs.
pub const SOURCE: &str =
    "SecLists 10-million-password-list-top-10000 (MIT; Mark Burnett's corpus), lower-cased";

/// Number of entries: the distinct lower-cased passwords of the source list.
#[must_use]
pub fn len() -> usize {
    LIST.count
}

/// Whether `candidate` is on the list. The caller passes it already normalized (NFKC) and
/// lower-cased; the function itself compares exactly, byte for byte.
#[must_use]
pub fn contains(candidate: &str) -> bool {
    LIST.contains(candidate.as_bytes())
}

/// The encoded list, made by `data/common-passwords/build_blocklist.py`.
const ENCODED: &[u8] = include_bytes!("../../data/common-passwords/blocklist.bin");

/// Size of the encoded header, before the block offsets.
const HEADER_BYTES: usize = 16;

/// Longest entry the format can hold: 15 shared bytes and a suffix of 16.
const MAX_ENTRY_BYTES: usize = 31;

/// The list, its header checked at compile time (below), so that a lookup only reads.
static LIST: FrontCoded = match FrontCoded::parse(ENCODED) {
    Some(list) => list,
    None => FrontCoded::EMPTY,
};

// A malformed or truncated header fails the build instead of emptying the list.
const _: () = assert!(
    FrontCoded::parse(ENCODED).is_some(),
    "data/common-passwords/blocklist.bin is malformed: run build_blocklist.py"
);

/// A sorted list of byte strings, front-coded in blocks (format: `build_blocklist.py`).
struct FrontCoded {
    /// Number of entries.
    count: usize,
    /// Entries per block.
    block_len: usize,
    /// Little-endian `u32` offsets of each block's first entry in `entries`.
    offsets: &'static [u8],
    /// The entries: one header byte `(shared << 4) | (suffix_len - 1)`, then the suffix.
    entries: &'static [u8],
}

impl FrontCoded {
    const EMPTY: Self = Self {
        count: 0,
        block_len: 1,
        offsets: &[],
        entries: &[],
    };

    /// Reads and checks the header; `None` if it is not a version-1 list with consistent sizes.
    const fn parse(bytes: &'static [u8]) -> Option<Self> {
        let Some((header, rest)) = bytes.split_at_checked(HEADER_BYTES) else {
            return None;
        };
        let [
            b'A',
            b'R',
            b'B',
            b'L',
            1,
            block_len,
            0,
            0,
            n0,
            n1,
            n2,
            n3,
            k0,
            k1,
            k2,
            k3,
        ] = *header
        else {
            return None;
        };
        let count = u32::from_le_bytes([n0, n1, n2, n3]) as usize;
        let blocks = u32::from_le_bytes([k0, k1, k2, k3]) as usize;
        let block_len = block_len as usize;
        if block_len == 0 || blocks != count.div_ceil(block_len) {
            return None;
        }
        let Some(offsets_len) = blocks.checked_mul(4) else {
            return None;
        };
        let Some((offsets, entries)) = rest.split_at_checked(offsets_len) else {
            return None;
        };
        if entries.len() < count.saturating_mul(2) {
            return None;
        }
        Some(Self {
            count,
            block_len,
            offsets,
            entries,
        })
    }

    fn blocks(&self) -> usize {
        self.offsets.len() / 4
    }

    /// Where block `block`'s first entry starts in `entries`.
    fn block_start(&self, block: usize) -> Option<usize> {
        let at = block.checked_mul(4)?;
        let bytes = self.offsets.get(at..at.checked_add(4)?)?;
        let word = <[u8; 4]>::try_from(bytes).ok()?;
        usize::try_from(u32::from_le_bytes(word)).ok()
    }

    /// The entry whose header byte is at `at`: the number of bytes it shares with the entry
    /// before it, its suffix, and where the next entry starts.
    fn entry(&self, at: usize) -> Option<(usize, &'static [u8], usize)> {
        let header = *self.entries.get(at)?;
        let shared = usize::from(header >> 4);
        let start = at.checked_add(1)?;
        let end = start.checked_add(usize::from(header & 0x0f) + 1)?;
        Some((shared, self.entries.get(start..end)?, end))
    }

    /// The first entry of block `block`, which is stored whole.
    fn block_head(&self, block: usize) -> Option<&'static [u8]> {
        match self.entry(self.block_start(block)?)? {
            (0, head, _) => Some(head),
            _ => None,
        }
    }

    fn contains(&self, needle: &[u8]) -> bool {
        needle.len() <= MAX_ENTRY_BYTES && self.find(needle).unwrap_or(false)
    }

    /// `Some(found)`, or `None` if the data is inconsistent (which the tests rule out).
    fn find(&self, needle: &[u8]) -> Option<bool> {
        // The blocks whose first entry is <= needle come first; the needle can only be in the
        // last of them. Invariant: heads of blocks[..low] <= needle < heads of blocks[high..].
        let (mut low, mut high) = (0, self.blocks());
        while low < high {
            let middle = low + (high - low) / 2;
            if self.block_head(middle)? <= needle {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let Some(block) = low.checked_sub(1) else {
            return Some(false);
        };
        let first = block.checked_mul(self.block_len)?;
        let entries_in_block = self.count.saturating_sub(first).min(self.block_len);

        let mut buffer = [0_u8; MAX_ENTRY_BYTES];
        let mut len = 0;
        let mut at = self.block_start(block)?;
        for _ in 0..entries_in_block {
            let (shared, suffix, next) = self.entry(at)?;
            if shared > len {
                return None;
            }
            len = shared + suffix.len();
            buffer.get_mut(shared..len)?.copy_from_slice(suffix);
            match buffer.get(..len)?.cmp(needle) {
                std::cmp::Ordering::Less => at = next,
                std::cmp::Ordering::Equal => return Some(true),
                std::cmp::Ordering::Greater => return Some(false),
            }
        }
        Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The source list, exactly as the package ships it (one password a line).
    const RAW: &str = include_str!(
        "../../data/common-passwords/10-million-password-list-top-10000_ALPHABETIZED.txt"
    );

    /// The passwords of the source list (its one blank line, added by the package, skipped).
    fn raw_entries() -> impl Iterator<Item = &'static str> {
        RAW.split('\n').filter(|line| !line.is_empty())
    }

    /// What the list must hold, computed from the source independently of the encoding.
    fn expected() -> BTreeSet<String> {
        raw_entries().map(str::to_lowercase).collect()
    }

    /// Every entry of the encoded list, in stored order, decoded one after another.
    fn decoded() -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = Vec::new();
        let mut at = 0;
        for i in 0..LIST.count {
            if i % LIST.block_len == 0 {
                assert_eq!(
                    LIST.block_start(i / LIST.block_len),
                    Some(at),
                    "offset of block"
                );
            }
            let entry = LIST.entry(at);
            assert!(entry.is_some(), "entry {i} runs past the end");
            let (shared, suffix, next) = entry.unwrap_or_default();
            if i % LIST.block_len == 0 {
                assert_eq!(
                    shared,
                    0,
                    "block {} starts with a whole entry",
                    i / LIST.block_len
                );
            }
            let previous = out.last().map_or(&[][..], Vec::as_slice);
            let mut entry = previous.get(..shared).unwrap_or(previous).to_vec();
            assert_eq!(
                entry.len(),
                shared,
                "entry {i} shares more than the previous holds"
            );
            entry.extend_from_slice(suffix);
            out.push(entry);
            at = next;
        }
        assert_eq!(
            at,
            LIST.entries.len(),
            "trailing bytes after the last entry"
        );
        out
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn well_known_passwords_are_listed() {
        for password in [
            "password", "123456", "12345678", "qwerty", "iloveyou", "letmein", "dragon", "monkey",
            "abc123", "football", "111111", "trustno1", "sunshine", "123", "zzzzzzzz",
        ] {
            assert!(contains(password), "{password}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn near_misses_are_not_listed() {
        for candidate in [
            "password!x9",
            "passwordpasswordpasswordpassword",
            "correct horse battery staple",
            "Password",
            "QWERTY",
            " qwerty",
            "qwerty ",
            "qwerty\n",
            "",
            "\0",
            "pässword",
            "ｐａｓｓｗｏｒｄ",
            "!",
            "~~~~",
            "zzzzzzzzz",
        ] {
            assert!(!contains(candidate), "{candidate:?}");
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn size_matches_the_source() {
        assert_eq!(raw_entries().count(), 10_000);
        assert_eq!(len(), expected().len());
        assert_eq!(len(), 9_913);
        assert!(SOURCE.contains("SecLists") && SOURCE.contains("MIT"));
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn encoded_list_is_the_sorted_unique_lowercased_source() {
        let decoded = decoded();
        let mut pairs = decoded.iter().zip(decoded.iter().skip(1));
        assert!(pairs.all(|(a, b)| a < b), "sorted and unique");
        let expected: Vec<Vec<u8>> = expected().into_iter().map(String::into_bytes).collect();
        assert_eq!(decoded, expected);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn every_source_password_is_found_once_lowercased() {
        for password in raw_entries() {
            assert!(contains(&password.to_lowercase()), "{password}");
        }
    }

    /// Prefixes, extensions and one-byte changes of every entry: found exactly when they are
    /// themselves on the list.
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn neighbours_of_every_entry_are_answered_exactly() {
        let expected = expected();
        let mut checked = 0;
        for entry in &expected {
            // The list is ASCII, so every byte boundary is a char boundary.
            let mut probes: Vec<String> = (0..entry.len())
                .filter_map(|n| entry.get(..n).map(str::to_owned))
                .collect();
            assert_eq!(probes.len(), entry.len());
            for extra in ["\0", "0", "1", "a", "z", "!", "~"] {
                probes.push(format!("{entry}{extra}"));
                probes.push(format!("{extra}{entry}"));
            }
            for step in [-1_i8, 1] {
                let mut bytes = entry.as_bytes().to_vec();
                if let Some(last) = bytes.last_mut() {
                    *last = last.wrapping_add_signed(step);
                }
                if let Ok(changed) = String::from_utf8(bytes) {
                    probes.push(changed);
                }
            }
            for probe in probes {
                assert_eq!(contains(&probe), expected.contains(&probe), "{probe:?}");
                checked += 1;
            }
        }
        assert!(checked > 150_000);
    }

    #[cfg_attr(not(target_arch = "wasm32"), test)]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
    fn header_is_checked() {
        assert!(FrontCoded::parse(ENCODED).is_some());
        let cut = |n: usize| ENCODED.get(..n).unwrap_or_default();
        assert!(
            FrontCoded::parse(cut(HEADER_BYTES - 1)).is_none(),
            "short header"
        );
        assert!(
            FrontCoded::parse(cut(HEADER_BYTES + 8)).is_none(),
            "short offsets"
        );
        assert!(FrontCoded::parse(b"ARBL\x02\x10\0\0\x01\0\0\0\x01\0\0\0\0\0\0\0\x00a").is_none());
        assert!(FrontCoded::parse(b"ARBL\x01\x10\0\0\x01\0\0\0\x01\0\0\0\0\0\0\0\x00a").is_some());
        assert!(!FrontCoded::EMPTY.contains(b"password"));
    }
}
