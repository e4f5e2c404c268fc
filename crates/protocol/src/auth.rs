//! Signing a device in: the request with the user's credentials, the answer with the device's
//! token and its short code, the roles, and [`Secret`], which never shows in `Debug` output.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A password or token: serialised as the plain string (it must cross the wire), but printed
/// as `Secret(***)` so it never reaches a log through `{:?}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for hashing or sending; never for logging.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What a user may do. Reps push and pull their organisation's data; managers and owners also
/// manage users (owners manage owners).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Rep,
    Manager,
    Owner,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Rep, Role::Manager, Role::Owner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Manager => "manager",
            Role::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Managers and owners manage users.
    pub fn manages_users(self) -> bool {
        self >= Role::Manager
    }
}

/// `POST /v1/sign-in`: a user signs one device in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInRequest {
    /// The organisation's slug or id.
    pub org: String,
    pub user: String,
    pub password: Secret,
    /// The device's own id (its store's device UUID).
    pub device_id: Uuid,
    /// A name people recognise, e.g. "Li Na's laptop".
    pub device_name: String,
    /// The short code the device uses today (3 characters, Crockford base32 without I L O U);
    /// kept when no other device of the organisation has it.
    #[serde(default)]
    pub device_code: Option<String>,
}

/// The answer to a sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInResponse {
    /// `Authorization: Bearer <token>` for every later request. Only its hash is stored on
    /// the server; a new sign-in of the same device replaces it.
    pub token: Secret,
    pub org_id: Uuid,
    pub org_slug: String,
    pub user_id: Uuid,
    pub role: Role,
    /// The device's short code in this organisation, distinct from every other device's: the
    /// device must use it in its document numbers from now on.
    pub device_code: String,
    pub server_time: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(
            serde_json::to_string(&s).ok().as_deref(),
            Some("\"hunter2\"")
        );
        let req = SignInRequest {
            org: "acme".into(),
            user: "li".into(),
            password: s,
            device_id: Uuid::nil(),
            device_name: "laptop".into(),
            device_code: None,
        };
        assert!(!format!("{req:?}").contains("hunter2"));
    }

    #[test]
    fn roles_cross_as_snake_case_and_rank() {
        assert_eq!(
            serde_json::to_string(&Role::Manager).ok().as_deref(),
            Some("\"manager\"")
        );
        assert!(Role::Owner.manages_users() && Role::Manager.manages_users());
        assert!(!Role::Rep.manages_users());
        assert_eq!(Role::parse("owner"), Some(Role::Owner));
        assert_eq!(Role::parse("admin"), None);
    }
}
