//! The closed set of error codes shared by every layer.
//!
//! The UI translates by [`ErrorCode`], never by message text, so adding a variant here means
//! adding a translation to both UI catalogs (a UI test checks that every code has one).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// What went wrong, in a form the UI can translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A required value is empty.
    Required,
    /// Longer than the field allows.
    TooLong,
    /// Control characters or other characters the field cannot hold.
    InvalidChars,
    InvalidEmail,
    InvalidPhone,
    /// Not an ISO 3166-1 alpha-2 country code.
    InvalidCountry,
    /// Not an ISO 4217 currency code.
    InvalidCurrency,
    /// Not a plain decimal number (e.g. `1e309`, `NaN`, `12,5`).
    InvalidDecimal,
    Negative,
    /// More decimal places than the currency's minor unit.
    TooManyDecimals,
    OutOfRange,
    TooManyTags,
    /// A value outside a fixed list of choices (channel, lifecycle stage, …).
    InvalidChoice,
    /// Not a date (`YYYY-MM-DD`) or time (RFC 3339).
    InvalidDate,
    /// Two dates in the wrong order (a follow-up before its interaction, …).
    DateOrder,
    /// A contact with no phone, email or WeChat: no way to reach them.
    UnreachableContact,
    /// A saved segment's filter that does not parse or names an unknown version.
    InvalidSegment,
    /// A status change the state machine does not allow (e.g. cancelling a received PO).
    InvalidTransition,
    /// More delivered than ordered, not confirmed by the user.
    OverDelivery,
    /// Returning more than was shipped and not yet returned.
    OverReturn,
    /// Confirming an order some lines of which are short on stock, without choosing to
    /// back-order them.
    StockShort,
    /// Confirming an order that takes the customer over their credit limit, without an override.
    CreditLimit,
    NotFound,
    /// The record changed or a unique value is taken.
    Conflict,
    /// A request argument the UI should never send (bad page size, unknown id format, …).
    InvalidArgument,
    /// The database could not be read or written.
    Storage,
    Internal,
    /// The sync server cannot be reached (retried later).
    Offline,
    /// The sync server refused the sign-in or the device's token: sign in again.
    Unauthorized,
    /// No OS keychain is reachable to keep the sync token in (it is kept nowhere else).
    NoKeychain,
    /// The sync server needs a newer app.
    UpgradeRequired,
    /// The device's clock is too far ahead of the sync server's.
    ClockAhead,
    /// The device's sync sign-in lapsed (unused too long, or too old): sign in again.
    SignInExpired,
    /// The device was removed from the organisation (or its user was): sign in again.
    DeviceRevoked,
    /// The signed-in user's role does not allow this (managing the team is for owners and
    /// managers).
    Forbidden,
    /// Only an owner may do this to an owner, or make someone an owner.
    OwnerOnly,
    /// Nobody removes their own account or changes their own role.
    OwnAccount,
    /// The organisation's last owner cannot be removed or demoted.
    LastOwner,
    /// The organisation already has a user of that name.
    NameTaken,
    /// A new password is too short.
    PasswordTooShort,
    /// An imported file is not a spreadsheet, is damaged or truncated, or is text in no
    /// encoding the reader knows.
    UnreadableFile,
    /// An imported file or sheet has no header row, or no rows under it.
    EmptyFile,
    /// Two columns of an imported file have the same header.
    DuplicateHeader,
    /// A field an import needs has no column mapped to it.
    MissingColumn,
    /// An imported row is a record that exists already (skip, update or create it).
    DuplicateRecord,
    /// The user cancelled the import: nothing was written.
    Cancelled,
    /// A file chosen to restore or preview is not a Chainbook database (or not a database).
    NotABackup,
    /// A backup made by a newer Chainbook (a newer schema than this build knows).
    NewerBackup,
    /// Bringing the data up to this version failed; the data was left as it was.
    MigrationFailed,
    /// A file could not be written or read (an export, a backup): a missing folder, no
    /// permission, a full disk.
    FileError,
    /// A product to order has no preferred supplier to order it from.
    NoPreferredSupplier,
    /// The supplier scorecard's weights do not sum to 100.
    WeightsSum,
    /// A plain `http://` sync server that is not on this computer: the password and the
    /// device token would cross the network readable by anyone on it.
    InsecureUrl,
    /// The disk holding the data (or the chosen file) is full: nothing was changed; free some
    /// space and try again.
    DiskFull,
    /// The data file, its folder or the chosen file cannot be written (read-only, or no
    /// permission): nothing was changed.
    ReadOnly,
    /// The disk reported an error reading or writing the data: nothing was changed.
    DiskError,
    /// The data (or a backup) is encrypted and its key is not in this computer's keychain.
    EncryptionKeyMissing,
    /// The key in the keychain does not open the encrypted data (or backup).
    EncryptionKeyWrong,
    /// This computer's keychain forgets its secrets at a restart (Linux's kernel keyring
    /// without a desktop keychain): a database key kept there would be lost, so encryption
    /// stays off.
    KeychainNotPersistent,
    /// The sample company is only loaded into a database that holds no records yet: it
    /// would replace them.
    NotEmpty,
}

impl ErrorCode {
    /// Every code, in declaration order (the UI's bindings are generated from this list).
    pub const ALL: [ErrorCode; 60] = [
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::InvalidChars,
        ErrorCode::InvalidEmail,
        ErrorCode::InvalidPhone,
        ErrorCode::InvalidCountry,
        ErrorCode::InvalidCurrency,
        ErrorCode::InvalidDecimal,
        ErrorCode::Negative,
        ErrorCode::TooManyDecimals,
        ErrorCode::OutOfRange,
        ErrorCode::TooManyTags,
        ErrorCode::InvalidChoice,
        ErrorCode::InvalidDate,
        ErrorCode::DateOrder,
        ErrorCode::UnreachableContact,
        ErrorCode::InvalidSegment,
        ErrorCode::InvalidTransition,
        ErrorCode::OverDelivery,
        ErrorCode::OverReturn,
        ErrorCode::StockShort,
        ErrorCode::CreditLimit,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::InvalidArgument,
        ErrorCode::Storage,
        ErrorCode::Internal,
        ErrorCode::Offline,
        ErrorCode::Unauthorized,
        ErrorCode::NoKeychain,
        ErrorCode::UpgradeRequired,
        ErrorCode::ClockAhead,
        ErrorCode::SignInExpired,
        ErrorCode::DeviceRevoked,
        ErrorCode::Forbidden,
        ErrorCode::OwnerOnly,
        ErrorCode::OwnAccount,
        ErrorCode::LastOwner,
        ErrorCode::NameTaken,
        ErrorCode::PasswordTooShort,
        ErrorCode::UnreadableFile,
        ErrorCode::EmptyFile,
        ErrorCode::DuplicateHeader,
        ErrorCode::MissingColumn,
        ErrorCode::DuplicateRecord,
        ErrorCode::Cancelled,
        ErrorCode::NotABackup,
        ErrorCode::NewerBackup,
        ErrorCode::MigrationFailed,
        ErrorCode::FileError,
        ErrorCode::NoPreferredSupplier,
        ErrorCode::WeightsSum,
        ErrorCode::InsecureUrl,
        ErrorCode::DiskFull,
        ErrorCode::ReadOnly,
        ErrorCode::DiskError,
        ErrorCode::EncryptionKeyMissing,
        ErrorCode::EncryptionKeyWrong,
        ErrorCode::KeychainNotPersistent,
        ErrorCode::NotEmpty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::InvalidChars => "invalid_chars",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::InvalidPhone => "invalid_phone",
            ErrorCode::InvalidCountry => "invalid_country",
            ErrorCode::InvalidCurrency => "invalid_currency",
            ErrorCode::InvalidDecimal => "invalid_decimal",
            ErrorCode::Negative => "negative",
            ErrorCode::TooManyDecimals => "too_many_decimals",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::TooManyTags => "too_many_tags",
            ErrorCode::InvalidChoice => "invalid_choice",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::DateOrder => "date_order",
            ErrorCode::UnreachableContact => "unreachable_contact",
            ErrorCode::InvalidSegment => "invalid_segment",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::OverDelivery => "over_delivery",
            ErrorCode::OverReturn => "over_return",
            ErrorCode::StockShort => "stock_short",
            ErrorCode::CreditLimit => "credit_limit",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::Storage => "storage",
            ErrorCode::Internal => "internal",
            ErrorCode::Offline => "offline",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::NoKeychain => "no_keychain",
            ErrorCode::UpgradeRequired => "upgrade_required",
            ErrorCode::ClockAhead => "clock_ahead",
            ErrorCode::SignInExpired => "sign_in_expired",
            ErrorCode::DeviceRevoked => "device_revoked",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::OwnerOnly => "owner_only",
            ErrorCode::OwnAccount => "own_account",
            ErrorCode::LastOwner => "last_owner",
            ErrorCode::NameTaken => "name_taken",
            ErrorCode::PasswordTooShort => "password_too_short",
            ErrorCode::UnreadableFile => "unreadable_file",
            ErrorCode::EmptyFile => "empty_file",
            ErrorCode::DuplicateHeader => "duplicate_header",
            ErrorCode::MissingColumn => "missing_column",
            ErrorCode::DuplicateRecord => "duplicate_record",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::NotABackup => "not_a_backup",
            ErrorCode::NewerBackup => "newer_backup",
            ErrorCode::MigrationFailed => "migration_failed",
            ErrorCode::FileError => "file_error",
            ErrorCode::NoPreferredSupplier => "no_preferred_supplier",
            ErrorCode::WeightsSum => "weights_sum",
            ErrorCode::InsecureUrl => "insecure_url",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::DiskError => "disk_error",
            ErrorCode::EncryptionKeyMissing => "encryption_key_missing",
            ErrorCode::EncryptionKeyWrong => "encryption_key_wrong",
            ErrorCode::KeychainNotPersistent => "keychain_not_persistent",
            ErrorCode::NotEmpty => "not_empty",
        }
    }
}

/// A rejected field value: which field, which rule, and an English message for logs.
///
/// `field` is a path the UI can place the message by: `name`, or `contacts.1.phone` for the
/// second contact's phone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    pub code: ErrorCode,
    pub field: Cow<'static, str>,
    pub message: String,
    /// The bound the value broke, when the message should name it (a text's most characters),
    /// as a value the UI puts into its own sentence.
    pub limit: Option<u32>,
}

impl ValidationError {
    pub fn new(
        code: ErrorCode,
        field: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            field: field.into(),
            message: message.into(),
            limit: None,
        }
    }

    /// The same error naming the bound that was broken.
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = u32::try_from(limit).ok();
        self
    }

    /// Places the error inside a list item: `phone` becomes `contacts.1.phone`.
    pub fn within(mut self, list: &str, index: usize) -> Self {
        self.field = format!("{list}.{index}.{}", self.field).into();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_matches_serde_and_all_is_complete() {
        for c in ErrorCode::ALL {
            let json = serde_json_like(c);
            assert_eq!(json, c.as_str());
        }
        let mut names: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }

    /// serde's snake_case name, read back through the derived `Deserialize`.
    fn serde_json_like(c: ErrorCode) -> &'static str {
        use serde::de::value::{Error, StrDeserializer};
        use serde::de::IntoDeserializer;
        let back: ErrorCode =
            Deserialize::deserialize::<StrDeserializer<'_, Error>>(c.as_str().into_deserializer())
                .unwrap();
        assert_eq!(back, c);
        c.as_str()
    }
}
