//! The fuzz targets in the normal suite: every file of each target's committed corpus
//! (`fuzz/corpus/<target>/`: the seeds and what coverage-guided runs found, minimised), then
//! proptest cases made from the corpus by structure-aware damage (`chainbook_fuzzing::mutate`).
//! The same functions the libFuzzer binaries in `fuzz/` call, so a crash file a fuzz run
//! writes becomes a regression test by moving it into the corpus.
//!
//! `CHAINBOOK_SLOW_TESTS=1` runs more proptest cases; `UPDATE_CORPUS=1` writes the seeds of
//! `chainbook_fuzzing::seeds` into the corpus first.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use chainbook_fuzzing::{mutate, seeds, TARGETS};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

fn corpus_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

/// Every file of a target's corpus, by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpus_dir(target))
        .unwrap_or_else(|e| panic!("the corpus of {target}: {e}"))
        .map(|e| {
            let path = e.expect("a corpus entry").path();
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("a corpus file"))
        })
        .collect();
    files.sort();
    files
}

fn slow() -> bool {
    std::env::var("CHAINBOOK_SLOW_TESTS").is_ok_and(|v| v == "1")
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: if slow() { cases * 10 } else { cases },
        // A failure's input is printed; the corpus, not a regression file, keeps it.
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn every_corpus_file_passes_its_target() {
    if std::env::var("UPDATE_CORPUS").is_ok_and(|v| v == "1") {
        let corpus = corpus_dir("");
        seeds::write_corpus(&corpus);
        for (name, bytes) in workbooks() {
            std::fs::write(corpus.join("table").join(format!("seed-{name}")), bytes).unwrap();
        }
    }
    for (target, run) in TARGETS {
        let files = corpus(target);
        assert!(!files.is_empty(), "the corpus of {target} is empty");
        for (name, bytes) in files {
            if let Err(e) = catch_unwind(AssertUnwindSafe(|| run(&bytes))) {
                eprintln!("fuzz/corpus/{target}/{name} fails");
                resume_unwind(e);
            }
        }
    }
}

/// Small workbooks: text, numbers, a date, a formula and merged cells.
fn workbooks() -> Vec<(&'static str, Vec<u8>)> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["客户名称", "电话", "国家", "信用额度", "创建日期"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "深圳华为技术有限公司").unwrap();
    ws.write_string(1, 1, "0755-28780808").unwrap();
    ws.write_string(1, 2, "CN").unwrap();
    ws.write_number(1, 3, 50000.5).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2024, 3, 5).unwrap(), &date)
        .unwrap();
    ws.write_formula(2, 3, "=D2*2").unwrap();
    ws.merge_range(2, 0, 3, 0, "Acme GmbH", &Format::new())
        .unwrap();
    let customers = wb.save_to_buffer().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("空").unwrap();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "SKU").unwrap();
    ws.write_string(0, 1, "数量").unwrap();
    ws.write_string(1, 0, "P-1").unwrap();
    ws.write_number(1, 1, 1.5).unwrap();
    let stock = wb.save_to_buffer().unwrap();
    vec![
        ("customers.xlsx", customers),
        ("stock_second_sheet.xlsx", stock),
    ]
}

/// A corpus file of a JSON target as its prefix line and JSON value.
fn split(bytes: &[u8]) -> Option<(String, Value)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (head, json) = text.split_once('\n')?;
    Some((head.to_owned(), serde_json::from_str(json).ok()?))
}

fn prefixed_json_cases(target: &str, run: fn(&[u8]), cases: u32) {
    let seeds: Vec<(String, Value)> = corpus(target)
        .iter()
        .filter_map(|(_, b)| split(b))
        .collect();
    assert!(!seeds.is_empty(), "no JSON seeds for {target}");
    let strategy = proptest::sample::select(seeds).prop_flat_map(|(head, v)| {
        mutate::mutated_json(v).prop_map(move |v| format!("{head}\n{v}").into_bytes())
    });
    runner(cases)
        .run(&strategy, |bytes| {
            run(&bytes);
            Ok(())
        })
        .unwrap();
}

#[test]
fn ipc_commands_with_damaged_arguments() {
    prefixed_json_cases("ipc", chainbook_fuzzing::ipc, 300);
}

#[test]
fn sync_api_with_damaged_bodies() {
    prefixed_json_cases("sync_api", chainbook_fuzzing::sync_api, 200);
}

#[test]
fn segment_filters_damaged() {
    let seeds: Vec<Value> = corpus("segment_filter")
        .iter()
        .filter_map(|(_, b)| serde_json::from_slice(b).ok())
        .collect();
    let strategy = proptest::sample::select(seeds)
        .prop_flat_map(mutate::mutated_json)
        .prop_map(|v| v.to_string().into_bytes());
    runner(300)
        .run(&strategy, |bytes| {
            chainbook_fuzzing::segment_filter(&bytes);
            Ok(())
        })
        .unwrap();
}

#[test]
fn tables_damaged_and_made_up() {
    let seeds: Vec<Vec<u8>> = corpus("table").into_iter().map(|(_, b)| b).collect();
    let strategy = prop_oneof![
        proptest::sample::select(seeds).prop_flat_map(mutate::mutated_bytes),
        mutate::texty(),
    ];
    runner(300)
        .run(&strategy, |bytes| {
            chainbook_fuzzing::table(&bytes);
            Ok(())
        })
        .unwrap();
}
