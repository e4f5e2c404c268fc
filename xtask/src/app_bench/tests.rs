//! Tests of the app benchmark's parsing, process tree and report.

use super::*;

#[test]
fn reads_the_ui_ready_line() {
    let line = "2026-11-23T09:15:02.123456Z  INFO chainbook_app::commands: ui ready startup_ms=734";
    assert_eq!(parse_ready(line), Some(734));
    assert_eq!(
        parse_ready("… INFO chainbook_app: ui ready startup_ms=12 extra=1"),
        Some(12)
    );
    assert_eq!(
        parse_ready("2026-11-23T09:15:01Z  INFO chainbook_app: starting Chainbook"),
        None
    );
    assert_eq!(parse_ready("… INFO x: ui ready"), None);
    assert_eq!(parse_ready("… INFO x: ui ready startup_ms="), None);
}

#[test]
fn finds_the_line_in_the_log_folder() {
    let dir = std::env::temp_dir().join(format!("xtask-app-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(find_ready(&dir), None, "no folder yet");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("other.log"), ": ui ready startup_ms=1\n").unwrap();
    fs::write(
        dir.join("chainbook.2026-11-23.log"),
        "x INFO chainbook_app: starting Chainbook\n",
    )
    .unwrap();
    assert_eq!(find_ready(&dir), None);
    fs::write(
        dir.join("chainbook.2026-11-23.log"),
        "x INFO chainbook_app: starting Chainbook\n\
         x INFO chainbook_app::commands: ui ready startup_ms=815\n",
    )
    .unwrap();
    assert_eq!(find_ready(&dir), Some(815));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn parses_proc_stat_even_with_odd_names() {
    let text = "4242 (WebKitWebProces) S 4200 4200 4200 0 -1 4194560 1234 0 0 0";
    assert_eq!(
        parse_stat(text),
        Some(Stat {
            comm: "WebKitWebProces".into(),
            state: 'S',
            ppid: 4200
        })
    );
    let odd = "77 (a) b (c)) Z 1 77 77 0";
    assert_eq!(
        parse_stat(odd),
        Some(Stat {
            comm: "a) b (c)".into(),
            state: 'Z',
            ppid: 1
        })
    );
    assert_eq!(parse_stat("garbage"), None);
    // This process's own entry parses.
    let me = fs::read_to_string("/proc/self/stat");
    if let Ok(me) = me {
        assert!(parse_stat(&me).is_some());
    }
}

#[test]
fn parses_status_and_smaps_rollup_sizes() {
    let status =
        "Name:\tchainbook\nVmPeak:\t 2000000 kB\nVmRSS:\t  153600 kB\nRssAnon:\t 80000 kB\n";
    assert_eq!(parse_kb(status, "VmRSS"), Some(153_600));
    assert_eq!(parse_kb(status, "VmSwap"), None);
    let rollup = "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss:   160000 kB\n\
                  Pss:   120321 kB\nPss_Anon:   70000 kB\nPss_File:   50321 kB\n";
    assert_eq!(parse_kb(rollup, "Pss"), Some(120_321));
    assert_eq!(parse_kb(rollup, "Pss_Anon"), Some(70_000));
    assert_eq!(parse_kb("VmRSS: lots", "VmRSS"), None);
}

#[test]
fn walks_the_process_tree() {
    let links = [
        (1, 0),
        (10, 1),
        (11, 10),
        (12, 10),
        (13, 11),
        (20, 1),
        (14, 12),
    ];
    assert_eq!(descendants(10, &links), vec![10, 11, 12, 13, 14]);
    assert_eq!(descendants(20, &links), vec![20]);
    // This process is in its own tree.
    let me = std::process::id();
    assert_eq!(process_tree(me)[0], me);
}

#[test]
fn percentiles_and_json() {
    let v = [5.0, 1.0, 4.0, 2.0, 3.0];
    assert_eq!(percentile(&v, 0.5), 3.0);
    assert_eq!(percentile(&v, 0.95), 5.0);
    assert!(percentile(&[], 0.5).is_nan());
    assert_eq!(json_str("a\"b\\c\n"), r#""a\"b\\c\n""#);
    assert_eq!(json_num(f64::NAN), "null");
    assert_eq!(json_num(12.345), "12.3");
}

#[test]
fn sums_memory_per_process_name() {
    let proc = |pid, name: &str, rss_kb, pss_kb| Proc {
        pid,
        name: name.into(),
        rss_kb,
        pss_kb,
    };
    let runs = [
        Run {
            startup_ms: 700,
            wall_ms: 750.0,
            stop_ms: 100.0,
            procs: vec![
                proc(1, "chainbook", 1024, Some(512)),
                proc(2, "WebKitWebProcess", 2048, Some(1024)),
                proc(3, "WebKitWebProcess", 1024, None),
            ],
        },
        Run {
            startup_ms: 800,
            wall_ms: 850.0,
            stop_ms: 100.0,
            procs: vec![proc(4, "chainbook", 2048, Some(1024))],
        },
    ];
    assert_eq!(runs[0].rss_mb(), 4.0);
    assert_eq!(runs[0].pss_mb(), None);
    assert_eq!(runs[1].pss_mb(), Some(1.0));
    let by = per_name(&runs);
    assert_eq!(by["chainbook"], vec![(1.0, Some(0.5)), (2.0, Some(1.0))]);
    assert_eq!(by["WebKitWebProcess"], vec![(3.0, None)]);
    let sizes = Sizes {
        binary: 9_000_000,
        deb: 5_754_094,
        appimage: 9_500_000,
    };
    let deb = Path::new("/x/bundle/deb/Chainbook_0.1.0_amd64.deb");
    let json = report_json(&runs, ":99", Path::new("/x/chainbook"), deb, &sizes);
    assert!(
        json.contains("\"startup_ms\": {\"p50\": 700, \"p95\": 800}"),
        "{json}"
    );
    assert!(json.contains("\"idle_pss_mb\": null"), "{json}");
    assert!(json.contains("\"binary_bytes\": 9000000,"), "{json}");
    assert!(
        json.contains(
            "\"deb\": \"/x/bundle/deb/Chainbook_0.1.0_amd64.deb\",\n  \"deb_bytes\": 5754094,"
        ),
        "{json}"
    );
    assert!(json.contains("\"appimage_bytes\": 9500000,"), "{json}");
    let text = table(&runs, ":99", &sizes);
    assert!(text.contains(".deb size"), "{text}");
    assert!(text.contains("5.8 MB"), "{text}");
    assert!(text.contains(".AppImage size"), "{text}");
    assert!(text.contains("9.5 MB"), "{text}");
    assert!(
        text.contains("RSS WebKitWebProcess (1 of 2 runs)"),
        "{text}"
    );
}
