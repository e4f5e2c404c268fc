//! Moving changes: a device pushes its changes and gets a sequence number for each; it pulls
//! the organisation's changes after its cursor, page by page; a new device first reads a
//! snapshot (every row's merged state as of a fixed sequence number) and then pulls after it.
//!
//! A change is a [`RowChange`] from `chainbook_core::merge`, exactly as the device's store
//! builds and applies it, wrapped with the ids the server needs. Sequence numbers are per
//! organisation, start at 1 and have no gaps; a device's cursor is the sequence number of the
//! last change it applied.

use chainbook_core::merge::RowChange;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One change as pushed: the client's id for it (the same id on every retry) and the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushChange {
    pub change_id: Uuid,
    pub change: RowChange,
}

/// `POST /v1/push`: a batch of the device's changes, stored together or not at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// Must be the signed-in device's id.
    pub device_id: Uuid,
    /// The client's id for the batch (the same on every retry); for logs and tracing.
    pub batch_id: Uuid,
    pub changes: Vec<PushChange>,
}

/// The answer to a push: the sequence number of each change, in the request's order. A change
/// already stored (a retry) answers with the number it got the first time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub seqs: Vec<i64>,
    pub server_time: DateTime<Utc>,
}

/// `POST /v1/pull`: the organisation's changes after `cursor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    /// The sequence number of the last change the device applied (0 at first).
    pub cursor: i64,
    /// At most this many changes; lowered to [`crate::MAX_PULL_PAGE`].
    pub limit: u32,
}

/// A change as stored by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulledChange {
    pub seq: i64,
    pub change_id: Uuid,
    /// The device that pushed it.
    pub device_id: Uuid,
    pub change: RowChange,
}

/// A page of changes, in sequence order with no gaps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<PulledChange>,
    /// The cursor to save with this page (its last change's seq; the request's cursor when
    /// the page is empty).
    pub next_cursor: i64,
    /// More changes wait after this page.
    pub more: bool,
    /// The organisation's last sequence number when the page was read.
    pub head: i64,
    pub server_time: DateTime<Utc>,
}

/// `POST /v1/snapshot`: a new, empty device's first sync, as the organisation's rows in their
/// merged state — each row once, every field with the value and stamp that won the merge of
/// all the changes of that row the server holds — for the rows whose first change has a
/// sequence number up to `upto`, in pages by that number. The first request leaves `upto`
/// empty and the server fixes it at its current head; the following requests send it back
/// with `after` set to the previous page's `next_after`, so an interrupted snapshot resumes
/// where it stopped. A row may show changes made after `upto` (the state is read as it is
/// when the page is read); those changes come again in the pulls after `upto`, where they
/// change nothing. When `done`, the device pulls with cursor `upto`. Sent gzip-compressed when
/// the request has `Accept-Encoding: gzip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRequest {
    #[serde(default)]
    pub upto: Option<i64>,
    #[serde(default)]
    pub after: i64,
    /// At most this many rows; lowered to [`crate::MAX_SNAPSHOT_PAGE`].
    pub limit: u32,
}

/// One row of a snapshot: its merged state as one [`RowChange`] (the row's insert, with
/// `created_at` and every field as last written, each with its own stamp; `created_at` is
/// `None` only when the server holds no insert of the row), and the sequence number of the
/// row's first change, which orders the snapshot (parents arrived before their children).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotRow {
    pub seq: i64,
    pub change: RowChange,
}

/// A page of the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotResponse {
    /// The snapshot's fixed end: send it back with every following page's request.
    pub upto: i64,
    /// Rows whose first change has `after < seq <= upto`, by that number.
    pub rows: Vec<SnapshotRow>,
    /// The `after` of the next page's request (the cursor to save with this page); `upto`
    /// once `done`.
    pub next_after: i64,
    /// The snapshot is complete: pull from `upto` from now on.
    pub done: bool,
    pub server_time: DateTime<Utc>,
}
