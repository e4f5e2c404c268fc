// The notes the backend writes on status changes (store/orders.rs confirm_order) are English
// text, joined with "; ": "back-order: 2 line(s) short" and "credit override: open 800.00 +
// order 300.00 > limit 1000.00". They are recognised here so the status timeline can show them
// translated; anything else is shown as written.

export type HistoryNote =
  | { kind: 'backorder'; lines: number }
  | { kind: 'credit_override'; open: string; order: string; limit: string }
  | { kind: 'text'; text: string };

const BACKORDER = /^back-order: (\d+) line\(s\) short$/;
const CREDIT = /^credit override: open (\S+) \+ order (\S+) > limit (\S+)$/;

export function parseHistoryNote(note: string): HistoryNote[] {
  if (note.trim() === '') return [];
  return note.split('; ').map((part) => {
    const p = part.trim();
    const b = BACKORDER.exec(p);
    if (b) return { kind: 'backorder', lines: Number(b[1]) };
    const c = CREDIT.exec(p);
    if (c) return { kind: 'credit_override', open: c[1] ?? '', order: c[2] ?? '', limit: c[3] ?? '' };
    return { kind: 'text', text: p };
  });
}
