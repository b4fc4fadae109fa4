import { UNIX_FIELDS, expandCronField } from '../schedule-grammar';

/** Shortest and longest time between two runs of a schedule, in minutes. */
export interface ScheduleGaps {
  readonly minMinutes: number;
  readonly maxMinutes: number;
}

const DAY_MINUTES = 1440;
/** 2024-01-01 00:00 UTC, a Monday: the simulation's first day (a leap year, so February 29 is seen). */
const FIRST_DAY_MS = Date.UTC(2024, 0, 1);
/** Days simulated: every weekday/day-of-month/month combination recurs within four years (a leap cycle). */
const SIMULATED_DAYS = 1461;

/**
 * The gaps between firings of a five-field unix cron expression (as `EvalSchedule.toUnixCron()` renders it),
 * found by listing every firing over a four-year leap cycle. Day-of-month and day-of-week are never both
 * restricted (EvalSchedule refuses that), so a day fires when its month matches and the restricted day field does.
 * Daylight-saving shifts of a cron read in a local time zone move a gap by at most an hour; callers add slack.
 */
export function scheduleGaps(unixCron: string): ScheduleGaps {
  const fields = unixCron.trim().split(/\s+/);
  const sets = fields.length === 5 ? fields.map((f, i) => expandCronField(f, UNIX_FIELDS[i])) : [];
  if (sets.length !== 5 || sets.some((s) => s === undefined)) throw new Error(`not a five-field cron expression: ${unixCron}`);
  const [minutes, hours, doms, months, dows] = sets as number[][];
  const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
  const domSet = new Set(doms);
  const monthSet = new Set(months);
  const dowSet = new Set(dows);
  const firings: number[] = [];
  for (let d = 0; d < SIMULATED_DAYS; d++) {
    const date = new Date(FIRST_DAY_MS + d * 86_400_000);
    if (!monthSet.has(date.getUTCMonth() + 1)) continue;
    const dayOk = fields[2] !== '*' ? domSet.has(date.getUTCDate()) : fields[4] !== '*' ? dowSet.has(date.getUTCDay()) : true;
    if (!dayOk) continue;
    for (const t of times) firings.push(d * DAY_MINUTES + t);
  }
  if (firings.length < 2) throw new Error(`cron expression ${unixCron} fires fewer than twice in four years`);
  let min = Infinity;
  let max = 0;
  for (let i = 1; i < firings.length; i++) {
    const gap = firings[i] - firings[i - 1];
    min = Math.min(min, gap);
    max = Math.max(max, gap);
  }
  return { minMinutes: min, maxMinutes: max };
}
