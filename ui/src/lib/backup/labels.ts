// Settings → Backup's wording: record kinds of the restore preview and file sizes.
import type { MessageKey } from '../i18n';

/** The record kinds a restore preview counts, in the order shown. */
export const RECORD_KINDS = [
  'customers',
  'contacts',
  'interactions',
  'products',
  'stock_movements',
  'suppliers',
  'purchase_orders',
  'sales_orders',
  'complaints',
  'survey_responses',
] as const;

export function recordKindKey(kind: string): MessageKey | null {
  return (RECORD_KINDS as readonly string[]).includes(kind) ? (`backup.kind.${kind}` as MessageKey) : null;
}

/** A file size as people read it: 512 B, 3.4 KB, 12.5 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return i === 0 ? `${n} B` : `${n.toFixed(n >= 100 ? 0 : 1)} ${units[i]}`;
}
