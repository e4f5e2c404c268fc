//! The IPC commands. Each one decodes its DTO, calls one store function and encodes the
//! result; errors become [`CommandError`]. The `commands!` list is also what the TypeScript
//! bindings are generated from, so the UI's `Commands` type cannot drift from what is served.
//!
//! The file stays one list (about 800 lines, a few per command) on purpose: Tauri's handler must name every
//! command in one `generate_handler!` call, and the bindings read the same declaration, so
//! splitting it by capability would mean writing each signature twice.

use chainbook_core::choice;
use chainbook_core::customer::CustomerDraft;
use chainbook_core::id::parse_id;
use chainbook_core::interaction::InteractionDraft;
use chainbook_core::product::{MovementDraft, ProductDraft};
use chainbook_core::segment::CustomerFilter;
use chainbook_core::supplier::{ContractDraft, EvaluationDraft, SupplierDraft, SupplyDraft};
use chainbook_core::ErrorCode;
use chainbook_store::purchasing::PoQuery;
use chainbook_store::suppliers::SupplierQuery;
use chainbook_store::CustomerQuery;
use chrono::NaiveDate;
use tauri::State;

use crate::dto::analytics::*;
use crate::dto::app::*;
use crate::dto::customers::*;
use crate::dto::interactions::*;
use crate::dto::orders::*;
use crate::dto::products::*;
use crate::dto::purchasing::*;
use crate::dto::service::*;
use crate::dto::suppliers::*;
use crate::dto::sync::*;
use crate::dto::wire::*;
use crate::error::{CmdResult, CommandError};
use crate::AppState;

/// The UI languages Chainbook ships catalogs for.
pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

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
            tauri::generate_handler![$($name,)* print_document]
        }

        /// `(name, [(arg, TS type)], TS result type)` for each command.
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<(&'static str, Vec<(&'static str, String)>, String)> {
            vec![$(
                (
                    stringify!($name),
                    vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(cfg))),*],
                    <$ret as ts_rs::TS>::name(cfg),
                )
            ,)* ("print_document", vec![], "null".to_owned())]
        }
    };
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

commands! {
    /// Where sync stands: signed in, last sync, changes waiting, conflicts.
    fn sync_status(state) -> SyncStatusDto {
        let s = store(&state)?;
        state.sync.status(&s)
    }

    /// Signs in to a sync server; the token goes to the OS keychain only.
    fn sync_sign_in(state, input: SignInInput) -> SyncStatusDto {
        let (shell, st) = (state.sync.clone(), state.store.clone());
        blocking(move || shell.sign_in(&st, input)).await?;
        let s = store(&state)?;
        state.sync.status(&s)
    }

    /// Syncs now, on a blocking thread.
    fn sync_now(state) -> SyncStatusDto {
        let (shell, st) = (state.sync.clone(), state.store.clone());
        blocking(move || shell.sync_now(&st)).await?;
        let s = store(&state)?;
        state.sync.status(&s)
    }

    /// Signs out: the token leaves the keychain, background sync stops.
    fn sync_sign_out(state) -> SyncStatusDto {
        let s = store(&state)?;
        state.sync.sign_out(&s)?;
        state.sync.status(&s)
    }

    /// Open conflicts, newest first.
    fn conflict_list(state, limit: u32) -> Vec<ConflictDto> {
        let s = store(&state)?;
        let here = s.device().id;
        Ok(s.sync().conflicts(limit.min(500))?.into_iter().map(|c| ConflictDto::new(c, here)).collect())
    }

    /// Closes a conflict keeping "kept" (the merged value) or "lost" (written again now).
    fn conflict_resolve(state, id: i64, keep: String) -> SyncStatusDto {
        let keep = match keep.as_str() {
            "kept" => chainbook_store::sync::Keep::Kept,
            "lost" => chainbook_store::sync::Keep::Lost,
            other => return Err(CommandError::new(ErrorCode::InvalidArgument, format!("keep {other:?}"))),
        };
        let mut s = store(&state)?;
        s.sync_mut().resolve(id, keep)?;
        state.sync.wake();
        state.sync.status(&s)
    }

    /// Version, folders, device and language settings.
    fn app_info(state) -> AppInfo {
        let s = store(&state)?;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: state.data_dir.display().to_string(),
            device_code: s.device().code.clone(),
            locale: s.settings().locale()?,
            os_locale: sys_locale::get_locale(),
            home_country: s.settings().home_country()?,
            company: s.settings().company()?.into(),
            now: rfc3339(s.now()),
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
        store(&state)?.settings_mut().set_locale(&locale)?;
        Ok(())
    }

    /// Saves the business's home country (ISO 3166-1 alpha-2).
    fn settings_set_home_country(state, country: String) -> () {
        store(&state)?.settings_mut().set_home_country(&country)?;
        Ok(())
    }

    /// Saves the company header printed on documents.
    fn settings_set_company(state, company: CompanyDto) -> CompanyDto {
        Ok(store(&state)?.settings_mut().set_company(&company.into())?.into())
    }

    /// Validates and creates a customer with its contacts and addresses.
    fn customer_create(state, input: CustomerInput) -> CustomerDto {
        let draft = CustomerDraft::try_from(input)?;
        let c = store(&state)?.customers_mut().create(&draft)?;
        tracing::info!(id = %c.id, "customer created");
        Ok(c.into())
    }

    /// Validates and saves an edited customer.
    fn customer_update(state, id: String, input: CustomerInput) -> CustomerDto {
        let id = parse_id(&id)?;
        let draft = CustomerDraft::try_from(input)?;
        let c = store(&state)?.customers_mut().update(id, &draft)?;
        tracing::info!(%id, "customer updated");
        Ok(c.into())
    }

    /// Deletes a customer (a tombstone that syncs).
    fn customer_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.customers_mut().delete(id)?;
        tracing::info!(%id, "customer deleted");
        Ok(())
    }

    /// One live customer with its contacts and addresses.
    fn customer_get(state, id: String) -> CustomerDetailDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.customers().detail(id)?.into())
    }

    /// One page of customers matching the search and filters.
    fn customer_list(state, query: CustomerListQuery) -> CustomerPage {
        let query = CustomerQuery::try_from(query)?;
        Ok(store(&state)?.customers().list(&query)?.into())
    }

    /// Search as you type: the best matches for `q` (Chinese, pinyin, initials, phones, emails).
    fn customer_search(state, q: String, limit: u32) -> Vec<SearchHitDto> {
        let hits = store(&state)?.search().customers(&q, limit)?;
        Ok(hits.into_iter().map(Into::into).collect())
    }

    /// Existing customers with the same name, phone or email.
    fn customer_duplicates(state, query: DuplicateQuery) -> Vec<DuplicateHitDto> {
        let exclude = match query.exclude.as_deref() {
            Some(id) if !id.is_empty() => Some(parse_id(id)?),
            _ => None,
        };
        let hits = store(&state)?.customers().find_duplicates(&query.name, &query.phones, &query.emails, exclude)?;
        Ok(hits.into_iter().map(Into::into).collect())
    }

    /// Tags, owners, countries and provinces in use, for filter choices.
    fn customer_filter_options(state) -> FilterOptionsDto {
        Ok(store(&state)?.customers().filter_options()?.into())
    }

    /// A customer's timeline, newest first.
    fn customer_timeline(state, id: String, limit: u32) -> Vec<TimelineEntryDto> {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        let entries = s.interactions().timeline(id, limit.min(500))?;
        let now = s.now();
        Ok(entries.into_iter().map(|e| TimelineEntryDto::new(e, now)).collect())
    }

    /// Records a call, visit, email, message or meeting.
    fn interaction_add(state, input: InteractionInput) -> InteractionDto {
        let draft = InteractionDraft::try_from(input)?;
        let i = store(&state)?.interactions_mut().add(&draft)?;
        tracing::info!(id = %i.id, "interaction added");
        Ok(i.into())
    }

    /// Open follow-ups in a range ("overdue", "today", "this_week", "all_open") relative to
    /// `today`, the user's local date ("YYYY-MM-DD").
    fn follow_ups(state, range: String, today: String) -> Vec<FollowUpDto> {
        let range = choice::required("range", &range, ErrorCode::InvalidChoice)?;
        let today = NaiveDate::parse_from_str(&today, "%Y-%m-%d").map_err(|_| {
            CommandError::new(ErrorCode::InvalidDate, "today must be YYYY-MM-DD")
        })?;
        let list = store(&state)?.interactions().follow_ups(range, today)?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// Marks a follow-up done.
    fn follow_up_complete(state, id: String, note: String) -> InteractionDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.interactions_mut().complete_follow_up(id, &note)?.into())
    }

    /// Saved segments with their member counts.
    fn segment_list(state) -> Vec<SegmentDto> {
        let s = store(&state)?;
        let mut out = Vec::new();
        for seg in s.segments().list()? {
            let count = match &seg.filter {
                Ok(f) => Some(s.customers().count(f)?),
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
        let seg = s.segments_mut().create(&name, filter)?;
        let count = seg.filter.as_ref().ok().map(|f| s.customers().count(f)).transpose()?;
        Ok(SegmentDto::new(seg, count))
    }

    /// Renames a segment or replaces its filter.
    fn segment_update(state, id: String, name: String, filter: CustomerFilterDto) -> SegmentDto {
        let id = parse_id(&id)?;
        let filter = CustomerFilter::try_from(filter)?;
        let mut s = store(&state)?;
        let seg = s.segments_mut().update(id, &name, filter)?;
        let count = seg.filter.as_ref().ok().map(|f| s.customers().count(f)).transpose()?;
        Ok(SegmentDto::new(seg, count))
    }

    /// Deletes a segment; its customers stay.
    fn segment_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.segments_mut().delete(id)?;
        Ok(())
    }

    /// Validates and creates a product.
    fn product_create(state, input: ProductInput) -> ProductDto {
        let p = store(&state)?.products_mut().create(&ProductDraft::from(input))?;
        tracing::info!(id = %p.id, "product created");
        Ok(p.into())
    }

    /// Validates and saves an edited product.
    fn product_update(state, id: String, input: ProductInput) -> ProductDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.products_mut().update(id, &ProductDraft::from(input))?.into())
    }

    /// Deletes a product (a tombstone; its movements stay in the ledger).
    fn product_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.products_mut().delete(id)?;
        tracing::info!(%id, "product deleted");
        Ok(())
    }

    /// The product page: the product with on hand, recent movements, the stock series and
    /// who supplies it.
    fn product_get(state, id: String) -> ProductDetailDto {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        Ok(ProductDetailDto {
            product: s.products().get(id)?.into(),
            movements: s.stock().movements(id, 200)?.into_iter().map(Into::into).collect(),
            series: stock_series(s.stock().series(id)?),
            suppliers: s.suppliers().of_product(id)?.into_iter().map(Into::into).collect(),
        })
    }

    /// One page of products with on hand.
    fn product_list(state, query: ProductListQuery) -> ProductPage {
        Ok(PageDto::from(store(&state)?.products().list(&query.into())?))
    }

    /// Categories in use, for the product filter.
    fn product_categories(state) -> Vec<String> {
        Ok(store(&state)?.products().categories()?)
    }

    /// Records a receipt, shipment, return or adjustment in the stock ledger.
    fn stock_move(state, input: MovementInput) -> MovementDto {
        let draft = MovementDraft::try_from(input)?;
        let m = store(&state)?.stock_mut().record(&draft)?;
        tracing::info!(id = %m.id, kind = m.kind.as_str(), "stock movement");
        Ok(m.into())
    }

    /// Stock counts, newest first.
    fn stock_count_list(state) -> Vec<StockCountSummaryDto> {
        Ok(store(&state)?.stock().counts(100)?.into_iter().map(Into::into).collect())
    }

    /// Starts a count of the given products (all active ones when empty).
    fn stock_count_start(state, products: Vec<String>, note: String) -> StockCountDto {
        let ids = products.iter().map(|p| parse_id(p)).collect::<Result<Vec<_>, _>>()?;
        let c = store(&state)?.stock_mut().start_count(&ids, &note)?;
        tracing::info!(id = %c.id, lines = c.lines.len(), "stock count started");
        Ok(c.into())
    }

    /// A count with its lines.
    fn stock_count_get(state, id: String) -> StockCountDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.stock().count(id)?.into())
    }

    /// Enters (or, with an empty string, clears) one counted quantity.
    fn stock_count_set(state, id: String, product: String, counted: String) -> CountLineDto {
        let (id, product) = (parse_id(&id)?, parse_id(&product)?);
        Ok(store(&state)?.stock_mut().set_counted(id, product, &counted)?.into())
    }

    /// Posts the differences as count-correction movements and closes the count.
    fn stock_count_post(state, id: String) -> StockCountDto {
        let id = parse_id(&id)?;
        let c = store(&state)?.stock_mut().post_count(id)?;
        tracing::info!(%id, "stock count posted");
        Ok(c.into())
    }

    /// Cancels an open count; nothing is posted.
    fn stock_count_cancel(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.stock_mut().cancel_count(id)?;
        Ok(())
    }

    /// Validates and creates a supplier with its contacts.
    fn supplier_create(state, input: SupplierInput) -> SupplierDto {
        let draft = SupplierDraft::try_from(input)?;
        let s = store(&state)?.suppliers_mut().create(&draft)?;
        tracing::info!(id = %s.id, "supplier created");
        Ok(s.into())
    }

    /// Validates and saves an edited supplier.
    fn supplier_update(state, id: String, input: SupplierInput) -> SupplierDto {
        let id = parse_id(&id)?;
        let draft = SupplierDraft::try_from(input)?;
        Ok(store(&state)?.suppliers_mut().update(id, &draft)?.into())
    }

    /// Deletes a supplier; its purchase orders and evaluations stay as history.
    fn supplier_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.suppliers_mut().delete(id)?;
        tracing::info!(%id, "supplier deleted");
        Ok(())
    }

    /// The supplier page: the record, what it supplies, contracts, evaluations, latest POs.
    fn supplier_get(state, id: String) -> SupplierDetailDto {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        let orders = s.purchasing().list(&PoQuery {
            page: 0,
            page_size: 20,
            supplier_id: Some(id),
            ..Default::default()
        })?;
        Ok(SupplierDetailDto {
            supplier: s.suppliers().get(id)?.into(),
            supplies: s.suppliers().supplied_by(id)?.into_iter().map(Into::into).collect(),
            contracts: s.suppliers().contracts_of(id)?.into_iter().map(Into::into).collect(),
            evaluations: s.suppliers().evaluations_of(id)?.into_iter().map(Into::into).collect(),
            orders: orders.items.into_iter().map(Into::into).collect(),
        })
    }

    /// One page of suppliers by name.
    fn supplier_list(state, query: SupplierListQuery) -> SupplierPage {
        let query = SupplierQuery::try_from(query)?;
        Ok(PageDto::from(store(&state)?.suppliers().list(&query)?))
    }

    /// Records (or updates) what a supplier supplies, at what price and lead time.
    fn supply_set(state, input: SupplyInput) -> () {
        let draft = SupplyDraft::try_from(input)?;
        store(&state)?.suppliers_mut().set_supply(&draft)?;
        Ok(())
    }

    /// Stops recording that a supplier supplies a product.
    fn supply_remove(state, supplier: String, product: String) -> () {
        let (supplier, product) = (parse_id(&supplier)?, parse_id(&product)?);
        store(&state)?.suppliers_mut().remove_supply(supplier, product)?;
        Ok(())
    }

    /// Adds a supplier contract.
    fn contract_add(state, input: ContractInput) -> ContractDto {
        let draft = ContractDraft::try_from(input)?;
        Ok(store(&state)?.suppliers_mut().add_contract(&draft)?.into())
    }

    /// Saves an edited contract.
    fn contract_update(state, id: String, input: ContractInput) -> ContractDto {
        let id = parse_id(&id)?;
        let draft = ContractDraft::try_from(input)?;
        Ok(store(&state)?.suppliers_mut().update_contract(id, &draft)?.into())
    }

    /// Deletes a contract.
    fn contract_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.suppliers_mut().delete_contract(id)?;
        Ok(())
    }

    /// Contracts ending within `days` of `today` (the user's local date, YYYY-MM-DD).
    fn contracts_expiring(state, today: String, days: u32) -> Vec<ExpiringContractDto> {
        let today = date_arg("today", &today)?;
        let list = store(&state)?.suppliers().contracts_expiring(today, days.min(3650))?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// Records a periodic evaluation of a supplier.
    fn evaluation_add(state, input: EvaluationInput) -> EvaluationDto {
        let draft = EvaluationDraft::try_from(input)?;
        let mut s = store(&state)?;
        let id = s.suppliers_mut().add_evaluation(&draft)?;
        let e = s
            .suppliers().evaluations_of(draft.supplier_id)?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| CommandError::new(ErrorCode::Internal, "evaluation not found after saving"))?;
        Ok(e.into())
    }

    /// Creates a draft purchase order.
    fn po_create(state, input: PoInput) -> PurchaseOrderDto {
        let draft = chainbook_core::purchase::PoDraft::try_from(input)?;
        let po = store(&state)?.purchasing_mut().create(&draft)?;
        tracing::info!(number = %po.number, "purchase order created");
        Ok(po.into())
    }

    /// A purchase order with its lines, receipts and status history.
    fn po_get(state, id: String) -> PurchaseOrderDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.purchasing().get(id)?.into())
    }

    /// One page of purchase orders, newest first.
    fn po_list(state, query: PoListQuery) -> PoPage {
        let query = PoQuery::try_from(query)?;
        Ok(PageDto::from(store(&state)?.purchasing().list(&query)?))
    }

    /// Sends, cancels or closes a purchase order ("send", "cancel", "close").
    fn po_action(state, id: String, action: String) -> PurchaseOrderDto {
        let id = parse_id(&id)?;
        let action = choice::required("action", &action, ErrorCode::InvalidChoice)?;
        let po = store(&state)?.purchasing_mut().action(id, action)?;
        tracing::info!(number = %po.number, status = po.status.as_str(), "purchase order status");
        Ok(po.into())
    }

    /// Receives goods: accepted quantities go into stock, rejected ones are recorded.
    fn po_receive(state, id: String, receipt: ReceiptInput) -> PurchaseOrderDto {
        let id = parse_id(&id)?;
        let lines = receipt_lines(receipt.lines)?;
        let po = store(&state)?.purchasing_mut().receive(id, &receipt.received_on, &lines, receipt.confirm_over_delivery)?;
        tracing::info!(number = %po.number, status = po.status.as_str(), "goods received");
        Ok(po.into())
    }

    /// Saves a new draft sales order.
    fn order_create(state, input: OrderInput, today: String) -> OrderDto {
        let today = date_arg("today", &today)?;
        let draft = chainbook_core::order::OrderDraft::try_from(input)?;
        let o = store(&state)?.orders_mut().create(&draft)?;
        tracing::info!(number = %o.number, "order created");
        Ok(OrderDto::new(o, today))
    }

    /// Saves an edited draft order.
    fn order_update(state, id: String, input: OrderInput, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let draft = chainbook_core::order::OrderDraft::try_from(input)?;
        Ok(OrderDto::new(store(&state)?.orders_mut().update(id, &draft)?, today))
    }

    /// The order page.
    fn order_get(state, id: String, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        Ok(OrderDto::new(store(&state)?.orders().get(id)?, today))
    }

    /// One page of orders, newest first.
    fn order_list(state, query: OrderListQuery) -> OrderPage {
        let query = chainbook_store::orders::OrderQuery::try_from(query)?;
        Ok(PageDto::from(store(&state)?.orders().list(&query)?))
    }

    /// What confirming would mean: lines short on stock and the customer's credit position.
    fn order_confirm_check(state, id: String) -> ConfirmCheckDto {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        Ok(ConfirmCheckDto::new(s.orders().stock_check(id)?, s.orders().credit_check(id)?))
    }

    /// Confirms (reserves) an order; short lines need `backorder`, going over the credit limit
    /// needs `override`.
    fn order_confirm(state, id: String, backorder: bool, overrule: bool, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let o = store(&state)?.orders_mut().confirm(id, backorder, overrule)?;
        tracing::info!(number = %o.number, backorder, overrule, "order confirmed");
        Ok(OrderDto::new(o, today))
    }

    /// "start_picking", "deliver", "close" or "cancel". Delivering adds a follow-up on the
    /// customer, due three days after the user's `today`, to ask for feedback.
    fn order_action(state, id: String, action: String, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let action: chainbook_core::order::OrderAction = choice::required("action", &action, ErrorCode::InvalidChoice)?;
        let o = store(&state)?.orders_mut().action(id, action, Some(today + chrono::Duration::days(3)))?;
        tracing::info!(number = %o.number, status = o.status.as_str(), "order status");
        Ok(OrderDto::new(o, today))
    }

    /// Ships some or all unshipped quantities.
    fn order_ship(state, id: String, shipment: ShipmentInput, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let draft = chainbook_core::order::ShipmentDraft::try_from(shipment)?;
        Ok(OrderDto::new(store(&state)?.orders_mut().ship(id, &draft)?, today))
    }

    /// Records goods returned after delivery.
    fn order_return(state, id: String, goods: ReturnInput, today: String) -> OrderDto {
        let (id, today) = (parse_id(&id)?, date_arg("today", &today)?);
        let draft = chainbook_core::order::ReturnDraft::try_from(goods)?;
        Ok(OrderDto::new(store(&state)?.orders_mut().return_goods(id, &draft)?, today))
    }

    /// Opens a complaint (SLA deadlines from the policy) or records other feedback.
    fn complaint_open(state, input: FeedbackInput) -> ComplaintDto {
        let draft = chainbook_core::complaint::FeedbackDraft::try_from(input)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().open(&draft)?;
        tracing::info!(number = %c.number, "complaint opened");
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// The complaint page with its timeline and SLA.
    fn complaint_get(state, id: String) -> ComplaintDto {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        Ok(ComplaintDto::new(s.complaints().get(id)?, s.now()))
    }

    /// One page of complaints and feedback, newest first.
    fn complaint_list(state, query: ComplaintListQuery) -> ComplaintPage {
        let query = chainbook_store::complaints::ComplaintQuery::try_from(query)?;
        let s = store(&state)?;
        Ok(complaint_page(s.complaints().list(&query)?, s.now()))
    }

    /// "acknowledge", "investigate", "resolve", "close" or "reopen", with an optional note.
    fn complaint_action(state, id: String, action: String, note: String) -> ComplaintDto {
        let id = parse_id(&id)?;
        let action: chainbook_core::complaint::ComplaintAction = choice::required("action", &action, ErrorCode::InvalidChoice)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().action(id, action, &note)?;
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// Adds a "comment", an "assignment" (body = the new assignee) or a customer "contact".
    fn complaint_note(state, id: String, kind: String, body: String) -> ComplaintDto {
        let id = parse_id(&id)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().note(id, &kind, &body)?;
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// Saves the root cause and the resolution with any compensation.
    fn complaint_resolution(state, id: String, input: ResolutionInput) -> ComplaintDto {
        let id = parse_id(&id)?;
        let draft = chainbook_core::complaint::ResolutionDraft::try_from(input)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().set_resolution(id, &draft)?;
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// The customer's satisfaction with the resolution (1–5).
    fn complaint_satisfaction(state, id: String, rating: i64) -> ComplaintDto {
        let id = parse_id(&id)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().set_satisfaction(id, rating)?;
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// Records a survey response (NPS and/or CSAT).
    fn survey_add(state, input: SurveyInput) -> SurveyDto {
        let draft = chainbook_core::survey::SurveyDraft::try_from(input)?;
        Ok(store(&state)?.surveys_mut().add(&draft)?.into())
    }

    /// Records several survey responses at once (the entry grid): all or nothing is checked
    /// first, then each is saved; the first bad row's error names it (`rows.<i>.<field>`).
    fn survey_add_many(state, inputs: Vec<SurveyInput>) -> Vec<SurveyDto> {
        let mut drafts = Vec::new();
        for (i, input) in inputs.into_iter().enumerate() {
            drafts.push(
                chainbook_core::survey::SurveyDraft::try_from(input)
                    .map_err(|e| e.within("rows", i))?,
            );
        }
        let saved = store(&state)?.surveys_mut().add_many(&drafts)?;
        Ok(saved.into_iter().map(Into::into).collect())
    }

    /// NPS and CSAT over the `days` up to `today` (YYYY-MM-DD), for one customer or everyone.
    fn satisfaction(state, customer: Option<String>, today: String, days: u32) -> SatisfactionDto {
        let today = date_arg("today", &today)?;
        let customer = match customer.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(parse_id(c)?),
        };
        let from = today - chrono::Duration::days(i64::from(days.clamp(1, 3660)) - 1);
        Ok(store(&state)?.surveys().satisfaction(customer, from, today)?.into())
    }

    /// Every figure of the dashboard for a period, a currency and optionally a segment.
    fn analytics_dashboard(state, analysis: AnalysisInput) -> DashboardDto {
        let q = chainbook_store::analytics::DashboardQuery::try_from(&analysis)?;
        Ok(store(&state)?.analytics().dashboard(&q)?.into())
    }

    /// The dashboard's stock and supplier figures of a period and the one before.
    fn analytics_supply(state, period: PeriodInput) -> SupplyDto {
        let period = chainbook_store::analytics::Period::try_from(&period)?;
        let (current, previous) = store(&state)?.analytics().supply(&period)?;
        Ok(SupplyDto {
            current: current.into(),
            previous: previous.map(Into::into),
        })
    }

    /// The currencies customers buy in, the most customers' first.
    fn analytics_currencies(state) -> Vec<String> {
        Ok(store(&state)?.analytics().currencies()?)
    }

    /// At-risk and lost customers, most valuable first.
    fn analytics_slipping(state, query: SlippingQuery) -> PageDto<SlippingDto> {
        let q = chainbook_store::analytics::DashboardQuery::try_from(&query.analysis)?;
        let stage = query.stage()?;
        Ok(slipping_page(store(&state)?.analytics().slipping(
            &q,
            stage,
            query.page,
            query.page_size,
        )?))
    }

    /// One customer's tier, RFM, computed lifecycle and loyalty index; `null` for a customer
    /// without orders up to the as-of date.
    fn analytics_customer(state, id: String, period: PeriodInput) -> Option<CustomerInsightDto> {
        let id = parse_id(&id)?;
        let period = chainbook_store::analytics::Period::try_from(&period)?;
        let s = store(&state)?;
        let weight = s.settings().loyalty_weight()?;
        Ok(s
            .analytics()
            .customer_insight(&period, id, weight)?
            .map(|i| CustomerInsightDto::new(i, weight)))
    }

    /// The loyalty index's subjective weight (0–1).
    fn loyalty_weight_get(state) -> f64 {
        Ok(store(&state)?.settings().loyalty_weight()?)
    }

    /// Saves the loyalty index's subjective weight (0–1).
    fn loyalty_weight_set(state, weight: f64) -> f64 {
        Ok(store(&state)?.settings_mut().set_loyalty_weight(weight)?)
    }

    /// The SLA hours per severity.
    fn sla_policy_get(state) -> SlaPolicyDto {
        Ok(store(&state)?.settings().sla_policy()?.into())
    }

    /// Saves the SLA hours per severity (complaints opened from now on use them).
    fn sla_policy_set(state, policy: SlaPolicyDto) -> SlaPolicyDto {
        let p = chainbook_core::complaint::SlaPolicy::from(policy);
        let mut s = store(&state)?;
        s.settings_mut().set_sla_policy(&p)?;
        Ok(s.settings().sla_policy()?.into())
    }
}
