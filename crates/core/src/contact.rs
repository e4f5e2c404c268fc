//! Contact people (temporary home while the contact module moves here).

pub use crate::customer::{Contact, ContactDraft};
