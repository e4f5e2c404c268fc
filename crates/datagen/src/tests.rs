//! Unit tests of the generator: determinism, distributions, datasets that pass the integrity
//! checks.

use super::*;
use crate::cache::{remove_cached, write_orders_manifest, write_supply_manifest};
use chainbook_core::customer::CustomerKind;
use chainbook_core::search_keys::pinyin_keys;

/// FNV-1a over the generated fields, so a golden value pins the stream on every platform.
fn fingerprint(drafts: &[CustomerDraft]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for d in drafts {
        for s in [
            d.kind.as_str(),
            &d.name,
            &d.phone,
            &d.email,
            &d.country,
            &d.province,
            &d.city,
            &d.credit_limit,
            &d.currency,
            &d.notes,
            &d.channel,
            &d.payment_method,
            &d.payment_terms,
            &d.lifecycle,
            &d.owner,
        ] {
            eat(s);
        }
        d.tags.iter().for_each(|t| eat(t));
        for c in &d.contacts {
            for s in [&c.name, &c.role, &c.phone, &c.email, &c.wechat] {
                eat(s);
            }
            eat(if c.primary { "p" } else { "-" });
        }
        for a in &d.addresses {
            for s in [
                &a.kind,
                &a.country,
                &a.province,
                &a.city,
                &a.street,
                &a.postcode,
            ] {
                eat(s);
            }
        }
    }
    h
}

#[test]
fn two_thousand_drafts_all_validate() {
    for (seed, n) in [(42, 2_000), (1, 500), (u64::MAX, 500)] {
        for (i, d) in customers(seed, n).enumerate() {
            if let Err(e) = d.validate_record() {
                panic!("seed {seed} draft {i} is invalid: {e:?}\n{d:#?}");
            }
        }
    }
}

#[test]
fn same_seed_same_drafts_other_seed_other_drafts() {
    let a: Vec<_> = customers(42, 500).collect();
    let b: Vec<_> = customers(42, 500).collect();
    let c: Vec<_> = customers(43, 500).collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a.iter().zip(&c).filter(|(x, y)| x == y).count() < 5);
    // A shorter run is a prefix of a longer one.
    let short: Vec<_> = customers(42, 100).collect();
    assert_eq!(short[..], a[..100]);
}

#[test]
fn the_generated_stream_is_pinned() {
    // The same on every platform. If a change to the generator moves it on purpose, bump
    // GENERATOR_VERSION (cached datasets are rebuilt) and update the value.
    let drafts: Vec<_> = customers(42, 200).collect();
    assert_eq!(
        fingerprint(&drafts),
        PINNED_FINGERPRINT,
        "{:#?}",
        &drafts[..2]
    );
}

const PINNED_FINGERPRINT: u64 = 8781709975714235928;

#[test]
fn the_mix_is_realistic() {
    let n = 10_000;
    let drafts: Vec<_> = customers(7, n).collect();
    let foreign = drafts.iter().filter(|d| d.country != "CN").count();
    assert!((1_200..1_800).contains(&foreign), "{foreign} international");
    let persons = drafts
        .iter()
        .filter(|d| d.kind == CustomerKind::Person)
        .count();
    assert!((1_500..3_000).contains(&persons), "{persons} persons");
    let contacts: usize = drafts.iter().map(|d| d.contacts.len()).sum();
    assert!((24_000..26_000).contains(&contacts), "{contacts} contacts");
    assert!(drafts
        .iter()
        .all(|d| d.contacts.len() <= 5 && d.addresses.len() <= 2));
    for d in &drafts {
        assert!(d.email.is_ascii(), "{}", d.email);
        for c in &d.contacts {
            assert!(c.email.is_ascii() && c.wechat.is_ascii());
            assert!(!(c.phone.is_empty() && c.email.is_empty() && c.wechat.is_empty()));
        }
        if d.country == "CN" {
            let p = words::PROVINCES
                .iter()
                .find(|p| p.name == d.province)
                .expect("a known province");
            assert!(p.cities.iter().any(|c| c.name == d.city), "{}", d.city);
        }
    }
    // Every brand, big province, channel and lifecycle shows up.
    let has = |s: &str| drafts.iter().any(|d| d.name.contains(s));
    assert!(has("宏达") && has("深圳") && has("Nordic") && has("Pacific") && has("GmbH"));
    for tag in chainbook_core::customer::NEED_TAGS
        .iter()
        .chain(words::USER_TAGS)
    {
        assert!(
            drafts.iter().any(|d| d.tags.iter().any(|t| t == tag)),
            "{tag}"
        );
    }
    for l in chainbook_core::customer::Lifecycle::ALL {
        assert!(drafts.iter().any(|d| d.lifecycle == l.as_str()));
    }
}

#[test]
fn the_tables_are_big_enough() {
    let cities: usize = words::PROVINCES.iter().map(|p| p.cities.len()).sum();
    assert!(words::PROVINCES.len() >= 30 && cities >= 120, "{cities}");
    assert!(words::OWNERS.len() >= 12);
}

#[test]
fn brand_pinyin_matches_the_search_keys() {
    // The benchmark types a brand's pinyin and expects the store's pinyin column to match it.
    for (brand, py) in words::BRANDS {
        assert_eq!(pinyin_keys(brand).0, *py, "{brand}");
    }
    // Surnames the index spells otherwise: 曾 gets the character's common reading (ceng, not
    // the surname's zeng) and 吕 keeps its ü (lü, while people type lv): e-mails use what people
    // type, the index does not find it.
    const OTHER_READING: [&str; 2] = ["曾", "吕"];
    for (surname, py) in words::SURNAMES {
        if !OTHER_READING.contains(surname) {
            assert_eq!(pinyin_keys(surname).0, *py, "{surname}");
        }
    }
}

#[test]
fn scales_parse() {
    assert_eq!(Scale::parse("l"), Some(Scale::L));
    assert_eq!(Scale::parse("M"), Some(Scale::M));
    assert_eq!(Scale::parse("XL"), None);
    assert_eq!(Scale::L.customers(), 100_000);
    assert_eq!(dataset_file_name(Scale::S, 42), "customers-S-42.db");
}

#[test]
fn build_dataset_writes_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let stats = build_dataset(&path, 42, 300).unwrap();
    assert_eq!(stats.customers, 300);
    let expected: usize = customers(42, 300).map(|d| d.contacts.len()).sum();
    assert_eq!(stats.contacts, expected);
    assert!(stats.bytes > 0);
    assert!(matches!(build_dataset(&path, 42, 1), Err(Error::Exists(_))));
    let store = Store::open(&path).unwrap();
    let page = store
        .customers()
        .list(&chainbook_store::CustomerQuery {
            page_size: 500,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 300);
}

#[test]
fn cached_dataset_is_built_once_and_reused() {
    let target = tempfile::tempdir().unwrap();
    let a = cached_dataset(target.path(), Scale::S, 9).unwrap();
    assert!(a.ends_with("bench-data/customers-S-9.db"));
    let built = std::fs::metadata(&a).unwrap().modified().unwrap();
    let m = read_manifest(&a).unwrap();
    assert_eq!(
        (m.customers, m.seed, m.generator),
        (1_000, 9, GENERATOR_VERSION)
    );
    let b = cached_dataset(target.path(), Scale::S, 9).unwrap();
    assert_eq!(a, b);
    assert_eq!(std::fs::metadata(&b).unwrap().modified().unwrap(), built);
    let mut left: Vec<_> = std::fs::read_dir(target.path().join("bench-data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left, ["customers-S-9.db", "customers-S-9.manifest"]);
    // A stale manifest (another generator version) makes it rebuild.
    let text = std::fs::read_to_string(a.with_extension("manifest")).unwrap();
    std::fs::write(
        a.with_extension("manifest"),
        text.replace(&format!("generator={GENERATOR_VERSION}"), "generator=0"),
    )
    .unwrap();
    cached_dataset(target.path(), Scale::S, 9).unwrap();
    assert_eq!(read_manifest(&a).unwrap().generator, GENERATOR_VERSION);
    // So does another schema (a migration added or edited).
    let m = read_manifest(&a).unwrap();
    let text = std::fs::read_to_string(a.with_extension("manifest")).unwrap();
    std::fs::write(
        a.with_extension("manifest"),
        text.replace(&format!("schema={}", m.schema), "schema=1"),
    )
    .unwrap();
    cached_dataset(target.path(), Scale::S, 9).unwrap();
    assert_eq!(read_manifest(&a).unwrap().schema, m.schema);
    assert_ne!(read_manifest(&a).unwrap().build_ms, u64::MAX);
    remove_cached_dataset(target.path(), Scale::S, 9).unwrap();
    assert!(!a.exists() && !a.with_extension("manifest").exists());
}

/// A database the app builds: customers created one at a time, one edited (name, tags, a
/// contact removed, one added, an address changed), one deleted.
fn app_built_database(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    let drafts: Vec<CustomerDraft> = customers(7, 60).collect();
    let rich = drafts
        .iter()
        .find(|d| d.contacts.len() >= 2 && !d.addresses.is_empty() && !d.tags.is_empty())
        .expect("a customer with contacts, an address and tags")
        .clone();
    let mut created = Vec::new();
    for d in drafts.iter().take(5).chain([&rich]) {
        created.push(store.customers_mut().create(d).unwrap().id);
    }
    let id = *created.last().unwrap();
    let detail = store.customers().detail(id).unwrap();
    let mut edit = rich.clone();
    for (c, stored) in edit.contacts.iter_mut().zip(&detail.contacts) {
        c.id = stored.id;
    }
    for (a, stored) in edit.addresses.iter_mut().zip(&detail.addresses) {
        a.id = stored.id;
    }
    edit.name.push_str("（新）");
    edit.tags = vec!["VIP".into(), "老客户".into()];
    edit.contacts.remove(0);
    edit.contacts.push(chainbook_core::contact::ContactDraft {
        name: "周杰".into(),
        phone: "13912345678".into(),
        ..Default::default()
    });
    edit.addresses[0].street = "科技园南路1号".into();
    store.customers_mut().update(id, &edit).unwrap();
    store.customers_mut().delete(created[0]).unwrap();
    store
}

#[test]
fn an_app_built_database_passes_the_integrity_checks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    drop(app_built_database(&path));
    let report = integrity::check(&path).unwrap();
    assert_eq!((report.live_customers, report.deleted_customers), (5, 1));
    assert_eq!(report.search_rows, 5);
    // The rows changed after their insert carry their insert stamp and the changed fields'.
    assert!(report.field_stamps > 0);
    assert_eq!(report.change_log, 0, "sync is off");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let fields = |row: &str| -> Vec<String> {
        conn.prepare(&format!(
            "SELECT field FROM field_stamps WHERE tbl = 'customers' AND row_id = ({row})
             ORDER BY field"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    assert_eq!(
        fields("SELECT id FROM customers WHERE deleted = 1"),
        ["", "deleted"]
    );
    let edited = fields("SELECT id FROM customers WHERE name LIKE '%（新）'");
    for f in ["", "name", "tags"] {
        assert!(edited.iter().any(|e| e == f), "{f:?} not in {edited:?}");
    }
    assert!(fields("SELECT id FROM customers WHERE deleted = 0 LIMIT 1").is_empty());
    drop(conn);

    // With sync on, writes are logged: the change log is no problem then.
    let mut store = Store::open(&path).unwrap();
    store.sync_mut().enable().unwrap();
    let id = store
        .customers()
        .list(&chainbook_store::CustomerQuery::default())
        .unwrap()
        .items[0]
        .id;
    store.customers_mut().delete(id).unwrap();
    drop(store);
    let report = integrity::check(&path).unwrap();
    assert!(report.change_log > 0);
    assert_eq!(report.deleted_customers, 2);
    // Sync off again by hand: a change log it could not have written.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE sync_state SET enabled = 0", [])
        .unwrap();
    drop(conn);
    let err = integrity::check(&path).unwrap_err();
    assert!(
        err.contains(&format!(
            "{} change_log entries while sync is off",
            report.change_log
        )),
        "{err}"
    );
}

#[test]
fn a_generated_database_passes_the_same_checks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gen.db");
    let stats = build_dataset(&path, 42, 300).unwrap();
    for depth in [integrity::Depth::Full, integrity::Depth::Fast] {
        let report = integrity::check_with(&path, depth).unwrap();
        assert_eq!((report.live_customers, report.deleted_customers), (300, 0));
        assert_eq!(report.search_rows, 300);
        assert_eq!(
            (report.contacts, report.addresses),
            (stats.contacts as u64, stats.addresses as u64)
        );
        // Nothing but inserts: no row has a stamp of its own, nothing is logged.
        assert_eq!((report.field_stamps, report.change_log), (0, 0));
        let tags: usize = customers(42, 300)
            .map(|d| {
                let mut t = d.tags.clone();
                t.sort();
                t.dedup();
                t.len()
            })
            .sum();
        assert_eq!(report.tag_rows, tags as u64);
    }
    // Checking wrote nothing and left no write-ahead log behind.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    assert!(!Path::new(&wal).exists());
}

#[test]
fn the_integrity_checks_find_broken_derived_rows_and_field_stamps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.db");
    drop(app_built_database(&path));
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM customer_tags WHERE (tag, customer_id) =
             (SELECT tag, customer_id FROM customer_tags LIMIT 1);
         DELETE FROM customer_search_short
             WHERE rowid = (SELECT rowid FROM customers WHERE deleted = 0 LIMIT 1);
         -- A stamp of a contact that does not exist.
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT tbl, 'no-such-contact', field, hlc, device FROM field_stamps
             WHERE tbl = 'contacts' LIMIT 1;
         -- The changed address's updated_at no longer its latest field stamp.
         UPDATE addresses SET updated_at = updated_at + 1
             WHERE id = (SELECT row_id FROM field_stamps WHERE tbl = 'addresses' LIMIT 1);
         -- The edited customer's name stamped before its insert (its latest stamp stays).
         UPDATE field_stamps SET hlc = (SELECT i.hlc - 1 FROM field_stamps i
                 WHERE i.tbl = 'customers' AND i.row_id = field_stamps.row_id AND i.field = '')
             WHERE tbl = 'customers' AND field = 'name';
         -- The deleted customer's insert stamp lost.
         DELETE FROM field_stamps WHERE tbl = 'customers' AND field = ''
             AND row_id = (SELECT id FROM customers WHERE deleted = 1);
         -- Stamps of a table that is not synced and of a column customers do not have.
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'customer_tags', row_id, field, hlc, device FROM field_stamps
             WHERE tbl = 'customers' AND field = 'tags';
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT tbl, row_id, 'updated_at', hlc, device FROM field_stamps
             WHERE tbl = 'customers' AND field = 'tags';
         -- A change log although sync is off.
         INSERT INTO change_log (tbl, row_id, field, hlc)
             SELECT tbl, row_id, field, hlc FROM field_stamps WHERE tbl = 'customers' LIMIT 1;
         INSERT INTO customer_tags
             (tag, customer_id, channel, payment_method, lifecycle, owner, country, province, city)
             SELECT 'stale', id, channel, payment_method, lifecycle, owner, country, province, city
             FROM customers WHERE deleted = 1;
         UPDATE customer_tags SET channel = 'not_a_channel'
             WHERE (tag, customer_id) =
                 (SELECT tag, customer_id FROM customer_tags WHERE tag <> 'stale' LIMIT 1);
         -- Behind FTS5's back: the index keeps terms of a row whose text is gone.
         DELETE FROM customer_search_content WHERE id = (SELECT max(id) FROM customer_search_content);",
    )
    .unwrap();
    drop(conn);
    let err = integrity::check(&path).unwrap_err();
    for expected in [
        "1 customers.tags entries missing from customer_tags",
        "1 customer_tags rows not in a live customer's tags",
        "1 customer_tags rows whose filter columns differ from their customer's",
        "1 live customers without exactly one customer_search_short row",
        "1 field_stamps entries for a row of contacts that does not exist",
        "1 customer rows whose updated_at/updated_by is not their latest field stamp",
        "1 customer field stamps older than their row's insert stamp",
        "1 customer rows with field stamps but no insert stamp ('')",
        "1 field stamps of a table that is not synced",
        "1 field stamps of a column their table does not have (or of a sync column)",
        "1 change_log entries while sync is off",
        "FTS5 integrity-check of customer_search:",
        "1 live customers without exactly one customer_search row",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    assert!(integrity::check(&dir.path().join("missing.db")).is_err());
}

/// FNV-1a over everything a supply plan holds.
fn supply_fingerprint(plan: &SupplyPlan) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for s in &plan.suppliers {
        for f in [&s.code, &s.name, &s.kind, &s.status, &s.notes] {
            eat(f);
        }
        s.categories.iter().for_each(|c| eat(c));
        for c in &s.contacts {
            for f in [&c.name, &c.role, &c.phone, &c.email, &c.wechat] {
                eat(f);
            }
            eat(if c.primary { "p" } else { "-" });
        }
    }
    for p in &plan.products {
        for f in [
            &p.sku,
            &p.name,
            &p.unit,
            &p.category,
            &p.currency,
            &p.price,
            &p.cost,
            &p.stage,
            &p.pack_size,
            &p.min_order_qty,
            &p.lead_time_days,
            &p.safety_stock,
            &p.reorder_point,
        ] {
            eat(f);
        }
        eat(if p.active { "a" } else { "-" });
    }
    for m in &plan.movements {
        eat(&m.product.to_string());
        for f in [m.kind, &m.quantity, &m.reason, &m.reference, &m.occurred_at] {
            eat(f);
        }
    }
    for s in &plan.supplies {
        eat(&format!("{}/{}", s.supplier, s.product));
        eat(&s.price);
        eat(&s.lead_time_days);
        eat(if s.preferred { "p" } else { "-" });
    }
    h
}

#[test]
fn supply_plans_are_deterministic() {
    let a = supply_plan(42, 800, 80);
    assert_eq!(a, supply_plan(42, 800, 80));
    let other = supply_plan(43, 800, 80);
    assert_ne!(a.products, other.products);
    assert_ne!(a.suppliers, other.suppliers);
    // Products and suppliers of a shorter run are a prefix of a longer one's.
    let short = supply_plan(42, 200, 20);
    assert_eq!(short.products[..], a.products[..200]);
    assert_eq!(short.suppliers[..], a.suppliers[..20]);
    // The same on every platform. If a change to the generator moves it on purpose, bump
    // supply::SUPPLY_GENERATOR_VERSION (cached supply datasets are rebuilt) and update this.
    assert_eq!(
        supply_fingerprint(&supply_plan(42, 300, 30)),
        PINNED_SUPPLY_FINGERPRINT
    );
}

const PINNED_SUPPLY_FINGERPRINT: u64 = 4236188847823410645;

#[test]
fn supply_drafts_validate_and_the_mix_is_realistic() {
    use chainbook_core::product::MovementKind;
    use std::collections::{HashMap, HashSet};

    let (n, ns) = (5_000, 500);
    let plan = supply_plan(7, n, ns);
    let mut skus = HashSet::new();
    let mut categories = HashSet::new();
    for (i, p) in plan.products.iter().enumerate() {
        let f = p
            .validate()
            .unwrap_or_else(|e| panic!("product {i} is invalid: {e:?}\n{p:#?}"));
        assert!(skus.insert(f.sku.clone()), "duplicate SKU {}", f.sku);
        assert_eq!(f.currency, "CNY");
        assert!(f.cost <= f.price && f.price.scale() <= 2, "{p:?}");
        categories.insert(f.category);
    }
    // 40 categories plus products without one.
    assert_eq!(categories.len(), supply_words::CATEGORIES.len() + 1);
    let inactive = plan.products.iter().filter(|p| !p.active).count();
    assert!((200..700).contains(&inactive), "{inactive} inactive");
    let chinese = plan.products.iter().filter(|p| !p.name.is_ascii()).count();
    assert!(chinese > n * 7 / 10 && chinese < n * 9 / 10, "{chinese}");
    // About ten movements per product, every one a valid quantity of its kind, in time order.
    assert!(
        (9 * n..11 * n).contains(&plan.movements.len()),
        "{}",
        plan.movements.len()
    );
    assert!(plan
        .movements
        .windows(2)
        .all(|w| w[0].occurred_at <= w[1].occurred_at));
    let mut on_hand: HashMap<usize, i64> = HashMap::new();
    for m in &plan.movements {
        let kind = MovementKind::parse(m.kind).unwrap();
        let q = chainbook_core::product::Qty::parse("q", &m.quantity, true).unwrap();
        let signed = kind.signed(q).unwrap_or_else(|e| panic!("{m:?}: {e:?}"));
        *on_hand.entry(m.product).or_default() += signed.0;
        assert!(
            chrono_like(&m.occurred_at),
            "{} is not RFC 3339",
            m.occurred_at
        );
    }
    assert_eq!(on_hand.len(), n);
    let negative = on_hand.values().filter(|q| **q < 0).count();
    assert!(negative < n / 50, "{negative} products below zero");
    // Suppliers: every draft valid, kinds and statuses mixed, 1–3 contacts.
    let mut kinds = HashMap::new();
    let mut statuses = HashMap::new();
    for (i, s) in plan.suppliers.iter().enumerate() {
        let rec = s
            .validate_record()
            .unwrap_or_else(|e| panic!("supplier {i} is invalid: {e:?}\n{s:#?}"));
        assert!((1..=3).contains(&rec.contacts.len()));
        assert!(!rec.fields.categories.is_empty());
        *kinds.entry(s.kind.clone()).or_insert(0) += 1;
        *statuses.entry(s.status.clone()).or_insert(0) += 1;
    }
    assert_eq!(
        (kinds.len(), statuses.len()),
        (3, 3),
        "{kinds:?} {statuses:?}"
    );
    assert!(kinds["goods"] > ns * 2 / 3 && statuses["blocked"] > 10);
    // Supplies: 0–3 suppliers per product, distinct, at most one preferred, goods suppliers.
    let mut per_product: HashMap<usize, Vec<&supply::PlannedSupply>> = HashMap::new();
    for s in &plan.supplies {
        per_product.entry(s.product).or_default().push(s);
        assert_eq!(plan.suppliers[s.supplier].kind, "goods");
    }
    for list in per_product.values() {
        assert!(list.len() <= 3);
        assert!(list.iter().filter(|s| s.preferred).count() <= 1);
        let distinct: HashSet<_> = list.iter().map(|s| s.supplier).collect();
        assert_eq!(distinct.len(), list.len());
    }
    assert!(
        (n * 14 / 10..n * 18 / 10).contains(&plan.supplies.len()),
        "{}",
        plan.supplies.len()
    );
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
fn chrono_like(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
}

#[test]
fn a_generated_supply_database_passes_the_integrity_checks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("supply.db");
    let stats = build_supply_dataset(&path, 42, 150, 20).unwrap();
    let plan = supply_plan(42, 150, 20);
    assert_eq!(
        (stats.products, stats.movements, stats.suppliers),
        (150, plan.movements.len(), 20)
    );
    assert_eq!(stats.supplier_contacts, plan.supplier_contacts());
    assert!(matches!(
        build_supply_dataset(&path, 42, 1, 1),
        Err(Error::Exists(_))
    ));
    let report = integrity::check(&path).unwrap();
    assert_eq!(report.live_products, 150);
    assert_eq!(report.stock_movements, stats.movements as u64);
    assert_eq!(report.live_suppliers, 20);
    assert_eq!(report.supplier_contacts, stats.supplier_contacts as u64);
    assert_eq!(report.supplies, stats.supplies as u64);
    // Nothing but inserts: no row has a stamp of its own, nothing is logged.
    assert_eq!((report.field_stamps, report.change_log), (0, 0));
    // The store reads it back: on hand is the sum of the planned movements.
    let store = Store::open(&path).unwrap();
    let page = store
        .products()
        .list(&chainbook_store::products::ProductQuery {
            page_size: 200,
            include_inactive: true,
            sort: chainbook_store::products::ProductSort::Sku,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 150);
    let first = plan.products.iter().min_by_key(|p| p.sku.clone()).unwrap();
    let i = plan.products.iter().position(|p| p == first).unwrap();
    let sum: i64 = plan
        .movements
        .iter()
        .filter(|m| m.product == i)
        .map(|m| {
            let kind = chainbook_core::product::MovementKind::parse(m.kind).unwrap();
            let q = chainbook_core::product::Qty::parse("q", &m.quantity, true).unwrap();
            kind.signed(q).unwrap().0
        })
        .sum();
    assert_eq!(page.items[0].fields.sku, first.sku);
    assert_eq!(page.items[0].on_hand.0, sum);
    let suppliers = store
        .suppliers()
        .list(&chainbook_store::suppliers::SupplierQuery {
            page_size: 50,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(suppliers.total, 20);
    assert!(suppliers.items.iter().all(|s| !s.contact_name.is_empty()));
}

#[test]
fn the_integrity_checks_find_broken_supply_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken-supply.db");
    build_supply_dataset(&path, 5, 40, 8).unwrap();
    integrity::check(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE supplier_contacts SET is_primary = 1;
         UPDATE supplies SET preferred = 1;
         -- A fact changed after its insert.
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'stock_movements', id, '', updated_at, updated_by FROM stock_movements
             WHERE rowid = (SELECT min(rowid) FROM stock_movements);
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'stock_movements', id, 'qty_milli', updated_at + 1, updated_by
             FROM stock_movements WHERE rowid = (SELECT min(rowid) FROM stock_movements);
         -- A product's price stamped after the row's updated_at.
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'products', id, '', updated_at, updated_by FROM products
             WHERE rowid = (SELECT min(rowid) FROM products);
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'products', id, 'price', updated_at + 1, updated_by FROM products
             WHERE rowid = (SELECT min(rowid) FROM products);
         -- A supplier's name stamped without its insert stamp, and a supplier that is gone.
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'suppliers', id, 'name', updated_at, updated_by FROM suppliers
             WHERE rowid = (SELECT min(rowid) FROM suppliers);
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             VALUES ('suppliers', 'no-such-supplier', 'name', 1, 'x');",
    )
    .unwrap();
    drop(conn);
    let err = integrity::check(&path).unwrap_err();
    for expected in [
        "not exactly one live primary contact",
        "2 field stamps of insert-only facts",
        "products with more than one preferred live supply",
        // The product, and the movement (stamped after its updated_at too).
        "2 supply-side rows whose updated_at/updated_by is not their latest field stamp",
        "2 supply-side rows with field stamps but no insert stamp ('')",
        "1 field_stamps entries for a row of suppliers that does not exist",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
}

#[test]
fn supply_scales_and_manifests() {
    assert_eq!((Scale::L.products(), Scale::L.suppliers()), (20_000, 2_000));
    assert_eq!((Scale::S.products(), Scale::S.suppliers()), (1_000, 100));
    assert_eq!(supply_file_name(Scale::L, 42), "supply-L-42.db");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("supply-S-1.db");
    let stats = SupplyStats {
        generator: supply::SUPPLY_GENERATOR_VERSION,
        seed: 1,
        products: 10,
        inactive_products: 1,
        movements: 100,
        suppliers: 2,
        supplier_contacts: 3,
        supplies: 12,
        schema_version: 4,
        schema: u64::MAX,
        build_ms: 5,
        bytes: 4096,
    };
    assert_eq!(read_supply_manifest(&db), None);
    write_supply_manifest(&db, &stats).unwrap();
    assert_eq!(read_supply_manifest(&db), Some(stats));
    remove_cached(&db).unwrap();
    assert_eq!(read_supply_manifest(&db), None);
}

#[test]
fn a_generated_orders_database_holds_five_years_of_orders_and_purchasing() {
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("customers.db");
    build_dataset(&customers, 42, 300).unwrap();
    let path = dir.path().join("orders.db");
    let stats = build_orders_dataset(&path, &customers, 42, 150, 20, 2_000).unwrap();
    assert_eq!(
        (stats.customers, stats.products, stats.orders),
        (300, 150, 2_000)
    );
    assert!(stats.lines >= 6_000 && stats.lines <= 10_000, "{stats:?}");
    assert!(stats.shipments > stats.lines * 8 / 10, "{stats:?}");
    assert!(stats.returns > 0 && stats.late > 0, "{stats:?}");
    assert!(matches!(
        build_orders_dataset(&path, &customers, 42, 1, 1, 1),
        Err(Error::Exists(_))
    ));
    let report = integrity::check(&path).unwrap();
    assert_eq!(report.live_customers, 300);
    assert_eq!(report.live_products, 150);
    assert_eq!(report.live_orders, 2_000);
    assert_eq!(report.order_lines, stats.lines as u64);
    // Purchase orders change state step by step after their insert: their changed fields
    // carry stamps of their own (checked above). Sync is never on, so nothing is logged.
    assert_eq!(report.change_log, 0);
    let stamped: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM field_stamps WHERE tbl = 'purchase_orders' AND field = ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(stamped > 0 && report.field_stamps > stamped as u64);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let share = |status: &str| {
        count(&format!(
            "SELECT count(*) FROM sales_orders WHERE status = '{status}'"
        )) * 1000
            / 2_000
    };
    // Mostly closed or delivered; every state is there.
    assert!(share("closed") > 600, "closed {}", share("closed"));
    assert!(share("delivered") > 50, "delivered {}", share("delivered"));
    for s in ["draft", "confirmed", "shipped", "cancelled"] {
        assert!(share(s) > 0, "{s}");
    }
    // Written day by day: created on the day entered, numbered with its month.
    assert_eq!(
        count(
            "SELECT count(*) FROM sales_orders o JOIN so_status_history h ON h.order_id = o.id
             WHERE h.status = 'draft' AND substr(h.at, 1, 10) <> substr(o.created_at, 1, 10)"
        ),
        0
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM sales_orders
             WHERE substr(number, 4, 4) <> substr(created_at, 3, 2) || substr(created_at, 6, 2)"
        ),
        0
    );
    // Spread over the five years (2,000 orders leave many quiet days without one).
    assert!(
        count("SELECT count(DISTINCT substr(created_at, 1, 10)) FROM sales_orders")
            > orders::DAYS / 3
    );
    assert_eq!(
        count("SELECT count(*) FROM so_status_history WHERE at >= '2026-11-23'"),
        0,
        "histories stop before today"
    );
    // The store reads them back.
    let store = Store::open(&path).unwrap();
    let page = store
        .orders()
        .list(&chainbook_store::orders::OrderQuery {
            page_size: 50,
            late_only: true,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, stats.late as u64);
    assert!(page.items.iter().all(|o| o.late));
    let newest = store
        .orders()
        .list(&chainbook_store::orders::OrderQuery {
            page_size: 1,
            ..Default::default()
        })
        .unwrap();
    let o = store.orders().get(newest.items[0].id).unwrap();
    assert!(
        ("2026-11-16".."2026-11-23").contains(&&o.created_at[..10]),
        "{}",
        o.created_at
    );
    assert!((2..=6).contains(&o.lines.len()));

    // Five years, busier in November than in July, quiet on Sundays.
    let first: String = conn
        .query_row("SELECT min(created_at) FROM sales_orders", [], |r| r.get(0))
        .unwrap();
    assert!(first.as_str() < "2022-01-01", "{first}");
    let months = |m: &str| {
        count(&format!(
            "SELECT count(*) FROM sales_orders WHERE substr(created_at, 6, 2) = '{m}'"
        ))
    };
    assert!(
        months("11") > months("07"),
        "{} {}",
        months("11"),
        months("07")
    );
    // Customers stand as their records say, roughly: a realistic share is lost.
    let buying = count("SELECT count(*) FROM customers WHERE lifecycle <> 'lead'") as usize;
    assert!(stats.buyers * 100 >= buying * 95, "{stats:?}");
    assert!(
        stats.lost * 100 >= stats.buyers * 8 && stats.lost * 100 <= stats.buyers * 35,
        "{stats:?}"
    );
    assert!(stats.at_risk > 0, "{stats:?}");
    // Purchasing kept the shelves stocked, through the purchasing API.
    assert_eq!(
        count("SELECT count(*) FROM purchase_orders WHERE deleted = 0") as usize,
        stats.purchase_orders
    );
    assert_eq!(report.purchase_orders, stats.purchase_orders as u64);
    assert!(
        stats.purchase_orders > 0 && stats.po_lines > stats.purchase_orders,
        "{stats:?}"
    );
    for s in ["closed", "received", "cancelled"] {
        assert!(
            count(&format!(
                "SELECT count(*) FROM purchase_orders WHERE status = '{s}'"
            )) > 0,
            "{s}"
        );
    }
    assert!(stats.short_products * 10 <= stats.products, "{stats:?}");
    assert!(
        count(
            "SELECT count(*) FROM stock_movements WHERE kind = 'receipt' AND reference LIKE 'PO-%'"
        ) > 0
    );
}

#[test]
fn order_generation_is_deterministic() {
    let customers: Vec<orders::CustomerRef> = (0..50)
        .map(|i| orders::CustomerRef {
            id: uuid::Uuid::from_u128(i),
            currency: if i % 5 == 0 { "USD" } else { "CNY" }.into(),
            channel: String::new(),
            payment_method: String::new(),
            lifecycle: if i % 7 == 0 { "lead" } else { "active" }.into(),
        })
        .collect();
    let plan = supply_plan(3, 60, 5);
    let products: Vec<orders::ProductRef> = plan
        .products
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            orders::ProductRef::from_draft(uuid::Uuid::from_u128(1_000 + i as u128), d)
        })
        .collect();
    let run = |seed| {
        let mut g = orders::OrderGen::new(seed, customers.clone(), products.clone(), 500);
        (0..orders::DAYS as usize)
            .flat_map(|i| g.day(i))
            .collect::<Vec<_>>()
    };
    let a = run(9);
    assert_eq!(a.len(), 500);
    assert_eq!(a, run(9));
    assert_ne!(a, run(10));
    // Leads never order; export orders carry no VAT.
    for o in &a {
        let c = customers
            .iter()
            .find(|c| c.id == o.draft.customer_id)
            .unwrap();
        assert_ne!(c.lifecycle, "lead");
        if c.currency != "CNY" {
            assert!(o.draft.lines.iter().all(|l| l.money.tax_rate_pct == "0"));
        }
        assert!(o.entered_at.as_str() < "2026-11-23");
    }
}

#[test]
fn orders_scales_and_manifests() {
    assert_eq!(Scale::L.orders(), 1_000_000);
    assert_eq!(Scale::S.orders(), 1_000);
    assert_eq!(orders_file_name(Scale::L, 42), "orders-L-42.db");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("orders-S-1.db");
    let stats = OrdersStats {
        generator: orders::ORDERS_GENERATOR_VERSION,
        customers_generator: GENERATOR_VERSION,
        supply_generator: supply::SUPPLY_GENERATOR_VERSION,
        seed: 1,
        customers: 10,
        products: 20,
        suppliers: 2,
        orders: 100,
        lines: 300,
        shipments: 250,
        returns: 3,
        late: 4,
        purchase_orders: 40,
        po_lines: 90,
        production_receipts: 6,
        buyers: 9,
        at_risk: 2,
        lost: 1,
        short_products: 0,
        schema_version: 7,
        schema: u64::MAX,
        build_ms: 5,
        bytes: 4096,
    };
    assert_eq!(read_orders_manifest(&db), None);
    write_orders_manifest(&db, &stats).unwrap();
    assert_eq!(read_orders_manifest(&db), Some(stats));
    remove_cached(&db).unwrap();
    assert_eq!(read_orders_manifest(&db), None);
}

#[test]
fn the_integrity_checks_find_broken_order_rows() {
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("customers.db");
    build_dataset(&customers, 5, 40).unwrap();
    let path = dir.path().join("broken-orders.db");
    build_orders_dataset(&path, &customers, 5, 30, 4, 200).unwrap();
    integrity::check(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE so_counts SET n = n + 1
             WHERE created_day = (SELECT min(created_day) FROM so_counts);
         -- Orders are imported in their final state, without stamps of their own. One gets
         -- a status stamp without its insert stamp; another a note stamped before its insert.
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'sales_orders', id, 'status', updated_at, updated_by FROM sales_orders
             WHERE rowid = (SELECT min(rowid) FROM sales_orders);
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'sales_orders', id, '', updated_at, updated_by FROM sales_orders
             WHERE rowid = (SELECT max(rowid) FROM sales_orders);
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             SELECT 'sales_orders', id, 'notes', updated_at - 1, updated_by FROM sales_orders
             WHERE rowid = (SELECT max(rowid) FROM sales_orders);
         -- A stamp of an order line that does not exist.
         INSERT INTO field_stamps (tbl, row_id, field, hlc, device)
             VALUES ('so_lines', 'no-such-line', '', 1, 'x');
         -- A purchase order's status stamped after its updated_at, another's by a device
         -- that is not its updated_by.
         UPDATE field_stamps SET hlc = hlc + 1 WHERE tbl = 'purchase_orders' AND field <> ''
             AND row_id = (SELECT min(row_id) FROM field_stamps WHERE tbl = 'purchase_orders');
         UPDATE field_stamps SET device = 'another device'
             WHERE tbl = 'purchase_orders' AND field <> ''
             AND row_id = (SELECT max(row_id) FROM field_stamps WHERE tbl = 'purchase_orders');
         UPDATE so_shipments SET qty_milli = qty_milli * 1000
             WHERE rowid = (SELECT min(rowid) FROM so_shipments);
         UPDATE sales_orders SET status = 'closed'
             WHERE rowid = (SELECT min(rowid) FROM sales_orders WHERE status = 'draft');",
    )
    .unwrap();
    drop(conn);
    let err = integrity::check(&path).unwrap_err();
    for expected in [
        "so_counts rows that differ from a count of the live orders",
        "1 sales-order rows with field stamps but no insert stamp ('')",
        "1 sales-order field stamps older than their row's insert stamp",
        "1 field_stamps entries for a row of so_lines that does not exist",
        "2 purchasing rows whose updated_at/updated_by is not their latest field stamp",
        "order lines shipped beyond their quantity",
        "shipment lines without their movement",
        "orders whose status is not that of their latest status change",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
}

/// Every row of every table (FTS shadow tables and field stamps included), in storage order.
pub(crate) fn content_digest(path: &Path) -> (u64, usize) {
    use std::hash::{Hash, Hasher};
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut rows = 0;
    for t in &tables {
        t.hash(&mut h);
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            rows += 1;
            for i in 0..n {
                format!("{:?}", r.get_ref(i).unwrap()).hash(&mut h);
            }
        }
    }
    (h.finish(), rows)
}

#[test]
fn one_seed_writes_one_database() {
    let dir = tempfile::tempdir().unwrap();
    let build = |name: &str, seed: u64| {
        let customers = dir.path().join(format!("customers-{name}.db"));
        build_dataset(&customers, seed, 120).unwrap();
        let orders = dir.path().join(format!("orders-{name}.db"));
        build_orders_dataset(&orders, &customers, seed, 60, 8, 300).unwrap();
        let complaints = dir.path().join(format!("complaints-{name}.db"));
        build_complaints_dataset(&complaints, &customers, seed, 8, 60, 120).unwrap();
        let supply = dir.path().join(format!("supply-{name}.db"));
        build_supply_dataset(&supply, seed, 60, 8).unwrap();
        [customers, orders, complaints, supply].map(|p| content_digest(&p))
    };
    let a = build("a", 7);
    assert_eq!(
        a,
        build("b", 7),
        "the same ids, times, stamps and search rows"
    );
    let c = build("c", 8);
    for (x, y) in a.iter().zip(&c) {
        assert_ne!(x.0, y.0, "another seed, other data");
        assert!(x.1 > 100);
    }
}

#[test]
fn the_field_stamp_checks_cover_every_synced_table() {
    // Each side's tables are synced tables (a renamed table would leave its checks empty).
    let synced: Vec<&str> = chainbook_store::registry::all().map(|s| s.name).collect();
    for (side, tables) in integrity::SIDES {
        for t in *tables {
            assert!(synced.contains(t), "{side}: {t} is not a synced table");
        }
    }
    let others = integrity::other_tables();
    assert!(others.contains(&"complaints") && !others.contains(&"customers"));
    assert_eq!(
        integrity::SIDES.iter().map(|(_, t)| t.len()).sum::<usize>() + others.len(),
        synced.len()
    );

    // Complaints change state after their insert; their stamps are checked too.
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("customers.db");
    build_dataset(&customers, 3, 40).unwrap();
    let path = dir.path().join("complaints.db");
    build_complaints_dataset(&path, &customers, 3, 4, 60, 20).unwrap();
    let report = integrity::check(&path).unwrap();
    assert!(
        report.field_stamps > 0 && report.change_log == 0,
        "{report:?}"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM field_stamps WHERE tbl = 'complaints' AND field = ''
             AND row_id = (SELECT min(row_id) FROM field_stamps WHERE tbl = 'complaints');",
    )
    .unwrap();
    drop(conn);
    let err = integrity::check(&path).unwrap_err();
    assert!(
        err.contains("1 other synced-table rows with field stamps but no insert stamp ('')"),
        "{err}"
    );
}
