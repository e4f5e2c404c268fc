//! The shell's side of sync: the signed-in client, sign-in and sign-out with the token in the
//! OS keychain, one sync at a time off the UI thread, and the background task that decides
//! when to sync ([`plan`], a pure function) and tells the UI how it went (the `sync://status`
//! event).
//!
//! Everything here calls `chainbook_sync` and the store's sync handles; no SQL, no merge rule.
//!
//! - [`plan`]: when the background task syncs (pure);
//! - [`errors`]: sync and keychain failures as command errors.

mod errors;
mod plan;

pub use errors::{sync_error, token_error};
pub use plan::{plan, Facts, Step, INTERVAL, POLL, WRITES_DELAY};

use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use chainbook_core::ErrorCode;
use chainbook_store::sync::SyncLink;
use chainbook_store::Store;
use chainbook_sync::{
    KeyringTokens, Secret, SyncClient, SyncError, TokenError, TokenKey, TokenStore,
};
use chrono::{DateTime, Utc};

use crate::dto::sync::{SignInInput, SyncProgressDto, SyncStatusDto};
use crate::error::CmdResult;

/// The event the background task emits after every sync, with a [`SyncStatusDto`].
pub const STATUS_EVENT: &str = "sync://status";
/// The event every running sync emits after each request, with a [`SyncProgressDto`].
pub const PROGRESS_EVENT: &str = "sync://progress";

/// Tells the UI how far a sync got (the app emits [`PROGRESS_EVENT`]; tests set nothing).
pub type OnProgress = Box<dyn Fn(SyncProgressDto) + Send + Sync>;

/// Opens the token store; the OS keychain in the app, a mock in tests.
pub type Tokens = Box<dyn Fn() -> Result<Box<dyn TokenStore>, TokenError> + Send + Sync>;

/// The OS keychain.
pub fn os_tokens() -> Tokens {
    Box::new(|| Ok(Box::new(KeyringTokens::os()?) as Box<dyn TokenStore>))
}

/// What the last sync attempt left behind, and the client to sync with.
#[derive(Default)]
struct State {
    client: Option<Arc<SyncClient>>,
    running: bool,
    last_at: Option<DateTime<Utc>>,
    last_attempt: Option<Instant>,
    last_error: Option<ErrorCode>,
    /// Transient failures in a row (the backoff's attempt number).
    failures: u32,
    /// Stop waiting: the user asked, signed in, or the app writes.
    woken: bool,
    /// Bumped by every change above that the UI shows (see [`SyncStatusDto::version`]).
    version: u64,
}

/// Sync as the shell holds it; shared by the commands and the background task.
pub struct SyncShell {
    state: Mutex<State>,
    wake: Condvar,
    tokens: Tokens,
    on_progress: OnceLock<OnProgress>,
}

fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|p| p.into_inner())
}

impl SyncShell {
    pub fn new(tokens: Tokens) -> SyncShell {
        SyncShell {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            tokens,
            on_progress: OnceLock::new(),
        }
    }

    /// Where progress goes (set once, at start-up).
    pub fn set_on_progress(&self, f: OnProgress) {
        let _ = self.on_progress.set(f);
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// At start-up: the client for the server signed in to, with its token from the keychain
    /// (none after a reboot on Linux: the user signs in again).
    pub fn restore(&self, store: &Store) {
        let Ok(Some(link)) = store.sync().link() else {
            // No link (a restored database that never synced): no client either.
            self.state().client = None;
            return;
        };
        let key = TokenKey {
            server: link.server.clone(),
            device: store.device().id,
        };
        let token = (self.tokens)().and_then(|t| t.load(&key));
        match (SyncClient::new(&link.server), token) {
            (Ok(mut client), Ok(Some(token))) => {
                client.set_token(token);
                self.state().client = Some(Arc::new(client));
            }
            (_, Err(e)) => self.state().last_error = Some(token_error(e).code),
            _ => {}
        }
    }

    /// The status for the UI.
    pub fn status(&self, store: &Store) -> CmdResult<SyncStatusDto> {
        let s = store.sync().status()?;
        let link = store.sync().link()?;
        let st = self.state();
        Ok(SyncStatusDto {
            enabled: s.enabled,
            signed_in: st.client.is_some(),
            server: link.as_ref().map(|l| l.server.clone()),
            device_name: link.map(|l| l.device_name),
            device_code: store.device().code.clone(),
            last_at: st.last_at.map(crate::dto::wire::rfc3339),
            last_error: st.last_error,
            changes_waiting: s.change_log,
            first_push_pending: s.snapshot_pending,
            held: s.waiting + s.newer_schema + s.refused,
            open_conflicts: s.open_conflicts,
            running: st.running,
            offline: st.last_error == Some(ErrorCode::Offline),
            version: st.version,
        })
    }

    /// Signs in, keeps the token in the keychain (or nowhere, answering `no_keychain`), and
    /// remembers the server. Blocking: run it off the UI thread.
    pub fn sign_in(&self, store: &Mutex<Store>, input: SignInInput) -> CmdResult<()> {
        let mut client = SyncClient::new(input.server.trim()).map_err(sync_error)?;
        let tokens = (self.tokens)().map_err(token_error)?;
        let mut s = lock(store);
        let signed = client
            .sign_in(
                &mut s,
                input.org.trim(),
                input.user.trim(),
                &Secret::new(input.password),
                input.device_name.trim(),
            )
            .map_err(sync_error)?;
        let key = TokenKey {
            server: client.server().to_owned(),
            device: s.device().id,
        };
        if let Err(e) = tokens.save(&key, &signed.token) {
            client.clear_token();
            return Err(token_error(e));
        }
        s.sync_mut().set_link(Some(&SyncLink {
            server: client.server().to_owned(),
            device_name: input.device_name.trim().to_owned(),
        }))?;
        drop(s);
        let mut st = self.state();
        st.client = Some(Arc::new(client));
        st.last_error = None;
        st.failures = 0;
        st.last_attempt = None;
        st.woken = true;
        st.version += 1;
        self.wake.notify_all();
        Ok(())
    }

    /// Deletes the token from the keychain and forgets the client; the server stays in the
    /// form. A keychain that cannot be reached holds no token, so sign-out goes on.
    pub fn sign_out(&self, store: &Store) -> CmdResult<()> {
        let client = self.state().client.take();
        let server = match (client, store.sync().link()?) {
            (Some(c), _) => Some(c.server().to_owned()),
            (None, link) => link.map(|l| l.server),
        };
        if let Some(server) = server {
            let key = TokenKey {
                server,
                device: store.device().id,
            };
            match (self.tokens)().and_then(|t| t.delete(&key)) {
                Ok(()) | Err(TokenError::NoKeychain) => {}
                Err(e) => return Err(token_error(e)),
            }
        }
        let mut st = self.state();
        st.last_error = None;
        st.failures = 0;
        st.version += 1;
        Ok(())
    }

    /// One sync, now, on the calling thread (the caller is a blocking thread). The store is
    /// locked only while the sync runs.
    pub fn sync_now(&self, store: &Mutex<Store>) -> CmdResult<()> {
        let client = {
            let mut st = self.state();
            let Some(client) = st.client.clone() else {
                return Err(sync_error(SyncError::NotSignedIn));
            };
            st.running = true;
            st.version += 1;
            client
        };
        let result = {
            let mut s = lock(store);
            client.sync_with_progress(&mut s, &mut |p| {
                if let Some(f) = self.on_progress.get() {
                    f(p.into());
                }
            })
        };
        let mut st = self.state();
        st.running = false;
        st.version += 1;
        st.last_at = Some(Utc::now());
        st.last_attempt = Some(Instant::now());
        match result {
            Ok(report) => {
                tracing::info!(pushed = report.pushed, pulled = report.pulled, "synced");
                st.last_error = None;
                st.failures = 0;
                Ok(())
            }
            Err(e) => {
                st.failures = if e.is_transient() { st.failures + 1 } else { 0 };
                let e = sync_error(e);
                st.last_error = Some(e.code);
                Err(e)
            }
        }
    }

    /// Runs one team-management request (`f`, given the client and the store's schema
    /// version) with the signed-in client. Blocking: run it off the UI thread. The store is
    /// locked only to read its schema version, not during the request.
    pub fn team<T>(
        &self,
        store: &Mutex<Store>,
        f: impl FnOnce(&SyncClient, u32) -> Result<T, SyncError>,
    ) -> CmdResult<T> {
        let client = self
            .state()
            .client
            .clone()
            .ok_or_else(|| sync_error(SyncError::NotSignedIn))?;
        let schema = lock(store).schema_version()?;
        f(&client, schema).map_err(sync_error)
    }

    /// Wakes the background task (after a local write, or when the user asks).
    pub fn wake(&self) {
        self.state().woken = true;
        self.wake.notify_all();
    }

    /// The background task: decides with [`plan`], syncs, reports the status to `emit`, waits.
    /// Runs until the process ends.
    pub fn run(&self, store: &Mutex<Store>, emit: impl Fn(SyncStatusDto)) {
        loop {
            let writes_waiting = lock(store)
                .sync()
                .status()
                .map(|s| s.change_log > 0 || s.snapshot_pending)
                .unwrap_or(false);
            let back_online = self.back_online();
            let step = {
                let st = self.state();
                plan(Facts {
                    signed_in: st.client.is_some(),
                    running: st.running,
                    since_last: st.last_attempt.map(|t| t.elapsed()),
                    needs_user: matches!(
                        st.last_error,
                        Some(
                            ErrorCode::Unauthorized
                                | ErrorCode::SignInExpired
                                | ErrorCode::DeviceRevoked
                                | ErrorCode::UpgradeRequired
                                | ErrorCode::ClockAhead
                        )
                    ),
                    failures: st.failures,
                    writes_waiting,
                    random: random(),
                    back_online,
                })
            };
            match step {
                Step::Sync => {
                    let _ = self.sync_now(store);
                    // The status is taken, then the store let go before emitting: the UI
                    // thread must never wait on a lock held across a call into the window.
                    let status = self.status(&lock(store));
                    if let Ok(status) = status {
                        emit(status);
                    }
                }
                Step::Wait(d) => self.sleep(d.min(POLL)),
                Step::Idle => self.sleep(POLL),
            }
        }
    }

    /// Whether the server answers again after the last attempt found it unreachable (a
    /// `GET /health`, without the store). `false` when it was not offline.
    fn back_online(&self) -> bool {
        let client = {
            let st = self.state();
            if st.last_error != Some(ErrorCode::Offline) || st.running {
                return false;
            }
            st.client.clone()
        };
        client.is_some_and(|c| c.health().is_ok())
    }

    fn sleep(&self, d: Duration) {
        let mut st = self.state();
        if !st.woken {
            st = self
                .wake
                .wait_timeout(st, d)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        st.woken = false;
    }
}

/// Jitter for the backoff: the clock's nanoseconds are random enough to spread devices.
fn random() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos().into())
        .unwrap_or(0)
}
