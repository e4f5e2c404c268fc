// The survey entry grid: many responses typed row after row (customer, NPS, CSAT, channel, date,
// comment) and saved at once with survey_add_many. Blank rows are skipped; the backend checks all
// rows before saving any and names the first bad one as `rows.<i>.<field>`, where i counts the
// rows sent, so the grid keeps which screen row each sent row came from.
import type { CommandError, SurveyInput } from '../bindings';
import type { PickedCustomer } from './form';
import { plainNumber } from '../number';

export type GridRow = {
  /** Identifies the row on screen (stable while rows are added and removed). */
  key: number;
  customer: PickedCustomer | null;
  nps: string;
  csat: string;
  channel: string;
  /** YYYY-MM-DD */
  responded_on: string;
  comment: string;
};

/** The editable columns in keyboard order (Enter moves down a column, Tab across). */
export const GRID_COLUMNS = ['customer_id', 'nps', 'csat', 'channel', 'responded_on', 'comment'] as const;
export type GridColumn = (typeof GRID_COLUMNS)[number];

export function isGridColumn(field: string): field is GridColumn {
  return (GRID_COLUMNS as readonly string[]).includes(field);
}

let nextKey = 1;

export function emptyGridRow(today: string, channel = 'phone'): GridRow {
  return { key: nextKey++, customer: null, nps: '', csat: '', channel, responded_on: today, comment: '' };
}

/** Nothing typed in it (the channel and date have defaults, so they do not count). */
export function isBlankRow(r: GridRow): boolean {
  return r.customer === null && r.nps.trim() === '' && r.csat.trim() === '' && r.comment.trim() === '';
}

/** A typed score: null when empty, the whole number, or NaN for anything else ("7.5", "x"). */
export function parseScore(text: string): number | null {
  const s = plainNumber(text);
  if (s === '') return null;
  return /^\d{1,3}$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * The rows to send and, for each, its row on screen. A score that is not a whole number is
 * reported here (the backend only sees numbers) as `rows.<screen row>.<field>`, out of range.
 */
export function gridInputs(
  rows: readonly GridRow[],
): { inputs: SurveyInput[]; rows: number[]; errors: CommandError[] } {
  const inputs: SurveyInput[] = [];
  const sent: number[] = [];
  const errors: CommandError[] = [];
  rows.forEach((r, i) => {
    if (isBlankRow(r)) return;
    const nps = parseScore(r.nps);
    const csat = parseScore(r.csat);
    if (Number.isNaN(nps)) errors.push({ code: 'out_of_range', message: '', field: `rows.${i}.nps` });
    if (Number.isNaN(csat)) errors.push({ code: 'out_of_range', message: '', field: `rows.${i}.csat` });
    inputs.push({
      customer_id: r.customer?.id ?? null,
      order_id: null,
      complaint_id: null,
      nps: Number.isNaN(nps) ? null : nps,
      csat: Number.isNaN(csat) ? null : csat,
      comment: r.comment,
      channel: r.channel,
      responded_on: r.responded_on,
    });
    sent.push(i);
  });
  return { inputs, rows: sent, errors };
}

/**
 * "rows.2.nps" → the screen row and column, given which screen row each sent row was. With a
 * single row sent the backend names the field alone ("nps").
 */
export function gridErrorTarget(field: string | null, sent: readonly number[]): { row: number; column: GridColumn } | null {
  const m = /^rows\.(\d+)\.(\w+)$/.exec(field ?? '');
  const single = m === null && sent.length === 1 && field !== null && isGridColumn(field);
  if (!m && !single) return null;
  const row = m ? sent[Number(m[1])] : sent[0];
  const column = m ? (m[2] ?? '') : (field ?? '');
  if (row === undefined || !isGridColumn(column)) return null;
  return { row, column };
}

/** A screen-row error's path ("rows.<screen row>.<column>"), the key the grid shows errors by. */
export function gridPath(row: number, column: GridColumn): string {
  return `rows.${row}.${column}`;
}
