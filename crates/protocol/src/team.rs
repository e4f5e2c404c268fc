//! Managing the team from a device: an owner or a manager lists, adds and removes the
//! organisation's users, resets their passwords, changes their roles, and lists and revokes
//! devices. The organisation is always the token's; users and devices are named by id, and an
//! id of another organisation answers exactly like an unknown one (404 `unknown`).
//!
//! Who may do what (anything else is 403 [`crate::ApiError::Forbidden`] with its reason):
//! - reps: nothing of this ([`crate::Forbidden::Role`]);
//! - managers: everything on reps and managers; nothing on an owner, and they cannot make
//!   anyone an owner ([`crate::Forbidden::OwnerOnly`]);
//! - owners: everything;
//! - nobody removes themselves or changes their own role ([`crate::Forbidden::OwnAccount`]),
//!   and the last owner is never removed or demoted ([`crate::Forbidden::LastOwner`]).
//!
//! New passwords need [`crate::MIN_PASSWORD_CHARS`] characters
//! ([`crate::ApiError::PasswordTooShort`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::{Role, Secret};

/// `POST /v1/users/list`: the organisation's current users (body `{}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListUsersRequest {}

/// A current user of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: Uuid,
    /// What they type to sign in; unique among the organisation's current users.
    pub name: String,
    pub role: Role,
    /// Their devices that are not revoked (an expired token still counts: signing in again
    /// brings the device back without a new registration).
    pub devices: u32,
    pub created_at: DateTime<Utc>,
}

/// The answer to [`ListUsersRequest`], by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListUsersResponse {
    pub users: Vec<UserSummary>,
    pub server_time: DateTime<Utc>,
}

/// `POST /v1/users/add`: a new user with an initial password; answered with their
/// [`UserSummary`]. A name already taken is 409 [`crate::ApiError::Exists`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddUserRequest {
    /// 1–200 characters, no spaces around, no control characters.
    pub name: String,
    pub role: Role,
    pub password: Secret,
}

/// `POST /v1/users/remove`: removes a user and revokes every device of theirs at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoveUserRequest {
    pub user_id: Uuid,
}

/// The answer to [`RemoveUserRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoveUserResponse {
    /// The devices this removal revoked (those revoked before are not counted).
    pub revoked_devices: u32,
}

/// `POST /v1/users/reset-password`: gives a user a new password, answered with [`Done`].
/// Their devices stay signed in (revoke one to sign it out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResetPasswordRequest {
    pub user_id: Uuid,
    pub password: Secret,
}

/// `POST /v1/users/set-role`: changes a user's role, answered with their [`UserSummary`]. It
/// applies to their devices' next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRoleRequest {
    pub user_id: Uuid,
    pub role: Role,
}

/// `POST /v1/devices/list`: every device of the organisation, revoked ones included (body
/// `{}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListDevicesRequest {}

/// A device of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSummary {
    pub id: Uuid,
    /// Its short code, as in its document numbers.
    pub code: String,
    pub name: String,
    /// The user it was last signed in as (possibly removed since).
    pub user_id: Uuid,
    pub user_name: String,
    /// The store schema it last spoke.
    pub schema: Option<u32>,
    pub registered_at: DateTime<Utc>,
    /// Its last request (recorded at most once a minute).
    pub last_seen_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The answer to [`ListDevicesRequest`], oldest registration first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListDevicesResponse {
    pub devices: Vec<DeviceSummary>,
    pub server_time: DateTime<Utc>,
}

/// `POST /v1/devices/revoke`: the device's token stops working at once (401 `revoked`);
/// answered with [`Done`]. Revoking a revoked device changes nothing. Signing in again on the
/// device lifts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeDeviceRequest {
    pub device_id: Uuid,
}

/// The answer of a change that has nothing else to tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    pub server_time: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_cross_as_plain_json_and_passwords_never_print() {
        let add = AddUserRequest {
            name: "li".into(),
            role: Role::Manager,
            password: Secret::new("a long password"),
        };
        assert_eq!(
            serde_json::to_value(&add).unwrap_or_default(),
            json!({"name": "li", "role": "manager", "password": "a long password"})
        );
        assert!(!format!("{add:?}").contains("a long password"));
        let reset = ResetPasswordRequest {
            user_id: Uuid::nil(),
            password: Secret::new("another one"),
        };
        assert!(!format!("{reset:?}").contains("another one"));
        // The list requests are an empty object, and read one back.
        assert_eq!(
            serde_json::to_value(ListUsersRequest {}).unwrap_or_default(),
            json!({})
        );
        assert_eq!(
            serde_json::from_value::<ListDevicesRequest>(json!({})).ok(),
            Some(ListDevicesRequest {})
        );
    }
}
