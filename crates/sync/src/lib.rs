//! Chainbook's sync client: it moves the store's changes to and from `chainbook-server` and
//! nothing else — no SQL, no business rules; what to send, how to merge what arrives, and
//! what is a conflict are the store's (`chainbook_store::sync`).
//!
//! The shell holds a [`SyncClient`] for the configured server. Signing in
//! ([`SyncClient::sign_in`]) gives a token, which the shell keeps in the OS keychain through
//! a [`TokenStore`] ([`KeyringTokens`]), and makes the store adopt the device code the server
//! assigned. A sync ([`SyncClient::sync_once`]) pushes every outgoing change in batches, each
//! acknowledged once the server answered, then pulls — a snapshot on a new device, then pages
//! after its cursor — applying each page with its cursor in one local transaction. It answers
//! a [`SyncReport`] or a typed [`SyncError`]; after a transient error ([`SyncError::is_transient`])
//! the shell's background task waits as [`Backoff`] says and tries again.
//!
//! - [`client`]: [`SyncClient`], sign-in, push, pull and the snapshot;
//! - [`ids`]: change and batch ids derived from the content, so retries are recognised;
//! - [`http`]: the [`Transport`] seam and its `ureq` implementation;
//! - [`backoff`]: when to retry;
//! - [`token`]: the token in the keychain;
//! - [`team`]: the organisation's users and devices, for owners and managers;
//! - [`error`]: what can go wrong, as values.

pub mod backoff;
pub mod client;
pub mod error;
pub mod http;
pub mod ids;
pub mod team;
pub mod token;

pub use backoff::Backoff;
pub use client::{Limits, Progress, SignedIn, SyncClient, SyncReport};
pub use error::SyncError;
pub use http::{Answer, HttpTransport, Timeouts, Transport};
pub use token::{KeyringTokens, TokenError, TokenKey, TokenStore};

pub use chainbook_protocol::team::{DeviceSummary, UserSummary};
pub use chainbook_protocol::{ApiError, AuthFailure, Forbidden, Role, Secret};
