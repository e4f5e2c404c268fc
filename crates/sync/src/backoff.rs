//! When to try again after a failed sync: exponential backoff with jitter, capped. A pure
//! function of the attempt number and a random number the caller draws, so the shell's
//! background task decides the waits and the tests check them without a clock.

use std::time::Duration;

/// Exponential backoff with "equal jitter": the `n`-th retry waits between half and all of
/// `min(max, base · 2ⁿ)`. Never zero (devices that failed together do not come back in the
/// same instant) and never above `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The ceiling of the first retry's wait.
    pub base: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    /// 5 s doubling up to 10 minutes.
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(5),
            max: Duration::from_secs(600),
        }
    }
}

impl Backoff {
    /// The wait before retry `attempt` (0 after the first failure, 1 after the second, …).
    /// `random` is any uniformly drawn number; the same inputs give the same wait.
    pub fn delay(&self, attempt: u32, random: u64) -> Duration {
        let max = self.max.max(self.base);
        let ceiling = self
            .base
            .checked_mul(1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX))
            .map_or(max, |d| d.min(max));
        let ceiling_ms = ceiling.as_millis().min(u128::from(u64::MAX)) as u64;
        let half = ceiling_ms / 2;
        // `half ..= ceiling`, spread by `random`.
        let spread = ceiling_ms - half + 1;
        Duration::from_millis((half + random % spread).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(d: Duration) -> u64 {
        d.as_millis() as u64
    }

    #[test]
    fn waits_double_within_their_jitter_band_up_to_the_cap() {
        let b = Backoff::default();
        for attempt in 0..8 {
            let ceiling = (5_000u64 << attempt).min(600_000);
            for random in [0, 1, 7, 12_345, u64::MAX / 3, u64::MAX] {
                let d = ms(b.delay(attempt, random));
                assert!(
                    (ceiling / 2..=ceiling).contains(&d),
                    "attempt {attempt}: {d} ms outside {}..={ceiling}",
                    ceiling / 2
                );
            }
        }
        assert_eq!(ms(b.delay(0, 0)), 2_500, "the least of the first wait");
        assert_eq!(ms(b.delay(0, 2_500)), 5_000, "the most of the first wait");
        assert_eq!(ms(b.delay(3, 0)), 20_000);
    }

    #[test]
    fn the_cap_holds_for_any_attempt_without_overflow() {
        let b = Backoff::default();
        for attempt in [8, 20, 31, 32, 63, 64, 1_000, u32::MAX] {
            for random in [0, 99, u64::MAX] {
                let d = ms(b.delay(attempt, random));
                assert!((300_000..=600_000).contains(&d), "{attempt}: {d}");
            }
        }
        let huge = Backoff {
            base: Duration::from_secs(u64::MAX / 4),
            max: Duration::MAX,
        };
        assert!(huge.delay(40, 5) > Duration::ZERO);
    }

    #[test]
    fn the_same_inputs_give_the_same_wait_and_randomness_spreads_it() {
        let b = Backoff::default();
        assert_eq!(b.delay(4, 42), b.delay(4, 42));
        let distinct: std::collections::BTreeSet<Duration> =
            (0..100u64).map(|r| b.delay(4, r * 7_919)).collect();
        assert!(distinct.len() > 50, "jitter spreads the waits");
    }

    #[test]
    fn a_wait_is_never_zero_and_a_cap_below_the_base_is_the_base() {
        let tiny = Backoff {
            base: Duration::from_millis(1),
            max: Duration::from_millis(1),
        };
        assert_eq!(tiny.delay(0, 0), Duration::from_millis(1));
        let odd = Backoff {
            base: Duration::from_secs(10),
            max: Duration::from_secs(1),
        };
        assert!(odd.delay(5, 3) <= Duration::from_secs(10));
    }
}
