//! Tells the window that the data changed ([`EVENT`]), so that it asks for the navigation's
//! badges again only then, not on every change of view. The store calls the notifier after
//! each committed write ([`chainbook_store::Store::on_change`]); a burst of writes (an import,
//! a sync's pages, the sample company) gives one event per [`QUIET`] at most, sent after it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The event's name; it carries no payload: the window asks for what it shows.
pub const EVENT: &str = "data://changed";

/// How long a burst is gathered before the one event goes out.
pub const QUIET: Duration = Duration::from_millis(250);

/// A listener for the store that calls `emit` once, [`QUIET`] after the first change of a
/// burst. It only sets a flag and starts a timer thread, so it is safe to call inside a write.
pub fn notifier(emit: impl Fn() + Send + Sync + 'static) -> impl Fn() + Send + 'static {
    let pending = Arc::new(AtomicBool::new(false));
    let emit = Arc::new(emit);
    move || {
        if pending.swap(true, Ordering::SeqCst) {
            return;
        }
        let (flag, send) = (pending.clone(), emit.clone());
        let timer = std::thread::Builder::new()
            .name("data-changed".into())
            .spawn(move || {
                std::thread::sleep(QUIET);
                // Cleared first: a write while the event goes out starts the next burst.
                flag.store(false, Ordering::SeqCst);
                send();
            });
        if let Err(e) = timer {
            tracing::warn!(error = %e, "cannot start the change timer; telling the window now");
            pending.store(false, Ordering::SeqCst);
            emit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_burst_of_changes_is_one_event_after_it_and_a_later_change_another() {
        let sent = Arc::new(AtomicUsize::new(0));
        let s = sent.clone();
        let changed = notifier(move || {
            s.fetch_add(1, Ordering::SeqCst);
        });
        for _ in 0..500 {
            changed();
        }
        assert_eq!(
            sent.load(Ordering::SeqCst),
            0,
            "sent after the burst, not during it"
        );
        std::thread::sleep(QUIET * 3);
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        changed();
        std::thread::sleep(QUIET * 3);
        assert_eq!(sent.load(Ordering::SeqCst), 2);
    }
}
