/**
 * One command per action, per runtime, built from the feature's facts (literal names only). Pure.
 *
 * LiteLLM routes (read in BerriAI/litellm `litellm/proxy/management_endpoints/key_management_endpoints.py`
 * at 00670428e1ec49f6f79eee1e58df7be472b719ab, and the same in an older stored version of the file):
 * - `GET /key/list?key_alias=<alias>` (proxy admin) answers `{ keys: [<hashed token>...], total_count, ... }`:
 *   `return_full_object` defaults to false, so `keys` holds the hashed tokens.
 * - `POST /key/block` with `{"key": "<sk-... or hashed token>"}`: a value starting `sk-` is hashed, anything
 *   else is taken as the hash; sets `blocked = true` in the database and the key cache. `POST /key/unblock`
 *   takes the same body. Both are admin routes: Bearer = the master key.
 * So an operator blocks a feature by its alias with the master key alone, never reading the feature's key.
 */
import type { FeatureReadinessFacts } from '../readiness/facts';

/** A shell command and what it does. */
export interface RunbookCommand {
  readonly title: string;
  /** Shell lines (bash). */
  readonly lines: ReadonlyArray<string>;
  /** Caveats, one line each. */
  readonly notes?: ReadonlyArray<string>;
}

/** Single-quotes a value for bash. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@=+,-]+$/.test(value) ? value : `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/** How to reach the admin API and get the master key on the feature's runtime. */
export function adminAccess(f: FeatureReadinessFacts): RunbookCommand {
  const n = f.gateway.names;
  if (n.aws) {
    const region = n.aws.region ? ` --region ${shellQuote(n.aws.region)}` : '';
    const admin = f.gateway.adminEndpoint ?? '<admin_endpoint output of the platform stack>';
    return {
      title: 'Admin API access (from a host in a security group granted with allowAdminFrom)',
      lines: [
        `export ADMIN_URL=${shellQuote(admin)}`,
        `export MASTER_KEY="$(aws secretsmanager get-secret-value${region} --secret-id ${shellQuote(n.aws.masterKeySecretName ?? '<master key secret>')} --query SecretString --output text)"`,
      ],
      notes: ['The admin listener (:8443) admits only the operators\' security group; callers reach inference routes only.'],
    };
  }
  if (n.gcp) {
    const where = `--region ${shellQuote(n.gcp.region)} --project ${shellQuote(n.gcp.project)}`;
    return {
      title: 'Admin API access (an identity granted run.invoker on the admin service)',
      lines: [
        `export ADMIN_URL="$(gcloud run services describe ${shellQuote(n.gcp.adminServiceName ?? '<admin service>')} ${where} --format 'value(status.url)')"`,
        `export MASTER_KEY="$(gcloud secrets versions access latest --secret ${shellQuote(n.gcp.masterKeySecretId ?? '<master key secret>')} --project ${shellQuote(n.gcp.project)})"`,
        'export ID_TOKEN="$(gcloud auth print-identity-token --audiences "$ADMIN_URL")"',
      ],
      notes: ['Cloud Run checks the identity token in X-Serverless-Authorization; LiteLLM reads the master key from Authorization.'],
    };
  }
  if (n.kubernetes) {
    const ns = shellQuote(n.kubernetes.namespace);
    const secret = n.kubernetes.masterKeySecret;
    return {
      title: 'Admin API access (port-forward to LiteLLM itself; needs pods/portforward and secrets get in the namespace)',
      lines: [
        `kubectl -n ${ns} port-forward deployment/${shellQuote(n.kubernetes.deploymentName)} 4000:4000 &`,
        'export ADMIN_URL=http://127.0.0.1:4000',
        `export MASTER_KEY="$(kubectl -n ${ns} get secret ${shellQuote(secret?.name ?? '<master key secret>')} -o jsonpath='{.data.${secret?.key ?? 'master-key'}}' | base64 -d)"`,
      ],
    };
  }
  return { title: 'Admin API access', lines: ['export ADMIN_URL=<the gateway\'s admin URL>', 'export MASTER_KEY=<the LiteLLM master key>'] };
}

function curlAuth(f: FeatureReadinessFacts): string {
  return f.gateway.names.gcp
    ? '-H "Authorization: Bearer $MASTER_KEY" -H "X-Serverless-Authorization: Bearer $ID_TOKEN"'
    : '-H "Authorization: Bearer $MASTER_KEY"';
}

/** Block (or unblock) the feature's key: the feature is off, every other feature keeps running. */
export function blockKey(f: FeatureReadinessFacts, unblock = false): RunbookCommand {
  const route = unblock ? '/key/unblock' : '/key/block';
  const auth = curlAuth(f);
  return {
    title: unblock ? 'Unblock the feature\'s key (turn the feature back on)' : 'Block the feature\'s key (turn the feature off)',
    lines: [
      `TOKEN="$(curl -sSf -G "$ADMIN_URL/key/list" --data-urlencode ${shellQuote(`key_alias=${f.feature.keyAlias}`)} ${auth} | jq -r '.keys[0]')"`,
      `curl -sSf -X POST "$ADMIN_URL${route}" ${auth} -H 'Content-Type: application/json' -d "{\\"key\\": \\"$TOKEN\\"}"`,
    ],
    notes: unblock ? [] : [
      `Callers get 401 at once; the business fallback takes over: ${f.businessFallback.value ?? '(none stated)'}.`,
      'During a key rotation the next and previous keys answer under `<alias>@pending` and `<alias>@retired-<stamp>` until the rotation ends: block those too (`/key/list` with that alias).',
    ],
  };
}

/**
 * Move an alias to another model. The gateway's models live in its config file (the platform's code), not
 * in LiteLLM's database, so this is a code change and a deploy of the platform stack.
 */
export function moveAlias(f: FeatureReadinessFacts, alias: string, to: ReadonlyArray<string>): RunbookCommand {
  return {
    title: `Move alias ${alias} (switch model)`,
    lines: [
      `# In the platform code: point '${alias}' at another ModelDeployment (or put ${to.length > 0 ? `'${to[0]}'` : 'another alias'} first in its fallbacks), then`,
      `npx cdktf diff ${shellQuote(f.gateway.stack)}`,
      `npx cdktf deploy ${shellQuote(f.gateway.stack)}`,
    ],
    notes: [
      'The gateway reads its models from a config file rendered by the platform stack (not from LiteLLM\'s database): /model/update cannot change them.',
      `The new config changes the config hash, so ${runtimeRollout(f)} rolls out with it; the deployment rollback guards the change.`,
    ],
  };
}

function runtimeRollout(f: FeatureReadinessFacts): string {
  const n = f.gateway.names;
  if (n.aws) return `ECS service ${n.aws.serviceName}`;
  if (n.gcp) return `Cloud Run service ${n.gcp.serviceName} (a new revision)`;
  if (n.kubernetes) return `Deployment ${n.kubernetes.namespace}/${n.kubernetes.deploymentName}`;
  return 'the gateway';
}

/** Roll the gateway back to its previous version. */
export function rollbackGateway(f: FeatureReadinessFacts): RunbookCommand {
  const n = f.gateway.names;
  if (n.aws) {
    const region = n.aws.region ? ` --region ${shellQuote(n.aws.region)}` : '';
    const family = shellQuote(n.aws.taskDefinitionFamily);
    return {
      title: 'Roll the gateway back (ECS: previous task definition revision)',
      lines: [
        `PREVIOUS="$(aws ecs list-task-definitions${region} --family-prefix ${family} --sort DESC --query 'taskDefinitionArns[1]' --output text)"`,
        `aws ecs update-service${region} --cluster ${shellQuote(n.aws.clusterName)} --service ${shellQuote(n.aws.serviceName)} --task-definition "$PREVIOUS"`,
        `aws ecs wait services-stable${region} --cluster ${shellQuote(n.aws.clusterName)} --services ${shellQuote(n.aws.serviceName)}`,
      ],
      notes: ['A failed deployment already rolls back by itself (deployment circuit breaker). Revert the change in code too, or the next deploy brings it back.'],
    };
  }
  if (n.gcp) {
    const where = `--region ${shellQuote(n.gcp.region)} --project ${shellQuote(n.gcp.project)}`;
    const svc = shellQuote(n.gcp.serviceName);
    return {
      title: 'Roll the gateway back (Cloud Run: traffic to the previous revision)',
      lines: [
        `PREVIOUS="$(gcloud run revisions list --service ${svc} ${where} --sort-by '~metadata.creationTimestamp' --format 'value(metadata.name)' --limit 2 | tail -n 1)"`,
        `gcloud run services update-traffic ${svc} ${where} --to-revisions "$PREVIOUS=100"`,
      ],
      notes: ['Revert the change in code too, or the next deploy brings it back (and moves traffic to the latest revision).'],
    };
  }
  if (n.kubernetes) {
    const ns = shellQuote(n.kubernetes.namespace);
    const deployment = `deployment/${shellQuote(n.kubernetes.deploymentName)}`;
    return {
      title: 'Roll the gateway back (Kubernetes: previous ReplicaSet)',
      lines: [`kubectl -n ${ns} rollout undo ${deployment}`, `kubectl -n ${ns} rollout status ${deployment} --timeout 10m`],
      notes: ['Revert the change in code too, or the next deploy brings it back.'],
    };
  }
  return { title: 'Roll the gateway back', lines: ['# custom runtime: redeploy the previous version with your runtime\'s tooling'] };
}

/** Commands to look at and fail over the feature's vector store, by backend. */
export function vectorStoreCommands(f: FeatureReadinessFacts): RunbookCommand[] {
  const names = f.vectorCollection?.names;
  if (names?.aurora) {
    const region = names.aurora.region ? ` --region ${shellQuote(names.aurora.region)}` : '';
    const id = shellQuote(names.aurora.clusterIdentifier);
    return [
      {
        title: 'Look at the Aurora cluster',
        lines: [
          `aws rds describe-db-clusters${region} --db-cluster-identifier ${id} --query 'DBClusters[0].[Status,DBClusterMembers]'`,
          `aws cloudwatch get-metric-statistics${region} --namespace AWS/RDS --metric-name DatabaseConnections --dimensions Name=DBClusterIdentifier,Value=${id} --statistics Maximum --period 60 --start-time "$(date -u -d '-30 min' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"`,
        ],
      },
      { title: 'Fail over the Aurora cluster (promote a reader)', lines: [`aws rds failover-db-cluster${region} --db-cluster-identifier ${id}`] },
    ];
  }
  if (names?.cloudSql) {
    const where = `--project ${shellQuote(names.cloudSql.project)}`;
    const inst = shellQuote(names.cloudSql.instance);
    return [
      { title: 'Look at the Cloud SQL instance', lines: [`gcloud sql instances describe ${inst} ${where} --format 'value(state,settings.availabilityType)'`, `gcloud sql operations list --instance ${inst} ${where} --limit 5`] },
      { title: 'Fail over the Cloud SQL instance (regional instances only)', lines: [`gcloud sql instances failover ${inst} ${where}`] },
    ];
  }
  if (names?.qdrant) {
    const ns = shellQuote(names.qdrant.namespace);
    const rel = shellQuote(names.qdrant.releaseName);
    return [
      { title: 'Look at the Qdrant pods', lines: [`kubectl -n ${ns} get pods -l app.kubernetes.io/instance=${rel} -o wide`, `kubectl -n ${ns} logs statefulset/${rel} --since 30m | tail -n 200`] },
      { title: 'Restart Qdrant pods one at a time', lines: [`kubectl -n ${ns} rollout restart statefulset/${rel}`, `kubectl -n ${ns} rollout status statefulset/${rel} --timeout 15m`] },
    ];
  }
  return [];
}
