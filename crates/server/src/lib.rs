//! `chainbook-server`: the sync server of Chainbook. Devices sign in, push their changes and
//! pull the organisation's; the server stores each change once, numbers it in its
//! organisation's gapless sequence, and never looks inside beyond the table, row and stamps
//! (it relays `chainbook_core::merge::RowChange`s; merging happens on the devices, and the
//! server only folds each row's changes into the state a new device's snapshot reads). It
//! never depends on the desktop store.
//!
//! - [`cli`]: the command line (`serve` and the admin commands);
//! - [`serve`]: binding, TLS and shutdown;
//! - [`http`]: the API's router and handlers;
//! - [`storage`]: the storage trait and its SQLite implementation;
//! - [`merged`]: a row's changes folded into its merged state, for the snapshot;
//! - [`team`]: who may manage whom, valid user names and new passwords;
//! - [`secrets`]: password hashing and device tokens;
//! - [`expiry`]: how long a device token lasts;
//! - [`clock`]: the server's one clock, which tests can shift;
//! - [`codes`]: device short codes.

pub mod cli;
pub mod clock;
pub mod codes;
pub mod expiry;
pub mod http;
pub mod merged;
pub mod secrets;
pub mod serve;
pub mod storage;
pub mod team;
