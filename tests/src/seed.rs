//! Records a test writes into its data folder's database before the app starts, through the
//! store's own API (the same write path the app uses), for tests that start from a business
//! with something in it.

use chainbook_core::customer::{Customer, CustomerDraft, CustomerKind};
use chainbook_core::interaction::InteractionDraft;
use chainbook_store::Store;

/// A company customer in Shenzhen buying in CNY.
pub fn customer(s: &mut Store, name: &str) -> Customer {
    s.customers_mut()
        .create(&CustomerDraft {
            kind: CustomerKind::Company,
            name: name.into(),
            phone: "0755-28780808".into(),
            country: "CN".into(),
            city: "深圳".into(),
            currency: "CNY".into(),
            ..Default::default()
        })
        .expect("a customer")
}

/// A call four days ago whose follow-up (`summary`) was due two days ago, by this machine's
/// calendar.
pub fn overdue_follow_up(s: &mut Store, customer: &Customer, summary: &str) {
    let today = chrono::Local::now().date_naive();
    s.interactions_mut()
        .add(&InteractionDraft {
            customer_id: customer.id,
            contact_id: None,
            kind: "call".into(),
            occurred_at: format!("{}T09:00:00+08:00", today - chrono::Duration::days(4)),
            summary: summary.into(),
            outcome: String::new(),
            follow_up_on: (today - chrono::Duration::days(2)).to_string(),
        })
        .expect("an interaction with a follow-up");
}
