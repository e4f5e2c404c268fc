//! Exports: every page of a list, fetched by the list's own [`Listing::fetch`] with the
//! filters the view has, written by `chainbook_export` as CSV or .xlsx.
//!
//! The store's lock is taken per page (500 rows), not for the whole file, so the app stays
//! usable while a large export runs; a write between two pages can shift rows from one page
//! to the next (the export is as consistent as paging through the list by hand).
//!
//! After each page the caller hears how far it got (rows written of the list's total) and the
//! cancel flag is read: a cancelled export stops there, answers `cancelled` and leaves no file
//! (`chainbook_export` renames the file into place only when it is complete).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use chainbook_core::ErrorCode;
use chainbook_export::{ExportError, Exporter, Format};
use chainbook_store::{Store, PAGE_SIZE_MAX};

use crate::dto::data::{ExportDone, ExportFormat, ExportProgress, ExportRequest, ExportSource};
use crate::error::{CmdResult, CommandError};
use crate::lists::Listing;

/// The event a running export sends after every page ([`ExportProgress`]).
pub const PROGRESS_EVENT: &str = "export://progress";

/// How an export reports and stops: told after every page, stopped when `cancel` is set.
pub struct Watch<'a> {
    pub cancel: &'a AtomicBool,
    pub progress: &'a mut dyn FnMut(ExportProgress),
}

/// Writes the request's list to its file.
pub fn run(store: &Mutex<Store>, req: ExportRequest, watch: Watch<'_>) -> CmdResult<ExportDone> {
    let path = Path::new(&req.path);
    if !path.is_absolute() {
        return Err(CommandError::new(
            ErrorCode::InvalidArgument,
            "the export path must be absolute",
        )
        .with_field("path"));
    }
    let format = match req.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Xlsx => Format::Xlsx,
    };
    let columns = req.columns.into_iter().map(Into::into).collect();
    let mut out = Exporter::create(path, format, &req.sheet, columns).map_err(file_error)?;
    let mut watch = watch;
    match req.source {
        ExportSource::Customers(q) => pages(store, q, &mut out, &mut watch)?,
        ExportSource::Orders(q) => pages(store, q, &mut out, &mut watch)?,
        ExportSource::Products(q) => pages(store, q, &mut out, &mut watch)?,
        ExportSource::Suppliers(q) => pages(store, q, &mut out, &mut watch)?,
        ExportSource::PurchaseOrders(q) => pages(store, q, &mut out, &mut watch)?,
        ExportSource::Complaints(q) => pages(store, q, &mut out, &mut watch)?,
        ExportSource::LostCustomers(q) => pages(store, q, &mut out, &mut watch)?,
    }
    let rows = out.finish().map_err(file_error)?;
    tracing::info!(path = %path.display(), rows, "exported");
    Ok(ExportDone {
        path: req.path,
        rows,
    })
}

/// Every page of `q`, in order, into `out`.
fn pages<L: Listing>(
    store: &Mutex<Store>,
    mut q: L,
    out: &mut Exporter,
    watch: &mut Watch<'_>,
) -> CmdResult<()> {
    let size = PAGE_SIZE_MAX;
    for page in 0.. {
        if watch.cancel.load(Ordering::Relaxed) {
            tracing::info!(rows = out.rows(), "export cancelled");
            return Err(CommandError::new(
                ErrorCode::Cancelled,
                "the export was cancelled; no file was written",
            ));
        }
        q.at_page(page, size);
        let p = {
            let s = store.lock().unwrap_or_else(|p| p.into_inner());
            q.clone().fetch(&s)?
        };
        for row in &p.items {
            let v = serde_json::to_value(row).map_err(|e| {
                CommandError::new(ErrorCode::Internal, format!("cannot encode a row: {e}"))
            })?;
            out.push(&v).map_err(file_error)?;
        }
        (watch.progress)(ExportProgress {
            rows: out.rows(),
            total: p.total.max(out.rows()),
        });
        if p.items.len() < size as usize || u64::from(page + 1) * u64::from(size) >= p.total {
            break;
        }
    }
    Ok(())
}

fn file_error(e: ExportError) -> CommandError {
    tracing::warn!(error = %e, "export failed");
    CommandError::new(ErrorCode::FileError, e.to_string())
}
