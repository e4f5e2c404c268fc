//! What can go wrong in a sync, as values the shell decides on (retry later, ask the user to
//! sign in again, to update the app, to fix the clock), never prose to parse.

use chainbook_protocol::{ApiError, AuthFailure};
use chainbook_store::StoreError;

/// Why a sign-in or a sync did not complete. Whatever was pushed and acknowledged, or pulled
/// and applied, before the error stays done; the next sync goes on from there.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No answer: the server is unreachable, the connection broke or timed out, or a proxy
    /// in between answered that it could not reach it. Retry later (see [`crate::Backoff`]).
    #[error("the sync server cannot be reached")]
    Offline,
    /// No token yet: sign in first.
    #[error("not signed in")]
    NotSignedIn,
    /// The server refused the credentials or the token (a wrong password, a revoked device, a
    /// removed user, a token replaced by a later sign-in, an expired token —
    /// [`AuthFailure::Expired`]: "your sign-in expired"): sign in again.
    #[error("the server refused the sign-in or the token ({0:?})")]
    Unauthorized(AuthFailure),
    /// This app speaks an older protocol than the server still serves: update the app.
    #[error("this app is too old for the server (protocol {min_protocol} or later required)")]
    UpgradeRequired {
        min_protocol: u32,
        server_protocol: u32,
    },
    /// The device's clock is ahead of the server's by more than the server allows, so its
    /// changes were refused (nothing was stored): fix the clock.
    #[error("the device's clock is {ahead_ms} ms ahead of the server's")]
    ClockAhead { ahead_ms: u64 },
    /// Another refusal by the server, with its typed error (`ApiError::code` names it).
    #[error("the server refused the request: {}", .0.code())]
    Server(ApiError),
    /// An answer that does not follow the protocol (an unreadable body, a page with a gap, a
    /// push answered with the wrong number of sequence numbers). Nothing of it was applied.
    #[error("the server's answer does not follow the protocol (HTTP {status})")]
    BadAnswer { status: u16 },
    /// The server URL is not an `http://` or `https://` URL.
    #[error("not a server URL")]
    InvalidUrl,
    /// A plain `http://` URL of a server on another computer: the password and the token would
    /// cross the network in clear. Only loopback servers may be reached without TLS.
    #[error("plain http is allowed only for a server on this computer")]
    InsecureUrl,
    /// The local store failed; nothing of the failed step was saved.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// A stable code for the shell's error shape and the UI's translations.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Offline => "offline",
            SyncError::NotSignedIn => "not_signed_in",
            SyncError::Unauthorized(_) => "unauthorized",
            SyncError::UpgradeRequired { .. } => "upgrade_required",
            SyncError::ClockAhead { .. } => "clock_ahead",
            SyncError::Server(_) => "server",
            SyncError::BadAnswer { .. } => "bad_answer",
            SyncError::InvalidUrl => "invalid_url",
            SyncError::InsecureUrl => "insecure_url",
            SyncError::Store(_) => "store",
        }
    }

    /// Whether trying again later, unchanged, may succeed: the background task backs off and
    /// retries these, and waits for the user on the others.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Offline | SyncError::BadAnswer { .. } => true,
            SyncError::Server(e) => e.status() >= 500,
            _ => false,
        }
    }

    /// The typed error of an answer that is not a success.
    pub(crate) fn from_api(e: ApiError) -> SyncError {
        match e {
            ApiError::Unauthorized { reason } => SyncError::Unauthorized(reason),
            ApiError::UpgradeRequired {
                min_protocol,
                server_protocol,
                ..
            } => SyncError::UpgradeRequired {
                min_protocol,
                server_protocol,
            },
            ApiError::ClockAhead {
                stamp_ms,
                server_ms,
                ..
            } => SyncError::ClockAhead {
                ahead_ms: stamp_ms.saturating_sub(server_ms),
            },
            other => SyncError::Server(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_become_the_variants_the_shell_decides_on() {
        assert!(matches!(
            SyncError::from_api(ApiError::Unauthorized {
                reason: AuthFailure::Revoked
            }),
            SyncError::Unauthorized(AuthFailure::Revoked)
        ));
        let expired = SyncError::from_api(ApiError::Unauthorized {
            reason: AuthFailure::Expired,
        });
        assert!(matches!(
            expired,
            SyncError::Unauthorized(AuthFailure::Expired)
        ));
        assert_eq!(expired.code(), "unauthorized");
        assert!(!expired.is_transient(), "only the user can sign in again");
        assert!(matches!(
            SyncError::from_api(ApiError::UpgradeRequired {
                client_protocol: 1,
                min_protocol: 2,
                server_protocol: 3
            }),
            SyncError::UpgradeRequired {
                min_protocol: 2,
                server_protocol: 3
            }
        ));
        let ahead = SyncError::from_api(ApiError::ClockAhead {
            index: 0,
            stamp_ms: 1_000_000,
            server_ms: 400_000,
            max_ahead_ms: 300_000,
        });
        assert!(matches!(ahead, SyncError::ClockAhead { ahead_ms: 600_000 }));
        assert_eq!(ahead.code(), "clock_ahead");
        assert!(!ahead.is_transient());
        let internal = SyncError::from_api(ApiError::Internal);
        assert!(internal.is_transient());
        assert!(!SyncError::from_api(ApiError::ChangeIdReused { index: 1 }).is_transient());
        assert!(SyncError::Offline.is_transient());
    }
}
