//! The IPC commands. Each one decodes its DTO, calls one store function and encodes the
//! result; errors become [`CommandError`]. The `commands!` list is also what the TypeScript
//! bindings are generated from, so the UI's `Commands` type cannot drift from what is served.

use chainbook_core::id::parse_id;
use chainbook_core::ErrorCode;
use tauri::State;

use crate::dto::{AppInfo, CustomerDto, CustomerInput, CustomerListQuery, CustomerPage};
use crate::error::{CmdResult, CommandError};
use crate::AppState;

/// The UI languages Chainbook ships catalogs for.
pub const LOCALES: [&str; 2] = ["zh-CN", "en"];
const LOCALE_KEY: &str = "locale";

/// Defines the commands, the Tauri handler for them and their signatures for the bindings.
macro_rules! commands {
    ($( $(#[doc = $doc:literal])* fn $name:ident ( $state:ident $(, $arg:ident : $ty:ty)* ) -> $ret:ty $body:block )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name($state: State<'_, AppState> $(, $arg: $ty)*) -> CmdResult<$ret> $body
        )*

        /// The Tauri invoke handler for every command.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// `(name, [(arg, TS type)], TS result type)` for each command.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<(&'static str, Vec<(&'static str, String)>, String)> {
            vec![$(
                (
                    stringify!($name),
                    vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(cfg))),*],
                    <$ret as ts_rs::TS>::name(cfg),
                )
            ),*]
        }
    };
}

fn store(state: &AppState) -> CmdResult<std::sync::MutexGuard<'_, chainbook_store::Store>> {
    // A panic while holding the lock cannot leave a half-written row (writes are transactions),
    // so a poisoned lock is safe to keep using.
    Ok(state.store.lock().unwrap_or_else(|p| p.into_inner()))
}

commands! {
    /// Version, folders, device and language settings.
    fn app_info(state) -> AppInfo {
        let s = store(&state)?;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: state.data_dir.display().to_string(),
            device_code: s.device().code.clone(),
            locale: s.local_setting(LOCALE_KEY)?,
            os_locale: sys_locale::get_locale(),
        })
    }

    /// Saves the UI language ("zh-CN" or "en").
    fn settings_set_locale(state, locale: String) -> () {
        if !LOCALES.contains(&locale.as_str()) {
            return Err(CommandError::new(ErrorCode::InvalidArgument, format!("unknown locale {locale:?}")));
        }
        store(&state)?.set_local_setting(LOCALE_KEY, &locale)?;
        Ok(())
    }

    /// Validates and creates a customer.
    fn customer_create(state, input: CustomerInput) -> CustomerDto {
        let c = store(&state)?.create_customer(&input.into())?;
        tracing::info!(id = %c.id, "customer created");
        Ok(c.into())
    }

    /// Validates and saves an edited customer.
    fn customer_update(state, id: String, input: CustomerInput) -> CustomerDto {
        let id = parse_id(&id)?;
        let c = store(&state)?.update_customer(id, &input.into())?;
        tracing::info!(%id, "customer updated");
        Ok(c.into())
    }

    /// Deletes a customer (a tombstone that syncs).
    fn customer_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.delete_customer(id)?;
        tracing::info!(%id, "customer deleted");
        Ok(())
    }

    /// One live customer.
    fn customer_get(state, id: String) -> CustomerDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.get_customer(id)?.into())
    }

    /// One page of customers.
    fn customer_list(state, query: CustomerListQuery) -> CustomerPage {
        Ok(store(&state)?.list_customers(&query.into())?.into())
    }
}
