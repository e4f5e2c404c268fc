//! Settings: the device-local UI language and the synced business settings (home country,
//! company header, SLA policy, loyalty weight) — their round trip and validation, the move
//! from `local_settings` when a schema-14 database opens, and two devices converging on them.

use chainbook_core::company::Company;
use chainbook_core::complaint::SlaPolicy;
use chainbook_core::preferences::Theme;
use chainbook_core::ErrorCode;
use chainbook_store::settings::business;
use chainbook_store::sync::Keep;
use chainbook_store::Store;
use chrono::{DateTime, Duration, Utc};

use crate::{content, fresh, log_len, take_changes};

/// A policy whose hours all differ from the default's by `plus`.
fn policy(plus: u32) -> SlaPolicy {
    let mut p = SlaPolicy::default();
    for h in &mut p.hours {
        h.0 += plus;
        h.1 += plus;
    }
    p
}

fn company(name: &str) -> Company {
    Company {
        name: name.into(),
        address: "深圳市南山区科技园".into(),
        phone: "0755-12345678".into(),
        email: "office@example.com".into(),
        tax_id: "91440300MA5XXXXXXX".into(),
    }
}

/// Two devices with sync on whose clocks are fixed, B's `ahead` later than A's, so which
/// write is later does not depend on timing.
fn two_devices(ahead: Duration) -> ((tempfile::TempDir, Store), (tempfile::TempDir, Store)) {
    let t: DateTime<Utc> = "2026-11-20T08:00:00Z".parse().unwrap();
    let (da, mut a) = fresh();
    let (db, mut b) = fresh();
    a.set_clock(Box::new(move || t));
    b.set_clock(Box::new(move || t + ahead));
    ((da, a), (db, b))
}

/// Sends everything each store has not pushed to the other.
fn exchange(a: &mut Store, b: &mut Store) {
    let from_a = take_changes(a);
    let from_b = take_changes(b);
    a.sync_mut().apply(&from_b).unwrap();
    b.sync_mut().apply(&from_a).unwrap();
}

fn business_rows(dir: &tempfile::TempDir) -> Vec<Vec<rusqlite::types::Value>> {
    content(&dir.path().join("chainbook.db"))["business_settings"].clone()
}

#[test]
fn settings_round_trip_and_refuse_invalid_values() {
    let (dir, mut s) = fresh();
    let weight = chainbook_core::analytics::loyalty::DEFAULT_SUBJECTIVE_WEIGHT;
    // Defaults until set.
    assert_eq!(s.settings().home_country().unwrap(), "CN");
    assert_eq!(s.settings().company().unwrap(), Company::default());
    assert_eq!(s.settings().sla_policy().unwrap(), SlaPolicy::default());
    assert_eq!(s.settings().loyalty_weight().unwrap(), weight);

    assert_eq!(s.settings_mut().set_home_country("de").unwrap(), "DE");
    let saved = s
        .settings_mut()
        .set_company(&Company {
            name: "  深圳链本科技有限公司 ".into(),
            ..company("")
        })
        .unwrap();
    assert_eq!(saved.name, "深圳链本科技有限公司");
    s.settings_mut().set_sla_policy(&policy(1)).unwrap();
    assert_eq!(s.settings_mut().set_loyalty_weight(0.8).unwrap(), 0.8);

    // Refused values leave the saved ones alone.
    let code = |e: chainbook_store::StoreError| e.code();
    assert_eq!(
        code(s.settings_mut().set_home_country("XX").unwrap_err()),
        ErrorCode::InvalidCountry
    );
    assert_eq!(
        code(s.settings_mut().set_home_country("").unwrap_err()),
        ErrorCode::Required
    );
    assert!(s
        .settings_mut()
        .set_company(&Company {
            email: "not an email".into(),
            ..company("X")
        })
        .is_err());
    let mut bad = policy(0);
    bad.hours[0] = (0, 10);
    assert!(s.settings_mut().set_sla_policy(&bad).is_err());
    for w in [1.5, -0.1, f64::NAN] {
        assert_eq!(
            code(s.settings_mut().set_loyalty_weight(w).unwrap_err()),
            ErrorCode::OutOfRange
        );
    }

    drop(s);
    let s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    assert_eq!(s.settings().home_country().unwrap(), "DE");
    assert_eq!(s.settings().company().unwrap(), saved);
    assert_eq!(s.settings().sla_policy().unwrap(), policy(1));
    assert_eq!(s.settings().loyalty_weight().unwrap(), 0.8);
}

#[test]
fn business_settings_are_synced_rows_and_the_language_stays_local() {
    let (_dir, mut s) = fresh();
    s.settings_mut().set_locale("en").unwrap();
    assert_eq!(log_len(&s), 0, "the UI language never syncs");
    // The theme: the OS's until chosen, validated, device-local like the language.
    assert_eq!(s.settings().theme().unwrap(), Theme::System);
    assert_eq!(s.settings_mut().set_theme("dark").unwrap(), Theme::Dark);
    assert_eq!(s.settings().theme().unwrap(), Theme::Dark);
    let e = s.settings_mut().set_theme("sepia").unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::InvalidChoice, Some("theme"))
    );
    assert_eq!(
        s.settings().theme().unwrap(),
        Theme::Dark,
        "a refused theme changes nothing"
    );
    assert_eq!(log_len(&s), 0, "the theme never syncs");
    s.settings_mut().set_home_country("DE").unwrap();
    s.settings_mut().set_sla_policy(&policy(2)).unwrap();
    let sent = take_changes(&mut s);
    assert_eq!(sent.len(), 2);
    for c in &sent {
        assert_eq!(c.table, "business_settings");
        assert!(c.created_at.is_some());
        let key = c.fields["key"].value.as_str().unwrap();
        assert_eq!(c.row_id, business::id_of(key).to_string(), "the key's id");
    }
    let home = sent
        .iter()
        .find(|c| c.fields["key"].value == "home_country")
        .unwrap();
    assert_eq!(home.fields["value"].value, "\"DE\"", "the value as JSON");
    // The same value again writes nothing; another value sends only the value.
    s.settings_mut().set_home_country("de").unwrap();
    assert_eq!(log_len(&s), 0);
    s.settings_mut().set_home_country("FR").unwrap();
    let sent = take_changes(&mut s);
    assert_eq!(sent.len(), 1);
    assert!(sent[0].created_at.is_none());
    let fields: Vec<&str> = sent[0].fields.keys().map(String::as_str).collect();
    assert_eq!(fields, ["value"]);
    assert!(sent[0].fields["value"].base.is_some(), "made on top of DE");
}

#[test]
fn a_schema_14_database_moves_its_local_business_settings_into_synced_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    chainbook_store::create_schema_at_version(&path, 14).unwrap();
    let header = serde_json::to_string(&company("旧公司")).unwrap();
    let sla = serde_json::to_string(&policy(3)).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    // As version 14 kept them: the country and the weight as bare text, the rest as JSON,
    // beside the language and the sync link, which stay.
    conn.execute(
        "INSERT INTO local_settings (key, value) VALUES
            ('home_country', 'DE'), ('company', ?1), ('sla_policy', ?2),
            ('loyalty_weight', '0.3'), ('locale', 'en'), ('sync_server', 'https://x.example')",
        [&header, &sla],
    )
    .unwrap();
    // Sync was on and the first push done: the moved values must go into the change log.
    conn.execute(
        "UPDATE sync_state SET enabled = 1, snapshot_done = 1 WHERE singleton = 1",
        [],
    )
    .unwrap();
    drop(conn);

    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 20);
    assert_eq!(s.settings().home_country().unwrap(), "DE");
    assert_eq!(s.settings().company().unwrap(), company("旧公司"));
    assert_eq!(s.settings().sla_policy().unwrap(), policy(3));
    assert_eq!(s.settings().loyalty_weight().unwrap(), 0.3);
    assert_eq!(s.settings().locale().unwrap().as_deref(), Some("en"));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let local: Vec<String> = conn
        .prepare("SELECT key FROM local_settings ORDER BY key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(local, ["locale", "sync_server"], "the old keys are gone");
    // Stamped by this device, and sent at the next push.
    let sent = take_changes(&mut s);
    assert_eq!(sent.len(), 4);
    assert!(sent.iter().all(|c| c.table == "business_settings"
        && c.created_at.is_some()
        && c.max_stamp().unwrap().device == s.device().id));
    // Opening again finds nothing left to move.
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(log_len(&s), 0);
    assert_eq!(s.settings().home_country().unwrap(), "DE");
}

#[test]
fn a_weight_version_14_could_not_read_is_dropped_and_a_device_that_never_synced_sends_its_values_first(
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    chainbook_store::create_schema_at_version(&path, 14).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO local_settings (key, value) VALUES ('home_country', 'US'),
            ('loyalty_weight', 'lots')",
        [],
    )
    .unwrap();
    drop(conn);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(log_len(&s), 0, "sync is off: no log");
    assert_eq!(
        s.settings().loyalty_weight().unwrap(),
        chainbook_core::analytics::loyalty::DEFAULT_SUBJECTIVE_WEIGHT
    );
    s.sync_mut().enable().unwrap();
    let first = take_changes(&mut s);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].table, "business_settings");
    assert_eq!(first[0].fields["value"].value, "\"US\"");
}

#[test]
fn two_devices_that_set_the_home_country_apart_write_one_row_and_converge_on_the_later() {
    let ((da, mut a), (db, mut b)) = two_devices(Duration::minutes(1));
    a.settings_mut().set_home_country("DE").unwrap();
    b.settings_mut().set_home_country("US").unwrap();
    // A has pushed its value before it hears of B's; B has not.
    let from_a = take_changes(&mut a);
    b.sync_mut().apply(&from_a).unwrap();
    a.sync_mut().apply(&take_changes(&mut b)).unwrap();
    for s in [&a, &b] {
        assert_eq!(s.settings().home_country().unwrap(), "US", "B's is later");
    }
    // One row on both, identical to the last column (the earlier insert's created_at).
    assert_eq!(business_rows(&da).len(), 1);
    assert_eq!(business_rows(&da), business_rows(&db));
    // Both writes were made apart: each device that saw a value lose records it, named by the
    // setting's key and shown to the user.
    for (s, lost) in [(&a, "\"DE\""), (&b, "\"DE\"")] {
        let c = s.sync().conflicts(10).unwrap();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (c[0].table.as_str(), c[0].field.as_str(), c[0].surfaced),
            ("business_settings", "value", true)
        );
        assert_eq!(c[0].setting.as_deref(), Some("home_country"));
        assert_eq!(c[0].lost, serde_json::json!(lost));
    }
    // A later edit made on top of the merged value wins everywhere without a new conflict.
    a.set_clock(Box::new(|| "2026-11-20T09:00:00Z".parse().unwrap()));
    a.settings_mut().set_home_country("GB").unwrap();
    exchange(&mut a, &mut b);
    assert_eq!(b.settings().home_country().unwrap(), "GB");
    assert_eq!(b.sync().conflicts(10).unwrap().len(), 1);
    assert_eq!(business_rows(&da), business_rows(&db));
}

#[test]
fn concurrent_sla_policy_edits_are_a_surfaced_conflict_and_the_lost_one_can_be_kept() {
    let ((da, mut a), (db, mut b)) = two_devices(Duration::minutes(1));
    a.settings_mut().set_sla_policy(&policy(1)).unwrap();
    exchange(&mut a, &mut b);
    assert_eq!(b.settings().sla_policy().unwrap(), policy(1));
    // Both edit the policy offline; B's edit is later.
    a.settings_mut().set_sla_policy(&policy(2)).unwrap();
    b.settings_mut().set_sla_policy(&policy(3)).unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        assert_eq!(s.settings().sla_policy().unwrap(), policy(3));
    }
    let on_a = a.sync().conflicts(10).unwrap();
    assert_eq!(on_a.len(), 1);
    assert!(on_a[0].surfaced);
    assert_eq!(on_a[0].setting.as_deref(), Some("sla_policy"));
    let lost: SlaPolicy = serde_json::from_str(on_a[0].lost.as_str().unwrap()).unwrap();
    assert_eq!(lost, policy(2));
    assert_eq!(on_a[0].lost_stamp.device, a.device().id);
    // A keeps its own policy: written again, it goes to B and wins there.
    a.set_clock(Box::new(|| "2026-11-20T09:00:00Z".parse().unwrap()));
    a.sync_mut().resolve(on_a[0].id, Keep::Lost).unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        assert_eq!(s.settings().sla_policy().unwrap(), policy(2));
    }
    assert_eq!(business_rows(&da), business_rows(&db));
}

#[test]
fn a_complaint_opened_after_a_synced_policy_arrives_uses_it() {
    use chainbook_core::complaint::FeedbackDraft;
    let ((_da, mut a), (_db, mut b)) = two_devices(Duration::zero());
    a.settings_mut().set_sla_policy(&policy(5)).unwrap();
    exchange(&mut a, &mut b);
    let customer = b.customers_mut().create(&crate::draft("甲")).unwrap();
    let cp = b
        .complaints_mut()
        .open(&FeedbackDraft {
            kind: "complaint".into(),
            customer_id: Some(customer.id),
            channel: "phone".into(),
            category: "damaged".into(),
            severity: "critical".into(),
            description: "外箱破损".into(),
            ..Default::default()
        })
        .unwrap();
    let opened = cp.opened_at;
    let due = cp.first_response_due.unwrap();
    assert_eq!(due - opened, Duration::hours(4 + 5));
}

#[test]
fn tax_rates_follow_the_home_country_until_saved_and_bad_ones_change_nothing() {
    use chainbook_core::tax::{TaxRateDraft, TaxRatesDraft};
    let (_d, mut s) = fresh();
    let pct = |s: &Store| {
        let r = s.settings().tax_rates().unwrap();
        (
            r.rates
                .iter()
                .map(|r| r.rate_pct.to_string())
                .collect::<Vec<_>>(),
            r.default_pct.map(|d| d.to_string()),
        )
    };
    assert_eq!(
        pct(&s),
        (
            vec!["13".into(), "9".into(), "6".into(), "0".into()],
            Some("13".into())
        )
    );
    s.settings_mut().set_home_country("DE").unwrap();
    assert_eq!(pct(&s), (vec!["0".into()], None));

    let draft = TaxRatesDraft {
        rates: vec![
            TaxRateDraft {
                name: "MwSt".into(),
                rate_pct: "19".into(),
            },
            TaxRateDraft {
                name: "ermäßigt".into(),
                rate_pct: "7.0".into(),
            },
        ],
        default_pct: "19".into(),
    };
    let saved = s.settings_mut().set_tax_rates(&draft).unwrap();
    assert_eq!(saved, s.settings().tax_rates().unwrap());
    assert_eq!(pct(&s), (vec!["19".into(), "7".into()], Some("19".into())));
    assert_eq!(s.settings().tax_rates().unwrap().rates[1].name, "ermäßigt");

    let bad = TaxRatesDraft {
        default_pct: "13".into(),
        ..draft
    };
    let e = s.settings_mut().set_tax_rates(&bad).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::InvalidChoice, Some("default_pct"))
    );
    assert_eq!(pct(&s), (vec!["19".into(), "7".into()], Some("19".into())));
}
