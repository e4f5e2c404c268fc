//! Wire types of sync: the status the navigation and Settings show, the sign-in form, and the
//! conflicts view's rows.

use chainbook_core::ErrorCode;
use chainbook_store::sync::Conflict;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::dto::wire::rfc3339;

/// Where sync stands on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SyncStatus")]
pub struct SyncStatusDto {
    /// Sync was turned on (by a first sign-in); local writes are logged for the server.
    pub enabled: bool,
    /// A token is at hand (from the sign-in or the keychain): background sync runs.
    pub signed_in: bool,
    /// The server signed in to, kept after sign-out to fill the form.
    pub server: Option<String>,
    pub device_name: Option<String>,
    pub device_code: String,
    /// When the last sync ended (RFC 3339), if one ran since start-up.
    pub last_at: Option<String>,
    /// Why the last sync failed; `None` after a success or before any.
    #[ts(type = "ErrorCode | null")]
    pub last_error: Option<ErrorCode>,
    /// Local changes not yet acknowledged by the server (fields of rows; the first push of a
    /// device counts as waiting until it is done).
    pub changes_waiting: u64,
    pub first_push_pending: bool,
    /// Remote changes kept for later (a missing parent, a newer schema, refused).
    pub held: u64,
    pub open_conflicts: u64,
    /// A sync is running now.
    pub running: bool,
    /// The last attempt found the server unreachable.
    pub offline: bool,
    /// Counts every change of the shell's sync state (a sync starting or ending, sign-in,
    /// sign-out). Statuses reach the UI by two roads (command answers and background events)
    /// that can overtake each other, so the UI drops one older than the newest it has seen.
    pub version: u64,
}

/// How far a running sync got (the `sync://progress` event): pushing (no total known), the
/// first sync's snapshot, or pulling, with the changes done of the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "SyncProgress")]
pub struct SyncProgressDto {
    /// "pushing", "snapshot" or "pulling".
    pub phase: String,
    pub done: i64,
    pub total: Option<i64>,
}

impl From<chainbook_sync::Progress> for SyncProgressDto {
    fn from(p: chainbook_sync::Progress) -> Self {
        use chainbook_sync::Progress;
        let (phase, done, total) = match p {
            Progress::Pushing { pushed } => ("pushing", pushed as i64, None),
            Progress::Snapshot { at, upto } => ("snapshot", at, Some(upto)),
            Progress::Pulling { at, head } => ("pulling", at, Some(head)),
        };
        SyncProgressDto {
            phase: phase.to_owned(),
            done,
            total,
        }
    }
}

/// The Settings → Sync sign-in form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SignInInput {
    pub server: String,
    pub org: String,
    pub user: String,
    pub password: String,
    pub device_name: String,
}

/// One value of a conflict: what it is, which device wrote it, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "ConflictSide")]
pub struct ConflictSideDto {
    /// The value as text (`""` for none; a number or flag as written).
    pub value: String,
    pub device: String,
    /// Written on this device.
    pub here: bool,
    /// When it was written (RFC 3339, from its clock stamp).
    pub at: String,
}

/// A concurrent edit the merge recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Conflict")]
pub struct ConflictDto {
    pub id: i64,
    pub table: String,
    pub row_id: String,
    pub field: String,
    /// Money, quantities, statuses, business settings, deletes: the ones the user is asked
    /// about.
    pub surfaced: bool,
    pub kept: ConflictSideDto,
    pub lost: ConflictSideDto,
    pub detected_at: String,
    /// The business setting a conflict is about (`home_country`, `company`, `sla_policy`,
    /// `loyalty_weight`), for the UI to name; its values are then the setting as JSON.
    pub setting: Option<String>,
}

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl ConflictDto {
    pub fn new(c: Conflict, here: Uuid) -> Self {
        let side = |v: &serde_json::Value, s: &chainbook_core::merge::Stamp| ConflictSideDto {
            value: text(v),
            device: s.device.to_string(),
            here: s.device == here,
            at: rfc3339(s.hlc.to_datetime()),
        };
        ConflictDto {
            kept: side(&c.kept, &c.kept_stamp),
            lost: side(&c.lost, &c.lost_stamp),
            id: c.id,
            table: c.table,
            row_id: c.row_id,
            field: c.field,
            surfaced: c.surfaced,
            detected_at: c.detected_at,
            setting: c.setting,
        }
    }
}

/// A user of the organisation, as Settings → Team lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "TeamUser")]
pub struct TeamUserDto {
    pub id: String,
    pub name: String,
    /// "owner", "manager" or "rep".
    pub role: String,
    /// Devices signed in as them (not revoked).
    pub devices: u32,
    pub created_at: String,
}

impl From<chainbook_sync::UserSummary> for TeamUserDto {
    fn from(u: chainbook_sync::UserSummary) -> Self {
        TeamUserDto {
            id: u.id.to_string(),
            name: u.name,
            role: u.role.as_str().to_owned(),
            devices: u.devices,
            created_at: rfc3339(u.created_at),
        }
    }
}

/// A device of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "TeamDevice")]
pub struct TeamDeviceDto {
    pub id: String,
    pub code: String,
    pub name: String,
    pub user_name: String,
    /// This app's own device.
    pub here: bool,
    pub registered_at: String,
    pub last_seen_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl TeamDeviceDto {
    pub fn new(d: chainbook_sync::DeviceSummary, here: Uuid) -> Self {
        TeamDeviceDto {
            here: d.id == here,
            id: d.id.to_string(),
            code: d.code,
            name: d.name,
            user_name: d.user_name,
            registered_at: rfc3339(d.registered_at),
            last_seen_at: d.last_seen_at.map(rfc3339),
            revoked_at: d.revoked_at.map(rfc3339),
        }
    }
}

/// Settings → Team: a new user.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct TeamUserInput {
    pub name: String,
    /// "owner", "manager" or "rep".
    pub role: String,
    pub password: String,
}
