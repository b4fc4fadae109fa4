/**
 * Grammars of the schedule expressions the probe's schedulers accept, written from their documentation,
 * so every rendering of an `EvalSchedule` is checked against the program that will read it:
 *
 * - EventBridge Scheduler `schedule_expression` (docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 *   and the EventBridge user guide's cron table): `rate(value unit)` with a positive integer and unit
 *   minute|minutes|hour|hours|day|days (singular exactly when the value is 1); `cron(min hour dom month dow year)`,
 *   six fields, minutes 0-59, hours 0-23, day-of-month 1-31 (`, - * ? / L W`), month 1-12 or JAN-DEC,
 *   day-of-week 1-7 or SUN-SAT (`, - * ? L #`), year 1970-2199; one of day-of-month/day-of-week must be `?`.
 * - unix-cron, the five-field format of Cloud Scheduler (cloud.google.com/scheduler/docs/configuring/cron-job-schedules)
 *   and of Kubernetes CronJob `.spec.schedule` (kubernetes.io/docs/concepts/workloads/controllers/cron-jobs,
 *   robfig/cron's standard parser): minute 0-59, hour 0-23, day-of-month 1-31, month 1-12, day-of-week 0-6,
 *   each field `*`, a value, a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list of those.
 *   (Month/day names and macros are valid there too; the library renders only the numeric subset.)
 *
 * Pure: no cdktf.
 */

interface FieldRange {
  readonly min: number;
  readonly max: number;
}

const UNIX_FIELDS: ReadonlyArray<FieldRange> = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 6 },
];

/** The values one numeric cron field selects, or undefined when the field is not valid for `range`. */
export function expandCronField(field: string, range: FieldRange): number[] | undefined {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const m = /^(\*|(\d{1,4})(?:-(\d{1,4}))?)(?:\/(\d{1,4}))?$/.exec(item);
    if (!m) return undefined;
    let lo = range.min;
    let hi = range.max;
    if (m[1] !== '*') {
      lo = Number(m[2]);
      hi = m[3] !== undefined ? Number(m[3]) : lo;
      // `a/n` (a single value with a step) is not in every parser's grammar: refuse it.
      if (m[4] !== undefined && m[3] === undefined) return undefined;
    }
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < range.min || hi > range.max || lo > hi || step < 1 || step > range.max - range.min + 1) return undefined;
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** True when `expression` is a five-field unix-cron string in the numeric subset (Cloud Scheduler, Kubernetes). */
export function isValidUnixCron(expression: string): boolean {
  if (typeof expression !== 'string' || expression !== expression.trim()) return false;
  const fields = expression.split(/ +/);
  if (fields.length !== 5) return false;
  return fields.every((f, i) => expandCronField(f, UNIX_FIELDS[i]) !== undefined);
}

const AWS_RATE = /^rate\(([1-9]\d*) (minute|minutes|hour|hours|day|days)\)$/;

const AWS_MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const AWS_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function awsField(field: string, range: FieldRange, names?: ReadonlyArray<string>): boolean {
  const numeric = names ? field.replace(new RegExp(`\\b(${names.join('|')})\\b`, 'g'), (n) => String(names.indexOf(n) + range.min)) : field;
  for (const item of numeric.split(',')) {
    // `a/n` (from a, every n) is documented for AWS ("1/10 in the Minutes field").
    const m = /^(\*|(\d{1,4})(?:-(\d{1,4}))?)(?:\/(\d{1,4}))?$/.exec(item);
    if (!m) return false;
    if (m[1] !== '*') {
      const lo = Number(m[2]);
      const hi = m[3] !== undefined ? Number(m[3]) : lo;
      if (lo < range.min || hi > range.max || lo > hi) return false;
    }
    if (m[4] !== undefined && (Number(m[4]) < 1 || Number(m[4]) > range.max)) return false;
  }
  return true;
}

/**
 * True when `expression` is a valid EventBridge Scheduler `rate(...)` or `cron(...)` expression in the
 * subset the library renders (no L, W or # wildcards).
 */
export function isValidEventBridgeExpression(expression: string): boolean {
  if (typeof expression !== 'string') return false;
  const rate = AWS_RATE.exec(expression);
  if (rate) return (rate[1] === '1') === !rate[2].endsWith('s');
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return false;
  const f = cron[1].split(' ');
  if (f.length !== 6) return false;
  const [min, hour, dom, month, dow, year] = f;
  if ((dom === '?') === (dow === '?')) return false; // exactly one of the two is '?'
  return awsField(min, { min: 0, max: 59 })
    && awsField(hour, { min: 0, max: 23 })
    && (dom === '?' || awsField(dom, { min: 1, max: 31 }))
    && awsField(month, { min: 1, max: 12 }, AWS_MONTHS)
    && (dow === '?' || awsField(dow, { min: 1, max: 7 }, AWS_DAYS))
    && awsField(year, { min: 1970, max: 2199 });
}

export { UNIX_FIELDS };
