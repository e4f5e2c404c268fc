//! Opt-in desktop notifications: which records to tell the user about, and which they were
//! told about already.
//!
//! Four kinds, each turned on or off on its own, all off until the user turns notifications on
//! in Settings: follow-ups due today or overdue, complaints past an SLA deadline, supplier
//! contracts ending within [`CONTRACT_WINDOW_DAYS`] and products whose stock on hand is below
//! their safety stock. Nothing here decides what is due, breached, ending or low: each set is
//! read through the query that answers it for the home and the lists (the same follow-up
//! ranges, the complaint list's breached filter, the contract reminders and the plan's safety
//! stock).
//!
//! **Told once.** Each record that needs the user is a key naming the record and the fact
//! (a follow-up and its due date, a complaint and the deadline it missed, a contract and its
//! end, a product being low). [`Store::take_notices`] returns only the keys not seen at the
//! previous check and then remembers the current set, so an app that checks every few minutes
//! says each thing once; a follow-up moved to another day, a complaint missing its second
//! deadline or a product that was restocked and ran low again is new again. The remembered set
//! is never larger than what needs attention now.
//!
//! Both the choices and the remembered keys are device-local (`local_settings`): notifications
//! are shown by this machine, and another device's user was told by theirs.

use std::collections::BTreeSet;

use chainbook_core::{ErrorCode, ValidationError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::attention::CONTRACT_WINDOW_DAYS;
use crate::complaints::ComplaintQuery;
use crate::settings::{get_local, put_local};
use crate::{Result, Store, StoreError};

const PREFS: &str = "notify";
const SEEN: &str = "notify.seen";

/// The most breached complaints one check reads (the list's first page, in its order): a
/// business with more open breaches than this hears about the rest as they come up.
const COMPLAINTS_MAX: u32 = 200;

/// The most records one notice names; its `total` says how many there are.
pub const NAMED_MAX: usize = 3;

/// What the user chose: notifications on or off, and which kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotifyPrefs {
    pub enabled: bool,
    pub follow_ups: bool,
    pub sla_breaches: bool,
    pub contracts: bool,
    pub low_stock: bool,
}

impl Default for NotifyPrefs {
    /// Off, with every kind chosen for when they are turned on.
    fn default() -> Self {
        NotifyPrefs {
            enabled: false,
            follow_ups: true,
            sla_breaches: true,
            contracts: true,
            low_stock: true,
        }
    }
}

impl NotifyPrefs {
    fn wants(&self, kind: NoticeKind) -> bool {
        self.enabled
            && match kind {
                NoticeKind::FollowUps => self.follow_ups,
                NoticeKind::SlaBreaches => self.sla_breaches,
                NoticeKind::Contracts => self.contracts,
                NoticeKind::LowStock => self.low_stock,
            }
    }
}

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// Open follow-ups due today or earlier.
    FollowUps,
    /// Open complaints past their first-response or resolution deadline.
    SlaBreaches,
    /// Supplier contracts ending within [`CONTRACT_WINDOW_DAYS`].
    Contracts,
    /// Products with less on hand than their safety stock.
    LowStock,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 4] = [
        NoticeKind::FollowUps,
        NoticeKind::SlaBreaches,
        NoticeKind::Contracts,
        NoticeKind::LowStock,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::FollowUps => "follow_ups",
            NoticeKind::SlaBreaches => "sla_breaches",
            NoticeKind::Contracts => "contracts",
            NoticeKind::LowStock => "low_stock",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            NoticeKind::FollowUps => "f",
            NoticeKind::SlaBreaches => "s",
            NoticeKind::Contracts => "c",
            NoticeKind::LowStock => "p",
        }
    }
}

/// One record a notice names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeItem {
    /// The record it is about: the customer of a follow-up, the complaint, the supplier of a
    /// contract, the product.
    pub id: Uuid,
    /// A customer's code, a complaint's number, a supplier's name, a SKU.
    pub code: String,
    /// The customer, the customer, the contract's title, the product's name.
    pub name: String,
    /// The follow-up's due date, the missed deadline's day, the contract's end; None for stock.
    pub date: Option<NaiveDate>,
}

/// One notification to show: the records of one kind that are new since the last check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    /// How many records of this kind are new.
    pub total: usize,
    /// The first [`NAMED_MAX`] of them.
    pub items: Vec<NoticeItem>,
}

impl Store {
    /// The notification choices (all off until set).
    pub fn notify_prefs(&self) -> Result<NotifyPrefs> {
        get_local(self.read().conn, PREFS)?
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|e| StoreError::Corrupt(format!("setting {PREFS}: {e}")))
            })
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// Saves the notification choices. Turning them off forgets what was told, so turning them
    /// on again tells what needs attention then.
    pub fn set_notify_prefs(&mut self, prefs: &NotifyPrefs) -> Result<NotifyPrefs> {
        validate(prefs)?;
        let json = serde_json::to_string(prefs).map_err(|e| StoreError::Internal(e.to_string()))?;
        let tx = self.read().conn.unchecked_transaction()?;
        put_local(&tx, PREFS, &json)?;
        if !prefs.enabled {
            tx.execute("DELETE FROM local_settings WHERE key = ?1", [SEEN])?;
        }
        tx.commit()?;
        Ok(*prefs)
    }

    /// What to tell the user on `today` (their local date) that they were not told at the
    /// previous check, one notice per kind with anything new, in [`NoticeKind::ALL`]'s order;
    /// remembers what needs attention now for the next check. Empty while notifications are
    /// off.
    pub fn take_notices(&mut self, today: NaiveDate) -> Result<Vec<Notice>> {
        let prefs = self.notify_prefs()?;
        if !prefs.enabled {
            return Ok(Vec::new());
        }
        let seen = self.seen()?;
        let mut now = BTreeSet::new();
        let mut out = Vec::new();
        for kind in NoticeKind::ALL {
            if !prefs.wants(kind) {
                continue;
            }
            let mut fresh = Vec::new();
            for (fact, item) in self.needing(kind, today)? {
                let key = format!("{}:{}:{fact}", kind.prefix(), item.id);
                if !seen.contains(&key) {
                    fresh.push(item);
                }
                now.insert(key);
            }
            if !fresh.is_empty() {
                let total = fresh.len();
                fresh.truncate(NAMED_MAX);
                out.push(Notice {
                    kind,
                    total,
                    items: fresh,
                });
            }
        }
        let json = serde_json::to_string(&now).map_err(|e| StoreError::Internal(e.to_string()))?;
        put_local(self.read().conn, SEEN, &json)?;
        Ok(out)
    }

    fn seen(&self) -> Result<BTreeSet<String>> {
        let text = get_local(self.read().conn, SEEN)?;
        // A remembered set that does not parse only means telling again: not worth refusing
        // to notify over.
        Ok(text
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default())
    }

    /// The records of `kind` that need the user on `today`, each with the fact that makes it
    /// so (part of its key).
    fn needing(&self, kind: NoticeKind, today: NaiveDate) -> Result<Vec<(String, NoticeItem)>> {
        Ok(match kind {
            NoticeKind::FollowUps => self
                .interactions()
                .follow_ups_due(today)?
                .into_iter()
                .map(|f| {
                    // The interaction, not the customer: one customer may have several.
                    let fact = format!("{}:{}", f.interaction.id, f.due);
                    let item = NoticeItem {
                        id: f.interaction.customer_id,
                        code: f.customer_code,
                        name: f.customer_name,
                        date: Some(f.due),
                    };
                    (fact, item)
                })
                .collect(),
            NoticeKind::SlaBreaches => {
                let page = self.complaints().list(&ComplaintQuery {
                    page_size: COMPLAINTS_MAX,
                    open_only: true,
                    breached_only: true,
                    ..Default::default()
                })?;
                page.items
                    .into_iter()
                    .map(|c| {
                        // The deadline missed (as the home says) is part of the fact: missing
                        // the resolution's after the response's is news again.
                        let due = c.current_deadline();
                        let fact = due.map(crate::fmt_time).unwrap_or_default();
                        let item = NoticeItem {
                            id: c.id,
                            code: c.number,
                            name: c.customer_name,
                            date: due.map(|d| d.date_naive()),
                        };
                        (fact, item)
                    })
                    .collect()
            }
            NoticeKind::Contracts => self
                .suppliers()
                .contracts_expiring(today, CONTRACT_WINDOW_DAYS)?
                .into_iter()
                .map(|c| {
                    let fact = format!("{}:{}", c.id, c.ends_on);
                    let item = NoticeItem {
                        id: c.supplier_id,
                        code: c.supplier_name,
                        name: c.title,
                        date: Some(c.ends_on),
                    };
                    (fact, item)
                })
                .collect(),
            NoticeKind::LowStock => self
                .planning()
                .plan(today)?
                .products
                .iter()
                .filter(|p| p.reorder.safety_stock.0 > 0 && p.on_hand.0 < p.reorder.safety_stock.0)
                .map(|p| {
                    let item = NoticeItem {
                        id: p.product_id,
                        code: p.sku.clone(),
                        name: p.name.clone(),
                        date: None,
                    };
                    ("low".to_owned(), item)
                })
                .collect(),
        })
    }
}

/// Refuses a choice set that is on with no kind chosen: it would never say anything, and the
/// user would believe they are told.
fn validate(prefs: &NotifyPrefs) -> Result<()> {
    if prefs.enabled
        && !(prefs.follow_ups || prefs.sla_breaches || prefs.contracts || prefs.low_stock)
    {
        return Err(ValidationError::new(
            ErrorCode::Required,
            "kinds",
            "choose at least one kind of notification",
        )
        .into());
    }
    Ok(())
}
