import { UNIX_FIELDS, expandCronField, isValidEventBridgeExpression, isValidUnixCron } from './schedule-grammar';
import { Duration } from '../core/duration';
import { ValidationError, renderReceived } from '../core/errors';

/** Options of `EvalSchedule.cron`. */
export interface EvalCronOptions {
  /**
   * IANA time zone the expression is read in (EventBridge Scheduler `schedule_expression_timezone`,
   * Cloud Scheduler `time_zone`, Kubernetes CronJob `timeZone`).
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
}

/** Runs more often than this cost a model call per case every few minutes for no added signal. */
export const MIN_EVAL_INTERVAL_MINUTES = 5;

const EVERY_MINUTES = [5, 6, 10, 12, 15, 20, 30];
const EVERY_HOURS = [1, 2, 3, 4, 6, 8, 12, 24];

/**
 * When a feature's probe runs. One definition, rendered for each scheduler: EventBridge Scheduler
 * (`rate(...)`/`cron(...)`), Cloud Scheduler and Kubernetes CronJob (five-field unix-cron). Every
 * rendering is checked against its grammar (schedule-grammar.ts).
 *
 * ```ts
 * EvalSchedule.every(Duration.minutes(30));
 * EvalSchedule.cron('0 7-19 * * 1-5', { timeZone: 'Europe/Berlin' }); // hourly during office hours
 * ```
 */
export class EvalSchedule {
  /**
   * A fixed interval that divides the hour or the day evenly, so every scheduler runs it at the same
   * clock times: 5, 6, 10, 12, 15, 20 or 30 minutes, or 1, 2, 3, 4, 6, 8, 12 or 24 hours.
   */
  public static every(interval: Duration): EvalSchedule {
    const scope = 'EvalSchedule.every';
    if (!Duration.isDuration(interval)) {
      throw new ValidationError(scope, [{ path: 'interval', received: renderReceived(interval), message: 'must be a Duration', fix: 'pass e.g. Duration.minutes(30)' }]);
    }
    const allowed = `${EVERY_MINUTES.join(', ')} minutes or ${EVERY_HOURS.join(', ')} hours`;
    const minutes = interval.isWhole('minutes') ? interval.toMilliseconds() / 60_000 : NaN;
    const fits = Number.isInteger(minutes) && (EVERY_MINUTES.includes(minutes) || (minutes % 60 === 0 && EVERY_HOURS.includes(minutes / 60)));
    if (!fits) {
      const tooOften = Number.isFinite(interval.toMilliseconds()) && interval.toMilliseconds() < MIN_EVAL_INTERVAL_MINUTES * 60_000;
      throw new ValidationError(scope, [{
        path: 'interval',
        received: interval.toString(),
        message: tooOften
          ? `runs more often than every ${MIN_EVAL_INTERVAL_MINUTES} minutes (each run calls the model once per golden case)`
          : `must divide the hour or the day evenly (${allowed})`,
        fix: tooOften ? 'use Duration.minutes(5) or longer' : `use one of ${allowed}, or EvalSchedule.cron(...) for other times`,
      }]);
    }
    let unix: string;
    let aws: string;
    if (minutes < 60) {
      unix = `*/${minutes} * * * *`;
      aws = `rate(${minutes} minutes)`;
    } else if (minutes < 1440) {
      const h = minutes / 60;
      unix = h === 1 ? '0 * * * *' : `0 */${h} * * *`;
      aws = h === 1 ? 'rate(1 hour)' : `rate(${h} hours)`;
    } else {
      unix = '0 0 * * *';
      aws = 'rate(1 day)';
    }
    return new EvalSchedule(`every ${interval.toString()}`, aws, unix, 'Etc/UTC', minutes);
  }

  /**
   * A five-field cron expression (minute hour day-of-month month day-of-week; day-of-week 0-6 from
   * Sunday), numeric values, `*`, ranges, `*\/n` and `a-b/n` steps and lists. Restrict day-of-month or
   * day-of-week, not both (EventBridge cannot express both). Runs at least 5 minutes apart.
   */
  public static cron(expression: string, options: EvalCronOptions = {}): EvalSchedule {
    const scope = 'EvalSchedule.cron';
    const problems = [];
    const timeZone = options?.timeZone ?? 'Etc/UTC';
    if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) {
      problems.push({ path: 'options.timeZone', received: renderReceived(options?.timeZone), message: 'is not an IANA time zone', fix: "use e.g. 'Etc/UTC' or 'Europe/Berlin'" });
    }
    const text = typeof expression === 'string' ? expression.trim().replace(/\s+/g, ' ') : '';
    const fields = text.split(' ');
    const sets = fields.length === 5 ? fields.map((f, i) => expandCronField(f, UNIX_FIELDS[i])) : [];
    if (typeof expression !== 'string' || fields.length !== 5 || sets.some((s) => s === undefined) || !isValidUnixCron(text)) {
      problems.push({
        path: 'expression',
        received: renderReceived(expression),
        message: 'is not a five-field cron expression with numeric values (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6)',
        fix: "write e.g. '*/30 * * * *' or '0 7-19 * * 1-5' (no names, no ?, L, W or #)",
      });
      throw new ValidationError(scope, problems);
    }
    const [minuteSet, hourSet] = sets as number[][];
    const domRestricted = fields[2] !== '*';
    const dowRestricted = fields[4] !== '*';
    if (domRestricted && dowRestricted) {
      problems.push({ path: 'expression', received: JSON.stringify(text), message: 'restricts both day-of-month and day-of-week (cron ORs them; EventBridge Scheduler cannot express that)', fix: 'restrict one of the two and leave the other *' });
    }
    const gap = minimumGapMinutes(minuteSet, hourSet);
    if (gap < MIN_EVAL_INTERVAL_MINUTES) {
      problems.push({ path: 'expression', received: JSON.stringify(text), message: `runs ${gap} minute(s) apart; at least ${MIN_EVAL_INTERVAL_MINUTES} minutes are required (each run calls the model once per golden case)`, fix: "use fewer minutes, e.g. '*/15 * * * *'" });
    }
    if (problems.length > 0) throw new ValidationError(scope, problems);
    return new EvalSchedule(`cron ${text} (${timeZone})`, awsCron(fields, sets as number[][]), text, timeZone, gap);
  }

  private constructor(
    /** Human-readable: `every 30 minutes`, `cron 0 7-19 * * 1-5 (Europe/Berlin)`. */
    public readonly description: string,
    private readonly aws: string,
    private readonly unix: string,
    /** IANA time zone of the expression. */
    public readonly timeZone: string,
    /** Shortest time between two runs, in minutes. */
    public readonly minIntervalMinutes: number,
  ) {
    // Renderings are checked at construction: a schedule that exists renders valid expressions only.
    if (!isValidEventBridgeExpression(aws) || !isValidUnixCron(unix)) {
      throw new Error(`internal: EvalSchedule rendered ${aws} / ${unix}, which fail their grammar`);
    }
  }

  /** EventBridge Scheduler `schedule_expression`, e.g. `rate(30 minutes)` or `cron(0 7-19 ? * 2-6 *)`. */
  public toEventBridgeExpression(): string {
    return this.aws;
  }

  /** Five-field unix-cron for Cloud Scheduler `schedule` and Kubernetes CronJob `.spec.schedule`. */
  public toUnixCron(): string {
    return this.unix;
  }
}

function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Shortest gap between two firings within a day and across midnight (minutes). */
function minimumGapMinutes(minutes: ReadonlyArray<number>, hours: ReadonlyArray<number>): number {
  const times = hours.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
  if (times.length <= 1) return 1440;
  let gap = times[0] + 1440 - times[times.length - 1];
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i] - times[i - 1]);
  return gap;
}

/** One AWS cron field from the values it selects: `*`, `start/step` to the end of the range, or a list. */
function awsFieldFrom(values: ReadonlyArray<number>, min: number, max: number, original: string): string {
  if (original === '*') return '*';
  if (values.length === max - min + 1) return '*';
  if (values.length >= 2) {
    const step = values[1] - values[0];
    const progression = values.every((v, i) => v === values[0] + i * step);
    if (progression && values[values.length - 1] + step > max) return `${values[0]}/${step}`;
    if (progression && step === 1) return `${values[0]}-${values[values.length - 1]}`;
  }
  return values.join(',');
}

function awsCron(fields: ReadonlyArray<string>, sets: ReadonlyArray<ReadonlyArray<number>>): string {
  const minute = awsFieldFrom(sets[0], 0, 59, fields[0]);
  const hour = awsFieldFrom(sets[1], 0, 23, fields[1]);
  const month = awsFieldFrom(sets[3], 1, 12, fields[3]);
  let dom: string;
  let dow: string;
  if (fields[4] !== '*') {
    dom = '?';
    // unix weekday 0-6 from Sunday -> AWS 1-7 from Sunday.
    dow = awsFieldFrom(sets[4].map((d) => d + 1), 1, 7, fields[4]);
  } else {
    dom = awsFieldFrom(sets[2], 1, 31, fields[2]);
    dow = '?';
  }
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
}
