//! Hybrid logical clock (HLC).
//!
//! Every synced row's `updated_at` is an HLC value, so "which write is newer" has one answer on
//! every device even when wall clocks disagree or jump backwards. A value packs the wall-clock
//! milliseconds (high 48 bits, enough for ~8,900 years) and a logical counter (low 16 bits) into
//! one `u64`: ordering by the integer is ordering by the clock, and SQLite stores it as one
//! INTEGER. The clock never goes backwards: the store persists the last value it handed out and
//! rebuilds the clock from it at start-up.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

const COUNTER_BITS: u32 = 16;
const COUNTER_MAX: u64 = (1 << COUNTER_BITS) - 1;
const MS_MAX: u64 = (1 << (64 - COUNTER_BITS - 1)) - 1; // keep the top bit clear: fits in i64

/// One hybrid-logical-clock reading.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Hlc(u64);

impl Hlc {
    pub const ZERO: Hlc = Hlc(0);

    pub fn new(wall_ms: u64, counter: u16) -> Self {
        Hlc((wall_ms.min(MS_MAX) << COUNTER_BITS) | counter as u64)
    }

    pub fn wall_ms(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    pub fn counter(self) -> u16 {
        (self.0 & COUNTER_MAX) as u16
    }

    /// The packed value, as stored in SQLite. Always non-negative.
    pub fn to_i64(self) -> i64 {
        self.0 as i64
    }

    /// Reads a stored value; negative numbers (never written by us) clamp to zero.
    pub fn from_i64(v: i64) -> Self {
        Hlc(v.max(0) as u64)
    }

    /// The wall-clock part as a UTC time, for display.
    pub fn to_datetime(self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(self.wall_ms() as i64)
            .single()
            .unwrap_or_default()
    }

    fn next_after(self) -> Hlc {
        if self.counter() as u64 == COUNTER_MAX {
            Hlc::new(self.wall_ms() + 1, 0)
        } else {
            Hlc(self.0 + 1)
        }
    }
}

/// The device's clock: the last value handed out plus the rules for the next one.
#[derive(Debug, Clone)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    /// Resumes from the last persisted value.
    pub fn new(last: Hlc) -> Self {
        Self { last }
    }

    pub fn last(&self) -> Hlc {
        self.last
    }

    /// A local event at wall-clock time `now_ms`: strictly greater than every value before it,
    /// and equal to the wall clock whenever the wall clock is ahead.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        let wall = Hlc::new(now_ms, 0);
        self.last = if wall > self.last {
            wall
        } else {
            self.last.next_after()
        };
        self.last
    }

    /// Merges a value seen from another device, so later local events order after it.
    pub fn observe(&mut self, remote: Hlc, now_ms: u64) -> Hlc {
        let wall = Hlc::new(now_ms, 0);
        let max = self.last.max(remote);
        self.last = if wall > max { wall } else { max.next_after() };
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn packs_and_unpacks() {
        let h = Hlc::new(1_732_000_000_123, 42);
        assert_eq!(h.wall_ms(), 1_732_000_000_123);
        assert_eq!(h.counter(), 42);
        assert_eq!(Hlc::from_i64(h.to_i64()), h);
        assert!(h.to_i64() > 0);
        assert_eq!(h.to_datetime().timestamp_millis(), 1_732_000_000_123);
    }

    #[test]
    fn follows_the_wall_clock_when_it_moves_forward() {
        let mut c = HlcClock::new(Hlc::ZERO);
        assert_eq!(c.tick(1000), Hlc::new(1000, 0));
        assert_eq!(c.tick(2000), Hlc::new(2000, 0));
    }

    #[test]
    fn same_millisecond_bumps_the_counter() {
        let mut c = HlcClock::new(Hlc::ZERO);
        c.tick(1000);
        assert_eq!(c.tick(1000), Hlc::new(1000, 1));
        assert_eq!(c.tick(1000), Hlc::new(1000, 2));
    }

    #[test]
    fn clock_going_backwards_never_moves_the_hlc_back() {
        let mut c = HlcClock::new(Hlc::ZERO);
        let a = c.tick(5_000_000);
        // The user sets the system clock back an hour.
        let b = c.tick(5_000_000 - 3_600_000);
        let d = c.tick(5_000_000 - 3_600_000 + 1);
        assert!(b > a && d > b);
        assert_eq!(b, Hlc::new(5_000_000, 1));
        // Once the wall clock passes the old value again it takes over.
        assert_eq!(c.tick(5_000_001), Hlc::new(5_000_001, 0));
    }

    #[test]
    fn counter_overflow_carries_into_milliseconds() {
        let mut c = HlcClock::new(Hlc::new(10, u16::MAX));
        assert_eq!(c.tick(0), Hlc::new(11, 0));
    }

    #[test]
    fn resumes_from_persisted_value_after_restart() {
        let mut c = HlcClock::new(Hlc::new(9_000, 3));
        assert_eq!(c.tick(100), Hlc::new(9_000, 4));
    }

    #[test]
    fn observe_orders_after_remote() {
        let mut c = HlcClock::new(Hlc::new(1000, 0));
        let r = Hlc::new(50_000, 7);
        let o = c.observe(r, 2000);
        assert!(o > r);
        assert!(c.tick(2000) > o);
    }

    proptest! {
        #[test]
        fn strictly_increasing_for_any_wall_clock_sequence(
            start in 0u64..1_000_000_000,
            steps in proptest::collection::vec(-100_000i64..100_000, 1..200),
        ) {
            let mut c = HlcClock::new(Hlc::ZERO);
            let mut now = start as i64;
            let mut prev = Hlc::ZERO;
            for s in steps {
                now = (now + s).max(0);
                let h = c.tick(now as u64);
                prop_assert!(h > prev);
                prop_assert!(h.wall_ms() >= now as u64);
                prev = h;
            }
        }
    }
}
