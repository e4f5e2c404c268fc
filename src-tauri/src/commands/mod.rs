//! The IPC commands, one module per capability. Each command decodes its DTO, calls one store
//! function and encodes the result; errors become [`CommandError`]. A capability declares its
//! commands once in a `commands!` block, which yields the Tauri commands and their signatures
//! for the TypeScript bindings, so the UI's `Commands` type cannot drift from what is served.
//! [`handler`] names every command for Tauri's one `generate_handler!` call; a command-layer
//! test invokes every signature's name through it, so a command missing there fails.
//!
//! - [`app`]
//! - [`notify`]: desktop notifications (choices, what is new, showing one)
//! - [`sync`]
//! - [`team`]
//! - [`customers`]
//! - [`products`]
//! - [`suppliers`]
//! - [`purchasing`]
//! - [`planning`]: replenishment, its settings and demand forecasts
//! - [`orders`]
//! - [`service`]
//! - [`analytics`]
//! - [`import`]
//! - [`data`]: exports, backups, restore, encryption at rest

/// What every capability's command module uses.
mod prelude {
    pub(super) use super::{blocking, date_arg, store, LOCALES};
    pub(super) use crate::dto::analytics::*;
    pub(super) use crate::dto::app::*;
    pub(super) use crate::dto::customers::*;
    pub(super) use crate::dto::import::*;
    pub(super) use crate::dto::interactions::*;
    pub(super) use crate::dto::notify::*;
    pub(super) use crate::dto::orders::*;
    pub(super) use crate::dto::palette::*;
    pub(super) use crate::dto::products::*;
    pub(super) use crate::dto::purchasing::*;
    pub(super) use crate::dto::scorecard::*;
    pub(super) use crate::dto::service::*;
    pub(super) use crate::dto::suppliers::*;
    pub(super) use crate::dto::sync::*;
    pub(super) use crate::dto::wire::*;
    pub(super) use crate::error::{CmdResult, CommandError};
    pub(super) use crate::lists::Listing;
    pub(super) use crate::AppState;
    pub(super) use chainbook_core::choice;
    pub(super) use chainbook_core::customer::CustomerDraft;
    pub(super) use chainbook_core::id::parse_id;
    pub(super) use chainbook_core::interaction::InteractionDraft;
    pub(super) use chainbook_core::product::{MovementDraft, ProductDraft};
    pub(super) use chainbook_core::segment::CustomerFilter;
    pub(super) use chainbook_core::supplier::{
        ContractDraft, EvaluationDraft, SupplierDraft, SupplyDraft,
    };
    pub(super) use chainbook_core::ErrorCode;
    pub(super) use chainbook_store::purchasing::PoQuery;
    pub(super) use chrono::NaiveDate;
    pub(super) use tauri::State;
}

use chainbook_core::ErrorCode;
use chrono::NaiveDate;

use crate::error::{CmdResult, CommandError};
use crate::AppState;

/// The UI languages Chainbook ships catalogs for.
pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

/// One command's `(name, [(arg, TS type)], TS result type)`.
pub type Signature = (&'static str, Vec<(&'static str, String)>, String);

/// Defines a capability's commands and `signatures`, their signatures for the bindings.
macro_rules! commands {
    ($( $(#[doc = $doc:literal])* fn $name:ident ( $state:ident $(, $arg:ident : $ty:ty)* ) -> $ret:ty $body:block )*) => {
        $(
            $(#[doc = $doc])*
            ///
            /// Its arguments arrive as JSON values and are decoded here, so an argument of the
            /// wrong shape is an `invalid_argument` error, not Tauri's untyped message.
            #[tauri::command]
            pub async fn $name(
                $state: State<'_, AppState> $(, $arg: Option<serde_json::Value>)*
            ) -> CmdResult<$ret> {
                let started = std::time::Instant::now();
                let result: CmdResult<$ret> = async {
                    $(let $arg: $ty = super::decode_arg(stringify!($arg), $arg)?;)*
                    $body
                }
                .await;
                super::timed(stringify!($name), started);
                result
            }
        )*

        /// `(name, [(arg, TS type)], TS result type)` for each command of this module.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<super::Signature> {
            vec![$(
                (
                    stringify!($name),
                    vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(cfg))),*],
                    <$ret as ts_rs::TS>::name(cfg),
                )
            ,)*]
        }
    };
}
// Declared after the macro: `macro_rules!` is in scope only below its definition.
mod analytics;
mod app;
mod customers;
mod data;
mod import;
mod notify;
mod orders;
mod planning;
mod products;
mod purchasing;
mod service;
mod suppliers;
mod sync;
mod team;

/// The Tauri invoke handler for every command.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        app::app_info,
        app::app_ready,
        app::settings_set_locale,
        app::settings_set_theme,
        app::settings_set_home_country,
        app::settings_set_base_currency,
        app::first_run_finish,
        app::settings_set_company,
        app::loyalty_weight_get,
        app::loyalty_weight_set,
        sync::sync_status,
        sync::sync_sign_in,
        sync::sync_now,
        sync::sync_sign_out,
        sync::conflict_list,
        sync::conflict_resolve,
        team::team_users,
        team::team_add_user,
        team::team_remove_user,
        team::team_reset_password,
        team::team_set_role,
        team::team_devices,
        team::team_revoke_device,
        app::attention,
        notify::notify_settings,
        notify::notify_set_settings,
        notify::notify_due,
        notify::notify_show,
        customers::customer_create,
        customers::customer_update,
        customers::customer_delete,
        customers::customer_get,
        customers::customer_list,
        customers::customer_search,
        customers::palette_search,
        customers::customer_duplicates,
        customers::customer_filter_options,
        customers::customer_timeline,
        customers::interaction_add,
        customers::follow_ups,
        customers::follow_up_complete,
        customers::segment_list,
        customers::segment_create,
        customers::segment_update,
        customers::segment_delete,
        products::product_create,
        products::product_update,
        products::product_delete,
        products::product_get,
        products::product_list,
        products::product_categories,
        products::stock_move,
        products::stock_count_list,
        products::stock_count_start,
        products::stock_count_get,
        products::stock_count_set,
        products::stock_count_post,
        products::stock_count_cancel,
        suppliers::supplier_create,
        suppliers::supplier_update,
        suppliers::supplier_delete,
        suppliers::supplier_get,
        suppliers::supplier_list,
        suppliers::supply_set,
        suppliers::supply_remove,
        suppliers::contract_add,
        suppliers::contract_update,
        suppliers::contract_delete,
        suppliers::contracts_expiring,
        suppliers::evaluation_add,
        planning::replenishment_list,
        planning::replenishment_create,
        planning::planning_settings_get,
        planning::planning_settings_set,
        planning::forecast_status,
        planning::forecast_run,
        planning::forecast_cancel,
        planning::forecast_get,
        planning::forecast_category,
        suppliers::scorecard_list,
        suppliers::scorecard_get,
        suppliers::scorecard_weights_get,
        suppliers::scorecard_weights_set,
        suppliers::supplier_set_status,
        purchasing::po_create,
        purchasing::po_get,
        purchasing::po_list,
        purchasing::po_set_quantity,
        purchasing::po_action,
        purchasing::po_receive,
        orders::tax_rates,
        orders::tax_rates_set,
        orders::order_create,
        orders::order_update,
        orders::order_get,
        orders::order_list,
        orders::order_confirm_check,
        orders::order_confirm,
        orders::order_action,
        orders::order_ship,
        orders::order_return,
        service::complaint_open,
        service::complaint_get,
        service::complaint_list,
        service::complaint_action,
        service::complaint_note,
        service::complaint_resolution,
        service::complaint_satisfaction,
        service::survey_add,
        service::survey_add_many,
        service::survey_list,
        service::satisfaction,
        service::sla_policy_get,
        service::sla_policy_set,
        analytics::analytics_dashboard,
        analytics::analytics_supply,
        analytics::analytics_currencies,
        analytics::analytics_slipping,
        analytics::analytics_customer,
        import::import_preview,
        import::import_check,
        import::import_cancel,
        import::import_report,
        import::import_commit,
        data::export_list,
        data::export_cancel,
        data::backup_now,
        data::backup_cancel,
        data::backup_overview,
        data::backup_settings_set,
        data::restore_preview,
        data::restore_backup,
        data::encryption_status,
        data::encryption_set,
        data::encryption_cancel,
        print_document,
        file_pick
    ]
}

/// Every command's signature, for the bindings.
pub fn signatures(cfg: &ts_rs::Config) -> Vec<Signature> {
    let mut out = Vec::new();
    out.extend(app::signatures(cfg));
    out.extend(notify::signatures(cfg));
    out.push(notify::notify_show_signature(cfg));
    out.extend(sync::signatures(cfg));
    out.extend(team::signatures(cfg));
    out.extend(customers::signatures(cfg));
    out.extend(products::signatures(cfg));
    out.extend(suppliers::signatures(cfg));
    out.extend(purchasing::signatures(cfg));
    out.extend(planning::signatures(cfg));
    out.extend(orders::signatures(cfg));
    out.extend(service::signatures(cfg));
    out.extend(analytics::signatures(cfg));
    out.extend(import::signatures(cfg));
    out.push(import::commit_signature(cfg));
    out.extend(data::signatures(cfg));
    out.push(data::encryption_set_signature(cfg));
    out.push(data::export_list_signature(cfg));
    out.push(data::backup_now_signature(cfg));
    out.push(app::first_run_finish_signature(cfg));
    out.push(("print_document", vec![], "null".to_owned()));
    out.push((
        "file_pick",
        vec![(
            "request",
            <crate::dto::data::PickRequest as ts_rs::TS>::name(cfg),
        )],
        "string | null".to_owned(),
    ));
    out
}

/// Decodes a command's argument from its JSON value (`None` when the call left it out, which
/// an `Option` argument takes as `null`). Tauri would decode it too, but its failure is a bare
/// string the UI cannot translate; this one is a typed `invalid_argument` naming the argument.
/// Logs a command's own time (decoding, the store's work, not the WebView's transport or the
/// result's encoding) at debug level under `chainbook_app::ipc`, for `cargo xtask bench --app`,
/// which puts it beside the time the user sees in the window. Off unless `RUST_LOG` asks for it.
fn timed(command: &'static str, started: std::time::Instant) {
    tracing::debug!(
        target: "chainbook_app::ipc",
        command,
        us = started.elapsed().as_micros() as u64,
        "command done"
    );
}

fn decode_arg<T: serde::de::DeserializeOwned>(
    name: &'static str,
    value: Option<serde_json::Value>,
) -> CmdResult<T> {
    serde_json::from_value(value.unwrap_or(serde_json::Value::Null)).map_err(|e| {
        CommandError::new(
            ErrorCode::InvalidArgument,
            format!("argument `{name}`: {e}"),
        )
        .with_field(name)
    })
}

/// Parses a `YYYY-MM-DD` argument.
fn date_arg(field: &'static str, s: &str) -> CmdResult<NaiveDate> {
    Ok(chainbook_core::date::parse_date(field, s)?)
}

/// Opens the system print dialog for the calling window; "Save as PDF" is one of its printers
/// on every platform. Outside the `commands!` list because it needs the webview, not the store.
/// Tauri's own `print` is used because `window.print()` does nothing in macOS's WKWebView.
#[tauri::command]
pub async fn print_document<R: tauri::Runtime>(webview: tauri::Webview<R>) -> CmdResult<()> {
    webview.print().map_err(|e| {
        tracing::error!(error = %e, "print failed");
        CommandError::new(ErrorCode::Internal, format!("print failed: {e}"))
    })
}

/// A native file chooser (save a file, open a file, pick a folder); `null` when cancelled.
/// Outside the `commands!` list because it needs the app, not the store. In debug builds
/// `CHAINBOOK_TEST_PICK_DIR` answers instead of a dialog, for the end-to-end suite (WebDriver
/// cannot reach native dialogs): saving goes to that folder under the suggested name, opening
/// takes its newest file with an offered extension, a folder is the folder itself.
#[tauri::command]
pub async fn file_pick<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    request: Option<serde_json::Value>,
) -> CmdResult<Option<String>> {
    let request: crate::dto::data::PickRequest = decode_arg("request", request)?;
    if let Some(dir) = test_pick_dir() {
        return Ok(test_pick(&dir, &request));
    }
    blocking(move || {
        use tauri_plugin_dialog::DialogExt;
        let mut d = app.dialog().file();
        if !request.extensions.is_empty() {
            let exts: Vec<&str> = request.extensions.iter().map(String::as_str).collect();
            d = d.add_filter(request.extensions.join(", "), &exts);
        }
        let picked = match request.purpose.as_str() {
            "save" => d.set_file_name(&request.name).blocking_save_file(),
            "open" => d.blocking_pick_file(),
            "folder" => d.blocking_pick_folder(),
            _ => {
                return Err(
                    CommandError::new(ErrorCode::InvalidChoice, "unknown purpose")
                        .with_field("purpose"),
                )
            }
        };
        Ok(picked
            .and_then(|p| p.into_path().ok())
            .map(|p| p.display().to_string()))
    })
    .await
}

fn test_pick_dir() -> Option<std::path::PathBuf> {
    if !cfg!(debug_assertions) {
        return None;
    }
    std::env::var_os("CHAINBOOK_TEST_PICK_DIR").map(Into::into)
}

fn test_pick(dir: &std::path::Path, r: &crate::dto::data::PickRequest) -> Option<String> {
    let path = match r.purpose.as_str() {
        "save" => dir.join(&r.name),
        "folder" => dir.to_owned(),
        _ => std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .filter(|e| {
                let p = e.path();
                r.extensions.is_empty()
                    || p.extension()
                        .is_some_and(|x| r.extensions.iter().any(|e| x == e.as_str()))
            })
            .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())?
            .path(),
    };
    Some(path.display().to_string())
}

fn store(state: &AppState) -> CmdResult<std::sync::MutexGuard<'_, chainbook_store::Store>> {
    // A panic while holding the lock cannot leave a half-written row (writes are transactions),
    // so a poisoned lock is safe to keep using.
    Ok(state.store.lock().unwrap_or_else(|p| p.into_inner()))
}

/// Runs blocking work (a sign-in, a sync) on a blocking thread, off the UI's.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("task failed: {e}")))?
}
