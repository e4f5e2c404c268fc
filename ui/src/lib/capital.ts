// An amount in Chinese capital numerals (大写金额), as Chinese invoices, order confirmations and
// cheques carry it so that a figure cannot be altered: 1,680.32 → 壹仟陆佰捌拾元叁角贰分. The
// rules are those of the People's Bank of China for filling in payment documents (正确填写票据和
// 结算凭证的基本规定): 元 followed by 整 when there are no 角 or 分; no 整 after 角 or 分; one 零
// for a run of zeros inside the number; 零 after 元 when 角 is zero and 分 is not; no 元 for an
// amount below one. Written here rather than taken from npm: `nzh` 1.0.14, the maintained
// package, was tried and drops 整 for "325000.00" (→ 叁拾贰万伍仟元), the very form in which the
// backend sends amounts; this file is short and its tests pin every rule above.

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES: [number, string][] = [
  [1000, '仟'],
  [100, '佰'],
  [10, '拾'],
  [1, ''],
];
const SECTIONS = ['', '万', '亿', '万亿'];

/** 0 < n < 10000 in capitals, one 零 for inner zeros, none trailing. */
function section(n: number): string {
  let out = '';
  let zero = false;
  for (const [place, unit] of PLACES) {
    const d = Math.floor(n / place) % 10;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += `${DIGITS[d]}${unit}`;
  }
  return out;
}

/** A whole number of yuan (digits only, at most 16) in capitals; "" for zero. */
function whole(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  const groups: number[] = [];
  for (let end = trimmed.length; end > 0; end -= 4) groups.unshift(Number(trimmed.slice(Math.max(0, end - 4), end)));
  let out = '';
  let zero = false;
  groups.forEach((g, i) => {
    const unit = SECTIONS[groups.length - 1 - i] ?? '';
    if (g === 0) {
      zero = out !== '';
      return;
    }
    if (out !== '' && (zero || g < 1000)) out += '零';
    zero = false;
    out += `${section(g)}${unit}`;
  });
  return out;
}

/**
 * `amount` (a plain decimal string with at most two places, as the backend sends money in yuan)
 * in capital numerals, or null when it is not one or is too large for the document (≥ 10^16).
 */
export function capitalAmount(amount: string): string | null {
  const m = /^(-?)(\d{1,16})(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return null;
  const negative = m[1] === '-';
  const int = whole(m[2] ?? '0');
  const frac = (m[3] ?? '').padEnd(2, '0');
  const jiao = Number(frac[0]);
  const fen = Number(frac[1]);
  let out: string;
  if (int === '') {
    if (jiao === 0 && fen === 0) return '零元整';
    out = `${jiao ? `${DIGITS[jiao]}角` : ''}${fen ? `${DIGITS[fen]}分` : ''}`;
  } else if (jiao === 0 && fen === 0) {
    out = `${int}元整`;
  } else if (jiao === 0) {
    out = `${int}元零${DIGITS[fen]}分`;
  } else {
    out = `${int}元${DIGITS[jiao]}角${fen ? `${DIGITS[fen]}分` : ''}`;
  }
  return negative ? `负${out}` : out;
}
