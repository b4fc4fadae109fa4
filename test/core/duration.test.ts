import * as fc from 'fast-check';
import { Duration, ValidationError } from '../../src/core';

describe('Duration', () => {
  test('converts exactly between units', () => {
    expect(Duration.minutes(30).toSeconds()).toBe(1800);
    expect(Duration.hours(2).toMinutes()).toBe(120);
    expect(Duration.days(1).toHours()).toBe(24);
    expect(Duration.seconds(90).toMilliseconds()).toBe(90_000);
    expect(Duration.millis(1500).toMilliseconds()).toBe(1500);
    expect(Duration.minutes(1.5).toSeconds()).toBe(90);
  });

  test('a conversion that is not whole is a ValidationError naming the unit', () => {
    expect(() => Duration.seconds(90).toMinutes()).toThrow(ValidationError);
    expect(() => Duration.seconds(90).toMinutes()).toThrow(/is not a whole number of minutes/);
    expect(Duration.seconds(90).isWhole('seconds')).toBe(true);
    expect(Duration.seconds(90).isWhole('minutes')).toBe(false);
  });

  test('renders its amount and unit', () => {
    expect(Duration.minutes(30).toString()).toBe('30 minutes');
    expect(Duration.hours(1).toString()).toBe('1 hour');
    expect(Duration.millis(1).toString()).toBe('1 millisecond');
  });

  test('negative, NaN, infinite or non-number amounts are ValidationErrors with the fix', () => {
    for (const bad of [-1, NaN, Infinity, '30', null, undefined]) {
      expect(() => Duration.minutes(bad as any)).toThrow(ValidationError);
    }
    expect(() => Duration.minutes(-1)).toThrow(/Duration.minutes.*must be a finite number of at least 0.*Fix: pass a non-negative number/s);
  });

  test('isDuration tells durations from look-alikes', () => {
    expect(Duration.isDuration(Duration.seconds(1))).toBe(true);
    expect(Duration.isDuration({ amount: 1, unit: 'seconds' })).toBe(false);
  });

  test('fuzz: any input is a Duration or a ValidationError, never a TypeError', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      try {
        Duration.hours(v as any).toMilliseconds();
        return typeof v === 'number';
      } catch (e) {
        return e instanceof ValidationError;
      }
    }));
  });
});
