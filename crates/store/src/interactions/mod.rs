//! Interactions (客户互动), follow-ups and the customer timeline.
//!
//! Interactions and follow-up completions are insert-only facts: nothing updates them, so two
//! devices' records merge by union when sync arrives. A follow-up is open while its
//! interaction has no completion row. An interaction the app creates itself carries a
//! [`Fact`] the UI words in the user's language.
//!
//! - [`schema`]: tables, migrations, registered columns;
//! - [`read`]: one interaction, open follow-ups;
//! - [`write`]: recording interactions (also for other capabilities) and completions;
//! - [`timeline`]: a customer's timeline across interactions, orders, complaints and surveys.

mod read;
pub(crate) mod schema;
mod timeline;
pub(crate) mod write;

use chainbook_core::facts::Fact;
use chainbook_core::interaction::InteractionKind;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::{Read, Store};

pub(crate) use schema::TABLES;
pub use timeline::TimelineEntry;

/// A stored interaction as the timeline and follow-up list show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteractionEntry {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    /// What the user wrote; empty when the app made the interaction (see `fact`).
    pub summary: String,
    pub outcome: String,
    pub follow_up_on: Option<NaiveDate>,
    /// When the follow-up was marked done, if it was.
    pub follow_up_done_at: Option<DateTime<Utc>>,
    /// What an interaction the app made is about.
    pub fact: Option<Fact>,
}

/// An open follow-up with its customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub interaction: InteractionEntry,
    pub customer_code: String,
    pub customer_name: String,
    pub due: NaiveDate,
}

/// Reads of interactions, follow-ups and timelines.
pub struct Interactions<'a> {
    db: Read<'a>,
}

/// Writes of interactions and follow-up completions.
pub struct InteractionsMut<'a> {
    store: &'a mut Store,
}

impl Store {
    pub fn interactions(&self) -> Interactions<'_> {
        Interactions { db: self.read() }
    }

    pub fn interactions_mut(&mut self) -> InteractionsMut<'_> {
        InteractionsMut { store: self }
    }
}
