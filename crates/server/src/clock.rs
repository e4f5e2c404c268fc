//! The server's one clock. Every handler takes "now" from the [`Clock`] in the app state,
//! never from `Utc::now()`, so stored times, token expiry and the clock-ahead check of a push
//! all read the same time, and the integration tests can move it.
//!
//! A clock is the system time plus a fixed offset. The offset is zero unless `serve` is given
//! the hidden `--clock-offset-secs` flag, which exists for the integration tests only: they
//! restart the server on the same data folder with the clock days ahead to see tokens expire.

use chrono::{DateTime, TimeDelta, Utc};

/// The largest offset accepted, in seconds (about a century either way), so that adding it
/// to the system time cannot overflow.
pub const MAX_OFFSET_SECS: i64 = 100 * 366 * 24 * 3600;

/// System time shifted by a fixed offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    offset: TimeDelta,
}

impl Clock {
    /// The system's time, unshifted.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// The system's time shifted by `secs` (clamped to ±[`MAX_OFFSET_SECS`]).
    pub fn offset_by_secs(secs: i64) -> Clock {
        Clock {
            offset: TimeDelta::seconds(secs.clamp(-MAX_OFFSET_SECS, MAX_OFFSET_SECS)),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_shifts_the_system_time() {
        let before = Utc::now();
        let system = Clock::system().now();
        assert!(system >= before && system - before < TimeDelta::seconds(5));
        let ahead = Clock::offset_by_secs(91 * 86_400).now();
        let shift = ahead - Utc::now();
        assert!(shift > TimeDelta::days(90) && shift <= TimeDelta::days(91));
        // Out of range is clamped, not a panic.
        let far = Clock::offset_by_secs(i64::MAX).now();
        assert!(far > Utc::now() + TimeDelta::days(365 * 99));
        assert!(Clock::offset_by_secs(-86_400).now() < Utc::now());
    }
}
