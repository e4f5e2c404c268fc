//! Combined filters (tags with column filters, province with lifecycle, scope with lifecycle):
//! totals, counts and every page agree with the customers as saved, through inserts, updates
//! and deletes, and after an upgrade from schema version 7.

use std::collections::HashMap;

use chainbook_core::customer::{Channel, Customer, CustomerDraft, Lifecycle, PaymentMethod};
use chainbook_store::{CustomerFilter, CustomerQuery, CustomerSort, Scope, Store};
use uuid::Uuid;

use crate::{draft, fresh};

const TAGS: &[&str] = &["VIP", "老客户", "出口"];
const OWNERS: &[&str] = &["王芳", "李强", ""];

/// A small deterministic generator (the tests must not depend on a seed that changes).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// A customer with filter columns drawn from `rng`.
fn varied(rng: &mut Lcg, i: usize) -> CustomerDraft {
    let word = if rng.next(2) == 0 { "Alpha" } else { "Beta" };
    let mut d = draft(&format!("{word} 贸易 {i:03}"));
    d.tags = TAGS
        .iter()
        .filter(|_| rng.next(3) == 0)
        .map(|t| t.to_string())
        .collect();
    d.channel = match rng.next(Channel::ALL.len() + 1) {
        0 => String::new(),
        k => Channel::ALL[k - 1].as_str().into(),
    };
    d.payment_method = match rng.next(3) {
        0 => String::new(),
        1 => PaymentMethod::BankTransfer.as_str().into(),
        _ => PaymentMethod::Alipay.as_str().into(),
    };
    d.lifecycle = Lifecycle::ALL[rng.next(Lifecycle::ALL.len())]
        .as_str()
        .into();
    d.owner = OWNERS[rng.next(OWNERS.len())].into();
    (d.country, d.province, d.city) = match rng.next(5) {
        0 | 1 => ("CN".into(), "广东".into(), "深圳".into()),
        2 => ("CN".into(), "浙江".into(), "杭州".into()),
        3 => ("US".into(), String::new(), String::new()),
        _ => (String::new(), String::new(), String::new()),
    };
    d
}

/// Whether `c` matches `f` (home country CN), as the list is specified.
fn matches(c: &Customer, f: &CustomerFilter) -> bool {
    let c = &c.fields;
    let any = |want: bool, hit: bool| !want || hit;
    any(
        !f.tags.is_empty(),
        f.tags.iter().any(|t| c.tags.contains(t)),
    ) && any(
        !f.channels.is_empty(),
        c.channel.is_some_and(|x| f.channels.contains(&x)),
    ) && any(
        !f.payment_methods.is_empty(),
        c.payment_method
            .is_some_and(|x| f.payment_methods.contains(&x)),
    ) && any(
        !f.lifecycles.is_empty(),
        f.lifecycles.contains(&c.lifecycle),
    ) && any(!f.owners.is_empty(), f.owners.contains(&c.owner))
        && f.country.as_ref().is_none_or(|v| *v == c.country)
        && f.province.as_ref().is_none_or(|v| *v == c.province)
        && f.city.as_ref().is_none_or(|v| *v == c.city)
        && match f.scope {
            Some(Scope::Domestic) => c.country == "CN",
            Some(Scope::International) => !c.country.is_empty() && c.country != "CN",
            None => true,
        }
}

fn filters() -> Vec<CustomerFilter> {
    let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        CustomerFilter::default(),
        CustomerFilter {
            tags: tags(&["VIP"]),
            ..Default::default()
        },
        CustomerFilter {
            tags: tags(&["VIP"]),
            channels: vec![Channel::Distributor],
            ..Default::default()
        },
        CustomerFilter {
            tags: tags(&["VIP", "老客户"]),
            channels: vec![Channel::Distributor, Channel::Direct],
            ..Default::default()
        },
        CustomerFilter {
            tags: tags(&["出口", "VIP"]),
            scope: Some(Scope::International),
            ..Default::default()
        },
        CustomerFilter {
            tags: tags(&["老客户"]),
            lifecycles: vec![Lifecycle::Active],
            province: Some("广东".into()),
            city: Some("深圳".into()),
            owners: vec!["王芳".into(), "".into()],
            ..Default::default()
        },
        CustomerFilter {
            tags: tags(&["VIP"]),
            payment_methods: vec![PaymentMethod::Alipay],
            scope: Some(Scope::Domestic),
            ..Default::default()
        },
        CustomerFilter {
            tags: tags(&["VIP"]),
            country: Some("US".into()),
            ..Default::default()
        },
        CustomerFilter {
            province: Some("广东".into()),
            lifecycles: vec![Lifecycle::Active],
            ..Default::default()
        },
        CustomerFilter {
            scope: Some(Scope::International),
            lifecycles: vec![Lifecycle::AtRisk, Lifecycle::Lost],
            ..Default::default()
        },
        CustomerFilter {
            scope: Some(Scope::Domestic),
            lifecycles: vec![Lifecycle::Active, Lifecycle::New],
            channels: vec![Channel::Phone],
            ..Default::default()
        },
        CustomerFilter {
            tags: tags(&["没有这个标签"]),
            ..Default::default()
        },
    ]
}

/// Every filter, in two sort orders: the total on every page, the pages' items in order, and
/// `count_customers`, against `live` filtered in Rust. With `search`, the names must also
/// contain that word.
fn check(s: &Store, live: &HashMap<Uuid, Customer>, search: Option<&str>) {
    for f in filters() {
        let mut want: Vec<&Customer> = live
            .values()
            .filter(|c| matches(c, &f) && search.is_none_or(|w| c.fields.name.contains(w)))
            .collect();
        if search.is_none() {
            assert_eq!(
                s.customers().count(&f).unwrap(),
                want.len() as u64,
                "count_customers {f:?}"
            );
        }
        // Name walks the covering name index; the others walk their index or sort the
        // matches, whichever is cheaper for the filter and page (both happen here).
        for (sort, descending) in [
            (CustomerSort::Name, false),
            (CustomerSort::UpdatedAt, true),
            (CustomerSort::CreatedAt, false),
            (CustomerSort::City, true),
        ] {
            let key = |c: &Customer| -> (String, String) {
                let k = match sort {
                    CustomerSort::Name => c.fields.name.clone(),
                    CustomerSort::UpdatedAt => format!("{:020}", c.updated_at.to_i64()),
                    CustomerSort::CreatedAt => format!("{:020}", c.created_at.timestamp_millis()),
                    _ => c.fields.city.clone(),
                };
                (k, c.id.to_string())
            };
            want.sort_by_key(|c| key(c));
            if descending {
                want.reverse();
            }
            let mut got = Vec::new();
            for page in 0.. {
                let p = s
                    .customers()
                    .list(&CustomerQuery {
                        page,
                        page_size: 7,
                        sort,
                        descending,
                        search: search.map(str::to_owned),
                        filter: f.clone(),
                    })
                    .unwrap();
                assert_eq!(p.total, want.len() as u64, "total, page {page}, {f:?}");
                if p.items.is_empty() {
                    break;
                }
                got.extend(p.items.into_iter().map(|c| c.id));
            }
            let want_ids: Vec<Uuid> = want.iter().map(|c| c.id).collect();
            assert_eq!(
                got, want_ids,
                "pages of {f:?} by {sort:?}, search {search:?}"
            );
        }
    }
}

#[test]
fn combined_filters_count_and_page_correctly_through_inserts_updates_and_deletes() {
    let (_dir, mut s) = fresh();
    let mut rng = Lcg(7);
    let mut live: HashMap<Uuid, Customer> = HashMap::new();
    for i in 0..90 {
        let c = s.customers_mut().create(&varied(&mut rng, i)).unwrap();
        live.insert(c.id, c);
    }
    check(&s, &live, None);
    check(&s, &live, Some("Alpha"));

    // Updates: filter columns only (tags as they were), tags only, everything.
    let mut ids: Vec<Uuid> = live.keys().copied().collect();
    ids.sort();
    for (n, id) in ids.iter().take(40).enumerate() {
        let old = &live[id].fields;
        let mut d = varied(&mut rng, 1000 + n);
        d.name = old.name.clone();
        match n % 3 {
            0 => d.tags = old.tags.clone(),
            1 => {
                d.channel = old.channel.map(|c| c.as_str().into()).unwrap_or_default();
                d.lifecycle = old.lifecycle.as_str().into();
                d.country = old.country.clone();
                d.province = old.province.clone();
                d.city = old.city.clone();
                d.owner = old.owner.clone();
                d.payment_method = old
                    .payment_method
                    .map(|c| c.as_str().into())
                    .unwrap_or_default();
            }
            _ => {}
        }
        let c = s.customers_mut().update(*id, &d).unwrap();
        live.insert(c.id, c);
    }
    check(&s, &live, None);

    // Deletes, then new customers after them.
    for id in ids.iter().skip(30).take(25) {
        s.customers_mut().delete(*id).unwrap();
        live.remove(id);
    }
    check(&s, &live, None);
    for i in 0..20 {
        let c = s
            .customers_mut()
            .create(&varied(&mut rng, 2000 + i))
            .unwrap();
        live.insert(c.id, c);
    }
    check(&s, &live, None);
    check(&s, &live, Some("Alpha"));
}

#[test]
fn a_list_total_follows_a_write_that_moves_a_customer_out_of_a_tag_filter() {
    let (_dir, mut s) = fresh();
    let mut d = draft("深圳宏达");
    d.tags = vec!["VIP".into()];
    d.channel = "distributor".into();
    let c = s.customers_mut().create(&d).unwrap();
    let q = CustomerQuery {
        filter: CustomerFilter {
            tags: vec!["VIP".into()],
            channels: vec![Channel::Distributor],
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(s.customers().list(&q).unwrap().total, 1);
    // Same tags, another channel: the remembered total and the derived rows both follow.
    d.channel = "direct".into();
    s.customers_mut().update(c.id, &d).unwrap();
    let p = s.customers().list(&q).unwrap();
    assert_eq!((p.total, p.items.len()), (0, 0));
    d.channel = "distributor".into();
    s.customers_mut().update(c.id, &d).unwrap();
    assert_eq!(s.customers().list(&q).unwrap().total, 1);
    s.customers_mut().delete(c.id).unwrap();
    assert_eq!(s.customers().list(&q).unwrap().total, 0);
    assert_eq!(s.customers().count(&q.filter).unwrap(), 0);
}

/// Customers as a version 7 database holds them (written with SQL, as the app of that
/// version left them), enough of them for the upgrade to gather planner statistics.
const V7_CUSTOMERS: &str = "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
INSERT INTO customers (id, code, kind, name, tags, currency, created_at, updated_at,
                       updated_by, channel, lifecycle, country, province, city, owner,
                       payment_method, deleted)
SELECT printf('0190c2a0-0000-7000-8000-%012d', i), printf('C-OLD-%05d', i), 'company',
       printf('客户 %04d', i),
       CASE i % 3 WHEN 0 THEN '[\"VIP\"]' WHEN 1 THEN '[\"VIP\",\"出口\"]' ELSE '[]' END,
       'CNY', '2026-01-01T00:00:00.000Z', i, 'old',
       CASE i % 4 WHEN 0 THEN 'distributor' WHEN 1 THEN 'direct' ELSE '' END,
       CASE i % 5 WHEN 0 THEN 'active' WHEN 1 THEN 'lost' ELSE 'new' END,
       CASE WHEN i % 2 = 0 THEN 'CN' ELSE 'US' END,
       CASE WHEN i % 2 = 0 AND i % 7 < 3 THEN '广东' ELSE '' END,
       '', CASE i % 3 WHEN 0 THEN '王芳' ELSE '' END, '',
       i % 50 = 0
FROM n;
INSERT INTO customer_tags (tag, customer_id)
    SELECT j.value, c.id FROM customers c, json_each(c.tags) j WHERE c.deleted = 0;
";

#[test]
fn upgrading_from_version_7_fills_the_tag_rows_filter_columns_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chainbook.db");
    chainbook_store::create_schema_at_version(&path, 7).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(V7_CUSTOMERS).unwrap();
    // What each filter must count, from the customers' own columns and JSON tags.
    let expect = |conn: &rusqlite::Connection, filter: &str| -> u64 {
        conn.query_row(
            &format!("SELECT count(*) FROM customers c WHERE deleted = 0 AND {filter}"),
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as u64
    };
    let has = |tag: &str| format!("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = '{tag}')");
    let cases: Vec<(CustomerFilter, String)> = vec![
        (
            CustomerFilter {
                tags: vec!["VIP".into()],
                channels: vec![Channel::Distributor],
                ..Default::default()
            },
            format!("{} AND channel = 'distributor'", has("VIP")),
        ),
        (
            CustomerFilter {
                tags: vec!["VIP".into(), "出口".into()],
                scope: Some(Scope::International),
                lifecycles: vec![Lifecycle::Lost],
                ..Default::default()
            },
            format!(
                "({} OR {}) AND country = 'US' AND lifecycle = 'lost'",
                has("VIP"),
                has("出口")
            ),
        ),
        (
            CustomerFilter {
                tags: vec!["VIP".into()],
                owners: vec!["王芳".into()],
                ..Default::default()
            },
            format!("{} AND owner = '王芳'", has("VIP")),
        ),
        (
            CustomerFilter {
                province: Some("广东".into()),
                lifecycles: vec![Lifecycle::Active],
                ..Default::default()
            },
            "province = '广东' AND lifecycle = 'active'".into(),
        ),
        (
            CustomerFilter {
                scope: Some(Scope::International),
                lifecycles: vec![Lifecycle::Lost, Lifecycle::Active],
                ..Default::default()
            },
            "country = 'US' AND lifecycle IN ('lost', 'active')".into(),
        ),
    ];
    let want: Vec<u64> = cases.iter().map(|(_, sql)| expect(&conn, sql)).collect();
    assert!(want.iter().all(|&n| n > 0), "{want:?}");
    drop(conn);

    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 20);
    for ((f, _), want) in cases.iter().zip(&want) {
        assert_eq!(s.customers().count(f).unwrap(), *want, "{f:?}");
        let q = CustomerQuery {
            page_size: 500,
            filter: f.clone(),
            ..Default::default()
        };
        let p = s.customers().list(&q).unwrap();
        assert_eq!((p.total, p.items.len() as u64), (*want, *want), "{f:?}");
    }

    let conn = rusqlite::Connection::open(&path).unwrap();
    // The tag rows carry their customer's columns, and only live customers have tag rows.
    let stale: i64 = conn
        .query_row(
            "SELECT count(*) FROM customer_tags t JOIN customers c ON c.id = t.customer_id
             WHERE c.deleted <> 0 OR (t.channel, t.payment_method, t.lifecycle, t.owner,
                   t.country, t.province, t.city) IS NOT (c.channel, c.payment_method,
                   c.lifecycle, c.owner, c.country, c.province, c.city)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0);
    let tag_rows: i64 = conn
        .query_row("SELECT count(*) FROM customer_tags", [], |r| r.get(0))
        .unwrap();
    let json_tags: i64 = conn
        .query_row(
            "SELECT count(*) FROM customers c, json_each(c.tags) WHERE c.deleted = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tag_rows, json_tags);
    // The planner has statistics for the new indexes; the old lifecycle index is gone.
    let indexes: Vec<String> = conn
        .prepare("SELECT idx FROM sqlite_stat1 WHERE tbl = 'customers' ORDER BY idx")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for i in [
        "customers_by_lifecycle_country",
        "customers_by_province_lifecycle",
    ] {
        assert!(indexes.iter().any(|x| x == i), "no statistics for {i}");
    }
    assert!(!indexes.iter().any(|x| x == "customers_by_lifecycle"));
    drop(conn);

    // Saving an upgraded customer keeps its tag rows in step.
    let f = &cases[0].0;
    let before = s.customers().count(f).unwrap();
    let id = s
        .customers()
        .list(&CustomerQuery {
            page_size: 1,
            filter: f.clone(),
            ..Default::default()
        })
        .unwrap()
        .items[0]
        .id;
    s.customers_mut()
        .update(
            id,
            &CustomerDraft {
                name: "改过的客户".into(),
                currency: "CNY".into(),
                tags: vec!["VIP".into()],
                channel: "direct".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(s.customers().count(f).unwrap(), before - 1);
}
