//! Customer CRUD round trips, tombstones, paging and sorting.

use chainbook_core::ErrorCode;
use chainbook_store::{CustomerQuery, CustomerSort, Store, StoreError};
use uuid::Uuid;

use crate::{draft, fresh};

#[test]
fn create_get_update_round_trip() {
    let (_dir, mut s) = fresh();
    let c = s
        .customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap();
    assert_eq!(c.code, format!("C-{}-00001", s.device().code));
    assert_eq!(c.fields.credit_limit.to_string(), "100000.00");
    assert_eq!(s.customers().get(c.id).unwrap(), c);

    let mut d = draft("华为技术");
    d.tags = vec!["快交货".into(), "重价格".into()];
    d.credit_limit = "2500.5".into();
    let u = s.customers_mut().update(c.id, &d).unwrap();
    assert_eq!(u.fields.name, "华为技术");
    assert_eq!(u.fields.tags, vec!["快交货", "重价格"]);
    assert_eq!(u.fields.credit_limit.to_string(), "2500.50");
    assert_eq!(u.code, c.code);
    assert_eq!(u.created_at, c.created_at);
    assert!(u.updated_at > c.updated_at);
    assert_eq!(s.customers().get(c.id).unwrap(), u);
}

#[test]
fn codes_count_up_per_device() {
    let (_dir, mut s) = fresh();
    let a = s.customers_mut().create(&draft("A")).unwrap();
    let b = s.customers_mut().create(&draft("B")).unwrap();
    assert!(a.code.ends_with("-00001") && b.code.ends_with("-00002"));
}

#[test]
fn invalid_input_is_rejected_with_field_and_writes_nothing() {
    let (_dir, mut s) = fresh();
    let mut d = draft("X");
    d.email = "not-an-email".into();
    let e = s.customers_mut().create(&d).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidEmail);
    assert_eq!(e.field(), Some("email"));
    assert_eq!(crate::log_len(&s), 0);
    assert_eq!(
        s.customers().list(&CustomerQuery::default()).unwrap().total,
        0
    );
}

#[test]
fn tombstoned_customer_disappears_from_lists_and_get() {
    let (_dir, mut s) = fresh();
    let keep = s.customers_mut().create(&draft("留下")).unwrap();
    let gone = s.customers_mut().create(&draft("删除")).unwrap();
    s.customers_mut().delete(gone.id).unwrap();
    let page = s.customers().list(&CustomerQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].id, keep.id);
    assert!(matches!(
        s.customers().get(gone.id),
        Err(StoreError::NotFound { .. })
    ));
    // Deleting or editing a tombstone is "not found", not a silent success.
    assert_eq!(
        s.customers_mut().delete(gone.id).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        s.customers_mut()
            .update(gone.id, &draft("复活"))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        s.customers_mut().delete(Uuid::nil()).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn pages_and_sorts_in_sql() {
    let (_dir, mut s) = fresh();
    for (i, name) in ["Delta", "alpha", "Charlie", "bravo", "Echo"]
        .iter()
        .enumerate()
    {
        let mut d = draft(name);
        d.credit_limit = format!("{}", (5 - i) * 1000);
        d.city = format!("City{}", i % 2);
        s.customers_mut().create(&d).unwrap();
    }
    let names = |q: &CustomerQuery| -> Vec<String> {
        s.customers()
            .list(q)
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.fields.name)
            .collect()
    };
    let q = CustomerQuery {
        page_size: 2,
        ..Default::default()
    };
    assert_eq!(names(&q), vec!["Charlie", "Delta"]);
    assert_eq!(
        names(&CustomerQuery {
            page: 1,
            ..q.clone()
        }),
        vec!["Echo", "alpha"]
    );
    assert_eq!(
        names(&CustomerQuery {
            page: 2,
            ..q.clone()
        }),
        vec!["bravo"]
    );
    assert!(names(&CustomerQuery {
        page: 9,
        ..q.clone()
    })
    .is_empty());
    let by_limit = CustomerQuery {
        sort: CustomerSort::CreditLimit,
        descending: true,
        page_size: 5,
        ..Default::default()
    };
    assert_eq!(
        names(&by_limit),
        vec!["Delta", "alpha", "Charlie", "bravo", "Echo"]
    );
    let by_code = CustomerQuery {
        sort: CustomerSort::Code,
        page_size: 5,
        ..Default::default()
    };
    assert_eq!(
        names(&by_code),
        vec!["Delta", "alpha", "Charlie", "bravo", "Echo"]
    );
    let page = s.customers().list(&q).unwrap();
    assert_eq!((page.total, page.page, page.page_size), (5, 0, 2));
}

#[test]
fn search_matches_substrings_and_escapes_wildcards() {
    let (_dir, mut s) = fresh();
    s.customers_mut()
        .create(&draft("深圳华为技术有限公司"))
        .unwrap();
    s.customers_mut().create(&draft("100% Cotton Ltd")).unwrap();
    let mut other = draft("北京小米科技");
    other.email = "mi@xiaomi.com".into();
    other.phone = "010-88886666".into();
    s.customers_mut().create(&other).unwrap();
    let find = |s: &Store, q: &str| -> Vec<String> {
        s.customers()
            .list(&CustomerQuery {
                search: Some(q.into()),
                ..Default::default()
            })
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.fields.name)
            .collect()
    };
    assert_eq!(find(&s, "华为"), vec!["深圳华为技术有限公司"]);
    assert_eq!(find(&s, "xiaomi"), vec!["北京小米科技"]);
    assert_eq!(find(&s, "8888"), vec!["北京小米科技"]);
    assert_eq!(find(&s, "100%"), vec!["100% Cotton Ltd"]);
    assert!(find(&s, "%%").is_empty());
    assert_eq!(find(&s, "  ").len(), 3);
}

#[test]
fn bad_page_sizes_are_argument_errors() {
    let (_dir, s) = fresh();
    for size in [0, 501] {
        let e = s
            .customers()
            .list(&CustomerQuery {
                page_size: size,
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }
}

#[test]
fn data_survives_reopening() {
    let (dir, mut s) = fresh();
    let c = s.customers_mut().create(&draft("持久客户")).unwrap();
    drop(s);
    let s = Store::open(&dir.path().join("chainbook.db")).unwrap();
    assert_eq!(s.customers().get(c.id).unwrap(), c);
}

#[test]
fn the_remembered_count_follows_writes() {
    let (_dir, mut s) = fresh();
    let q = CustomerQuery::default();
    assert_eq!(s.customers().list(&q).unwrap().total, 0);
    let c = s.customers_mut().create(&draft("A")).unwrap();
    assert_eq!(s.customers().list(&q).unwrap().total, 1);
    s.customers_mut().delete(c.id).unwrap();
    assert_eq!(s.customers().list(&q).unwrap().total, 0);
}
