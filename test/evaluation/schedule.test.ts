import * as fc from 'fast-check';
import { problemsOf } from './support';
import { Duration, ValidationError } from '../../src/core';
import { EvalSchedule, expandCronField, isValidEventBridgeExpression, isValidUnixCron } from '../../src/evaluation';

/** The minutes of a day (0-1439) an AWS cron's minute/hour fields select, read back with AWS semantics. */
function awsDayMinutes(expr: string): number[] {
  const [min, hour] = /^cron\((.*)\)$/.exec(expr)![1].split(' ');
  const field = (f: string, lo: number, hi: number): number[] => {
    if (f === '*') return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    return f.split(',').flatMap((item) => {
      const step = /^(\d+)\/(\d+)$/.exec(item);
      const [start, every] = step ? [Number(step[1]), Number(step[2])] : [0, 1];
      if (step) return Array.from({ length: hi + 1 }, (_, i) => i).filter((v) => v >= start && (v - start) % every === 0);
      const range = /^(\d+)-(\d+)$/.exec(item);
      if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
      return [Number(item)];
    });
  };
  return field(hour, 0, 23).flatMap((h) => field(min, 0, 59).map((m) => h * 60 + m)).sort((a, b) => a - b);
}

describe('grammars (from the schedulers\' documentation)', () => {
  test.each([
    'rate(5 minutes)', 'rate(1 minute)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)', 'rate(7 days)',
    'cron(0/30 * * * ? *)', 'cron(0 7-19 ? * 2-6 *)', 'cron(15 10 ? * MON-FRI *)', 'cron(0 0 1 * ? *)', 'cron(0 8 * JAN,JUL ? 2027)',
  ])('EventBridge accepts %s', (e) => expect(isValidEventBridgeExpression(e)).toBe(true));

  test.each([
    'rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)', 'rate(5 mins)', 'rate(1.5 hours)',
    'cron(0/30 * * * *)', 'cron(0 12 * * * *)', 'cron(0 12 ? * ? *)', 'cron(60 * * * ? *)', 'cron(0 24 * * ? *)', 'cron(0 0 ? * 0 *)', 'cron(0 0 * * ? 1969)', '*/5 * * * *',
  ])('EventBridge rejects %s', (e) => expect(isValidEventBridgeExpression(e)).toBe(false));

  test.each(['*/30 * * * *', '0 */2 * * *', '0 7-19 * * 1-5', '0,30 9-17/2 1-15 1,6 *', '59 23 31 12 6'])('unix-cron accepts %s', (e) => expect(isValidUnixCron(e)).toBe(true));

  test.each(['* * * *', '*/30 * * * * *', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 7', '0 0 * * MON', '5/10 * * * *', '0 0 ? * *', ' 0 * * * *', '0 0 L * *'])('unix-cron rejects %s', (e) => expect(isValidUnixCron(e)).toBe(false));

  test('expandCronField', () => {
    expect(expandCronField('*/15', { min: 0, max: 59 })).toEqual([0, 15, 30, 45]);
    expect(expandCronField('10-20/5,1', { min: 0, max: 59 })).toEqual([1, 10, 15, 20]);
    expect(expandCronField('20-10', { min: 0, max: 59 })).toBeUndefined();
  });
});

describe('EvalSchedule.every', () => {
  test.each<[Duration, string, string]>([
    [Duration.minutes(5), 'rate(5 minutes)', '*/5 * * * *'],
    [Duration.minutes(30), 'rate(30 minutes)', '*/30 * * * *'],
    [Duration.minutes(60), 'rate(1 hour)', '0 * * * *'],
    [Duration.hours(1), 'rate(1 hour)', '0 * * * *'],
    [Duration.hours(6), 'rate(6 hours)', '0 */6 * * *'],
    [Duration.days(1), 'rate(1 day)', '0 0 * * *'],
    [Duration.seconds(900), 'rate(15 minutes)', '*/15 * * * *'],
  ])('%s renders %s and %s', (d, aws, unix) => {
    const s = EvalSchedule.every(d);
    expect(s.toEventBridgeExpression()).toBe(aws);
    expect(s.toUnixCron()).toBe(unix);
    expect(isValidEventBridgeExpression(aws) && isValidUnixCron(unix)).toBe(true);
    expect(s.timeZone).toBe('Etc/UTC');
    expect(s.minIntervalMinutes).toBe(d.toMilliseconds() / 60_000);
  });

  test.each<[Duration, RegExp]>([
    [Duration.minutes(2), /more often than every 5 minutes/],
    [Duration.seconds(30), /more often than every 5 minutes/],
    [Duration.minutes(45), /must divide the hour or the day evenly/],
    [Duration.minutes(90), /must divide the hour or the day evenly/],
    [Duration.hours(5), /must divide the hour or the day evenly/],
    [Duration.days(2), /must divide the hour or the day evenly/],
    [Duration.seconds(301), /must divide/],
  ])('%s is refused', (d, message) => {
    const p = problemsOf(() => EvalSchedule.every(d));
    expect(p[0].message).toMatch(message);
    expect(p[0].fix.length).toBeGreaterThan(0);
  });

  test('a non-Duration is a ValidationError', () => {
    expect(problemsOf(() => EvalSchedule.every(30 as any))[0].fix).toMatch(/Duration.minutes/);
  });
});

describe('EvalSchedule.cron', () => {
  test.each<[string, string]>([
    ['*/30 * * * *', 'cron(0/30 * * * ? *)'],
    ['15,45 * * * *', 'cron(15/30 * * * ? *)'],
    ['0 7-19 * * 1-5', 'cron(0 7-19 ? * 2-6 *)'],
    ['0 9 * * 0', 'cron(0 9 ? * 1 *)'],
    ['0 9 * * 6', 'cron(0 9 ? * 7 *)'],
    ['0 3 1,15 * *', 'cron(0 3 1,15 * ? *)'],
    ['0 */4 * 1-6 *', 'cron(0 0/4 * 1-6 ? *)'],
    ['10 8,12,17 * * *', 'cron(10 8,12,17 * * ? *)'],
  ])('%s -> %s', (unix, aws) => {
    const s = EvalSchedule.cron(unix, { timeZone: 'Europe/Berlin' });
    expect(s.toEventBridgeExpression()).toBe(aws);
    expect(s.toUnixCron()).toBe(unix);
    expect(s.timeZone).toBe('Europe/Berlin');
    expect(s.description).toBe(`cron ${unix} (Europe/Berlin)`);
  });

  test('minimum interval across the day and midnight', () => {
    expect(EvalSchedule.cron('0 8,20 * * *').minIntervalMinutes).toBe(720);
    expect(EvalSchedule.cron('55 23 * * *').minIntervalMinutes).toBe(1440);
    expect(problemsOf(() => EvalSchedule.cron('58,1 * * * *'))[0].message).toMatch(/runs 3 minute\(s\) apart/);
    expect(problemsOf(() => EvalSchedule.cron('* * * * *'))[0].message).toMatch(/runs 1 minute\(s\) apart/);
  });

  test('day-of-month and day-of-week together, names, macros and bad time zones are refused', () => {
    expect(problemsOf(() => EvalSchedule.cron('0 9 1 * 1'))[0].message).toMatch(/both day-of-month and day-of-week/);
    expect(problemsOf(() => EvalSchedule.cron('0 9 * * MON'))[0].path).toBe('expression');
    expect(problemsOf(() => EvalSchedule.cron('@hourly'))[0].path).toBe('expression');
    expect(problemsOf(() => EvalSchedule.cron('0 9 * * *', { timeZone: 'Mars/Olympus' }))[0].path).toBe('options.timeZone');
  });

  test('fuzz: generated cron expressions render valid, equivalent EventBridge and unix-cron, or are refused', () => {
    const item = (lo: number, hi: number) => fc.oneof(
      fc.constant('*'),
      fc.integer({ min: lo, max: hi }).map(String),
      fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      fc.integer({ min: 1, max: hi - lo + 1 }).map((s) => `*/${s}`),
      fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }), fc.integer({ min: 1, max: 12 })).map(([a, b, s]) => `${Math.min(a, b)}-${Math.max(a, b)}/${s}`),
    );
    const field = (lo: number, hi: number) => fc.array(item(lo, hi), { minLength: 1, maxLength: 3 }).map((xs) => (xs.includes('*') ? '*' : xs.join(',')));
    const expr = fc.tuple(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6)).map((f) => f.join(' '));
    fc.assert(fc.property(expr, (e) => {
      let s: EvalSchedule;
      try {
        s = EvalSchedule.cron(e);
      } catch (err) {
        return err instanceof ValidationError;
      }
      const aws = s.toEventBridgeExpression();
      if (!isValidEventBridgeExpression(aws) || !isValidUnixCron(s.toUnixCron())) return false;
      const [min, hour] = e.split(' ');
      const minutes = expandCronField(min, { min: 0, max: 59 })!;
      const unixMinutes = expandCronField(hour, { min: 0, max: 23 })!.flatMap((h) => minutes.map((m) => h * 60 + m)).sort((a, b) => a - b);
      return JSON.stringify(awsDayMinutes(aws)) === JSON.stringify(unixMinutes);
    }), { numRuns: 500 });
  });
});
