import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { BURN_RATE_WINDOWS } from './burn-rate';
import { LATENCY_THRESHOLDS_MS } from './latency-buckets';
import { LATENCY_OBJECTIVE } from './slo-alerts';
import type { SloObjectives } from './types';
import { schemaFor, validateProps, withFix } from '../../core/validation';

/** Gateway names as `LlmGateway` accepts them. */
export const GATEWAY_NAME = /^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/;
/** Team and feature names: lowercase, digits, `-` and `_`, starting with a letter. */
export const TEAM_OR_FEATURE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const ENVIRONMENT = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]+$/;

const fastestBurn = Math.max(...BURN_RATE_WINDOWS.map((w) => w.burnRate));
/** Below this availability the fastest burn rate would need more than 100 % errors: the page could never fire. */
export const MIN_AVAILABILITY = 1 - 1 / fastestBurn;

export const sloSchema = schemaFor<SloObjectives>()(z.strictObject({
  availability: z.number().refine((a) => a > MIN_AVAILABILITY && a < 1, {
    message: withFix(
      `must be above ${MIN_AVAILABILITY.toFixed(4)} and below 1 (the ${fastestBurn}x burn-rate page needs a budget below ${(100 / fastestBurn).toFixed(2)} %)`,
      'use a fraction such as 0.99, 0.995 or 0.999',
    ),
  }),
  latencyP95Ms: z.number().refine((ms) => LATENCY_THRESHOLDS_MS.includes(ms), {
    message: withFix(
      'is not a latency bucket boundary, so no good-events ratio can be computed for it',
      `use one of ${LATENCY_THRESHOLDS_MS.join(', ')} (the gateway's prometheus_latency_buckets, in ms)`,
    ),
  }),
}));

// 14.4 x 5 % is 72 %: the latency objective is fixed, so this can only fail if the table changes.
if (fastestBurn * (1 - LATENCY_OBJECTIVE) >= 1) throw new Error('burn-rate table incompatible with the latency objective');

export const gatewayNameSchema = z.string().regex(GATEWAY_NAME, withFix('is not a valid gateway name', 'use the LlmGateway name: 1-32 lowercase letters, digits and -, starting with a letter'));
export const teamNameSchema = z.string().regex(TEAM_OR_FEATURE_NAME, withFix('is not a valid team name', 'use 1-63 lowercase letters, digits, - and _, starting with a letter'));
export const featureNameSchema = z.string().regex(TEAM_OR_FEATURE_NAME, withFix('is not a valid feature name', 'use 1-63 lowercase letters, digits, - and _, starting with a letter'));
export const keyAliasSchema = z.string().max(256).regex(NO_CONTROL_CHARS, withFix('is not a valid key alias', 'pass the feature key\'s key_alias, `<team>/<feature>`'));
export const environmentSchema = z.string().regex(ENVIRONMENT, withFix('is not a valid environment name', 'use 1-32 lowercase letters, digits and -'));
export const runbookUrlSchema = z.string().max(2048).regex(/^https:\/\/[^\s"]+$/, withFix('is not an https URL', 'pass the runbook\'s https:// URL'));
export const budgetSchema = z.number().refine((b) => Number.isFinite(b) && b > 0, { message: withFix('must be a positive number of USD', 'pass the monthly budget in USD, e.g. 5000') });
export const minBadEventsSchema = z.number().int().min(1).max(10_000);

/** Validates and returns the input; every problem at once, as a `ValidationError`. */
export function validated<S extends z.ZodType>(errorScope: IConstruct | string, schema: S, input: unknown): z.output<S> {
  return validateProps(errorScope, schema, input);
}
