//! Recording interactions and marking follow-ups done. [`insert`] is also how other
//! capabilities record one (a delivered order's feedback follow-up).

use chainbook_core::facts::Fact;
use chainbook_core::interaction::{InteractionDraft, InteractionFields};
use chainbook_core::text::{clean, Lines};
use chainbook_core::{ErrorCode, ValidationError};
use serde_json::json;
use uuid::Uuid;

use super::read::load;
use super::{InteractionEntry, InteractionsMut};
use crate::write::Write;
use crate::{fmt_time, Result, StoreError};

/// Inserts a validated interaction, with the fact an app-made one is about.
pub(crate) fn insert(w: &Write<'_>, f: &InteractionFields, fact: Option<&Fact>) -> Result<Uuid> {
    w.insert_row(
        "interactions",
        &[
            ("customer_id", json!(f.customer_id.to_string())),
            (
                "contact_id",
                json!(f.contact_id.map(|c| c.to_string()).unwrap_or_default()),
            ),
            ("kind", json!(f.kind.as_str())),
            ("occurred_at", json!(fmt_time(f.occurred_at))),
            ("summary", json!(f.summary)),
            ("outcome", json!(f.outcome)),
            (
                "follow_up_on",
                json!(f.follow_up_on.map(|d| d.to_string()).unwrap_or_default()),
            ),
            (
                "fact",
                json!(fact
                    .and_then(|f| serde_json::to_string(f).ok())
                    .unwrap_or_default()),
            ),
        ],
    )
}

impl InteractionsMut<'_> {
    /// Records an interaction with a live customer (and, optionally, one of its contacts).
    pub fn add(&mut self, draft: &InteractionDraft) -> Result<InteractionEntry> {
        let f = draft.validate()?;
        let id = self.store.write(|w| {
            let customer = f.customer_id.to_string();
            let live =
                w.tx.prepare_cached("SELECT 1 FROM customers WHERE id = ?1 AND deleted = 0")?
                    .exists([&customer])?;
            if !live {
                return Err(StoreError::NotFound { what: "customer" });
            }
            if let Some(contact) = f.contact_id {
                let ok =
                    w.tx.prepare_cached(
                        "SELECT 1 FROM contacts WHERE id = ?1 AND customer_id = ?2 AND deleted = 0",
                    )?
                    .exists([contact.to_string(), customer])?;
                if !ok {
                    return Err(ValidationError::new(
                        ErrorCode::NotFound,
                        "contact_id",
                        "the contact does not belong to this customer",
                    )
                    .into());
                }
            }
            insert(w, &f, None)
        })?;
        self.store.interactions().get(id)
    }

    /// Marks a follow-up done (an insert-only fact). Marking it again changes nothing.
    pub fn complete_follow_up(
        &mut self,
        interaction_id: Uuid,
        note: &str,
    ) -> Result<InteractionEntry> {
        let note = clean("note", note, 1_000, false, Lines::Multi)?;
        self.store.write(|w| {
            let i = load(&w.tx, interaction_id)?;
            if i.follow_up_on.is_none() {
                return Err(ValidationError::new(
                    ErrorCode::InvalidArgument,
                    "interaction_id",
                    "this interaction has no follow-up",
                )
                .into());
            }
            if i.follow_up_done_at.is_some() {
                return Ok(());
            }
            w.insert_row(
                "follow_up_done",
                &[
                    ("interaction_id", json!(interaction_id.to_string())),
                    ("done_at", json!(fmt_time(w.now))),
                    ("note", json!(note)),
                ],
            )
            .map(drop)
        })?;
        self.store.interactions().get(interaction_id)
    }
}
