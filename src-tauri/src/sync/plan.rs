//! When the background task syncs: [`plan`], a pure function of what the shell knows (signed
//! in, running, time since the last attempt, failures, writes waiting, the server answering
//! again), so the schedule is unit-tested without threads or a server.

use std::time::Duration;

use chainbook_sync::Backoff;

/// How often a device with nothing to send syncs.
pub const INTERVAL: Duration = Duration::from_secs(5 * 60);
/// How soon after a sync local writes waiting to go are pushed.
pub const WRITES_DELAY: Duration = Duration::from_secs(20);
/// The longest the background task sleeps before it looks at the waiting writes again.
pub const POLL: Duration = Duration::from_secs(15);

/// What the background task does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Sync now.
    Sync,
    /// Check again after this long (or when woken).
    Wait(Duration),
    /// Nothing to do until the user acts (not signed in, or an error only they can fix).
    Idle,
}

/// The inputs of [`plan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub signed_in: bool,
    pub running: bool,
    /// Since the last attempt ended; `None` before the first.
    pub since_last: Option<Duration>,
    /// The last attempt failed with an error that needs the user (unauthorized, upgrade, clock).
    pub needs_user: bool,
    /// Transient failures in a row.
    pub failures: u32,
    /// Local changes are waiting to be pushed.
    pub writes_waiting: bool,
    /// A random number for the backoff's jitter.
    pub random: u64,
    /// The last attempt found the server unreachable and it answers again (its `/health`,
    /// asked every [`POLL`] while offline): the connection is back.
    pub back_online: bool,
}

/// When to sync: at once after start-up or sign-in, and when the server answers again after
/// being unreachable (on reconnect); after [`Backoff`] following transient failures,
/// [`WRITES_DELAY`] after the last sync while local writes wait, else every [`INTERVAL`]. Never while a sync runs, and never on its own after an error only the user
/// can fix (they sign in again or press "sync now").
pub fn plan(f: Facts) -> Step {
    if !f.signed_in || f.needs_user {
        return Step::Idle;
    }
    if f.running {
        return Step::Wait(WRITES_DELAY);
    }
    let Some(since) = f.since_last else {
        return Step::Sync;
    };
    if f.back_online {
        return Step::Sync;
    }
    let due = if f.failures > 0 {
        Backoff::default().delay(f.failures - 1, f.random)
    } else if f.writes_waiting {
        WRITES_DELAY
    } else {
        INTERVAL
    };
    match due.checked_sub(since) {
        Some(left) if !left.is_zero() => Step::Wait(left),
        _ => Step::Sync,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            signed_in: true,
            running: false,
            since_last: Some(Duration::from_secs(1)),
            needs_user: false,
            failures: 0,
            writes_waiting: false,
            random: 7,
            back_online: false,
        }
    }

    #[test]
    fn a_server_that_answers_again_is_synced_with_at_once() {
        let offline = Facts {
            failures: 6,
            ..facts()
        };
        assert!(matches!(plan(offline), Step::Wait(_)));
        let back = Facts {
            back_online: true,
            ..offline
        };
        assert_eq!(plan(back), Step::Sync);
        assert!(matches!(
            plan(Facts {
                running: true,
                ..back
            }),
            Step::Wait(_)
        ));
    }

    #[test]
    fn nothing_happens_until_signed_in_or_while_the_user_must_act() {
        assert_eq!(
            plan(Facts {
                signed_in: false,
                ..facts()
            }),
            Step::Idle
        );
        assert_eq!(
            plan(Facts {
                needs_user: true,
                ..facts()
            }),
            Step::Idle
        );
    }

    #[test]
    fn the_first_sync_is_at_once_and_later_ones_on_the_interval() {
        assert_eq!(
            plan(Facts {
                since_last: None,
                ..facts()
            }),
            Step::Sync
        );
        assert_eq!(plan(facts()), Step::Wait(INTERVAL - Duration::from_secs(1)));
        let late = Facts {
            since_last: Some(INTERVAL),
            ..facts()
        };
        assert_eq!(plan(late), Step::Sync);
    }

    #[test]
    fn waiting_writes_go_soon() {
        let f = Facts {
            writes_waiting: true,
            ..facts()
        };
        assert_eq!(plan(f), Step::Wait(WRITES_DELAY - Duration::from_secs(1)));
        let f = Facts {
            since_last: Some(WRITES_DELAY),
            ..f
        };
        assert_eq!(plan(f), Step::Sync);
    }

    #[test]
    fn transient_failures_back_off_and_never_sync_while_running() {
        let f = Facts {
            failures: 3,
            writes_waiting: true,
            ..facts()
        };
        let Step::Wait(d) = plan(f) else {
            panic!("backs off")
        };
        let expected = Backoff::default().delay(2, 7) - Duration::from_secs(1);
        assert_eq!(d, expected);
        assert!(matches!(
            plan(Facts {
                running: true,
                ..facts()
            }),
            Step::Wait(_)
        ));
    }
}
