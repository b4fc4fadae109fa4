import type { Severity } from './types';

/** One multi-window burn-rate condition: both windows must burn faster than `burnRate`. */
export interface BurnRateWindow {
  readonly severity: Severity;
  readonly longWindow: string;
  readonly shortWindow: string;
  /** Multiple of the rate that would spend exactly the whole budget over the SLO period. */
  readonly burnRate: number;
  /** Share of the period's error budget spent when the long window alone burns at `burnRate`. */
  readonly budgetSpent: number;
}

/** The SLO period the burn rates refer to. */
export const SLO_PERIOD_DAYS = 30;

/**
 * Multi-window, multi-burn-rate alerting. Provenance: Google SRE Workbook, "Alerting on SLOs", table
 * "Recommended parameters" (1 h/5 m ×14.4 and 6 h/30 m ×6 page; 3 d/6 h ×1 ticket). The 1 d/2 h ×3 ticket
 * row is Sloth's default (slok/sloth), which closes the gap between 6 h and 3 d. The short window is 1/12
 * of the long one, as the Workbook recommends, so an alert stops soon after the burn does.
 */
export const BURN_RATE_WINDOWS: ReadonlyArray<BurnRateWindow> = [
  { severity: 'page', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, budgetSpent: 0.02 },
  { severity: 'page', longWindow: '6h', shortWindow: '30m', burnRate: 6, budgetSpent: 0.05 },
  { severity: 'ticket', longWindow: '1d', shortWindow: '2h', burnRate: 3, budgetSpent: 0.1 },
  { severity: 'ticket', longWindow: '3d', shortWindow: '6h', burnRate: 1, budgetSpent: 0.1 },
];

/** Every window a recording rule is needed for, shortest first. */
export const SLO_WINDOWS: ReadonlyArray<string> = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** Seconds in a Prometheus duration of one unit (`5m`, `1h`, `3d`). */
export function windowSeconds(window: string): number {
  const m = /^(\d+)([smhdw])$/.exec(window);
  if (!m) throw new RangeError(`unsupported window ${window}`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

/**
 * A number as PromQL text: no binary noise (`14.4 * 0.001` is 0.014400000000000001), never exponent
 * notation for the magnitudes used here.
 */
export function promNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const rounded = Number(value.toPrecision(12));
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  return rounded.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
