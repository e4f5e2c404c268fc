// What a conflict is about, in the user's words: the table as the record kind ("Customer") and
// the column as the form's field label ("Credit limit"), falling back to the identifier for a
// column no form shows. A business setting is named by its key ("Home country/region"), and
// its values, which cross as the setting's JSON, are shown as the setting reads.
import { catalogs, translate, type Locale, type MessageKey } from '../i18n/core';
import { regionName } from '../format';

function known(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogs.en, key);
}

export function tableLabel(locale: Locale, table: string): string {
  const key = `conflicts.table.${table}`;
  return known(key) ? translate(locale, key) : table;
}

export function fieldLabel(locale: Locale, field: string): string {
  if (field === 'deleted') return translate(locale, 'conflicts.field_deleted');
  const key = `field.${field}`;
  return known(key) ? translate(locale, key) : field;
}

/** A business setting's name from its key; an unknown key (a newer app's) as it is. */
export function settingLabel(locale: Locale, setting: string): string {
  const key = `conflicts.setting.${setting}`;
  return known(key) ? translate(locale, key) : setting;
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const SCORE_CRITERIA = ['on_time', 'quality', 'price', 'complaints', 'ratings'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One value of a business setting (its JSON text) as it reads; anything unexpected as it came. */
export function settingValue(locale: Locale, setting: string, json: string): string {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return json;
  }
  if (setting === 'home_country' && typeof v === 'string') return `${regionName(v, locale)} (${v})`;
  if (setting === 'loyalty_weight' && typeof v === 'number') return String(v);
  if (setting === 'scorecard_weights' && isRecord(v)) {
    const parts = SCORE_CRITERIA.map((c) =>
      typeof v[c] === 'number' ? `${translate(locale, `scorecard.criterion_short.${c}`)} ${String(v[c])}` : null,
    );
    if (parts.every((p) => p !== null)) return parts.join(' · ');
  }
  if (setting === 'company' && isRecord(v)) {
    const parts = ['name', 'address', 'phone', 'email', 'tax_id']
      .map((k) => v[k])
      .filter((p): p is string => typeof p === 'string' && p.trim() !== '');
    return parts.length > 0 ? parts.join(' · ') : translate(locale, 'conflicts.empty_value');
  }
  if (setting === 'sla_policy' && isRecord(v) && Array.isArray(v.hours) && v.hours.length === SEVERITIES.length) {
    const hours = v.hours as unknown[];
    const lines = SEVERITIES.map((s, i) => {
      const pair = hours[i];
      if (!Array.isArray(pair) || pair.length !== 2) return null;
      return translate(locale, 'conflicts.sla_hours', {
        severity: translate(locale, `service.severity.${s}`),
        first: String(pair[0]),
        resolution: String(pair[1]),
      });
    });
    if (lines.every((l) => l !== null)) return lines.join(' · ');
  }
  return json;
}
