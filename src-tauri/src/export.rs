//! Exports: every page of a list, fetched by the list's own [`Listing::fetch`] with the
//! filters the view has, written by `chainbook_export` as CSV or .xlsx.
//!
//! The store's lock is taken per page (500 rows), not for the whole file, so the app stays
//! usable while a large export runs; a write between two pages can shift rows from one page
//! to the next (the export is as consistent as paging through the list by hand).

use std::path::Path;
use std::sync::Mutex;

use chainbook_core::ErrorCode;
use chainbook_export::{ExportError, Exporter, Format};
use chainbook_store::{Store, PAGE_SIZE_MAX};

use crate::dto::data::{ExportDone, ExportFormat, ExportRequest, ExportSource};
use crate::error::{CmdResult, CommandError};
use crate::lists::Listing;

/// Writes the request's list to its file.
pub fn run(store: &Mutex<Store>, req: ExportRequest) -> CmdResult<ExportDone> {
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
    match req.source {
        ExportSource::Customers(q) => pages(store, q, &mut out)?,
        ExportSource::Orders(q) => pages(store, q, &mut out)?,
        ExportSource::Products(q) => pages(store, q, &mut out)?,
        ExportSource::Suppliers(q) => pages(store, q, &mut out)?,
        ExportSource::PurchaseOrders(q) => pages(store, q, &mut out)?,
        ExportSource::Complaints(q) => pages(store, q, &mut out)?,
        ExportSource::LostCustomers(q) => pages(store, q, &mut out)?,
    }
    let rows = out.finish().map_err(file_error)?;
    tracing::info!(path = %path.display(), rows, "exported");
    Ok(ExportDone {
        path: req.path,
        rows,
    })
}

/// Every page of `q`, in order, into `out`.
fn pages<L: Listing>(store: &Mutex<Store>, mut q: L, out: &mut Exporter) -> CmdResult<()> {
    let size = PAGE_SIZE_MAX;
    for page in 0.. {
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
