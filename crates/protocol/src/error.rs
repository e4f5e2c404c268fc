//! The one error body the server answers with: a stable `code` and a typed `value`, e.g.
//! `{"code":"clock_ahead","value":{"index":3,"stamp_ms":…,"server_ms":…,"max_ahead_ms":300000}}`
//! or `{"code":"not_found"}`. The client decides by `code` (and the HTTP status that
//! [`ApiError::status`] gives); there is no prose to parse.

use serde::{Deserialize, Serialize};

/// Why a request was not authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthFailure {
    /// No `Authorization: Bearer` header.
    Missing,
    /// The token is not one the server issued (or the device was signed in again since).
    Invalid,
    /// The device was revoked, or its user removed: sign in again.
    Revoked,
    /// The token lapsed: unused for longer than the server's idle limit (90 days by
    /// default, counted from its last use), or issued longer ago than its absolute limit
    /// (365 days by default) however often it was used. Signing in again issues a new one.
    Expired,
    /// Sign-in: unknown organisation or user, or a wrong password (not told apart).
    Credentials,
}

/// Why an authenticated request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Forbidden {
    /// The user's role does not allow it.
    Role,
    /// The body names another device than the token's.
    DeviceMismatch,
    /// Only an owner may add an owner, make someone an owner, or remove, reset the password
    /// of, change the role of or revoke a device of an owner.
    OwnerOnly,
    /// Users cannot remove themselves or change their own role: another manager or owner
    /// does it (so nobody locks themselves out by mistake).
    OwnAccount,
    /// The organisation's last owner cannot be removed or demoted.
    LastOwner,
}

/// What a request named that does not exist, or exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    User,
    Device,
}

/// Which limit a request exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// The body, in bytes ([`crate::MAX_BODY_BYTES`]).
    Body,
    /// The changes in one push ([`crate::MAX_PUSH_CHANGES`]).
    Changes,
}

/// An error answer. Serialised adjacently tagged: `{"code": "...", "value": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "value", rename_all = "snake_case")]
pub enum ApiError {
    /// 401.
    Unauthorized { reason: AuthFailure },
    /// 403.
    Forbidden { reason: Forbidden },
    /// 426: the client's protocol is older than the server's minimum; the app must be updated.
    UpgradeRequired {
        client_protocol: u32,
        min_protocol: u32,
        server_protocol: u32,
    },
    /// 400: the client speaks a newer protocol than this server; the server must be updated.
    ProtocolTooNew {
        client_protocol: u32,
        server_protocol: u32,
    },
    /// 422: change number `index` of the push is stamped more than `max_ahead_ms` after the
    /// server's clock; nothing of the push was stored. The device's clock is wrong.
    ClockAhead {
        index: usize,
        stamp_ms: u64,
        server_ms: u64,
        max_ahead_ms: u64,
    },
    /// 413.
    TooLarge { what: Limit, limit: u64 },
    /// 400: the body or a header could not be read; `field` names the part (`body`, a header
    /// name, or a field such as `limit`).
    BadRequest { field: String },
    /// 400: a new password is shorter than `min_chars` characters
    /// ([`crate::MIN_PASSWORD_CHARS`]); `field` names it (`password`).
    PasswordTooShort { field: String, min_chars: u32 },
    /// 404: no such endpoint.
    NotFound,
    /// 404: the user or device named is not one of the token's organisation (or no longer
    /// is: a removed user). Another organisation's ids answer exactly the same.
    Unknown { what: Entity },
    /// 409: the organisation already has a user of that name.
    Exists { what: Entity },
    /// 409: change number `index` reuses a change id already stored with different content.
    ChangeIdReused { index: usize },
    /// 409: the cursor is past the organisation's last sequence number `head` (the server's
    /// data was replaced): the device must not trust its cursor.
    CursorAhead { head: i64 },
    /// 409: every device code of the organisation is taken.
    NoDeviceCode,
    /// 500: logged on the server; nothing was stored.
    Internal,
}

impl ApiError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Unauthorized { .. } => 401,
            ApiError::Forbidden { .. } => 403,
            ApiError::UpgradeRequired { .. } => 426,
            ApiError::ProtocolTooNew { .. }
            | ApiError::BadRequest { .. }
            | ApiError::PasswordTooShort { .. } => 400,
            ApiError::ClockAhead { .. } => 422,
            ApiError::TooLarge { .. } => 413,
            ApiError::NotFound | ApiError::Unknown { .. } => 404,
            ApiError::Exists { .. } => 409,
            ApiError::ChangeIdReused { .. } | ApiError::CursorAhead { .. } => 409,
            ApiError::NoDeviceCode => 409,
            ApiError::Internal => 500,
        }
    }

    /// The stable code, as in the body's `code`.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthorized { .. } => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::UpgradeRequired { .. } => "upgrade_required",
            ApiError::ProtocolTooNew { .. } => "protocol_too_new",
            ApiError::ClockAhead { .. } => "clock_ahead",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::BadRequest { .. } => "bad_request",
            ApiError::PasswordTooShort { .. } => "password_too_short",
            ApiError::NotFound => "not_found",
            ApiError::Unknown { .. } => "unknown",
            ApiError::Exists { .. } => "exists",
            ApiError::ChangeIdReused { .. } => "change_id_reused",
            ApiError::CursorAhead { .. } => "cursor_ahead",
            ApiError::NoDeviceCode => "no_device_code",
            ApiError::Internal => "internal",
        }
    }

    pub fn bad_request(field: impl Into<String>) -> Self {
        ApiError::BadRequest {
            field: field.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_body_is_a_code_and_a_value() {
        let e = ApiError::ClockAhead {
            index: 2,
            stamp_ms: 10,
            server_ms: 5,
            max_ahead_ms: 300_000,
        };
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(
            v,
            json!({"code": "clock_ahead", "value": {"index": 2, "stamp_ms": 10, "server_ms": 5, "max_ahead_ms": 300000}})
        );
        assert_eq!(v["code"], e.code());
        let unit = serde_json::to_value(ApiError::NotFound).unwrap_or_default();
        assert_eq!(unit, json!({"code": "not_found"}));
        let back: ApiError =
            serde_json::from_value(json!({"code": "not_found"})).unwrap_or(ApiError::Internal);
        assert_eq!(back, ApiError::NotFound);
    }

    #[test]
    fn account_errors_cross_as_snake_case() {
        let cases = [
            (
                ApiError::Unauthorized {
                    reason: AuthFailure::Expired,
                },
                json!({"code": "unauthorized", "value": {"reason": "expired"}}),
                401,
            ),
            (
                ApiError::Forbidden {
                    reason: Forbidden::LastOwner,
                },
                json!({"code": "forbidden", "value": {"reason": "last_owner"}}),
                403,
            ),
            (
                ApiError::Forbidden {
                    reason: Forbidden::OwnAccount,
                },
                json!({"code": "forbidden", "value": {"reason": "own_account"}}),
                403,
            ),
            (
                ApiError::Unknown { what: Entity::User },
                json!({"code": "unknown", "value": {"what": "user"}}),
                404,
            ),
            (
                ApiError::PasswordTooShort {
                    field: "password".into(),
                    min_chars: 8,
                },
                json!({"code": "password_too_short", "value": {"field": "password", "min_chars": 8}}),
                400,
            ),
        ];
        for (e, body, status) in cases {
            assert_eq!(serde_json::to_value(&e).unwrap_or_default(), body, "{e:?}");
            assert_eq!(e.status(), status, "{e:?}");
            let back: Option<ApiError> = serde_json::from_value(body).ok();
            assert_eq!(back, Some(e));
        }
    }

    #[test]
    fn every_code_in_the_body_matches_code() {
        let all = [
            ApiError::Unauthorized {
                reason: AuthFailure::Revoked,
            },
            ApiError::Forbidden {
                reason: Forbidden::Role,
            },
            ApiError::UpgradeRequired {
                client_protocol: 0,
                min_protocol: 1,
                server_protocol: 1,
            },
            ApiError::ProtocolTooNew {
                client_protocol: 9,
                server_protocol: 1,
            },
            ApiError::TooLarge {
                what: Limit::Body,
                limit: 1,
            },
            ApiError::bad_request("body"),
            ApiError::PasswordTooShort {
                field: "password".into(),
                min_chars: 8,
            },
            ApiError::NotFound,
            ApiError::Unknown { what: Entity::User },
            ApiError::Exists {
                what: Entity::Device,
            },
            ApiError::ChangeIdReused { index: 0 },
            ApiError::CursorAhead { head: 3 },
            ApiError::NoDeviceCode,
            ApiError::Internal,
        ];
        for e in all {
            let v = serde_json::to_value(&e).unwrap_or_default();
            assert_eq!(v["code"], e.code(), "{e:?}");
            assert!((400..600).contains(&e.status()));
        }
        assert_eq!(
            ApiError::UpgradeRequired {
                client_protocol: 0,
                min_protocol: 1,
                server_protocol: 1
            }
            .status(),
            426
        );
    }
}
