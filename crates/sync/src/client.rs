//! [`SyncClient`]: signing a device in and one sync — push everything outgoing, then pull
//! (a snapshot first on a new device) until the device has caught up.
//!
//! The client moves changes and nothing else: what to send comes from
//! `store.sync().outgoing(..)`, what arrives goes through `store.sync_mut().apply_page(..)`,
//! and every merge rule, conflict and waiting change is the store's business.

use chainbook_core::merge::RowChange;
use chainbook_protocol::{
    paths, Health, PullRequest, PullResponse, PulledChange, PushChange, PushRequest, PushResponse,
    Role, Secret, SignInRequest, SignInResponse, SnapshotRequest, SnapshotResponse, MAX_PULL_PAGE,
    MAX_PUSH_CHANGES, MAX_SNAPSHOT_PAGE,
};
use chainbook_store::sync::Ack;
use chainbook_store::Store;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::error::SyncError;
use crate::http::{self, HttpTransport, Transport};
use crate::ids::{batch_id, change_id};

/// How much moves per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Changes per push (a row's change is one).
    pub push_batch: usize,
    /// Changes per pulled page.
    pub pull_page: u32,
    /// Rows per snapshot page.
    pub snapshot_page: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            push_batch: 500,
            pull_page: MAX_PULL_PAGE,
            snapshot_page: MAX_SNAPSHOT_PAGE,
        }
    }
}

/// What a sign-in gave the device. The caller keeps `token` in the keychain
/// ([`crate::TokenStore`]); the device code is already adopted by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedIn {
    pub token: Secret,
    pub device_code: String,
    pub org_id: Uuid,
    pub org_slug: String,
    pub user_id: Uuid,
    pub role: Role,
    pub server_time: DateTime<Utc>,
}

/// What one sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Changes pushed and acknowledged.
    pub pushed: usize,
    /// Changes pulled from other devices and applied, a snapshot's rows one each (the
    /// device's own changes come back in pulls too; they are applied, changing nothing, and
    /// not counted).
    pub pulled: usize,
    /// Concurrent edits this sync recorded.
    pub conflicts: usize,
    /// Conflicts not yet reviewed on this device, after the sync.
    pub open_conflicts: u64,
    /// Pulled changes waiting for a row that has not arrived yet, after the sync.
    pub waiting: u64,
    /// Pulled changes kept until this app understands their newer schema, after the sync.
    pub newer_schema: u64,
    /// The pull cursor after the sync: the last change applied.
    pub cursor: i64,
    /// The organisation's last change when the last page was read.
    pub head: i64,
}

/// Where a sync is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Changes pushed so far.
    Pushing { pushed: usize },
    /// The first sync's snapshot: the rows whose first change is numbered up to `at`, of
    /// `upto`, read and applied.
    Snapshot { at: i64, upto: i64 },
    /// Pulling: changes up to `at` of `head` applied.
    Pulling { at: i64, head: i64 },
}

/// A sync client for one server. Blocking: the shell runs it on a blocking thread, one sync
/// at a time per store (the store is borrowed mutably for the whole sync).
pub struct SyncClient {
    base: String,
    transport: Box<dyn Transport>,
    token: Option<Secret>,
    limits: Limits,
}

impl std::fmt::Debug for SyncClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncClient")
            .field("server", &self.base)
            .field("signed_in", &self.token.is_some())
            .field("limits", &self.limits)
            .finish()
    }
}

impl SyncClient {
    /// A client of the server at `server_url` (`https://…`, or `http://…` on a trusted
    /// network or behind a TLS proxy), over [`HttpTransport`] with default timeouts.
    pub fn new(server_url: &str) -> Result<SyncClient, SyncError> {
        Self::with_transport(server_url, Box::new(HttpTransport::default()))
    }

    /// A client over another [`Transport`] (tests lose answers with one).
    pub fn with_transport(
        server_url: &str,
        transport: Box<dyn Transport>,
    ) -> Result<SyncClient, SyncError> {
        Ok(SyncClient {
            base: http::base_url(server_url)?,
            transport,
            token: None,
            limits: Limits::default(),
        })
    }

    /// The server URL, normalised (no trailing slash).
    pub fn server(&self) -> &str {
        &self.base
    }

    /// Uses a token kept from an earlier sign-in.
    pub fn set_token(&mut self, token: Secret) {
        self.token = Some(token);
    }

    /// Forgets the token (sign-out; the caller deletes it from the keychain too).
    pub fn clear_token(&mut self) {
        self.token = None;
    }

    pub fn is_signed_in(&self) -> bool {
        self.token.is_some()
    }

    /// Sets how much moves per request (each lowered to the protocol's maximum).
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = Limits {
            push_batch: limits.push_batch.clamp(1, MAX_PUSH_CHANGES),
            pull_page: limits.pull_page.clamp(1, MAX_PULL_PAGE),
            snapshot_page: limits.snapshot_page.clamp(1, MAX_SNAPSHOT_PAGE),
        };
    }

    /// `GET /health`: the server answers, and which protocols it serves.
    pub fn health(&self) -> Result<Health, SyncError> {
        let answer = self
            .transport
            .get(&format!("{}{}", self.base, paths::HEALTH))
            .ok_or(SyncError::Offline)?;
        http::decode(&answer)
    }

    /// Signs this device in as `user` of `org`. The store adopts the device code the server
    /// assigned (distinct within the organisation, the device's own when free) before any
    /// further document is numbered, and sync is turned on. Keep the returned token in the
    /// keychain; this client uses it from now on.
    pub fn sign_in(
        &mut self,
        store: &mut Store,
        org: &str,
        user: &str,
        password: &Secret,
        device_name: &str,
    ) -> Result<SignedIn, SyncError> {
        let device = store.device().clone();
        let answer: SignInResponse = http::call(
            self.transport.as_ref(),
            &self.base,
            paths::SIGN_IN,
            store.schema_version()?,
            None,
            &SignInRequest {
                org: org.to_owned(),
                user: user.to_owned(),
                password: password.clone(),
                device_id: device.id,
                device_name: device_name.to_owned(),
                device_code: Some(device.code),
            },
        )?;
        store
            .set_device_code(&answer.device_code)
            .map_err(|_| SyncError::BadAnswer { status: 200 })?;
        store.sync_mut().enable()?;
        self.token = Some(answer.token.clone());
        tracing::info!(org = %answer.org_slug, code = %answer.device_code, "signed in");
        Ok(SignedIn {
            token: answer.token,
            device_code: answer.device_code,
            org_id: answer.org_id,
            org_slug: answer.org_slug,
            user_id: answer.user_id,
            role: answer.role,
            server_time: answer.server_time,
        })
    }

    /// One sync: [`SyncClient::push`], then [`SyncClient::pull`].
    pub fn sync_once(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        self.sync_with_progress(store, &mut |_| {})
    }

    /// [`SyncClient::sync_once`], telling `progress` how far it got after every request.
    pub fn sync_with_progress(
        &self,
        store: &mut Store,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<SyncReport, SyncError> {
        let pushed = self.push_with_progress(store, progress)?;
        let mut report = self.pull_with_progress(store, progress)?;
        report.pushed = pushed;
        Ok(report)
    }

    /// Pushes everything outgoing, batch by batch, acknowledging each batch once the server
    /// answered it. Answers how many changes were pushed. A batch whose answer is lost stays
    /// unacknowledged; the next push rebuilds it with the same change ids (see
    /// [`crate::ids`]), so the server stores it once.
    pub fn push(&self, store: &mut Store) -> Result<usize, SyncError> {
        self.push_with_progress(store, &mut |_| {})
    }

    fn push_with_progress(
        &self,
        store: &mut Store,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<usize, SyncError> {
        let token = self.token()?;
        store.sync_mut().enable()?;
        let schema = store.schema_version()?;
        let device = store.device().id;
        let mut pushed = 0;
        loop {
            let out = store.sync().outgoing(self.limits.push_batch)?;
            let more = matches!(out.ack, Ack::Snapshot { done: false, .. });
            if out.changes.is_empty() {
                // The end of the first push's walk, or log entries of rows gone since.
                if out.ack != Ack::Nothing {
                    store.sync_mut().acknowledge(&out.ack)?;
                }
                if more {
                    continue;
                }
                return Ok(pushed);
            }
            let changes: Vec<PushChange> = out
                .changes
                .into_iter()
                .map(|change| PushChange {
                    change_id: change_id(&change),
                    change,
                })
                .collect();
            let request = PushRequest {
                device_id: device,
                batch_id: batch_id(&changes),
                changes,
            };
            let answer: PushResponse = http::call(
                self.transport.as_ref(),
                &self.base,
                paths::PUSH,
                schema,
                Some(token),
                &request,
            )?;
            if answer.seqs.len() != request.changes.len() {
                return Err(SyncError::BadAnswer { status: 200 });
            }
            store.sync_mut().acknowledge(&out.ack)?;
            pushed += request.changes.len();
            tracing::debug!(batch = %request.batch_id, changes = request.changes.len(), "pushed");
            progress(Progress::Pushing { pushed });
        }
    }

    /// Pulls until the device has caught up: a new device without rows of its own first
    /// reads the snapshot (every row in its merged state, applied in bulk), resuming one that
    /// was interrupted; then pages after the cursor until none is left. Each page is applied with its cursor in one local transaction, so the cursor
    /// never passes a change the device has not applied or kept (a change it cannot apply
    /// yet — newer schema, missing parent — is kept by the store and retried; a failed apply
    /// saves nothing and leaves the cursor where it was).
    pub fn pull(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        self.pull_with_progress(store, &mut |_| {})
    }

    fn pull_with_progress(
        &self,
        store: &mut Store,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<SyncReport, SyncError> {
        let token = self.token()?;
        let schema = store.schema_version()?;
        let me = store.device().id;
        let mut report = SyncReport {
            cursor: store.sync().pull_cursor()?,
            ..SyncReport::default()
        };
        // A snapshot under way resumes; a blank device starts one; a device with rows of
        // its own pulls every change from its cursor (it has something to merge them with).
        let mut upto = store.sync().snapshot_upto()?;
        if upto.is_some() || (report.cursor == 0 && store.sync().is_blank()?) {
            loop {
                let page: SnapshotResponse = http::call(
                    self.transport.as_ref(),
                    &self.base,
                    paths::SNAPSHOT,
                    schema,
                    Some(token),
                    &SnapshotRequest {
                        upto,
                        after: report.cursor,
                        limit: self.limits.snapshot_page,
                    },
                )?;
                if !snapshot_page_follows(report.cursor, upto, &page) {
                    return Err(SyncError::BadAnswer { status: 200 });
                }
                upto = Some(page.upto);
                report.pulled += page.rows.len();
                let rows: Vec<RowChange> = page.rows.into_iter().map(|r| r.change).collect();
                let applied = store.sync_mut().apply_snapshot_page(
                    &rows,
                    page.upto,
                    page.next_after,
                    page.done,
                )?;
                report.conflicts += applied.conflicts;
                report.cursor = if page.done {
                    page.upto
                } else {
                    page.next_after
                };
                report.head = report.head.max(page.upto);
                progress(Progress::Snapshot {
                    at: report.cursor,
                    upto: page.upto,
                });
                if page.done {
                    break;
                }
            }
        }
        loop {
            let page: PullResponse = http::call(
                self.transport.as_ref(),
                &self.base,
                paths::PULL,
                schema,
                Some(token),
                &PullRequest {
                    cursor: report.cursor,
                    limit: self.limits.pull_page,
                },
            )?;
            let end = page_end(report.cursor, &page.changes)?;
            if end != page.next_cursor || page.next_cursor > page.head {
                return Err(SyncError::BadAnswer { status: 200 });
            }
            report.head = page.head;
            if !page.changes.is_empty() {
                self.apply(store, page.changes, page.next_cursor, me, &mut report)?;
            }
            progress(Progress::Pulling {
                at: report.cursor,
                head: page.head,
            });
            if !page.more {
                break;
            }
        }
        let status = store.sync().status()?;
        report.open_conflicts = status.open_conflicts;
        report.waiting = status.waiting;
        report.newer_schema = status.newer_schema;
        Ok(report)
    }

    /// Applies one page with its cursor, in one local transaction.
    fn apply(
        &self,
        store: &mut Store,
        page: Vec<PulledChange>,
        cursor: i64,
        me: Uuid,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        report.pulled += page.iter().filter(|c| c.device_id != me).count();
        let changes: Vec<RowChange> = page.into_iter().map(|c| c.change).collect();
        let applied = store.sync_mut().apply_page(&changes, cursor)?;
        report.conflicts += applied.conflicts;
        report.cursor = cursor;
        Ok(())
    }

    pub(crate) fn transport(&self) -> &dyn Transport {
        self.transport.as_ref()
    }

    pub(crate) fn token(&self) -> Result<&str, SyncError> {
        self.token
            .as_ref()
            .map(Secret::expose)
            .ok_or(SyncError::NotSignedIn)
    }
}

/// A snapshot page follows on from `after` within the snapshot asked for: its rows in order
/// after the cursor and up to its end, the next cursor at its last row (or the end, when
/// done), and the same end as before.
fn snapshot_page_follows(after: i64, upto: Option<i64>, page: &SnapshotResponse) -> bool {
    let mut at = after;
    for r in &page.rows {
        if r.seq <= at || r.seq > page.upto {
            tracing::warn!(after = at, got = r.seq, "snapshot page out of order");
            return false;
        }
        at = r.seq;
    }
    let next = if page.done { page.upto } else { at };
    upto.is_none_or(|u| u == page.upto) && page.next_after == next && (page.done || at > after)
}

/// The sequence number a page that follows `cursor` ends at, checking that its changes
/// follow on without a gap or a repeat; a page that does not is refused whole.
fn page_end(cursor: i64, changes: &[PulledChange]) -> Result<i64, SyncError> {
    let mut at = cursor;
    for c in changes {
        if c.seq != at + 1 {
            tracing::warn!(expected = at + 1, got = c.seq, "page with a gap");
            return Err(SyncError::BadAnswer { status: 200 });
        }
        at = c.seq;
    }
    Ok(at)
}
