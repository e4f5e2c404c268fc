//! The IPC commands. Each one decodes its DTO, calls one store function and encodes the
//! result; errors become [`CommandError`]. The `commands!` list is also what the TypeScript
//! bindings are generated from, so the UI's `Commands` type cannot drift from what is served.

use chainbook_core::id::parse_id;
use chainbook_core::ErrorCode;
use tauri::State;

use chainbook_core::customer::CustomerDraft;
use chainbook_core::interaction::InteractionDraft;
use chainbook_core::segment::CustomerFilter;
use chainbook_store::CustomerQuery;
use chrono::NaiveDate;

use crate::dto::{
    parse_range, AppInfo, CustomerDetailDto, CustomerDto, CustomerFilterDto, CustomerInput,
    CustomerListQuery, CustomerPage, DuplicateHitDto, DuplicateQuery, FilterOptionsDto,
    FollowUpDto, InteractionDto, InteractionInput, SearchHitDto, SegmentDto, TimelineEntryDto,
};
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
            home_country: s.home_country()?,
        })
    }

    /// Called once by the UI after its first complete render: logs `ui ready` with the time
    /// since start-up (`cargo xtask bench --app` reads it from the log file).
    fn app_ready(_state) -> () {
        let startup_ms = crate::started().elapsed().as_millis() as u64;
        tracing::info!(startup_ms, "ui ready");
        Ok(())
    }

    /// Saves the UI language ("zh-CN" or "en").
    fn settings_set_locale(state, locale: String) -> () {
        if !LOCALES.contains(&locale.as_str()) {
            return Err(CommandError::new(ErrorCode::InvalidArgument, format!("unknown locale {locale:?}")));
        }
        store(&state)?.set_local_setting(LOCALE_KEY, &locale)?;
        Ok(())
    }

    /// Saves the business's home country (ISO 3166-1 alpha-2).
    fn settings_set_home_country(state, country: String) -> () {
        store(&state)?.set_home_country(&country)?;
        Ok(())
    }

    /// Validates and creates a customer with its contacts and addresses.
    fn customer_create(state, input: CustomerInput) -> CustomerDto {
        let draft = CustomerDraft::try_from(input)?;
        let c = store(&state)?.create_customer(&draft)?;
        tracing::info!(id = %c.id, "customer created");
        Ok(c.into())
    }

    /// Validates and saves an edited customer.
    fn customer_update(state, id: String, input: CustomerInput) -> CustomerDto {
        let id = parse_id(&id)?;
        let draft = CustomerDraft::try_from(input)?;
        let c = store(&state)?.update_customer(id, &draft)?;
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

    /// One live customer with its contacts and addresses.
    fn customer_get(state, id: String) -> CustomerDetailDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.get_customer_detail(id)?.into())
    }

    /// One page of customers matching the search and filters.
    fn customer_list(state, query: CustomerListQuery) -> CustomerPage {
        let query = CustomerQuery::try_from(query)?;
        Ok(store(&state)?.list_customers(&query)?.into())
    }

    /// Search as you type: the best matches for `q` (Chinese, pinyin, initials, phones, emails).
    fn customer_search(state, q: String, limit: u32) -> Vec<SearchHitDto> {
        let hits = store(&state)?.search_customers(&q, limit)?;
        Ok(hits.into_iter().map(Into::into).collect())
    }

    /// Existing customers with the same name, phone or email.
    fn customer_duplicates(state, query: DuplicateQuery) -> Vec<DuplicateHitDto> {
        let exclude = match query.exclude.as_deref() {
            Some(id) if !id.is_empty() => Some(parse_id(id)?),
            _ => None,
        };
        let hits = store(&state)?.find_duplicates(&query.name, &query.phones, &query.emails, exclude)?;
        Ok(hits.into_iter().map(Into::into).collect())
    }

    /// Tags, owners, countries and provinces in use, for filter choices.
    fn customer_filter_options(state) -> FilterOptionsDto {
        Ok(store(&state)?.filter_options()?.into())
    }

    /// A customer's timeline, newest first.
    fn customer_timeline(state, id: String, limit: u32) -> Vec<TimelineEntryDto> {
        let id = parse_id(&id)?;
        let entries = store(&state)?.customer_timeline(id, limit.min(500))?;
        Ok(entries.into_iter().map(Into::into).collect())
    }

    /// Records a call, visit, email, message or meeting.
    fn interaction_add(state, input: InteractionInput) -> InteractionDto {
        let draft = InteractionDraft::try_from(input)?;
        let i = store(&state)?.add_interaction(&draft)?;
        tracing::info!(id = %i.id, "interaction added");
        Ok(i.into())
    }

    /// Open follow-ups in a range ("overdue", "today", "this_week", "all_open") relative to
    /// `today`, the user's local date ("YYYY-MM-DD").
    fn follow_ups(state, range: String, today: String) -> Vec<FollowUpDto> {
        let range = parse_range(&range)?;
        let today = NaiveDate::parse_from_str(&today, "%Y-%m-%d").map_err(|_| {
            CommandError::new(ErrorCode::InvalidDate, "today must be YYYY-MM-DD")
        })?;
        let list = store(&state)?.follow_ups(range, today)?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// Marks a follow-up done.
    fn follow_up_complete(state, id: String, note: String) -> InteractionDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.complete_follow_up(id, &note)?.into())
    }

    /// Saved segments with their member counts.
    fn segment_list(state) -> Vec<SegmentDto> {
        let s = store(&state)?;
        let mut out = Vec::new();
        for seg in s.list_segments()? {
            let count = match &seg.filter {
                Ok(f) => Some(s.count_customers(f)?),
                Err(_) => None,
            };
            out.push(SegmentDto::new(seg, count));
        }
        Ok(out)
    }

    /// Saves a new segment.
    fn segment_create(state, name: String, filter: CustomerFilterDto) -> SegmentDto {
        let filter = CustomerFilter::try_from(filter)?;
        let mut s = store(&state)?;
        let seg = s.create_segment(&name, filter)?;
        let count = seg.filter.as_ref().ok().map(|f| s.count_customers(f)).transpose()?;
        Ok(SegmentDto::new(seg, count))
    }

    /// Renames a segment or replaces its filter.
    fn segment_update(state, id: String, name: String, filter: CustomerFilterDto) -> SegmentDto {
        let id = parse_id(&id)?;
        let filter = CustomerFilter::try_from(filter)?;
        let mut s = store(&state)?;
        let seg = s.update_segment(id, &name, filter)?;
        let count = seg.filter.as_ref().ok().map(|f| s.count_customers(f)).transpose()?;
        Ok(SegmentDto::new(seg, count))
    }

    /// Deletes a segment; its customers stay.
    fn segment_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.delete_segment(id)?;
        Ok(())
    }
}
