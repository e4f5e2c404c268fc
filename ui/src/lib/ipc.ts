// The only module that talks to the Tauri backend. Everything else calls the typed wrappers below.
import { invoke } from '@tauri-apps/api/core';
import type {
  AppInfo,
  CommandError,
  Commands,
  Customer,
  CustomerDetail,
  CustomerFilterDto,
  CustomerInput,
  CustomerListQuery,
  CustomerPage,
  DuplicateHit,
  DuplicateQuery,
  ErrorCode,
  FilterOptions,
  FollowUp,
  Interaction,
  InteractionInput,
  SearchHit,
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
  not_found: true,
  conflict: true,
  invalid_argument: true,
  storage: true,
  internal: true,
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

/** Typed invoke. Rejects with a CommandError (a plain object), never with anything else. */
export async function call<K extends keyof Commands>(
  cmd: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(cmd, args as Record<string, unknown>);
  } catch (err) {
    throw toCommandError(err);
  }
}

export const appInfo = (): Promise<AppInfo> => call('app_info', {});
/** Tells the backend the first screen is rendered (it logs the start-up time). */
export const appReady = (): Promise<null> => call('app_ready', {});
export const setLocale = (locale: string): Promise<null> => call('settings_set_locale', { locale });
export const customerCreate = (input: CustomerInput): Promise<Customer> => call('customer_create', { input });
export const customerUpdate = (id: string, input: CustomerInput): Promise<Customer> =>
  call('customer_update', { id, input });
export const customerDelete = (id: string): Promise<null> => call('customer_delete', { id });
export const customerGet = (id: string): Promise<CustomerDetail> => call('customer_get', { id });
export const customerList = (query: CustomerListQuery): Promise<CustomerPage> => call('customer_list', { query });
export const customerSearch = (q: string, limit: number): Promise<SearchHit[]> => call('customer_search', { q, limit });
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
