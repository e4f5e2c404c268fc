//! Commands: importing a spreadsheet the user picked. Preview a file (how it was read, its
//! headers, the mapping to start from, its first rows), check it with a plan (counts and a
//! page of problems and duplicates), commit it (progress as `import://progress` events,
//! cancel), and write the error report where the user chose. The file is read from its path
//! by the reader as it streams; the last check's report is kept for paging and the report.

use std::fs::File;
use std::io::BufReader;
use std::sync::atomic::Ordering;

use chainbook_import::mapping::guess;
use chainbook_import::report::{column_letter, csv_report, xlsx_report, ReportLine};
use chainbook_import::{open, OpenOptions, Table};
use chainbook_store::import::CheckReport;
use tauri::Emitter;

use super::prelude::*;

/// The event a commit's progress is sent as.
pub const PROGRESS_EVENT: &str = "import://progress";

/// Rows the preview shows, and how much of a cell.
const PREVIEW_ROWS: usize = 20;
const PREVIEW_CELL: usize = 200;

/// Opens the file at `path` as a table.
fn table(path: &str, sheet: Option<String>) -> CmdResult<Table<BufReader<File>>> {
    let file = File::open(path).map_err(|e| {
        CommandError::new(ErrorCode::NotFound, format!("cannot open {path:?}: {e}"))
            .with_field("path")
    })?;
    open(BufReader::new(file), &OpenOptions { sheet }).map_err(|e| {
        let mut err = CommandError::new(e.code(), e.to_string()).with_field("file");
        if !e.value().is_empty() {
            err.field = Some(format!("file.{}", e.value()));
        }
        err
    })
}

/// What identifies a check: the plan and the file as it is now (size and time).
fn check_key(plan: &ImportPlanInput) -> String {
    let stamp = std::fs::metadata(&plan.path)
        .map(|m| format!("{}:{:?}", m.len(), m.modified().ok()))
        .unwrap_or_default();
    format!("{stamp}|{plan:?}")
}

/// The check of `plan`, from the last one when nothing changed.
fn checked(state: &AppState, plan: &ImportPlanInput) -> CmdResult<CheckReport> {
    let key = check_key(plan);
    if let Some((k, r)) = &*state.import.last.lock().unwrap_or_else(|p| p.into_inner()) {
        if *k == key {
            return Ok(r.clone());
        }
    }
    let mut s = store(state)?;
    let p = plan.plan(s.settings().home_country()?)?;
    let report = s
        .import_mut()
        .check(table(&plan.path, plan.sheet.clone())?, &p)?;
    *state.import.last.lock().unwrap_or_else(|p| p.into_inner()) = Some((key, report.clone()));
    Ok(report)
}

commands! {
    /// How the file at `path` reads, with the mapping for `kind` to start from: the one last
    /// used for this layout, or a guess from the headers.
    fn import_preview(state, path: String, kind: String, sheet: Option<String>) -> ImportPreviewDto {
        let kind = crate::dto::import::kind(&kind)?;
        let t = table(&path, sheet)?;
        let s = store(&state)?;
        let remembered = s.import_layout(kind, &t.headers)?;
        let mapping = match &remembered {
            Some(m) => m.clone(),
            None => guess(kind, &t.headers).into_iter().map(|m| m.map(str::to_owned)).collect(),
        };
        drop(s);
        let info = t.info.clone();
        let headers = t.headers.clone();
        let mut rows = Vec::new();
        for r in t.take(PREVIEW_ROWS) {
            let r = r.map_err(|e| CommandError::new(e.code(), e.to_string()).with_field("file"))?;
            rows.push(ImportRowDto {
                row: r.row,
                cells: r.cells.iter().map(|c| c.chars().take(PREVIEW_CELL).collect()).collect(),
            });
        }
        Ok(ImportPreviewDto {
            format: serde_json::to_value(info.format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            encoding: info.encoding.map(|e| e.as_str().to_owned()),
            delimiter: info.delimiter.map(|d| d.to_string()),
            sheets: info.sheets,
            sheet: info.sheet,
            headers,
            mapping,
            remembered: remembered.is_some(),
            fields: kind
                .fields()
                .iter()
                .map(|f| ImportFieldDto { key: f.key.to_owned(), required: f.required })
                .collect(),
            rows,
        })
    }

    /// Checks every row of the file with `plan`: counts, and page `page` of the problems and
    /// duplicates (50 a page).
    fn import_check(state, plan: ImportPlanInput, page: u32) -> ImportCheckDto {
        let report = checked(&state, &plan)?;
        Ok(ImportCheckDto::page(&report, page, 50))
    }

    /// Asks a running commit to stop; it rolls back and answers `cancelled`.
    fn import_cancel(state) -> () {
        state.import.cancel.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// Writes the problems of the file checked with the report's plan to `dest` (CSV, or
    /// .xlsx when it ends so); returns how many lines it holds.
    fn import_report(state, report: ImportReportInput) -> u32 {
        let checked = checked(&state, &report.plan)?;
        let headers = table(&report.plan.path, report.plan.sheet.clone())?.headers;
        let label = |map: &std::collections::HashMap<String, String>, key: &str| {
            map.get(key).cloned().unwrap_or_else(|| key.to_owned())
        };
        let lines: Vec<ReportLine> = checked
            .issues
            .iter()
            .map(|i| ReportLine {
                row: i.row,
                column: i
                    .column
                    .map(|c| match headers.get(c).filter(|h| !h.is_empty()) {
                        Some(h) => h.clone(),
                        None => column_letter(c),
                    })
                    .unwrap_or_default(),
                field: if i.field.is_empty() { String::new() } else { label(&report.fields, &i.field) },
                value: i.value.clone(),
                reason: label(&report.reasons, i.code.as_str()),
            })
            .collect();
        let titles: [String; 5] = report
            .titles
            .clone()
            .try_into()
            .map_err(|_| CommandError::new(ErrorCode::InvalidArgument, "five titles").with_field("titles"))?;
        let xlsx = report.dest.to_lowercase().ends_with(".xlsx");
        let bytes = if xlsx { xlsx_report(&titles, &lines) } else { csv_report(&titles, &lines) }
            .map_err(|e| CommandError::new(ErrorCode::Internal, e))?;
        std::fs::write(&report.dest, bytes).map_err(|e| {
            CommandError::new(ErrorCode::Storage, format!("cannot write {:?}: {e}", report.dest)).with_field("dest")
        })?;
        Ok(lines.len() as u32)
    }
}

/// Commits the file with `plan` in one transaction on a blocking thread, sending
/// `import://progress`; remembers the mapping for files laid out the same. Outside the
/// `commands!` list because it needs the app handle for the events.
#[tauri::command]
pub async fn import_commit<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    plan: Option<serde_json::Value>,
) -> CmdResult<ImportSummaryDto> {
    let plan: ImportPlanInput = super::decode_arg("plan", plan)?;
    let total = checked(&state, &plan)?.rows;
    let (st, import) = (state.store.clone(), state.import.clone());
    import.cancel.store(false, Ordering::Relaxed);
    let summary = blocking(move || {
        let t = table(&plan.path, plan.sheet.clone())?;
        let headers = t.headers.clone();
        let mut s = st.lock().unwrap_or_else(|p| p.into_inner());
        let p = plan.plan(s.settings().home_country()?)?;
        let mut progress = |done: u64| {
            let _ = app.emit(
                PROGRESS_EVENT,
                ImportProgressDto {
                    done,
                    total: total.max(done),
                },
            );
        };
        let summary = s
            .import_mut()
            .commit(t, &p, &mut progress, &import.cancel)?;
        if let Some(kind) = p.kind {
            s.remember_import_layout(kind, &headers, &p.mapping)?;
        }
        // What was checked is stale now (duplicates, codes taken).
        *import.last.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(summary)
    })
    .await?;
    Ok(summary.into())
}

/// The commit's signature for the bindings.
pub fn commit_signature(cfg: &ts_rs::Config) -> super::Signature {
    use ts_rs::TS;
    (
        "import_commit",
        vec![("plan", ImportPlanInput::name(cfg))],
        ImportSummaryDto::name(cfg),
    )
}
