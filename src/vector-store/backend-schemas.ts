/**
 * Schemas of the backend options (`VectorBackend.auroraPgvector(...)` etc.), checked by `VectorStore`.
 */
import { z } from 'zod';
import type { AuroraPgvectorOptions, CloudSqlPgvectorOptions, QdrantHelmOptions } from './backend';
import { CloudSqlSslMode, VectorBackendKind } from './backend';
import { QdrantTls } from './qdrant-tls';
import { AuroraCapacity } from '../aws/aurora-postgres';
import { isUnresolved } from '../core/tokens';
import { schemaFor, tokenOr, withFix } from '../core/validation';

/** `instanceof` for value classes with private constructors (the core helper needs a public one). */
export function valueOf<T>(cls: Function, fix: string): z.ZodType<T> {
  return z.custom<T>((v) => v instanceof cls, { message: withFix(`must be a ${cls.name}`, fix) });
}

const AWS_ID = (prefix: string) => tokenOr(z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), withFix(`is not a ${prefix} id`, `pass e.g. '${prefix}-0123456789abcdef0'`)));
// CloudWatch Logs accepts only these retention values (PutRetentionPolicy API).
const LOG_RETENTION = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Aurora PostgreSQL versions shipping pgvector ≥ 0.8.0: 16.5+ and 17.x (AWS release notes, Nov 2024). */
function auroraShipsPgvector08(version: string): boolean {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 16 || (major === 16 && minor >= 5);
}

const auroraSchema = schemaFor<AuroraPgvectorOptions>()(
  z.strictObject({
    vpcId: AWS_ID('vpc'),
    subnetIds: z.array(z.string()).superRefine((ids, ctx) => {
      if (isUnresolved(ids)) return;
      if (ids.length < 2) ctx.addIssue({ code: 'custom', message: withFix('needs private subnets in at least two AZs', 'pass two or more private subnet ids') });
      ids.forEach((id, i) => {
        if (!isUnresolved(id) && !/^subnet-[0-9a-f]{8,17}$/.test(id)) ctx.addIssue({ code: 'custom', path: [i], message: withFix('is not a subnet id', "pass e.g. 'subnet-0123456789abcdef0'") });
      });
    }),
    engineVersion: z.string().refine(auroraShipsPgvector08, withFix('does not ship pgvector 0.8 or later', "use Aurora PostgreSQL '16.6' or later (16.5+ or 17.x)")).optional(),
    capacity: valueOf<AuroraCapacity>(AuroraCapacity, 'pass AuroraCapacity.serverlessV2(min, max) or AuroraCapacity.provisioned(class)').optional(),
    databaseName: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, withFix('is not a database name', 'use lowercase letters, digits and _, starting with a letter')).optional(),
    kmsKeyArn: tokenOr(z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, withFix('is not a KMS key ARN', 'pass the key ARN (not an alias)'))).optional(),
    backupRetentionDays: z.number().int().min(1).max(35).optional(),
    deletionProtection: z.boolean().optional(),
    permissionsBoundaryArn: tokenOr(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:policy\/.+$/, withFix('is not an IAM policy ARN', 'pass arn:aws:iam::<account>:policy/<name>'))).optional(),
    logRetentionDays: z.number().refine((d) => LOG_RETENTION.includes(d), withFix('is not a CloudWatch Logs retention value', `use one of ${LOG_RETENTION.join(', ')}`)).optional(),
    bootstrapRuntime: z.string().regex(/^nodejs(20|22|24)\.x$/, withFix('is not a Lambda Node.js runtime with AWS SDK v3', "use 'nodejs22.x'")).optional(),
  }),
);

const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const cloudSqlSchema = schemaFor<CloudSqlPgvectorOptions>()(
  z.strictObject({
    project: tokenOr(z.string().regex(GCP_PROJECT, withFix('is not a project id', 'pass the project id, e.g. my-platform-prod'))),
    region: tokenOr(z.string().regex(/^[a-z]+-[a-z]+\d{1,2}$/, withFix('is not a GCP region', "pass e.g. 'europe-west1'"))),
    network: tokenOr(z.string().regex(/(^|\/)projects\/[^/]+\/global\/networks\/[^/]+$/, withFix('is not a VPC network id', 'pass projects/<project>/global/networks/<name> (or its self link)'))),
    bootstrapSubnetwork: tokenOr(z.string().regex(/(^|\/)projects\/[^/]+\/regions\/[^/]+\/subnetworks\/[^/]+$/, withFix('is not a subnetwork id', 'pass projects/<project>/regions/<region>/subnetworks/<name>'))),
    databaseVersion: z.string().regex(/^POSTGRES_(1[3-9]|[2-9]\d)$/, withFix('is not a Cloud SQL PostgreSQL version with pgvector 0.8', "use 'POSTGRES_16' or later")).optional(),
    tier: z.string().regex(/^db-(custom-\d+-\d+|perf-optimized-N-\d+|[a-z0-9-]+)$/, withFix('is not a Cloud SQL tier', "use e.g. 'db-custom-2-7680'")).optional(),
    highAvailability: z.boolean().optional(),
    databaseName: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, withFix('is not a database name', 'use lowercase letters, digits and _')).optional(),
    diskSizeGb: z.number().int().min(10).max(65536).optional(),
    kmsKeyName: tokenOr(z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, withFix('is not a Cloud KMS key name', 'pass projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>'))).optional(),
    backupRetentionCount: z.number().int().min(1).max(365).optional(),
    deletionProtection: z.boolean().optional(),
    sslMode: z.enum(CloudSqlSslMode).optional(),
    bootstrapImage: z.string().min(1).optional(),
    bootstrapSchedule: z.string().regex(/^(\S+\s+){4}\S+$/, withFix('is not a cron schedule', "use five fields, e.g. '*/15 * * * *'")).optional(),
    adminPasswordVersion: z.number().int().min(1).optional(),
  }),
);

const K8S_QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const qdrantSchema = schemaFor<QdrantHelmOptions>()(
  z.strictObject({
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, withFix('is not a namespace name', 'use a DNS-1123 label')).max(63),
    chartVersion: z.string().regex(/^\d+\.\d+\.\d+$/, withFix('is not a pinned chart version', "pin an exact version, e.g. '1.15.1'")).optional(),
    chartRepository: z.string().regex(/^(https|oci):\/\//, withFix('is not an https or oci repository', 'use https://qdrant.github.io/qdrant-helm')).optional(),
    replicas: z.number().int().min(3, withFix('is below 3: a Qdrant cluster needs a quorum to survive a lost pod', 'use 3 or more replicas')).optional(),
    storageSize: z.string().regex(K8S_QUANTITY, withFix('is not a Kubernetes quantity', "use e.g. '50Gi'")).optional(),
    snapshotStorageSize: z.string().regex(K8S_QUANTITY, withFix('is not a Kubernetes quantity', "use e.g. '50Gi'")).optional(),
    storageClassName: z.string().min(1).optional(),
    cpuRequest: z.string().regex(K8S_QUANTITY, withFix('is not a Kubernetes quantity', "use e.g. '1' or '500m'")).optional(),
    cpuLimit: z.string().regex(K8S_QUANTITY, withFix('is not a Kubernetes quantity', "use e.g. '2' or '1500m'")).optional(),
    memory: z.string().regex(K8S_QUANTITY, withFix('is not a Kubernetes quantity', "use e.g. '4Gi'")).optional(),
    replicationFactor: z.number().int().min(1).optional(),
    serviceMonitor: z.boolean().optional(),
    bootstrapImage: z.string().min(1).optional(),
    apiKeyVersion: z.number().int().min(1).optional(),
    tls: valueOf<QdrantTls>(QdrantTls, 'pass QdrantTls.privateCa(), QdrantTls.certManagerIssuer({...}) or QdrantTls.existingSecret(name)').optional(),
    allowedNamespaces: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, withFix('is not a namespace name', 'use a DNS-1123 label')).max(63)).optional(),
    releaseName: z
      .string()
      .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, withFix('is not a Helm release name', 'use lowercase letters, digits and -, starting with a letter'))
      .max(53, withFix('is longer than 53 characters (Helm limit)', 'use at most 53 characters'))
      .optional(),
  }),
);

/** The options schema of each backend. */
export const BACKEND_OPTION_SCHEMAS = {
  [VectorBackendKind.AURORA_PGVECTOR]: auroraSchema,
  [VectorBackendKind.CLOUD_SQL_PGVECTOR]: cloudSqlSchema,
  [VectorBackendKind.QDRANT_HELM]: qdrantSchema,
} as const;
