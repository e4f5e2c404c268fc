//! The one error shape every command returns: `{ code, message, field }`.
//!
//! `code` is from the closed [`ErrorCode`] set, which the UI translates; `message` is English
//! for logs and bug reports; `field` names the form field when there is one.

use chainbook_core::{ErrorCode, ValidationError};
use chainbook_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommandError {
    #[ts(type = "ErrorCode")]
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
    /// The bound the value broke (a text's most characters), for the UI's sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub limit: Option<u32>,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            limit: None,
        }
    }

    /// The same error, about the form field `field`.
    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let code = e.code();
        // Storage failures are ours, not the user's: log the detail, keep it in the message.
        if matches!(code, ErrorCode::Storage | ErrorCode::Internal) {
            tracing::error!(error = %e, "store error");
        }
        // The disk's: the user is told what to do; the log keeps SQLite's own words.
        if e.is_disk_fault() {
            tracing::warn!(error = %e, "disk fault");
        }
        CommandError {
            code,
            field: e.field().map(str::to_owned),
            limit: e.limit(),
            message: e.to_string(),
        }
    }
}

impl From<ValidationError> for CommandError {
    fn from(e: ValidationError) -> Self {
        CommandError {
            code: e.code,
            field: Some(e.field.into_owned()),
            message: e.message,
            limit: e.limit,
        }
    }
}

pub type CmdResult<T> = Result<T, CommandError>;
