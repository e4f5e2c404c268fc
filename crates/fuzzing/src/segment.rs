//! Target `segment_filter`: a saved segment's filter JSON as the store reads it
//! (`CustomerFilter::from_json`), then, when it parses, compiled to SQL and run every way the
//! store runs a filter: the member count, a page of the customer list in each sort (with and
//! without a search), and the dashboard cut by the filter saved as a segment (the members
//! loaded into `temp.analytics_cut`).
//!
//! Properties: no panic; a filter that does not parse is an `invalid_segment` error; a filter
//! that parses runs without an error, and saved and read back it is the same filter.

use std::cell::RefCell;

use chainbook_core::customer::{CustomerDraft, CustomerKind};
use chainbook_core::segment::CustomerFilter;
use chainbook_core::ErrorCode;
use chainbook_store::analytics::{DashboardQuery, Period};
use chainbook_store::customers::{CustomerQuery, CustomerSort};
use chainbook_store::Store;
use uuid::Uuid;

struct Harness {
    _dir: tempfile::TempDir,
    store: Store,
    segment: Uuid,
}

thread_local! {
    static HARNESS: RefCell<Option<Harness>> = const { RefCell::new(None) };
}

/// The target: see the module documentation.
pub fn segment_filter(data: &[u8]) {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let filter = match CustomerFilter::from_json(json) {
        Ok(f) => f,
        Err(e) => {
            assert_eq!(e.code, ErrorCode::InvalidSegment, "{json}: {e}");
            return;
        }
    };
    assert_eq!(
        CustomerFilter::from_json(&filter.to_json()).as_ref(),
        Ok(&filter),
        "{json} does not survive being saved and read back"
    );
    HARNESS.with(|h| {
        let mut h = h.borrow_mut();
        let h = h.get_or_insert_with(Harness::new);
        run(h, &filter).unwrap_or_else(|e| panic!("the filter {json} parses but fails: {e}"));
    });
}

fn run(h: &mut Harness, filter: &CustomerFilter) -> chainbook_store::Result<()> {
    h.store.customers().count(filter)?;
    for (i, sort) in [
        CustomerSort::Code,
        CustomerSort::Name,
        CustomerSort::City,
        CustomerSort::CreditLimit,
        CustomerSort::CreatedAt,
        CustomerSort::UpdatedAt,
    ]
    .into_iter()
    .enumerate()
    {
        h.store.customers().list(&CustomerQuery {
            sort,
            descending: i % 2 == 1,
            search: (i % 3 == 0).then(|| "贸易".to_owned()),
            filter: filter.clone(),
            page_size: 5,
            ..Default::default()
        })?;
    }
    h.store
        .segments_mut()
        .update(h.segment, "fuzzed", filter.clone())?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("a date");
    h.store.analytics().dashboard(&DashboardQuery {
        period: Period::year_to(as_of),
        currency: "CNY".into(),
        segment: Some(h.segment),
    })?;
    Ok(())
}

impl Harness {
    fn new() -> Harness {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut store = Store::open(&dir.path().join("chainbook.db")).expect("open the store");
        let places = [
            ("CN", "广东", "深圳"),
            ("CN", "浙江", "杭州"),
            ("US", "", ""),
        ];
        for i in 0..12 {
            let (country, province, city) = places[i % places.len()];
            store
                .customers_mut()
                .create(&CustomerDraft {
                    kind: CustomerKind::Company,
                    name: format!("贸易 {i:02}"),
                    phone: "0755-12345678".into(),
                    country: country.into(),
                    province: province.into(),
                    city: city.into(),
                    tags: vec![["VIP", "重品质", "new"][i % 3].into()],
                    channel: ["direct", "distributor", ""][i % 3].into(),
                    owner: ["李娜", "王强"][i % 2].into(),
                    currency: "CNY".into(),
                    ..Default::default()
                })
                .expect("a customer");
        }
        let segment = store
            .segments_mut()
            .create("fuzzed", CustomerFilter::default())
            .expect("a segment")
            .id;
        Harness {
            _dir: dir,
            store,
            segment,
        }
    }
}
