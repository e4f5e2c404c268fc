//! Wire types of desktop notifications: the user's choices and what is new to tell.

use chainbook_store::notify::{Notice, NoticeKind, NotifyPrefs};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Notifications on or off, and which kinds (Settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "NotifySettings")]
pub struct NotifySettingsDto {
    pub enabled: bool,
    pub follow_ups: bool,
    pub sla_breaches: bool,
    pub contracts: bool,
    pub low_stock: bool,
}

impl From<NotifyPrefs> for NotifySettingsDto {
    fn from(p: NotifyPrefs) -> Self {
        NotifySettingsDto {
            enabled: p.enabled,
            follow_ups: p.follow_ups,
            sla_breaches: p.sla_breaches,
            contracts: p.contracts,
            low_stock: p.low_stock,
        }
    }
}

impl From<NotifySettingsDto> for NotifyPrefs {
    fn from(p: NotifySettingsDto) -> Self {
        NotifyPrefs {
            enabled: p.enabled,
            follow_ups: p.follow_ups,
            sla_breaches: p.sla_breaches,
            contracts: p.contracts,
            low_stock: p.low_stock,
        }
    }
}

/// What a notice is about (`chainbook_store::notify::NoticeKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "NoticeKind")]
pub enum NoticeKindDto {
    FollowUps,
    SlaBreaches,
    Contracts,
    LowStock,
}

impl From<NoticeKind> for NoticeKindDto {
    fn from(k: NoticeKind) -> Self {
        match k {
            NoticeKind::FollowUps => NoticeKindDto::FollowUps,
            NoticeKind::SlaBreaches => NoticeKindDto::SlaBreaches,
            NoticeKind::Contracts => NoticeKindDto::Contracts,
            NoticeKind::LowStock => NoticeKindDto::LowStock,
        }
    }
}

/// A record a notice names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "NoticeItem")]
pub struct NoticeItemDto {
    pub id: String,
    /// A customer's code, a complaint's number, a supplier's name, a SKU.
    pub code: String,
    /// The customer, the contract's title, the product's name.
    pub name: String,
    /// YYYY-MM-DD: the follow-up's due date, the missed deadline's day, the contract's end.
    pub date: Option<String>,
}

/// One notification to show: the new records of one kind, the first few named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "Notice")]
pub struct NoticeDto {
    pub kind: NoticeKindDto,
    pub total: u32,
    pub items: Vec<NoticeItemDto>,
}

impl From<Notice> for NoticeDto {
    fn from(n: Notice) -> Self {
        NoticeDto {
            kind: n.kind.into(),
            total: n.total.try_into().unwrap_or(u32::MAX),
            items: n
                .items
                .into_iter()
                .map(|i| NoticeItemDto {
                    id: i.id.to_string(),
                    code: i.code,
                    name: i.name,
                    date: i.date.map(|d| d.to_string()),
                })
                .collect(),
        }
    }
}

/// A notification as the UI worded it, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(rename = "Notification")]
pub struct NotificationDto {
    pub title: String,
    pub body: String,
}
