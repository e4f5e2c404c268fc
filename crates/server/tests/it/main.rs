//! Integration tests of `chainbook-server`: each starts the real binary on a free 127.0.0.1
//! port with a temp data folder and talks real HTTP to it.
//!
//! - [`harness`]: the server process, the admin CLI and a small blocking client;
//! - [`auth`]: sign-in, revoked tokens, device codes, organisations kept apart;
//! - [`expiry`]: tokens expiring (idle and absolute) through the shifted clock, and signing in
//!   again;
//! - [`team`]: managing users and devices over HTTP, role by role;
//! - [`team_limits`]: the team endpoints kept to their organisation and to valid bodies;
//! - [`sync`]: push and pull, retries, concurrent pushes, clock skew, the snapshot;
//! - [`limits`]: body and page limits, malformed requests, protocol and schema versions;
//! - [`crash`]: SIGKILL mid-push and restart, then every acknowledged change exactly once.

mod auth;
mod crash;
mod expiry;
mod harness;
mod limits;
mod sync;
mod team;
mod team_limits;
