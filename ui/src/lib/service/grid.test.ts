import { describe, expect, it } from 'vitest';
import { emptyGridRow, gridErrorTarget, gridInputs, gridPath, isBlankRow, parseScore } from './grid';

const ACME = { id: 'c1', code: 'C-001', name: 'ACME' };
const row = (over: Partial<ReturnType<typeof emptyGridRow>> = {}) => ({ ...emptyGridRow('2026-11-23'), ...over });

describe('survey grid', () => {
  it('gives each row its own key and today’s date', () => {
    const a = emptyGridRow('2026-11-23');
    const b = emptyGridRow('2026-11-23', 'email');
    expect(a.key).not.toBe(b.key);
    expect(a).toMatchObject({ customer: null, nps: '', csat: '', channel: 'phone', responded_on: '2026-11-23', comment: '' });
    expect(b.channel).toBe('email');
  });

  it('treats a row with only its defaults as blank', () => {
    expect(isBlankRow(row())).toBe(true);
    expect(isBlankRow(row({ channel: 'email', responded_on: '2026-01-01' }))).toBe(true);
    expect(isBlankRow(row({ nps: ' 9 ' }))).toBe(false);
    expect(isBlankRow(row({ customer: ACME }))).toBe(false);
  });

  it('parses scores: empty is none, whole numbers are sent, anything else is wrong', () => {
    expect(parseScore('')).toBeNull();
    expect(parseScore(' 9 ')).toBe(9);
    expect(parseScore('11')).toBe(11); // the backend refuses it, with a translated error
    expect(parseScore('7.5')).toBeNaN();
    expect(parseScore('-1')).toBeNaN();
    expect(parseScore('x')).toBeNaN();
  });

  it('sends the filled rows and remembers their screen rows', () => {
    const rows = [row({ customer: ACME, nps: '9' }), row(), row({ customer: ACME, csat: '4', comment: '好' })];
    const { inputs, rows: sent, errors } = gridInputs(rows);
    expect(errors).toEqual([]);
    expect(sent).toEqual([0, 2]);
    expect(inputs).toEqual([
      { customer_id: 'c1', order_id: null, complaint_id: null, nps: 9, csat: null, comment: '', channel: 'phone', responded_on: '2026-11-23' },
      { customer_id: 'c1', order_id: null, complaint_id: null, nps: null, csat: 4, comment: '好', channel: 'phone', responded_on: '2026-11-23' },
    ]);
  });

  it('reports a score that is not a whole number on its screen row', () => {
    const { errors } = gridInputs([row(), row({ customer: ACME, nps: '9.5', csat: 'x' })]);
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ['out_of_range', 'rows.1.nps'],
      ['out_of_range', 'rows.1.csat'],
    ]);
  });

  it('maps the backend’s row error (the i-th row sent) back to the screen row', () => {
    expect(gridErrorTarget('rows.1.nps', [0, 3])).toEqual({ row: 3, column: 'nps' });
    expect(gridErrorTarget('rows.0.customer_id', [2])).toEqual({ row: 2, column: 'customer_id' });
    expect(gridErrorTarget('rows.5.nps', [0])).toBeNull();
    expect(gridErrorTarget('rows.0.unknown', [0])).toBeNull();
    // One row sent: the backend names the field alone.
    expect(gridErrorTarget('nps', [4])).toEqual({ row: 4, column: 'nps' });
    expect(gridErrorTarget('nps', [0, 1])).toBeNull();
    expect(gridErrorTarget('page_size', [0])).toBeNull();
    expect(gridErrorTarget(null, [0])).toBeNull();
    expect(gridPath(3, 'csat')).toBe('rows.3.csat');
  });
});
