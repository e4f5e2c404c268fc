//! Every benchmark runs once on a tiny dataset and returns plausible results (not timings).

use chainbook_bench::{implausible, run, table, Options, PAGE_SIZE, SEARCH_QUERIES};

#[test]
fn every_benchmark_runs_and_finds_what_it_should() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tiny.db");
    chainbook_datagen::build_dataset(&db, 42, 300).unwrap();
    let figures = run(&db, &Options { warmup: 0, reps: 1 }).unwrap();
    println!("{}", table(&figures));
    assert_eq!(implausible(&figures), Vec::<String>::new());

    let of = |group: &'static str| figures.iter().filter(move |f| f.group == group);
    // Each query is measured, finds customers, and has a bare equivalent.
    assert_eq!(
        of("search").filter(|f| f.bare.is_some()).count(),
        SEARCH_QUERIES.len()
    );
    for f in of("search") {
        assert!(f.rows > 0, "{} found nothing", f.name);
    }
    // List pages are full (or hold the whole, smaller, result) and match the bare query.
    let lists: Vec<_> = of("list").filter(|f| f.bare.is_some()).collect();
    assert_eq!(lists.len(), 10);
    for f in &lists {
        let total = f.total.unwrap();
        assert!(total > 0, "{}", f.name);
        if f.name.contains("page 1 of") {
            assert_eq!(f.rows, total.min(u64::from(PAGE_SIZE)), "{}", f.name);
        }
        let bare = figures
            .iter()
            .find(|b| Some(&b.name) == f.bare.as_ref())
            .unwrap();
        assert_eq!((bare.rows, bare.total), (f.rows, f.total), "{}", f.name);
        assert!(f.ratio.unwrap() > 0.0);
    }
    // The first page after a filter change: the same rows and total as the bare count + page.
    let firsts: Vec<_> = of("list-uncached").collect();
    assert_eq!(firsts.len(), 5);
    for f in &firsts {
        let total = f.total.unwrap();
        assert_eq!(f.rows, total.min(u64::from(PAGE_SIZE)), "{}", f.name);
        let bare = figures
            .iter()
            .find(|b| Some(&b.name) == f.bare.as_ref())
            .unwrap();
        assert!(bare.name.ends_with("@0"), "{}", bare.name);
        assert_eq!((bare.rows, bare.total), (f.rows, f.total), "{}", f.name);
    }
    let all = figures
        .iter()
        .find(|f| f.name == "bare count(*) of live customers")
        .unwrap();
    assert_eq!(all.total, Some(300));
    assert_eq!(of("record").count(), 1);
    assert!(of("segment").all(|f| f.total.unwrap() > 0));
    // The report serialises.
    let json = serde_json::to_value(&figures).unwrap();
    assert!(json[0]["p95_ms"].is_number());
}
