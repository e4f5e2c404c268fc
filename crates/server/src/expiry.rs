//! How long a device token lasts. A token is valid until the earlier of two moments: its last
//! use plus the idle limit (sliding: every request moves it on), and its issue plus the
//! absolute limit (fixed: a stolen token that is used daily still dies). Defaults 90 and 365
//! days, set with `serve --token-idle-days` and `--token-max-days`. An expired token is refused
//! with 401 `expired`; signing in again issues a new token, counted afresh.
//!
//! A token's last use is recorded by any authenticated request (and by sign-in), but at most
//! once every [`RECORD_USE_AFTER`], so a busy device does not write on every pull: the
//! recorded use may be up to that much stale, which makes the idle limit end that much early
//! at worst.

use chrono::{DateTime, TimeDelta, Utc};

/// How stale the recorded last use may be before a request records it again.
pub const RECORD_USE_AFTER: TimeDelta = TimeDelta::minutes(1);

/// The longest limit accepted, in days (ten years), for either limit.
pub const MAX_DAYS: u32 = 3650;

/// The two limits of a token's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenPolicy {
    /// How long a token lives after its last use.
    pub idle: TimeDelta,
    /// How long a token lives after it was issued, however often it is used.
    pub max_age: TimeDelta,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        TokenPolicy::from_days(90, 365)
    }
}

impl TokenPolicy {
    /// Limits in whole days (each clamped to 1..=[`MAX_DAYS`]).
    pub fn from_days(idle: u32, max_age: u32) -> TokenPolicy {
        let days = |d: u32| TimeDelta::days(i64::from(d.clamp(1, MAX_DAYS)));
        TokenPolicy {
            idle: days(idle),
            max_age: days(max_age),
        }
    }

    /// The first moment the token is no longer valid. A last use recorded before the issue
    /// (a database from before issue times were kept) counts as the issue.
    pub fn expires_at(&self, issued_at: DateTime<Utc>, last_used: DateTime<Utc>) -> DateTime<Utc> {
        (last_used.max(issued_at) + self.idle).min(issued_at + self.max_age)
    }

    pub fn is_expired(
        &self,
        issued_at: DateTime<Utc>,
        last_used: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        now >= self.expires_at(issued_at, last_used)
    }
}

/// Whether a request at `now` should record itself as the token's last use.
pub fn should_record_use(last_used: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_used >= RECORD_USE_AFTER
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + TimeDelta::days(1000 + n)
    }

    #[test]
    fn a_token_dies_after_the_idle_limit_without_use() {
        let p = TokenPolicy::default();
        assert!(!p.is_expired(day(0), day(0), day(89)));
        assert!(!p.is_expired(day(0), day(0), day(90) - TimeDelta::milliseconds(1)));
        assert!(p.is_expired(day(0), day(0), day(90)));
        // Each use moves the end on.
        assert!(!p.is_expired(day(0), day(80), day(169)));
        assert!(p.is_expired(day(0), day(80), day(170)));
    }

    #[test]
    fn a_token_dies_at_the_absolute_limit_however_often_used() {
        let p = TokenPolicy::default();
        assert_eq!(p.expires_at(day(0), day(300)), day(365));
        assert!(!p.is_expired(day(0), day(364), day(364)));
        assert!(p.is_expired(day(0), day(364), day(365)));
        // A short maximum wins over a longer idle limit.
        let short = TokenPolicy::from_days(90, 30);
        assert_eq!(short.expires_at(day(0), day(0)), day(30));
    }

    #[test]
    fn limits_are_clamped_and_a_use_before_the_issue_counts_as_the_issue() {
        let p = TokenPolicy::from_days(0, u32::MAX);
        assert_eq!(p.idle, TimeDelta::days(1));
        assert_eq!(p.max_age, TimeDelta::days(i64::from(MAX_DAYS)));
        assert_eq!(TokenPolicy::default().expires_at(day(10), day(0)), day(100));
    }

    #[test]
    fn use_is_recorded_once_the_record_is_a_minute_old() {
        let t = day(0);
        assert!(!should_record_use(t, t));
        assert!(!should_record_use(t, t + TimeDelta::seconds(59)));
        assert!(should_record_use(t, t + TimeDelta::seconds(60)));
        // A clock that went back records nothing.
        assert!(!should_record_use(t, t - TimeDelta::days(1)));
    }
}
