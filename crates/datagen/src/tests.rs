use super::*;
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
        .list_customers(&chainbook_store::CustomerQuery {
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
        created.push(store.create_customer(d).unwrap().id);
    }
    let id = *created.last().unwrap();
    let detail = store.get_customer_detail(id).unwrap();
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
    edit.contacts.push(chainbook_core::customer::ContactDraft {
        name: "周杰".into(),
        phone: "13912345678".into(),
        ..Default::default()
    });
    edit.addresses[0].street = "科技园南路1号".into();
    store.update_customer(id, &edit).unwrap();
    store.delete_customer(created[0]).unwrap();
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
    // Updates and deletes add entries beyond one insert per row.
    assert!(report.outbox_entries > 6 + report.contacts + report.addresses);
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
        // Nothing but one insert per row.
        assert_eq!(
            report.outbox_entries,
            report.live_customers + report.contacts + report.addresses
        );
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
fn the_integrity_checks_find_broken_derived_rows_and_outbox_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.db");
    drop(app_built_database(&path));
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM customer_tags WHERE (tag, customer_id) =
             (SELECT tag, customer_id FROM customer_tags LIMIT 1);
         DELETE FROM customer_search_short
             WHERE rowid = (SELECT rowid FROM customers WHERE deleted = 0 LIMIT 1);
         INSERT INTO outbox (table_name, row_id, op, hlc, device, fields)
             SELECT table_name, row_id, op, hlc, device, fields FROM outbox
             WHERE op = 'insert' AND table_name = 'contacts' LIMIT 1;
         UPDATE addresses SET updated_at = updated_at + 1
             WHERE rowid = (SELECT min(rowid) FROM addresses);
         INSERT INTO customer_tags (tag, customer_id)
             SELECT 'stale', id FROM customers WHERE deleted = 1;
         -- Behind FTS5's back: the index keeps terms of a row whose text is gone.
         DELETE FROM customer_search_content WHERE id = (SELECT max(id) FROM customer_search_content);",
    )
    .unwrap();
    drop(conn);
    let err = integrity::check(&path).unwrap_err();
    for expected in [
        "1 customers.tags entries missing from customer_tags",
        "1 customer_tags rows not in a live customer's tags",
        "1 live customers without exactly one customer_search_short row",
        "1 rows with more than one outbox insert entry",
        "whose updated_at is not their last outbox entry's HLC",
        "FTS5 integrity-check of customer_search:",
        "1 live customers without exactly one customer_search row",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    assert!(integrity::check(&dir.path().join("missing.db")).is_err());
}
