// The NPS and CSAT figures (last 90 days) as shown: the backend computes them (core's formulas:
// NPS = % promoters − % detractors, CSAT = % of 4s and 5s, one decimal); here they are only
// formatted. Without responses a figure is "—".
import { numberFormat } from '../intl';

/** The period the figures cover. */
export const SATISFACTION_DAYS = 90;

export const NO_FIGURE = '—';

/** "+42.5", "−10", "0", or "—" without responses (a positive NPS carries its sign). */
export function formatNps(nps: string | null, locale: string): string {
  if (nps === null) return NO_FIGURE;
  const n = Number(nps);
  if (!Number.isFinite(n)) return nps;
  const shown = numberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 1 }).format(Math.abs(n));
  return n > 0 ? `+${shown}` : n < 0 ? `−${shown}` : shown;
}

/** "87.5 %", or "—" without responses. */
export function formatCsat(csat: string | null, locale: string): string {
  if (csat === null) return NO_FIGURE;
  const n = Number(csat);
  if (!Number.isFinite(n)) return csat;
  return `${numberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 1 }).format(n)} %`;
}
