//! The generator's only source of randomness: ChaCha8 seeded from a `u64`, with our own integer
//! range sampling on top. ChaCha8's stream is specified and portable, and everything below is
//! plain integer arithmetic, so a seed yields the same data on every platform and with every
//! `rand` release.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub struct Rng(ChaCha8Rng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in `0..n` (`n > 0`), by the multiply-shift method; the bias is below 2⁻³² × n,
    /// far too small to matter for test data.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0 && n <= u32::MAX as usize);
        ((u64::from(self.0.next_u32()) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An item biased towards the front of the list: index ⌊len × u²⌋ for uniform u, so the
    /// first item is drawn about √len times as often as an average one.
    pub fn skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.skewed_index(items.len())]
    }

    /// The index [`Rng::skewed`] draws from a list of `len` items (`len > 0`).
    pub fn skewed_index(&mut self, len: usize) -> usize {
        let u = self.below(1 << 16) as u64;
        ((u * u * len as u64) >> 32) as usize
    }

    /// An index drawn with the given integer weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// `n` random decimal digits.
    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_pinned() {
        // If this fails, every cached dataset and golden value changes: bump GENERATOR_VERSION.
        let mut r = Rng::new(42);
        let v: Vec<usize> = (0..8).map(|_| r.below(1000)).collect();
        assert_eq!(v, PINNED);
    }

    const PINNED: [usize; 8] = [224, 681, 146, 950, 772, 427, 344, 627];

    #[test]
    fn ranges_hold() {
        let mut r = Rng::new(7);
        for _ in 0..10_000 {
            assert!(r.below(3) < 3);
            let b = r.between(5, 9);
            assert!((5..=9).contains(&b));
            assert!(r.weighted(&[0, 5, 0]) == 1);
        }
        let mut counts = [0usize; 10];
        for _ in 0..100_000 {
            counts[*r.skewed(&[0usize, 1, 2, 3, 4, 5, 6, 7, 8, 9])] += 1;
        }
        assert!(counts[0] > counts[9] * 3, "{counts:?}");
    }
}
