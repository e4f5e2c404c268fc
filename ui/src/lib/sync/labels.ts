// What a conflict is about, in the user's words: the table as the record kind ("Customer") and
// the column as the form's field label ("Credit limit"), falling back to the identifier for a
// column no form shows.
import { catalogs, translate, type Locale, type MessageKey } from '../i18n/core';

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
