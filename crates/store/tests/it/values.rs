//! The values a customer shows and is filtered on, on the known history of `dashboard.rs`:
//! the computed lifecycle and pinning it by hand, and segments on the value dimensions
//! (tier, RFM segment, product stage, purchase frequency) with their refresh after a write.

use chainbook_core::analytics::rfm::RfmSegment;
use chainbook_core::customer::Lifecycle;
use chainbook_core::segment::CustomerFilter;
use chainbook_store::analytics::Period;
use chainbook_store::Store;
use uuid::Uuid;

use crate::dashboard::{day, money, november, sale, world};
use crate::draft;

#[test]
fn the_computed_lifecycle_replaces_the_manual_one_unless_pinned() {
    let mut w = world();
    let stage = |s: &Store, id: Uuid| s.customers().get(id).unwrap().stage();
    // C bought once, 553 days ago: lost, whatever its manual stage says; A's first order was
    // 52 days ago: new.
    let c = w.s.customers().get(w.c).unwrap();
    assert_eq!(c.computed_lifecycle, Some(Lifecycle::Lost));
    assert_eq!(
        (c.fields.lifecycle, c.stage()),
        (Lifecycle::New, Lifecycle::Lost)
    );
    assert_eq!(stage(&w.s, w.a), Lifecycle::New);
    let filter = |l: Lifecycle| chainbook_store::CustomerQuery {
        filter: CustomerFilter {
            lifecycles: vec![l],
            ..Default::default()
        },
        page_size: 50,
        ..Default::default()
    };
    let lost = w.s.customers().list(&filter(Lifecycle::Lost)).unwrap();
    assert_eq!(
        (lost.total, lost.items[0].id),
        (1, w.c),
        "the list filters on the shown stage"
    );

    // Pinned by hand, the manual stage stands and the filter follows it.
    let mut pinned = draft("丙");
    pinned.lifecycle = "active".into();
    pinned.lifecycle_pinned = true;
    w.s.customers_mut().update(w.c, &pinned).unwrap();
    assert_eq!(stage(&w.s, w.c), Lifecycle::Active);
    assert_eq!(
        w.s.customers()
            .list(&filter(Lifecycle::Lost))
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        w.s.customers()
            .count(&filter(Lifecycle::Active).filter)
            .unwrap(),
        1
    );

    // Unpinned again, a new order moves the rhythm at once: two dates 553 days apart, the
    // last today: active.
    pinned.lifecycle_pinned = false;
    w.s.customers_mut().update(w.c, &pinned).unwrap();
    assert_eq!(stage(&w.s, w.c), Lifecycle::Lost);
    let p = w.s.products().list(&Default::default()).unwrap().items[0].id;
    let o = sale(&mut w.s, w.c, p, "2026-12-06", "1", "10");
    assert_eq!(stage(&w.s, w.c), Lifecycle::Active);
    // Cancelled, the order no longer counts.
    w.s.orders_mut()
        .action(o, chainbook_core::order::OrderAction::Cancel, None)
        .unwrap();
    assert_eq!(stage(&w.s, w.c), Lifecycle::Lost);
    // The derived rhythm agrees with a fresh computation from every order, for every customer.
    let today = day("2026-12-06");
    let fresh =
        w.s.analytics()
            .customer_values(
                &Period {
                    from: None,
                    as_of: today,
                },
                "CNY",
            )
            .unwrap();
    for v in &fresh {
        let c = w.s.customers().get(v.activity.customer_id).unwrap();
        assert_eq!(
            c.computed_lifecycle,
            v.lifecycle.as_ref().map(|l| l.stage),
            "{}",
            c.fields.name
        );
    }
    // A customer without orders keeps its manual stage.
    let lead = {
        let mut d = draft("潜在客户");
        d.lifecycle = "lead".into();
        w.s.customers_mut().create(&d).unwrap().id
    };
    assert_eq!(stage(&w.s, lead), Lifecycle::Lead);
}

#[test]
fn segments_on_value_tier_rfm_product_stage_and_frequency() {
    use chainbook_core::analytics::abc::AbcTier;
    use chainbook_core::analytics::behaviour::FrequencyBand;
    let mut w = world();
    let ids = |s: &Store, f: CustomerFilter| -> Vec<Uuid> {
        let mut v: Vec<Uuid> = s
            .customers()
            .list(&chainbook_store::CustomerQuery {
                filter: f,
                page_size: 50,
                ..Default::default()
            })
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.id)
            .collect();
        v.sort();
        v
    };
    let sorted = |mut v: Vec<Uuid>| {
        v.sort();
        v
    };
    // The 365 days to 2026-12-06: A 230.00 of 430.00 (53 %): A; B brings it to 100 %: C; C
    // bought before them: C. A ordered 3 times (regular), B once (rare), C never (none).
    let tier = |t| CustomerFilter {
        tiers: vec![t],
        ..Default::default()
    };
    assert_eq!(ids(&w.s, tier(AbcTier::A)), vec![w.a]);
    assert_eq!(ids(&w.s, tier(AbcTier::C)), sorted(vec![w.b, w.c]));
    let band = |b| CustomerFilter {
        frequency_bands: vec![b],
        ..Default::default()
    };
    assert_eq!(ids(&w.s, band(FrequencyBand::Regular)), vec![w.a]);
    assert_eq!(ids(&w.s, band(FrequencyBand::Rare)), vec![w.b]);
    assert_eq!(ids(&w.s, band(FrequencyBand::None)), vec![w.c]);
    // Every buyer buys the one product: its stage is theirs.
    let stage = w.s.products().list(&Default::default()).unwrap().items[0]
        .fields
        .stage;
    let by_stage = CustomerFilter {
        product_stages: vec![stage],
        ..Default::default()
    };
    assert_eq!(ids(&w.s, by_stage.clone()), sorted(vec![w.a, w.b]));
    // RFM: of the two buyers A is better on R (16 vs 26 days), F and M.
    let champions = CustomerFilter {
        rfm_segments: vec![RfmSegment::NeedAttention],
        ..Default::default()
    };
    assert_eq!(ids(&w.s, champions), vec![w.a]);
    // Dimensions combine with the others, and a saved segment on them cuts the dashboard.
    let seg =
        w.s.segments_mut()
            .create(
                "A 级",
                CustomerFilter {
                    tiers: vec![AbcTier::A],
                    lifecycles: vec![Lifecycle::New],
                    ..Default::default()
                },
            )
            .unwrap();
    assert_eq!(
        w.s.customers().count(&seg.filter.clone().unwrap()).unwrap(),
        1
    );
    let d = w.s.analytics().dashboard(&november(Some(seg.id))).unwrap();
    assert_eq!(d.current.revenue, money("150.00"));
    // A write changes the values at once: B's large order makes it the A customer.
    let p = w.s.products().list(&Default::default()).unwrap().items[0].id;
    sale(&mut w.s, w.b, p, "2026-12-06", "5", "100");
    assert_eq!(ids(&w.s, tier(AbcTier::A)), vec![w.b]);
}
