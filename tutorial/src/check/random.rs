//! Seeded random inputs, so a student cannot pass by printing fixed bytes,
//! and `--seed N` gives the same inputs again.
//!
//! SplitMix64: a few lines, good enough to pick test inputs, and the same
//! numbers on every machine. (The `rand` crate would be one more download
//! for lab machines without network.)

use std::ops::RangeInclusive;

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A seed from the clock, for a run without `--seed`.
    pub fn fresh_seed() -> u64 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        // Small numbers are easier to type back after --seed.
        (nanos % 100_000) as u64
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Characters drawn from `alphabet`, as many as `lengths` allows.
    pub fn string(&mut self, alphabet: &str, lengths: RangeInclusive<usize>) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        let len = self.between(*lengths.start(), *lengths.end());
        (0..len).map(|_| *self.pick(&chars)).collect()
    }

    /// Bytes of any value, as many as `lengths` allows.
    pub fn bytes(&mut self, lengths: RangeInclusive<usize>) -> Vec<u8> {
        let len = self.between(*lengths.start(), *lengths.end());
        (0..len).map(|_| self.next_u64() as u8).collect()
    }

    /// A name of letters, `3..=8` long: `Qmxr`.
    pub fn word(&mut self) -> String {
        self.string(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            3..=8,
        )
    }

    /// A field name of our own, in mixed case: `x-QmXr`.
    pub fn field_name(&mut self) -> String {
        let name = format!("x-{}", self.word());
        self.mixed_case(&name)
    }

    /// `name` with each letter's case flipped at random: `cOnTent-LENgth`.
    /// Header names are case-insensitive, and a server must not care.
    pub fn mixed_case(&mut self, name: &str) -> String {
        name.chars()
            .map(|c| {
                if self.one_in(2) {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    }
}
