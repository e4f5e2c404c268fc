//! Push, pull and the first-sync snapshot. The organisation is always the token's; the body
//! only says what to store or from where to read.
//!
//! The snapshot answers with the rows' merged state as stored, spliced into the page's JSON
//! (a test decodes it as the protocol's `SnapshotResponse`).

use std::fmt::Write as _;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chainbook_core::merge::RowChange;
use chainbook_protocol::{
    ApiError, Forbidden, Limit, PullRequest, PullResponse, PulledChange, PushRequest, PushResponse,
    SnapshotRequest, MAX_CLOCK_AHEAD_MS, MAX_PULL_PAGE, MAX_PUSH_CHANGES, MAX_SNAPSHOT_PAGE,
};

use super::extract::{ApiJson, Authed};
use super::{blocking, AppState, ClientVersions, Failure};
use crate::storage::{NewChange, Page, PushBatch, StoredChange};

pub(super) async fn push(
    State(state): State<AppState>,
    versions: ClientVersions,
    Authed(session): Authed,
    ApiJson(req): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, Failure> {
    if req.device_id != session.device_id {
        return Err(Failure(ApiError::Forbidden {
            reason: Forbidden::DeviceMismatch,
        }));
    }
    if req.changes.len() > MAX_PUSH_CHANGES {
        return Err(Failure(ApiError::TooLarge {
            what: Limit::Changes,
            limit: MAX_PUSH_CHANGES as u64,
        }));
    }
    let now = state.clock.now();
    let server_ms = now.timestamp_millis().max(0) as u64;
    let mut changes = Vec::with_capacity(req.changes.len());
    for (index, c) in req.changes.iter().enumerate() {
        if let Some(stamp) = c.change.max_stamp() {
            let stamp_ms = stamp.hlc.wall_ms();
            if stamp_ms > server_ms + MAX_CLOCK_AHEAD_MS {
                tracing::warn!(
                    device = %session.device_id, batch = %req.batch_id, index,
                    ahead_ms = stamp_ms - server_ms, "push refused: clock ahead"
                );
                return Err(Failure(ApiError::ClockAhead {
                    index,
                    stamp_ms,
                    server_ms,
                    max_ahead_ms: MAX_CLOCK_AHEAD_MS,
                }));
            }
        }
        if c.change.table.is_empty() || c.change.row_id.is_empty() {
            return Err(Failure(ApiError::bad_request(format!("changes[{index}]"))));
        }
        // Canonical text (sorted maps), so a retry is recognised whatever the client's bytes.
        let body = serde_json::to_string(&c.change).map_err(|_| Failure(ApiError::Internal))?;
        changes.push(NewChange {
            change_id: c.change_id,
            table: c.change.table.clone(),
            row_id: c.change.row_id.clone(),
            body,
        });
    }
    let (device, batch) = (req.device_id, req.batch_id);
    let seqs = blocking(&state, move |s| {
        Ok(s.push(&PushBatch {
            org_id: session.org_id,
            device_id: device,
            batch_id: batch,
            schema: versions.schema,
            changes: &changes,
            now,
        })?)
    })
    .await?;
    tracing::info!(
        org = %session.org_id, %device, %batch, changes = seqs.len(),
        first_seq = seqs.iter().min(), last_seq = seqs.iter().max(), "push stored"
    );
    Ok(Json(PushResponse {
        seqs,
        server_time: now,
    }))
}

fn page_limit(limit: u32, max: u32) -> Result<u32, Failure> {
    if limit == 0 {
        return Err(Failure(ApiError::bad_request("limit")));
    }
    Ok(limit.min(max))
}

/// Reads up to `limit` changes (one more, to know whether more follow).
async fn read(
    state: &AppState,
    session: crate::storage::Session,
    after: i64,
    upto: Option<i64>,
    limit: u32,
) -> Result<Page, Failure> {
    if after < 0 {
        return Err(Failure(ApiError::bad_request("cursor")));
    }
    let page = blocking(state, move |s| {
        Ok(s.changes(session.org_id, after, upto, limit + 1)?)
    })
    .await?;
    if after > page.head || upto.is_some_and(|u| u > page.head) {
        return Err(Failure(ApiError::CursorAhead { head: page.head }));
    }
    Ok(page)
}

fn decode(stored: Vec<StoredChange>) -> Result<Vec<PulledChange>, Failure> {
    stored
        .into_iter()
        .map(|c| {
            let change: RowChange = serde_json::from_str(&c.body).map_err(|e| {
                tracing::error!(seq = c.seq, error = %e, "stored change unreadable");
                Failure(ApiError::Internal)
            })?;
            Ok(PulledChange {
                seq: c.seq,
                change_id: c.change_id,
                device_id: c.device_id,
                change,
            })
        })
        .collect()
}

pub(super) async fn pull(
    State(state): State<AppState>,
    _versions: ClientVersions,
    Authed(session): Authed,
    ApiJson(req): ApiJson<PullRequest>,
) -> Result<Json<PullResponse>, Failure> {
    let limit = page_limit(req.limit, MAX_PULL_PAGE)?;
    let mut page = read(&state, session, req.cursor, None, limit).await?;
    let more = page.changes.len() > limit as usize;
    page.changes.truncate(limit as usize);
    let next_cursor = page.changes.last().map_or(req.cursor, |c| c.seq);
    Ok(Json(PullResponse {
        changes: decode(page.changes)?,
        next_cursor,
        more,
        head: page.head,
        server_time: state.clock.now(),
    }))
}

pub(super) async fn snapshot(
    State(state): State<AppState>,
    _versions: ClientVersions,
    Authed(session): Authed,
    ApiJson(req): ApiJson<SnapshotRequest>,
) -> Result<Response, Failure> {
    let limit = page_limit(req.limit, MAX_SNAPSHOT_PAGE)?;
    if req.after < 0 {
        return Err(Failure(ApiError::bad_request("after")));
    }
    if req.upto.is_some_and(|u| u < req.after) {
        return Err(Failure(ApiError::bad_request("after")));
    }
    let (after, upto) = (req.after, req.upto);
    let mut page = blocking(&state, move |s| {
        Ok(s.snapshot(session.org_id, after, upto, limit + 1)?)
    })
    .await?;
    if after > page.head || upto.is_some_and(|u| u > page.head) {
        return Err(Failure(ApiError::CursorAhead { head: page.head }));
    }
    let upto = upto.unwrap_or(page.head);
    let done = page.rows.len() <= limit as usize;
    page.rows.truncate(limit as usize);
    let next_after = match page.rows.last() {
        Some((seq, _)) if !done => *seq,
        _ => upto,
    };
    // The rows are stored as canonical JSON: they go out as they are, not decoded and
    // encoded again (a snapshot is millions of rows).
    let server_time =
        serde_json::to_string(&state.clock.now()).map_err(|_| Failure(ApiError::Internal))?;
    let mut body =
        String::with_capacity(64 + page.rows.iter().map(|r| r.1.len() + 24).sum::<usize>());
    let _ = write!(body, "{{\"upto\":{upto},\"rows\":[");
    for (i, (seq, row)) in page.rows.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(body, "{sep}{{\"seq\":{seq},\"change\":{row}}}");
    }
    let _ = write!(
        body,
        "],\"next_after\":{next_after},\"done\":{done},\"server_time\":{server_time}}}"
    );
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
