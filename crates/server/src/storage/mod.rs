//! Where the server keeps organisations, users, devices and changes: the [`Storage`] trait
//! that the HTTP handlers and the admin CLI call, and its implementations. The trait speaks in
//! plain values (ids, hashes, canonical JSON bodies); no SQL leaves an implementation, so the
//! PostgreSQL implementation can be added without touching a caller.
//!
//! The calls are synchronous: the HTTP layer runs them on tokio's blocking pool.
//!
//! - [`sqlite`]: the default implementation, one SQLite file in the data folder.

pub mod sqlite;

use std::fmt;

use chainbook_protocol::{Forbidden, Role};
use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use sqlite::SqliteStorage;

/// An organisation: everything the server stores belongs to exactly one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

/// A user of an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub role: Role,
}

/// A current user with what the team list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    pub user: User,
    /// Their devices that are not revoked.
    pub devices: u32,
    pub created_at: DateTime<Utc>,
}

/// The user an account change acts on: by id (the API) or by name (the admin CLI). Either
/// way only a current user of the organisation named beside it is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserKey<'a> {
    Id(Uuid),
    Name(&'a str),
}

/// A rule run on the user an account change acts on (for a device, the user it belongs to),
/// inside the change's transaction: the rule sees the user as the change will find them, and
/// a refusal ([`StorageError::Refused`]) changes nothing.
pub type Guard<'a> = &'a dyn Fn(&User) -> std::result::Result<(), Forbidden>;

/// The guard of the admin CLI: whoever can run it on the data folder may do anything (the
/// storage's own rule, that the last owner stays, still holds).
pub fn anyone(_: &User) -> std::result::Result<(), Forbidden> {
    Ok(())
}

/// A user with the PHC string of their argon2id password hash, for checking a sign-in.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// A device signing in: registered on first sign-in, given a new token on every later one.
#[derive(Debug, Clone)]
pub struct NewDevice<'a> {
    pub org_id: Uuid,
    pub user_id: Uuid,
    pub device_id: Uuid,
    pub name: &'a str,
    /// SHA-256 of the new token (hex); the token itself is never stored.
    pub token_hash: &'a str,
    pub schema: u32,
    /// Short codes to try, in order of preference (the device's own first). When all are
    /// taken, the implementation takes the first free code of the whole alphabet.
    pub codes: &'a [String],
    pub now: DateTime<Utc>,
}

/// Who a token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub org_id: Uuid,
    pub user_id: Uuid,
    pub device_id: Uuid,
    pub role: Role,
    /// The device was revoked or its user removed.
    pub revoked: bool,
    /// When the token was issued (its device's last sign-in).
    pub token_issued_at: DateTime<Utc>,
    /// The token's last recorded use (see [`crate::expiry`]).
    pub last_used_at: DateTime<Utc>,
}

/// A device as the team list and the admin CLI show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub user_id: Uuid,
    /// The user's name (also when they were removed since).
    pub user: String,
    pub schema: Option<u32>,
    pub registered_at: DateTime<Utc>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One change of a push: its id, the row it changes, and its
/// [`chainbook_core::merge::RowChange`] as canonical JSON (serialised by the server, so a
/// retry of the same change yields the same text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange {
    pub change_id: Uuid,
    pub table: String,
    pub row_id: String,
    pub body: String,
}

/// A push to store in one transaction.
#[derive(Debug, Clone)]
pub struct PushBatch<'a> {
    pub org_id: Uuid,
    pub device_id: Uuid,
    pub batch_id: Uuid,
    pub schema: u32,
    pub changes: &'a [NewChange],
    pub now: DateTime<Utc>,
}

/// A stored change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredChange {
    pub seq: i64,
    pub change_id: Uuid,
    pub device_id: Uuid,
    pub body: String,
}

/// Changes read together with the organisation's head, from one consistent view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub changes: Vec<StoredChange>,
    /// The organisation's last sequence number.
    pub head: i64,
}

/// A page of the organisation's rows in their merged state (see [`crate::merged`]), read
/// with its head from one consistent view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotPage {
    /// `(the sequence number of the row's first change, the merged row as canonical JSON)`.
    pub rows: Vec<(i64, String)>,
    /// The organisation's last sequence number.
    pub head: i64,
}

/// What a [`StorageError::NotFound`] or [`StorageError::Exists`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organisation,
    User,
    Device,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Organisation => "organisation",
            Kind::User => "user",
            Kind::Device => "device",
        })
    }
}

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{0} not found")]
    NotFound(Kind),
    #[error("{0} already exists")]
    Exists(Kind),
    /// The change's [`Guard`] refused it; nothing changed.
    #[error("refused: {0:?}")]
    Refused(Forbidden),
    /// The change would leave the organisation without an owner; nothing changed.
    #[error("the organisation's last owner cannot be removed or demoted")]
    LastOwner,
    /// Change number `index` of a push reuses a stored change id with other content.
    #[error("change {index} reuses a stored change id with different content")]
    ChangeIdReused { index: usize },
    #[error("every device code of the organisation is taken")]
    NoDeviceCode,
    #[error("stored data is not what this build wrote: {0}")]
    Corrupt(String),
    #[error("storage backend: {0}")]
    Backend(#[from] Box<dyn std::error::Error + Send + Sync>),
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        StorageError::Backend(Box::new(e))
    }
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// The server's storage. Every organisation's data is kept apart: every call that reads or
/// writes changes or devices names the organisation, which callers take from the token.
pub trait Storage: Send + Sync + 'static {
    /// Creates an organisation; [`StorageError::Exists`] when the slug is taken.
    fn create_org(&self, slug: &str, name: &str, now: DateTime<Utc>) -> Result<Org>;
    /// The organisation with this slug, or this id.
    fn org(&self, slug_or_id: &str) -> Result<Option<Org>>;

    /// Adds a user; [`StorageError::Exists`] when the organisation has a user of that name.
    fn add_user(
        &self,
        org_id: Uuid,
        name: &str,
        role: Role,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<User>;
    /// The organisation's current users, by name.
    fn users(&self, org_id: Uuid) -> Result<Vec<UserInfo>>;
    /// Removes a user and revokes their devices; answers how many devices it revoked.
    /// [`StorageError::LastOwner`] for the organisation's last owner.
    fn remove_user(
        &self,
        org_id: Uuid,
        user: UserKey<'_>,
        now: DateTime<Utc>,
        guard: Guard<'_>,
    ) -> Result<u32>;
    /// Replaces a user's password hash.
    fn set_password(
        &self,
        org_id: Uuid,
        user: UserKey<'_>,
        password_hash: &str,
        guard: Guard<'_>,
    ) -> Result<()>;
    /// Changes a user's role and answers with the user as changed.
    /// [`StorageError::LastOwner`] when it demotes the organisation's last owner.
    fn set_role(
        &self,
        org_id: Uuid,
        user: UserKey<'_>,
        role: Role,
        guard: Guard<'_>,
    ) -> Result<UserInfo>;
    /// A current user and their password hash.
    fn credentials(&self, org_id: Uuid, name: &str) -> Result<Option<Credentials>>;

    /// Registers a device (or re-registers it, replacing its token, lifting a revocation
    /// and starting the new token's life at `now`) and answers with its short code,
    /// distinct within the organisation and never changed once given.
    fn register_device(&self, device: &NewDevice<'_>) -> Result<String>;
    /// The session of a token, by its hash.
    fn session(&self, token_hash: &str) -> Result<Option<Session>>;
    /// Records a use of the device's token at `now` (a later use already recorded stays).
    fn touch_device(&self, org_id: Uuid, device_id: Uuid, now: DateTime<Utc>) -> Result<()>;
    /// The organisation's devices, oldest first.
    fn devices(&self, org_id: Uuid) -> Result<Vec<DeviceInfo>>;
    /// Revokes a device named by its id or its code; its token stops working at once. The
    /// guard sees the user the device belongs to. Revoking a revoked device keeps its first
    /// revocation time.
    fn revoke_device(
        &self,
        org_id: Uuid,
        id_or_code: &str,
        now: DateTime<Utc>,
        guard: Guard<'_>,
    ) -> Result<()>;

    /// Stores a push in one transaction and answers with each change's sequence number, in
    /// order. A change id already stored with the same body answers with its first number and
    /// is not stored again; with another body the whole push fails
    /// ([`StorageError::ChangeIdReused`]). New changes take the organisation's next numbers
    /// from a counter updated in the same transaction, so numbers are gapless and commit in
    /// order. Each new change is folded into its row's merged state in the same transaction
    /// (see [`crate::merged`]), so the state always holds exactly the stored changes.
    fn push(&self, batch: &PushBatch<'_>) -> Result<Vec<i64>>;
    /// At most `limit` changes with `after < seq` (and `seq <= upto` when given), by seq.
    fn changes(&self, org_id: Uuid, after: i64, upto: Option<i64>, limit: u32) -> Result<Page>;
    /// At most `limit` rows in their merged state whose first change has `after < seq` (and
    /// `seq <= upto` when given), by that number.
    fn snapshot(
        &self,
        org_id: Uuid,
        after: i64,
        upto: Option<i64>,
        limit: u32,
    ) -> Result<SnapshotPage>;
}
