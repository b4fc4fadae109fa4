import { ValidationError, renderReceived } from './errors';

type Unit = 'milliseconds' | 'seconds' | 'minutes' | 'hours' | 'days';

const MS: Readonly<Record<Unit, number>> = {
  milliseconds: 1,
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/**
 * A length of time. cdktf has no `Duration` (aws-cdk-lib's lives in its core, which this library does
 * not depend on), so the library carries this small one: whole or fractional amounts of one unit,
 * converted exactly where the result is a whole number and rejected where it is not.
 *
 * ```ts
 * EvalSchedule.every(Duration.minutes(30));
 * Duration.hours(2).toMinutes(); // 120
 * ```
 */
export class Duration {
  public static millis(amount: number): Duration {
    return new Duration(amount, 'milliseconds');
  }

  public static seconds(amount: number): Duration {
    return new Duration(amount, 'seconds');
  }

  public static minutes(amount: number): Duration {
    return new Duration(amount, 'minutes');
  }

  public static hours(amount: number): Duration {
    return new Duration(amount, 'hours');
  }

  public static days(amount: number): Duration {
    return new Duration(amount, 'days');
  }

  /** True for a `Duration` (validation of props that take one). */
  public static isDuration(value: unknown): value is Duration {
    return value instanceof Duration;
  }

  private constructor(
    /** The amount, in `unit`. */
    public readonly amount: number,
    /** The unit the duration was created with. */
    public readonly unit: Unit,
  ) {
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
      throw new ValidationError(`Duration.${unit === 'milliseconds' ? 'millis' : unit}`, [{
        path: 'amount',
        received: renderReceived(amount),
        message: 'must be a finite number of at least 0',
        fix: `pass a non-negative number, e.g. Duration.${unit === 'milliseconds' ? 'millis' : unit}(30)`,
      }]);
    }
  }

  /** Total milliseconds (may be fractional only when created from fractional milliseconds). */
  public toMilliseconds(): number {
    return this.amount * MS[this.unit];
  }

  /** Total seconds; throws a ValidationError when the duration is not a whole number of seconds. */
  public toSeconds(): number {
    return this.whole('seconds');
  }

  /** Total minutes; throws a ValidationError when the duration is not a whole number of minutes. */
  public toMinutes(): number {
    return this.whole('minutes');
  }

  /** Total hours; throws a ValidationError when the duration is not a whole number of hours. */
  public toHours(): number {
    return this.whole('hours');
  }

  /** Total days; throws a ValidationError when the duration is not a whole number of days. */
  public toDays(): number {
    return this.whole('days');
  }

  /** Whether the duration is a whole number of `unit`. */
  public isWhole(unit: Unit): boolean {
    const ms = this.toMilliseconds();
    return Number.isInteger(ms) && ms % MS[unit] === 0;
  }

  /** e.g. `30 minutes`, `1 hour`, `1500 milliseconds` (in the unit it was created with). */
  public toString(): string {
    const singular = this.amount === 1;
    return `${this.amount} ${singular ? this.unit.slice(0, -1) : this.unit}`;
  }

  private whole(unit: Unit): number {
    if (!this.isWhole(unit)) {
      throw new ValidationError('Duration', [{
        path: 'amount',
        received: this.toString(),
        message: `is not a whole number of ${unit}`,
        fix: `use a duration that is a multiple of 1 ${unit.slice(0, -1)}`,
      }]);
    }
    return this.toMilliseconds() / MS[unit];
  }
}
