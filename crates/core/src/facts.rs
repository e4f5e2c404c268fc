//! Facts the app records about what it did, as kinds with values, instead of sentences: the
//! UI words them in the user's language when it shows them, and analytics can count them.
//! (A note written as English text would stay English in a Chinese UI, and reading it back
//! would mean parsing prose.)

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One recorded fact. Stored as JSON (`{"kind": "backorder", "lines": 2}`); amounts are exact
/// decimal text in the currency named beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    /// An order was confirmed although `lines` of its lines were short on stock.
    Backorder { lines: u32 },
    /// An order was confirmed over the customer's credit limit: the customer's other open
    /// orders, this order and the limit.
    CreditOverride {
        open: String,
        order: String,
        limit: String,
        currency: String,
    },
    /// A follow-up the app created when an order was delivered: ask the customer how it went.
    DeliveryFeedback {
        order_id: Uuid,
        order_number: String,
    },
    /// A complaint's resolution came with a compensation of `amount` in `currency`.
    Compensation { amount: String, currency: String },
    /// A complaint's root cause names a partner: a supplier, or a carrier or service agent
    /// (a supplier of that kind), with its code and name as they were then. The supplier's
    /// scorecard counts the complaint.
    RootCausePartner {
        supplier_id: Uuid,
        code: String,
        name: String,
        /// The supplier's kind: `goods`, `logistics` or `service`.
        supplier_kind: String,
    },
}

impl Fact {
    /// The JSON stored for a list of facts.
    pub fn list_to_json(facts: &[Fact]) -> String {
        serde_json::to_string(facts).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Facts stored by [`Fact::list_to_json`]; `None` when the text is not such a list.
    pub fn list_from_json(s: &str) -> Option<Vec<Fact>> {
        if s.is_empty() {
            return Some(Vec::new());
        }
        serde_json::from_str(s).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_round_trip_as_tagged_json() {
        let facts = vec![
            Fact::Backorder { lines: 2 },
            Fact::CreditOverride {
                open: "800.00".into(),
                order: "300.00".into(),
                limit: "1000.00".into(),
                currency: "CNY".into(),
            },
        ];
        let json = Fact::list_to_json(&facts);
        assert!(json.starts_with(r#"[{"kind":"backorder","lines":2},{"kind":"credit_override""#));
        assert_eq!(Fact::list_from_json(&json), Some(facts));
        assert_eq!(Fact::list_from_json(""), Some(Vec::new()));
        assert_eq!(Fact::list_from_json("back-order: 2 line(s) short"), None);
    }
}
