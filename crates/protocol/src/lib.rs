//! The sync wire protocol between a Chainbook device and `chainbook-server`: plain serde types,
//! no IO, shared by the sync client and the server so neither can drift from the other.
//!
//! Every request under `/v1/` is JSON over HTTP(S) and carries two headers: [`HEADER_PROTOCOL`]
//! (this crate's [`PROTOCOL_VERSION`] when the client was built) and [`HEADER_SCHEMA`] (the
//! device's store schema version). A client whose protocol is older than the server's
//! [`MIN_PROTOCOL_VERSION`] gets HTTP 426 with [`ApiError::UpgradeRequired`]. Every request but
//! sign-in carries `Authorization: Bearer <token>`; the token names the device, and through it
//! the user and the organisation — the organisation is never taken from a request body.
//!
//! The endpoints ([`paths`]), all `POST` with a JSON body except `/health`:
//!
//! | path | request | response |
//! |---|---|---|
//! | [`paths::SIGN_IN`] | [`SignInRequest`] | [`SignInResponse`] |
//! | [`paths::PUSH`] | [`PushRequest`] | [`PushResponse`] |
//! | [`paths::PULL`] | [`PullRequest`] | [`PullResponse`] |
//! | [`paths::SNAPSHOT`] | [`SnapshotRequest`] | [`SnapshotResponse`] |
//! | [`paths::USERS_LIST`] | [`ListUsersRequest`] | [`ListUsersResponse`] |
//! | [`paths::USERS_ADD`] | [`AddUserRequest`] | [`UserSummary`] |
//! | [`paths::USERS_REMOVE`] | [`RemoveUserRequest`] | [`RemoveUserResponse`] |
//! | [`paths::USERS_RESET_PASSWORD`] | [`ResetPasswordRequest`] | [`Done`] |
//! | [`paths::USERS_SET_ROLE`] | [`SetRoleRequest`] | [`UserSummary`] |
//! | [`paths::DEVICES_LIST`] | [`ListDevicesRequest`] | [`ListDevicesResponse`] |
//! | [`paths::DEVICES_REVOKE`] | [`RevokeDeviceRequest`] | [`Done`] |
//! | [`paths::HEALTH`] (`GET`) | — | [`Health`] |
//!
//! Every failure answers with an [`ApiError`] body: a stable `code` and a typed `value`, never
//! prose for the client to parse.
//!
//! A token lapses when unused for longer than the server's idle limit, or once older than its
//! absolute limit however often used (90 and 365 days unless the server is told otherwise);
//! it is then refused with 401 [`AuthFailure::Expired`], and signing in again issues a new one.
//!
//! - [`auth`]: sign-in, roles and the redacting [`Secret`];
//! - [`changes`]: push, pull and the first-sync snapshot;
//! - [`team`]: owners and managers managing users and devices;
//! - [`error`]: the error body and its codes.

pub mod auth;
pub mod changes;
pub mod error;
pub mod team;

pub use auth::{Role, Secret, SignInRequest, SignInResponse};
pub use changes::{
    PullRequest, PullResponse, PulledChange, PushChange, PushRequest, PushResponse,
    SnapshotRequest, SnapshotResponse, SnapshotRow,
};
pub use error::{ApiError, AuthFailure, Entity, Forbidden, Limit};
pub use team::{
    AddUserRequest, DeviceSummary, Done, ListDevicesRequest, ListDevicesResponse, ListUsersRequest,
    ListUsersResponse, RemoveUserRequest, RemoveUserResponse, ResetPasswordRequest,
    RevokeDeviceRequest, SetRoleRequest, UserSummary,
};

use serde::{Deserialize, Serialize};

/// The protocol this build speaks. Raised when a request or response changes incompatibly:
/// 2 made the snapshot a page of merged rows instead of a page of changes.
pub const PROTOCOL_VERSION: u32 = 2;

/// The oldest client protocol this build's server still serves; older clients get HTTP 426
/// (a protocol-1 client would misread the snapshot).
pub const MIN_PROTOCOL_VERSION: u32 = 2;

/// Request header with the client's protocol version (a decimal integer).
pub const HEADER_PROTOCOL: &str = "x-chainbook-protocol";

/// Request header with the device's store schema version (a decimal integer). The server
/// relays changes of any schema untouched; a device keeps a change from a newer schema
/// waiting until it understands it, so a schema from the future is accepted, not refused.
pub const HEADER_SCHEMA: &str = "x-chainbook-schema";

/// Largest request body the server reads, in bytes (HTTP 413 above it).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Most changes in one push (HTTP 413 [`ApiError::TooLarge`] above it).
pub const MAX_PUSH_CHANGES: usize = 2_000;

/// Most changes in one pulled page; a larger `limit` is lowered to it.
pub const MAX_PULL_PAGE: u32 = 1_000;

/// Most rows in one snapshot page; a larger `limit` is lowered to it.
pub const MAX_SNAPSHOT_PAGE: u32 = 5_000;

/// How far ahead of the server's clock a change's stamp may be, in milliseconds (5 minutes).
/// A push with a change stamped further ahead is refused whole: [`ApiError::ClockAhead`].
pub const MAX_CLOCK_AHEAD_MS: u64 = 5 * 60 * 1000;

/// Fewest characters in a new password (sign-in checks a password, whatever its length).
pub const MIN_PASSWORD_CHARS: u32 = 8;

/// The endpoints' paths.
pub mod paths {
    pub const HEALTH: &str = "/health";
    pub const SIGN_IN: &str = "/v1/sign-in";
    pub const PUSH: &str = "/v1/push";
    pub const PULL: &str = "/v1/pull";
    pub const SNAPSHOT: &str = "/v1/snapshot";
    pub const USERS_LIST: &str = "/v1/users/list";
    pub const USERS_ADD: &str = "/v1/users/add";
    pub const USERS_REMOVE: &str = "/v1/users/remove";
    pub const USERS_RESET_PASSWORD: &str = "/v1/users/reset-password";
    pub const USERS_SET_ROLE: &str = "/v1/users/set-role";
    pub const DEVICES_LIST: &str = "/v1/devices/list";
    pub const DEVICES_REVOKE: &str = "/v1/devices/revoke";

    /// Every endpoint under `/v1/` (all `POST`), for tests that probe them all.
    pub const V1: [&str; 11] = [
        SIGN_IN,
        PUSH,
        PULL,
        SNAPSHOT,
        USERS_LIST,
        USERS_ADD,
        USERS_REMOVE,
        USERS_RESET_PASSWORD,
        USERS_SET_ROLE,
        DEVICES_LIST,
        DEVICES_REVOKE,
    ];
}

/// `GET /health`: the server is up, and which protocols it serves (no versions or auth
/// needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub protocol: u32,
    pub min_protocol: u32,
}
