// Numbers as people type them, made plain before a field is read: full-width digits (what a
// Chinese input method types), a currency sign before or after, thousands separators in proper
// groups of three. The same rule as the backend's `chainbook_core::number::plain_number`, so a
// preview shows what saving will store; anything ambiguous ("1,5") stays as typed and is refused.

const CURRENCY_MARKS = ['US$', 'CNY', 'RMB', 'USD', 'EUR', 'HKD', '元', '¥', '￥', '$', '€', '£'];
const SEPARATORS = [',', ' ', '\u00A0', '\u202F', "'"];

/** Full-width forms as ASCII, the ideographic space as a space, 。 as a decimal point. */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000。]/g, (c) =>
    c === '\u3000' ? ' ' : c === '。' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

function groupsOfThree(s: string, sep: string): boolean {
  if (!s.includes(sep)) return false;
  const [first = '', ...rest] = s.split(sep);
  return /^\d{1,3}$/.test(first) && rest.every((g) => /^\d{3}$/.test(g));
}

/** `text` in plain notation ("¥1,200" → "1200", "１２．５" → "12.5"), or trimmed as typed. */
export function plainNumber(text: string): string {
  const s = halfWidth(text).trim();
  let sign = '';
  let body = s;
  if (body.startsWith('-') || body.startsWith('+')) {
    sign = body[0] ?? '';
    body = body.slice(1).trimStart();
  }
  const prefix = CURRENCY_MARKS.find((m) => body.startsWith(m));
  if (prefix) body = body.slice(prefix.length).trimStart();
  const suffix = CURRENCY_MARKS.find((m) => body.endsWith(m));
  if (suffix) body = body.slice(0, body.length - suffix.length).trimEnd();
  if (sign === '' && body.startsWith('-')) {
    sign = '-';
    body = body.slice(1);
  }
  const dot = body.indexOf('.');
  let int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? null : body.slice(dot + 1);
  const sep = SEPARATORS.find((x) => groupsOfThree(int, x));
  if (sep !== undefined) int = int.split(sep).join('');
  return frac === null ? `${sign}${int}` : `${sign}${int}.${frac}`;
}
