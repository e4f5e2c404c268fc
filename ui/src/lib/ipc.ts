// The only module that talks to the Tauri backend. Everything else calls the typed wrappers below.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { todayString } from './followups';
import type {
  AppInfo,
  ImportProgress,
  EncryptionProgress,
  ExportProgress,
  BackupProgress,
  SampleProgress,
  SyncProgress,
  SyncStatus,
  CommandError,
  Commands,
  Customer,
  CustomerDetail,
  CustomerFilterDto,
  CustomerInput,
  CustomerListQuery,
  DuplicateHit,
  DuplicateQuery,
  ErrorCode,
  FilterOptions,
  FollowUp,
  Interaction,
  InteractionInput,
  SearchHit,
  PaletteResults,
  AttentionGroup,
  Notice,
  Notification,
  NotifySettings,
  TaxRates,
  Segment,
  TimelineEntry,
} from './bindings';

/** Every ErrorCode, checked against bindings.ts at compile time (a missing or unknown key fails `npm run check`). */
const ERROR_CODE_SET: Record<ErrorCode, true> = {
  required: true,
  too_long: true,
  invalid_chars: true,
  invalid_email: true,
  invalid_phone: true,
  invalid_country: true,
  invalid_currency: true,
  invalid_decimal: true,
  negative: true,
  too_many_decimals: true,
  out_of_range: true,
  too_many_tags: true,
  invalid_choice: true,
  invalid_date: true,
  date_order: true,
  unreachable_contact: true,
  invalid_segment: true,
  invalid_transition: true,
  over_delivery: true,
  over_return: true,
  stock_short: true,
  credit_limit: true,
  not_found: true,
  conflict: true,
  invalid_argument: true,
  storage: true,
  internal: true,
  offline: true,
  unauthorized: true,
  no_keychain: true,
  upgrade_required: true,
  clock_ahead: true,
  sign_in_expired: true,
  device_revoked: true,
  forbidden: true,
  owner_only: true,
  own_account: true,
  last_owner: true,
  name_taken: true,
  password_too_short: true,
  unreadable_file: true,
  empty_file: true,
  duplicate_header: true,
  missing_column: true,
  duplicate_record: true,
  cancelled: true,
  not_a_backup: true,
  newer_backup: true,
  migration_failed: true,
  file_error: true,
  no_preferred_supplier: true,
  weights_sum: true,
  insecure_url: true,
  disk_full: true,
  read_only: true,
  disk_error: true,
  encryption_key_missing: true,
  encryption_key_wrong: true,
  keychain_not_persistent: true,
  not_empty: true,
};

export const ERROR_CODES: readonly ErrorCode[] = Object.keys(ERROR_CODE_SET) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODE_SET, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Normalises anything a rejected invoke (or our own code) can throw into a CommandError.
 * A value of the backend's shape keeps its code/message/field; anything else becomes code "internal".
 */
export function toCommandError(err: unknown): CommandError {
  if (isRecord(err) && isErrorCode(err['code'])) {
    const message = typeof err['message'] === 'string' ? err['message'] : '';
    const field = typeof err['field'] === 'string' && err['field'] !== '' ? err['field'] : null;
    return { code: err['code'], message, field };
  }
  let message: string;
  if (typeof err === 'string') message = err;
  else if (err instanceof Error) message = err.message;
  else if (isRecord(err) && typeof err['message'] === 'string') message = err['message'];
  else {
    try {
      message = JSON.stringify(err) ?? String(err);
    } catch {
      message = String(err);
    }
  }
  return { code: 'internal', message, field: null };
}

/** Typed invoke. Rejects with a CommandError (a plain object), never with anything else.
 * Each call leaves a User Timing measure `ipc:<command>` (call to answer as the page sees it),
 * which `cargo xtask bench --app` reads to tell the transport from the rendering. */
export async function call<K extends keyof Commands>(
  cmd: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  const started = performance.now();
  try {
    return await invoke<Commands[K]['result']>(cmd, args as Record<string, unknown>);
  } catch (err) {
    throw toCommandError(err);
  } finally {
    try {
      performance.measure(`ipc:${cmd}`, { start: started });
    } catch {
      // A measure is for the benchmark only; an engine without the options form skips it.
    }
  }
}

export const appInfo = (): Promise<AppInfo> => call('app_info', {});
/** Tells the backend the first screen is rendered (it logs the start-up time). */
export const appReady = (): Promise<null> => call('app_ready', {});
export const setLocale = (locale: string): Promise<null> => call('settings_set_locale', { locale });
export const setTheme = (theme: string): Promise<string> => call('settings_set_theme', { theme });
export const customerCreate = (input: CustomerInput): Promise<Customer> => call('customer_create', { input });
export const customerUpdate = (id: string, input: CustomerInput): Promise<Customer> =>
  call('customer_update', { id, input });
export const customerDelete = (id: string): Promise<null> => call('customer_delete', { id });
export const customerGet = (id: string): Promise<CustomerDetail> => call('customer_get', { id });
export const customerList = (query: CustomerListQuery): Result<'customer_list'> => call('customer_list', { query });
export const customerSearch = (q: string, limit: number): Promise<SearchHit[]> => call('customer_search', { q, limit });
/** What needs attention on `today` (YYYY-MM-DD): per group its count and first `lines` (1–20). */
export const attention = (today: string, lines: number): Promise<AttentionGroup[]> => call('attention', { today, lines });
/** The tax rates order lines offer and the one a new line starts with. */
export const taxRates = (): Promise<TaxRates> => call('tax_rates', {});
export const taxRatesSet = (rates: TaxRates): Promise<TaxRates> => call('tax_rates_set', { rates });
/** Desktop notifications: on or off, and which kinds. */
export const notifySettings = (): Promise<NotifySettings> => call('notify_settings', {});
export const setNotifySettings = (settings: NotifySettings): Promise<NotifySettings> => call('notify_set_settings', { settings });
/** What is new to tell on `today` since the last check (empty while notifications are off). */
export const notifyDue = (today: string): Promise<Notice[]> => call('notify_due', { today });
/** Shows one notification through the OS. */
export const notifyShow = (notification: Notification): Promise<null> => call('notify_show', { notification });
/** The command palette: at most `limit` (1–20) records of each kind matching `q`. */
export const paletteSearch = (q: string, limit: number): Promise<PaletteResults> => call('palette_search', { q, limit });
export const customerDuplicates = (query: DuplicateQuery): Promise<DuplicateHit[]> =>
  call('customer_duplicates', { query });
export const customerFilterOptions = (): Promise<FilterOptions> => call('customer_filter_options', {});
export const customerTimeline = (id: string, limit: number): Promise<TimelineEntry[]> =>
  call('customer_timeline', { id, limit });
export const interactionAdd = (input: InteractionInput): Promise<Interaction> => call('interaction_add', { input });
/** `range`: "overdue" | "today" | "this_week" | "all_open"; `today`: the local date, "YYYY-MM-DD". */
export const followUps = (range: string, today: string): Promise<FollowUp[]> => call('follow_ups', { range, today });
export const followUpComplete = (id: string, note: string): Promise<Interaction> =>
  call('follow_up_complete', { id, note });
export const segmentList = (): Promise<Segment[]> => call('segment_list', {});
export const segmentCreate = (name: string, filter: CustomerFilterDto): Promise<Segment> =>
  call('segment_create', { name, filter });
export const segmentUpdate = (id: string, name: string, filter: CustomerFilterDto): Promise<Segment> =>
  call('segment_update', { id, name, filter });
export const segmentDelete = (id: string): Promise<null> => call('segment_delete', { id });
export const setHomeCountry = (country: string): Promise<null> => call('settings_set_home_country', { country });
export const setBaseCurrency = (currency: string): Result<'settings_set_base_currency'> => call('settings_set_base_currency', { currency });
// ---- the first run: the wizard's choices, with the sample company built and swapped in.
/** Progress of the sample arrives as `first_run://progress` events. */
export const firstRunFinish = (setup: Args<'first_run_finish'>['setup']): Result<'first_run_finish'> => call('first_run_finish', { setup });
export async function onSampleProgress(handler: (progress: SampleProgress) => void): Promise<() => void> {
  return listen<SampleProgress>('first_run://progress', (event) => handler(event.payload));
}

// ---- supply side: products, stock, counts, suppliers, contracts, evaluations, purchase orders
type Args<K extends keyof Commands> = Commands[K]['args'];
type Result<K extends keyof Commands> = Promise<Commands[K]['result']>;

export const productCreate = (input: Args<'product_create'>['input']): Result<'product_create'> =>
  call('product_create', { input });
export const productUpdate = (id: string, input: Args<'product_update'>['input']): Result<'product_update'> =>
  call('product_update', { id, input });
export const productDelete = (id: string): Result<'product_delete'> => call('product_delete', { id });
/** A product's page; its plan is of `today` (the user's date). */
export const productGet = (id: string, today: string = todayString()): Result<'product_get'> =>
  call('product_get', { id, today });
export const productList = (query: Args<'product_list'>['query']): Result<'product_list'> =>
  call('product_list', { query });
export const productCategories = (): Result<'product_categories'> => call('product_categories', {});
export const stockMove = (input: Args<'stock_move'>['input']): Result<'stock_move'> => call('stock_move', { input });
export const stockCountList = (): Result<'stock_count_list'> => call('stock_count_list', {});
export const stockCountStart = (products: string[], note: string): Result<'stock_count_start'> =>
  call('stock_count_start', { products, note });
export const stockCountGet = (id: string): Result<'stock_count_get'> => call('stock_count_get', { id });
export const stockCountSet = (id: string, product: string, counted: string): Result<'stock_count_set'> =>
  call('stock_count_set', { id, product, counted });
export const stockCountPost = (id: string): Result<'stock_count_post'> => call('stock_count_post', { id });
export const stockCountCancel = (id: string): Result<'stock_count_cancel'> => call('stock_count_cancel', { id });
export const supplierCreate = (input: Args<'supplier_create'>['input']): Result<'supplier_create'> =>
  call('supplier_create', { input });
export const supplierUpdate = (id: string, input: Args<'supplier_update'>['input']): Result<'supplier_update'> =>
  call('supplier_update', { id, input });
export const supplierDelete = (id: string): Result<'supplier_delete'> => call('supplier_delete', { id });
export const supplierGet = (id: string): Result<'supplier_get'> => call('supplier_get', { id });
export const supplierList = (query: Args<'supplier_list'>['query']): Result<'supplier_list'> =>
  call('supplier_list', { query });
export const supplySet = (input: Args<'supply_set'>['input']): Result<'supply_set'> => call('supply_set', { input });
export const supplyRemove = (supplier: string, product: string): Result<'supply_remove'> =>
  call('supply_remove', { supplier, product });
export const contractAdd = (input: Args<'contract_add'>['input']): Result<'contract_add'> =>
  call('contract_add', { input });
export const contractUpdate = (id: string, input: Args<'contract_update'>['input']): Result<'contract_update'> =>
  call('contract_update', { id, input });
export const contractDelete = (id: string): Result<'contract_delete'> => call('contract_delete', { id });
export const contractsExpiring = (today: string, days: number): Result<'contracts_expiring'> =>
  call('contracts_expiring', { today, days });
export const evaluationAdd = (input: Args<'evaluation_add'>['input']): Result<'evaluation_add'> =>
  call('evaluation_add', { input });
export const replenishmentList = (today: string): Result<'replenishment_list'> => call('replenishment_list', { today });
export const replenishmentCreate = (
  lines: Args<'replenishment_create'>['lines'],
  today: string,
): Result<'replenishment_create'> => call('replenishment_create', { lines, today });
export const forecastStatus = (today: string): Result<'forecast_status'> => call('forecast_status', { today });
export const forecastRun = (today: string): Result<'forecast_run'> => call('forecast_run', { today });
export const forecastCancel = (): Result<'forecast_cancel'> => call('forecast_cancel', {});
export const forecastGet = (id: string, today: string): Result<'forecast_get'> => call('forecast_get', { id, today });
export const forecastCategory = (category: string, today: string): Result<'forecast_category'> =>
  call('forecast_category', { category, today });
export const planningSettingsGet = (): Result<'planning_settings_get'> => call('planning_settings_get', {});
export const planningSettingsSet = (settings: Args<'planning_settings_set'>['settings']): Result<'planning_settings_set'> =>
  call('planning_settings_set', { settings });
export const poSetQuantity = (id: string, line: string, quantity: string): Result<'po_set_quantity'> =>
  call('po_set_quantity', { id, line, quantity });
export const scorecardList = (period: string): Result<'scorecard_list'> => call('scorecard_list', { period });
export const scorecardGet = (id: string, period: string, history: number): Result<'scorecard_get'> =>
  call('scorecard_get', { id, period, history });
export const scorecardWeightsGet = (): Result<'scorecard_weights_get'> => call('scorecard_weights_get', {});
export const scorecardWeightsSet = (weights: Args<'scorecard_weights_set'>['weights']): Result<'scorecard_weights_set'> =>
  call('scorecard_weights_set', { weights });
export const supplierSetStatus = (id: string, status: string, reason: string): Result<'supplier_set_status'> =>
  call('supplier_set_status', { id, status, reason });
export const poCreate = (input: Args<'po_create'>['input']): Result<'po_create'> => call('po_create', { input });
export const poGet = (id: string): Result<'po_get'> => call('po_get', { id });
export const poList = (query: Args<'po_list'>['query']): Result<'po_list'> => call('po_list', { query });
/** action: "send" | "cancel" | "close" */
export const poAction = (id: string, action: 'send' | 'cancel' | 'close'): Result<'po_action'> =>
  call('po_action', { id, action });
export const poReceive = (id: string, receipt: Args<'po_receive'>['receipt']): Result<'po_receive'> =>
  call('po_receive', { id, receipt });

// ---- sales orders. `today` is the user's local date (followups.todayString()): the backend
// uses it for the late flag and the delivery follow-up's due date.
export const orderCreate = (input: Args<'order_create'>['input'], today: string): Result<'order_create'> =>
  call('order_create', { input, today });
export const orderUpdate = (id: string, input: Args<'order_update'>['input'], today: string): Result<'order_update'> =>
  call('order_update', { id, input, today });
export const orderGet = (id: string, today: string): Result<'order_get'> => call('order_get', { id, today });
export const orderList = (query: Args<'order_list'>['query']): Result<'order_list'> => call('order_list', { query });
export const orderConfirmCheck = (id: string): Result<'order_confirm_check'> => call('order_confirm_check', { id });
/** `backorder`: confirm lines short on stock; `overrule`: go over the customer's credit limit. */
export const orderConfirm = (id: string, backorder: boolean, overrule: boolean, today: string): Result<'order_confirm'> =>
  call('order_confirm', { id, backorder, overrule, today });
/** `summary`: the delivery follow-up's text, in the user's language (used by "deliver" only). */
export const orderAction = (
  id: string,
  action: 'start_picking' | 'deliver' | 'close' | 'cancel',
  today: string,
): Result<'order_action'> => call('order_action', { id, action, today });
export const orderShip = (id: string, shipment: Args<'order_ship'>['shipment'], today: string): Result<'order_ship'> =>
  call('order_ship', { id, shipment, today });
export const orderReturn = (id: string, goods: Args<'order_return'>['goods'], today: string): Result<'order_return'> =>
  call('order_return', { id, goods, today });

// ---- company header and printing
/** Saves the company header printed on documents; returns it as stored (trimmed). */
export const settingsSetCompany = (company: Args<'settings_set_company'>['company']): Result<'settings_set_company'> =>
  call('settings_set_company', { company });
/** Opens the system print dialog for the window ("Save as PDF" is one of its printers). */
export const printDocument = (): Result<'print_document'> => call('print_document', {});

// ---- customer service: complaints and other feedback, surveys, satisfaction, SLA policy
export const complaintOpen = (input: Args<'complaint_open'>['input']): Result<'complaint_open'> => call('complaint_open', { input });
export const complaintGet = (id: string): Result<'complaint_get'> => call('complaint_get', { id });
export const complaintList = (query: Args<'complaint_list'>['query']): Result<'complaint_list'> => call('complaint_list', { query });
/** action: "acknowledge" | "investigate" | "resolve" | "close" | "reopen"; `note` may be empty. */
export const complaintAction = (
  id: string,
  action: 'acknowledge' | 'investigate' | 'resolve' | 'close' | 'reopen',
  note: string,
): Result<'complaint_action'> => call('complaint_action', { id, action, note });
/** kind: "comment" | "contact" (a customer contact) | "assignment" (body = the new assignee). */
export const complaintNote = (id: string, kind: 'comment' | 'contact' | 'assignment', body: string): Result<'complaint_note'> =>
  call('complaint_note', { id, kind, body });
export const complaintResolution = (id: string, input: Args<'complaint_resolution'>['input']): Result<'complaint_resolution'> =>
  call('complaint_resolution', { id, input });
/** The customer's satisfaction with the resolution, 1–5 (once resolved). */
export const complaintSatisfaction = (id: string, rating: number): Result<'complaint_satisfaction'> =>
  call('complaint_satisfaction', { id, rating });
export const surveyAdd = (input: Args<'survey_add'>['input']): Result<'survey_add'> => call('survey_add', { input });
/** All or nothing; the first bad row's error names it as `rows.<i>.<field>`. */
export const surveyAddMany = (inputs: Args<'survey_add_many'>['inputs']): Result<'survey_add_many'> => call('survey_add_many', { inputs });
/** A page of survey answers of a period, optionally one NPS group's, newest first. */
export const surveyList = (query: Args<'survey_list'>['query']): Result<'survey_list'> => call('survey_list', { query });
/** NPS and CSAT over the `days` up to `today` (the local date), for one customer or (null) everyone. */
export const satisfaction = (customer: string | null, today: string, days: number): Result<'satisfaction'> =>
  call('satisfaction', { customer, today, days });
export const slaPolicyGet = (): Result<'sla_policy_get'> => call('sla_policy_get', {});
export const slaPolicySet = (policy: Args<'sla_policy_set'>['policy']): Result<'sla_policy_set'> => call('sla_policy_set', { policy });

// ---- analytics
export const analyticsDashboard = (analysis: Args<'analytics_dashboard'>['analysis']): Result<'analytics_dashboard'> =>
  call('analytics_dashboard', { analysis });
export const analyticsSupply = (period: Args<'analytics_supply'>['period']): Result<'analytics_supply'> =>
  call('analytics_supply', { period });
export const analyticsCurrencies = (): Result<'analytics_currencies'> => call('analytics_currencies', {});
export const analyticsSlipping = (query: Args<'analytics_slipping'>['query']): Result<'analytics_slipping'> =>
  call('analytics_slipping', { query });
export const analyticsCustomer = (id: string, period: Args<'analytics_customer'>['period']): Result<'analytics_customer'> =>
  call('analytics_customer', { id, period });
export const loyaltyWeightGet = (): Result<'loyalty_weight_get'> => call('loyalty_weight_get', {});
export const loyaltyWeightSet = (weight: number): Result<'loyalty_weight_set'> => call('loyalty_weight_set', { weight });

// ---- sync: status, sign-in (the token goes to the OS keychain), sync now, conflicts
export const syncStatus = (): Result<'sync_status'> => call('sync_status', {});
export const syncSignIn = (input: Args<'sync_sign_in'>['input']): Result<'sync_sign_in'> =>
  call('sync_sign_in', { input });
export const syncNow = (): Result<'sync_now'> => call('sync_now', {});
export const syncSignOut = (): Result<'sync_sign_out'> => call('sync_sign_out', {});
export const conflictList = (limit: number): Result<'conflict_list'> => call('conflict_list', { limit });
/** `keep`: "kept" (the value the merge kept) or "lost" (the other one, written again). */
export const conflictResolve = (id: number, keep: 'kept' | 'lost'): Result<'conflict_resolve'> =>
  call('conflict_resolve', { id, keep });
/** The background sync task's status after every sync; returns the unsubscribe function. */
export async function onSyncStatus(handler: (status: SyncStatus) => void): Promise<() => void> {
  return listen<SyncStatus>('sync://status', (event) => handler(event.payload));
}
/**
 * The data changed (a write committed, a sync applied changes, a restore): sent once after a
 * burst of writes (src-tauri/src/changes.rs); returns the unsubscribe function.
 */
export async function onDataChanged(handler: () => void): Promise<() => void> {
  return listen<null>('data://changed', () => handler());
}
/** How far a running sync got, after each request; returns the unsubscribe function. */
export async function onSyncProgress(handler: (progress: SyncProgress) => void): Promise<() => void> {
  return listen<SyncProgress>('sync://progress', (event) => handler(event.payload));
}
export const teamUsers = (): Result<'team_users'> => call('team_users', {});
export const teamAddUser = (input: Args<'team_add_user'>['input']): Result<'team_add_user'> => call('team_add_user', { input });
export const teamRemoveUser = (id: string): Result<'team_remove_user'> => call('team_remove_user', { id });
export const teamResetPassword = (id: string, password: string): Result<'team_reset_password'> =>
  call('team_reset_password', { id, password });
export const teamSetRole = (id: string, role: string): Result<'team_set_role'> => call('team_set_role', { id, role });
export const teamDevices = (): Result<'team_devices'> => call('team_devices', {});
export const teamRevokeDevice = (id: string): Result<'team_revoke_device'> => call('team_revoke_device', { id });

// ---- importing spreadsheets. The file is read by the backend from its path as it streams.
export const importPreview = (path: string, kind: string, sheet: string | null): Result<'import_preview'> =>
  call('import_preview', { path, kind, sheet });
/** Checks every row with `plan`; `page` pages the problems and duplicates (50 a page). */
export const importCheck = (plan: Args<'import_check'>['plan'], page: number): Result<'import_check'> =>
  call('import_check', { plan, page });
/** All rows in one transaction or none; progress arrives as `import://progress` events. */
export const importCommit = (plan: Args<'import_commit'>['plan']): Result<'import_commit'> => call('import_commit', { plan });
export const importCancel = (): Result<'import_cancel'> => call('import_cancel', {});
export const importReport = (report: Args<'import_report'>['report']): Result<'import_report'> =>
  call('import_report', { report });
export async function onImportProgress(handler: (progress: ImportProgress) => void): Promise<() => void> {
  return listen<ImportProgress>('import://progress', (event) => handler(event.payload));
}
/** The OS file dialog for a spreadsheet to import; null when the user closes it. */
export async function pickImportFile(): Promise<string | null> {
  return filePick({ purpose: 'open', name: '', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'xls'] });
}
/** The OS save dialog for a report; null when the user closes it. */
export async function pickSavePath(name: string, extension: string): Promise<string | null> {
  return filePick({ purpose: 'save', name, extensions: [extension] });
}
/** Writes every row of a list, with the view's filters, to a CSV or .xlsx file; progress arrives as `export://progress`. */
export const exportList = (request: Args<'export_list'>['request']): Result<'export_list'> => call('export_list', { request });
/** Stops the running export after its current page (it answers `cancelled`, no file written). */
export const exportCancel = (): Result<'export_cancel'> => call('export_cancel', {});
export async function onExportProgress(handler: (progress: ExportProgress) => void): Promise<() => void> {
  return listen<ExportProgress>('export://progress', (event) => handler(event.payload));
}
/** A native file chooser; `null` when the user cancels. */
export const filePick = (request: Args<'file_pick'>['request']): Result<'file_pick'> => call('file_pick', { request });
/** Copies the database to `path`; progress arrives as `backup://progress`. */
export const backupNow = (path: string): Result<'backup_now'> => call('backup_now', { path });
/** Stops the running backup after its current step (it answers `cancelled`; the file stays as it was). */
export const backupCancel = (): Result<'backup_cancel'> => call('backup_cancel', {});
export async function onBackupProgress(handler: (progress: BackupProgress) => void): Promise<() => void> {
  return listen<BackupProgress>('backup://progress', (event) => handler(event.payload));
}
export const backupOverview = (): Result<'backup_overview'> => call('backup_overview', {});
export const backupSettingsSet = (settings: Args<'backup_settings_set'>['settings']): Result<'backup_settings_set'> =>
  call('backup_settings_set', { settings });
export const restorePreview = (path: string): Result<'restore_preview'> => call('restore_preview', { path });
export const restoreBackup = (path: string): Result<'restore_backup'> => call('restore_backup', { path });
// ---- encryption at rest: the key lives only in the OS keychain; switching re-encrypts in place.
export const encryptionStatus = (): Result<'encryption_status'> => call('encryption_status', {});
/** Progress arrives as `encryption://progress` events. */
export const encryptionSet = (on: boolean): Result<'encryption_set'> => call('encryption_set', { on });
/** Stops a running switch (it answers `cancelled`; the database stays as it was). */
export const encryptionCancel = (): Result<'encryption_cancel'> => call('encryption_cancel', {});
export async function onEncryptionProgress(handler: (progress: EncryptionProgress) => void): Promise<() => void> {
  return listen<EncryptionProgress>('encryption://progress', (event) => handler(event.payload));
}
