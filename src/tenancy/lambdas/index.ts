import * as path from 'node:path';

/**
 * Directory of the gateway-admin code asset (plain JavaScript, shipped as-is; `post-compile` copies it
 * to lib/). One asset, one Lambda function per handler below, each with its own role. The same
 * directory runs as a container (`node container.js`) for the Kubernetes and Cloud Run jobs.
 */
export const GATEWAY_ADMIN_HANDLER_DIR = path.join(__dirname, 'gateway-admin');

/** Lambda handler names inside GATEWAY_ADMIN_HANDLER_DIR. */
export const GatewayAdminHandler = {
  /** aws_lambda_invocation input = one team's desired state (renderDesiredState). */
  RECONCILE: 'index.reconcile',
  /** Secrets Manager rotation of feature-key secrets (JSON {"api_key","key_alias"}). */
  ROTATE_FEATURE_KEY: 'index.rotateFeatureKey',
  /** Secrets Manager rotation of the LiteLLM master key, then an ECS rolling restart. */
  ROTATE_MASTER_KEY: 'index.rotateMasterKey',
  /** Secrets Manager rotation of the ElastiCache AUTH token (ROTATE, restart, SET). */
  ROTATE_REDIS_AUTH_TOKEN: 'index.rotateRedisAuthToken',
} as const;

/** Entry point for the container jobs, relative to GATEWAY_ADMIN_HANDLER_DIR. */
export const GATEWAY_ADMIN_CONTAINER_ENTRY = 'container.js';

/** Lambda runtime the code targets (AWS SDK v3 bundled). */
export const GATEWAY_ADMIN_LAMBDA_RUNTIME = 'nodejs22.x';
