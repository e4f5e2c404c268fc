//! Every benchmark runs once on a tiny dataset and returns plausible results (not timings).

use chainbook_bench::{
    implausible, run, run_complaints, run_orders, run_supply, table, Options, PAGE_SIZE,
    SEARCH_QUERIES,
};

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

#[test]
fn the_product_and_supplier_lists_run_and_match_bare_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tiny-supply.db");
    chainbook_datagen::build_supply_dataset(&db, 42, 300, 40).unwrap();
    let figures = run_supply(&db, &Options { warmup: 0, reps: 1 }).unwrap();
    println!("{}", table(&figures));
    assert_eq!(implausible(&figures), Vec::<String>::new());
    for group in ["products", "suppliers"] {
        let lists: Vec<_> = figures
            .iter()
            .filter(|f| f.group == group && f.bare.is_some())
            .collect();
        assert!(lists.len() >= 7, "{group}: {}", lists.len());
        for f in lists {
            assert_eq!(f.target_ms, Some(chainbook_bench::LIST_TARGET_MS));
            let total = f.total.unwrap();
            if f.name.contains("page 1 of") {
                assert_eq!(f.rows, total.min(u64::from(PAGE_SIZE)), "{}", f.name);
            }
            // The store's page and count are the bare query's.
            let bare = figures
                .iter()
                .find(|b| Some(&b.name) == f.bare.as_ref())
                .unwrap();
            assert_eq!((bare.rows, bare.total), (f.rows, f.total), "{}", f.name);
        }
    }
    // Every product is listed with inactive ones included; the filters narrow it.
    let all = figures
        .iter()
        .find(|f| {
            f.name
                .starts_with("products all incl. inactive by name, page 1")
        })
        .unwrap();
    assert_eq!(all.total, Some(300));
    let suppliers = figures
        .iter()
        .find(|f| f.name.starts_with("suppliers all, page 1"))
        .unwrap();
    assert_eq!(suppliers.total, Some(40));
    assert!(figures
        .iter()
        .filter(|f| f.group == "suppliers" && f.name != suppliers.name)
        .all(|f| f.total.unwrap() < 40));
}

#[test]
fn the_order_list_and_order_page_run_and_match_bare_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("tiny-customers.db");
    chainbook_datagen::build_dataset(&customers, 42, 300).unwrap();
    let db = dir.path().join("tiny-orders.db");
    let stats =
        chainbook_datagen::build_orders_dataset(&db, &customers, 42, 300, 40, 1_500).unwrap();
    let mut figures = run_orders(&db, &Options { warmup: 0, reps: 1 }).unwrap();
    // Applying remote changes checks its own result (stock, city, search, no echo).
    let applied = chainbook_bench::run_apply(&db, &dir.path().join("scratch"), 2).unwrap();
    assert_eq!(applied[0].rows, 1_000);
    assert_eq!(
        applied[0].target_ms,
        Some(chainbook_bench::APPLY_BATCH_TARGET_MS)
    );
    figures.extend(applied);
    let tables = chainbook_bench::footprint(&db).unwrap();
    assert!(tables.iter().any(|(t, b)| t == "sales_orders" && *b > 0));
    assert!(chainbook_bench::footprint_table(&tables).contains("total"));
    println!("{}", table(&figures));
    assert_eq!(implausible(&figures), Vec::<String>::new());
    let lists: Vec<_> = figures
        .iter()
        .filter(|f| f.group == "orders" && f.total.is_some())
        .collect();
    assert!(lists.len() >= 9, "{}", lists.len());
    for f in &lists {
        assert_eq!(f.target_ms, Some(chainbook_bench::LIST_TARGET_MS));
        let total = f.total.unwrap();
        if f.name.contains("page 1 of") {
            assert_eq!(f.rows, total.min(u64::from(PAGE_SIZE)), "{}", f.name);
        }
        // The store's page and total are the bare query's.
        let bare = figures
            .iter()
            .find(|b| Some(&b.name) == f.bare.as_ref())
            .unwrap();
        assert_eq!((bare.rows, bare.total), (f.rows, f.total), "{}", f.name);
    }
    let all = lists
        .iter()
        .find(|f| f.name.starts_with("orders all, page 1"))
        .unwrap();
    assert_eq!(all.total, Some(1_500));
    let late = lists
        .iter()
        .find(|f| f.name.starts_with("orders late, page 1"))
        .unwrap();
    assert_eq!(late.total, Some(stats.late as u64));
    let page = figures
        .iter()
        .find(|f| f.name.starts_with("order page"))
        .unwrap();
    assert_eq!(page.target_ms, Some(chainbook_bench::ORDER_PAGE_TARGET_MS));
    assert!(page.bare.is_some());
}

#[test]
fn the_complaint_list_page_and_satisfaction_run_and_match_bare_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("tiny-customers.db");
    chainbook_datagen::build_dataset(&customers, 42, 300).unwrap();
    let db = dir.path().join("tiny-complaints.db");
    let stats =
        chainbook_datagen::build_complaints_dataset(&db, &customers, 42, 40, 600, 1_200).unwrap();
    assert!(stats.open > 0 && stats.open < 600 / 5, "{stats:?}");
    assert!(stats.breached > 0, "{stats:?}");
    let figures = run_complaints(&db, &Options { warmup: 0, reps: 1 }).unwrap();
    println!("{}", table(&figures));
    assert_eq!(implausible(&figures), Vec::<String>::new());
    let lists: Vec<_> = figures
        .iter()
        .filter(|f| f.group == "complaints" && f.total.is_some())
        .collect();
    assert!(lists.len() >= 7, "{}", lists.len());
    for f in &lists {
        assert_eq!(f.target_ms, Some(chainbook_bench::LIST_TARGET_MS));
        let total = f.total.unwrap();
        if f.name.contains("page 1 of") {
            assert_eq!(f.rows, total.min(u64::from(PAGE_SIZE)), "{}", f.name);
        }
        let bare = figures
            .iter()
            .find(|b| Some(&b.name) == f.bare.as_ref())
            .unwrap();
        assert_eq!((bare.rows, bare.total), (f.rows, f.total), "{}", f.name);
    }
    let all = lists
        .iter()
        .find(|f| f.name.starts_with("complaints all, page 1"))
        .unwrap();
    assert_eq!(all.total, Some(600));
    let open = lists
        .iter()
        .find(|f| f.name.starts_with("complaints open, page 1"))
        .unwrap();
    assert_eq!(open.total, Some(stats.open as u64));
    let page = figures
        .iter()
        .find(|f| f.name.starts_with("complaint page"))
        .unwrap();
    assert_eq!(
        page.target_ms,
        Some(chainbook_bench::COMPLAINT_PAGE_TARGET_MS)
    );
    // The satisfaction figures count the same responses as the bare aggregate.
    for f in figures
        .iter()
        .filter(|f| f.name.starts_with("NPS and CSAT"))
    {
        let bare = figures
            .iter()
            .find(|b| Some(&b.name) == f.bare.as_ref())
            .unwrap();
        assert_eq!(bare.rows, f.rows, "{}", f.name);
    }
}

#[test]
fn the_index_audit_plans_the_recorded_statements() {
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("tiny-customers.db");
    chainbook_datagen::build_dataset(&customers, 7, 200).unwrap();
    let db = dir.path().join("tiny-orders.db");
    chainbook_datagen::build_orders_dataset(&db, &customers, 7, 200, 30, 300).unwrap();
    chainbook_store::diagnostics::record_statements();
    run_orders(&db, &Options { warmup: 0, reps: 1 }).unwrap();
    let statements = chainbook_store::diagnostics::recorded_statements();
    assert!(statements.iter().any(|s| s.contains("FROM sales_orders")));
    let audit = chainbook_bench::audit_indexes(&[db], &statements).unwrap();
    let find = |n: &str| audit.iter().find(|i| i.name == n).unwrap();
    // The order page reads lines by order; the order list pages by creation time.
    assert!(find("so_lines_by_order").used);
    assert!(find("sales_orders_by_created").used);
    assert!(find("products_by_sku").unique);
    assert!(!find("so_lines_by_order").unique);
}

#[test]
fn sync_over_the_network_runs_and_the_new_device_gets_every_row() {
    use chainbook_bench::net::throughput::Load;
    let dir = tempfile::tempdir().unwrap();
    let customers = dir.path().join("tiny-customers.db");
    chainbook_datagen::build_dataset(&customers, 7, 60).unwrap();
    let db = dir.path().join("tiny-orders.db");
    chainbook_datagen::build_orders_dataset(&db, &customers, 7, 60, 10, 80).unwrap();
    let mut o = chainbook_bench::NetOptions::new(
        chainbook_bench::net::server::server_bin().unwrap(),
        env!("CARGO_BIN_EXE_chainbook-bench").into(),
        dir.path().join("net"),
    );
    o.round_trip_warmup = 1;
    o.round_trips = 3;
    o.load = Load {
        clients: 3,
        new_customers: 4,
        edits: 5,
        batches: vec![7, 2],
    };
    let (figures, report) = chainbook_bench::run_sync_net(&db, &o).unwrap();
    println!("{}", table(&figures));
    assert_eq!(implausible(&figures), Vec::<String>::new());
    // The first sync, the round trip with its three parts, one push figure per round.
    assert_eq!(figures.len(), 3 + 4 + 2);
    let first = &report["first_sync"];
    let changes = first["changes"].as_i64().unwrap();
    assert!(changes > 500, "{changes}");
    assert_eq!(first["upload"]["device"]["pushed"].as_i64(), Some(changes));
    assert_eq!(
        first["new_device"]["device"]["cursor"].as_i64(),
        Some(changes)
    );
    assert!(
        first["new_device"]["device"]["peak_rss_bytes"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert!(first["new_device"]["wire"]["down"].as_u64().unwrap() > 0);
    let rows = first["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r[0] == "sales_orders" && r[1] == 80));
    // Each round: every device's new customers (with contacts and addresses) and its edits.
    for r in report["push_rounds"].as_array().unwrap() {
        assert!(r["changes"].as_i64().unwrap() >= 3 * (4 + 5), "{r}");
    }
    // Everything was in the scratch folder, which is gone.
    assert!(!dir.path().join("net").exists());
}

#[test]
fn data_out_exports_every_customer_and_backs_up_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tiny.db");
    chainbook_datagen::build_dataset(&db, 42, 1200).unwrap();
    let figures = chainbook_bench::run_data(&db, &dir.path().join("work")).unwrap();
    let get = |name: &str| figures.iter().find(|f| f.name == name).unwrap();
    // Over three pages of 500, every customer once.
    assert_eq!(get("export-customers-xlsx").rows, 1200);
    assert!(get("backup").rows > 100_000, "bytes copied");
    assert!(
        get("backup-concurrent-page").rows >= 1,
        "read while copying"
    );
    // What the export writes reads back: the header and every customer.
    let out = dir.path().join("check.xlsx");
    let store = chainbook_store::Store::open(&db).unwrap();
    assert_eq!(
        chainbook_bench::export_customers(&store, &out).unwrap(),
        1200
    );
    assert!(std::fs::metadata(&out).unwrap().len() > 10_000);
}

#[test]
fn the_forecast_group_forecasts_every_product_in_order() {
    let figures = chainbook_bench::run_forecast(40, &Options { warmup: 0, reps: 1 }).unwrap();
    assert_eq!(implausible(&figures), Vec::<String>::new());
    assert_eq!(figures.len(), 2);
    assert!(figures
        .iter()
        .all(|f| f.group == "forecast" && f.rows == 40));
    // Splitting over threads changes nothing: the same forecasts in the same order.
    let all: Vec<Vec<f64>> = (0..40)
        .map(|i| chainbook_bench::forecast_series(i, chainbook_bench::FORECAST_MONTHS))
        .collect();
    assert_eq!(
        chainbook_bench::forecast_all(&all, 3),
        chainbook_bench::forecast_all(&all, 1)
    );
    // The synthetic range holds every demand class the engine tells apart.
    let classes: std::collections::BTreeSet<_> = all
        .iter()
        .filter_map(|y| chainbook_core::forecast::classify(y).map(|c| c.as_str()))
        .collect();
    assert!(
        classes.contains("smooth") && classes.contains("lumpy"),
        "{classes:?}"
    );
}
