//! The command error shape of sync and keychain failures: each failure the user must act on
//! (signed out, expired, revoked, refused by role, offline, outdated app, clock) as its own
//! [`ErrorCode`], the field named where a form field is at fault.

use chainbook_core::ErrorCode;
use chainbook_sync::{ApiError, AuthFailure, Forbidden, SyncError, TokenError};

use crate::error::CommandError;

/// The error shape of a sync failure.
pub fn sync_error(e: SyncError) -> CommandError {
    let code = match &e {
        SyncError::Offline => ErrorCode::Offline,
        SyncError::Unauthorized(AuthFailure::Expired) => ErrorCode::SignInExpired,
        SyncError::Unauthorized(AuthFailure::Revoked) => ErrorCode::DeviceRevoked,
        SyncError::NotSignedIn | SyncError::Unauthorized(_) => ErrorCode::Unauthorized,
        SyncError::UpgradeRequired { .. } => ErrorCode::UpgradeRequired,
        SyncError::ClockAhead { .. } => ErrorCode::ClockAhead,
        SyncError::InvalidUrl | SyncError::InsecureUrl => {
            let code = if matches!(e, SyncError::InsecureUrl) {
                ErrorCode::InsecureUrl
            } else {
                ErrorCode::InvalidArgument
            };
            return CommandError::new(code, e.to_string()).with_field("server");
        }
        SyncError::Store(_) => {
            let SyncError::Store(s) = e else {
                unreachable!()
            };
            return s.into();
        }
        SyncError::Server(api) => {
            let (code, field) = match api {
                ApiError::Forbidden { reason } => (
                    match reason {
                        Forbidden::OwnerOnly => ErrorCode::OwnerOnly,
                        Forbidden::OwnAccount => ErrorCode::OwnAccount,
                        Forbidden::LastOwner => ErrorCode::LastOwner,
                        Forbidden::Role | Forbidden::DeviceMismatch => ErrorCode::Forbidden,
                    },
                    None,
                ),
                ApiError::Exists { .. } => (ErrorCode::NameTaken, Some("name")),
                ApiError::PasswordTooShort { .. } => {
                    (ErrorCode::PasswordTooShort, Some("password"))
                }
                ApiError::Unknown { .. } => (ErrorCode::NotFound, None),
                ApiError::BadRequest { field } => {
                    return CommandError::new(
                        ErrorCode::InvalidArgument,
                        format!("the server refused {field}"),
                    )
                    .with_field(field)
                }
                _ => (ErrorCode::Internal, None),
            };
            if code == ErrorCode::Internal {
                tracing::warn!(error = %e, "sync failed");
            }
            return CommandError {
                field: field.map(str::to_owned),
                ..CommandError::new(code, e.to_string())
            };
        }
        SyncError::BadAnswer { .. } => ErrorCode::Internal,
    };
    if code == ErrorCode::Internal {
        tracing::warn!(error = %e, "sync failed");
    }
    CommandError::new(code, e.to_string())
}

/// The error shape of a keychain failure.
pub fn token_error(e: TokenError) -> CommandError {
    let code = match e {
        TokenError::NoKeychain => ErrorCode::NoKeychain,
        TokenError::Keychain { .. } => ErrorCode::Internal,
    };
    tracing::warn!(error = %e, "keychain");
    CommandError::new(code, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_the_user_must_act_on_have_codes_of_their_own() {
        let code = |e| sync_error(e).code;
        assert_eq!(
            code(SyncError::Unauthorized(AuthFailure::Expired)),
            ErrorCode::SignInExpired
        );
        assert_eq!(
            code(SyncError::Unauthorized(AuthFailure::Revoked)),
            ErrorCode::DeviceRevoked
        );
        assert_eq!(
            code(SyncError::Unauthorized(AuthFailure::Credentials)),
            ErrorCode::Unauthorized
        );
        assert_eq!(code(SyncError::Offline), ErrorCode::Offline);
    }
}
