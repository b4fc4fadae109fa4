import type { IConstruct } from 'constructs';
import { TerraformStack } from '../core/cdktf';
import { ProblemCollector, ValidationError, renderReceived } from '../core/errors';
import type { LlmGateway } from '../gateway/llm-gateway';
import { TeamObservability } from '../observability/team-observability';
import { TenantQuota } from '../tenancy/tenant-quota';
import { VectorStore } from '../vector-store/vector-store';

/** What `TeamContext.register` takes: the team's parts, created in the team's stack. */
export interface TeamContextProps {
  /** The team's quota on the gateway: its keys, identity and budgets. Must be in the registering scope's stack. */
  readonly tenant: TenantQuota;
  /**
   * The team's dashboard and alerts (`observability.addTeamDashboard(team, { scope: teamStack })`); features
   * add their rows and alerts to it. Must be in the registering scope's stack.
   * @default - features get no dashboard row or alerts (the readiness report fails `monitoring-logs`)
   */
  readonly observability?: TeamObservability;
  /** The platform's vector store, for features that declare a `vectorCollection`. @default - none */
  readonly vectorStore?: VectorStore;
  /**
   * Environment name (`production`, `staging`, ...): decides which readiness items and policy rules are required.
   * @default - the tenant's environment (its `environment` prop or the gateway's `tags.environment`)
   */
  readonly environment?: string;
  /** Owning squad of the team (features may name their own). @default - the tenant's owner, if any */
  readonly owner?: string;
  /** Who is paged for the team (features may name their own). @default - none */
  readonly oncall?: string;
  /** The team's runbook; features link it unless they have their own. @default - none */
  readonly runbookUrl?: string;
  /**
   * Kubernetes only: how the cluster encrypts Secrets at rest (the feature keys are Secrets in the team
   * namespace), e.g. `EKS envelope encryption with KMS`. Synthesis cannot see the cluster, so the platform
   * declares it; without it the readiness item `access-encryption` fails on Kubernetes.
   * @default - not declared
   */
  readonly secretsEncryptionAtRest?: string;
}

const REGISTRY = new WeakMap<IConstruct, TeamContext>();
const ENVIRONMENT = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;
const RUNBOOK_URL = /^https:\/\/[^\s"]{1,2040}$/;

/**
 * What a feature needs from its team, found from any scope inside the team's stack. `LlmPlatform.teamStack()`
 * registers it on the team stack; a stack you composed by hand registers it once:
 *
 * ```ts
 * const tenant = new TenantQuota(teamStack, 'Quota', { gateway, team: 'hiring', ... });
 * const observability = platformObservability.addTeamDashboard('hiring', { scope: teamStack });
 * TeamContext.register(teamStack, { tenant, observability, vectorStore });
 * new StandardLlmFeature(teamStack, 'job-description-gen', { ... });
 * ```
 */
export class TeamContext {
  /**
   * Registers the team's context on `scope` (usually the team stack), for every feature created under it.
   * ValidationError when a part is missing, lives in another stack, or belongs to another team.
   */
  public static register(scope: IConstruct, props: TeamContextProps): TeamContext {
    const where = `TeamContext.register(${typeof scope?.node?.path === 'string' ? scope.node.path : renderReceived(scope)})`;
    const p = new ProblemCollector();
    if (!scope || typeof scope !== 'object' || !('node' in scope)) {
      p.add('scope', scope, 'is not a construct', 'pass the team stack (or a construct inside it)').throwIfAny('TeamContext.register');
    }
    if (REGISTRY.has(scope)) p.add('scope', scope.node.path, 'already has a TeamContext', 'register one context per team stack');
    if (props === null || typeof props !== 'object') p.add('(props)', props, 'is not an object', 'pass { tenant, observability?, vectorStore?, ... }').throwIfAny(where);
    const stack = TerraformStack.of(scope);
    const tenant = props.tenant;
    if (!(tenant instanceof TenantQuota)) {
      p.add('tenant', tenant, 'is not a TenantQuota', 'create the team\'s TenantQuota in the team stack and pass it');
    } else if (TerraformStack.of(tenant) !== stack) {
      p.add('tenant', tenant.node.path, `is in stack ${TerraformStack.of(tenant).node.id}, not ${stack.node.id}`, 'create the TenantQuota in the team stack the features live in (their keys are created beside it)');
    }
    const obs = props.observability;
    if (obs !== undefined) {
      if (!(obs instanceof TeamObservability)) {
        p.add('observability', obs, 'is not a TeamObservability', 'pass observability.addTeamDashboard(team, { scope: teamStack })');
      } else {
        if (TerraformStack.of(obs) !== stack) p.add('observability', obs.node.path, `is in stack ${TerraformStack.of(obs).node.id}, not ${stack.node.id}`, 'pass { scope: teamStack } to addTeamDashboard');
        if (tenant instanceof TenantQuota && obs.team !== tenant.team) p.add('observability', obs.team, `is team ${obs.team}'s, the tenant is team ${tenant.team}`, 'pass the dashboard of the same team');
        if (tenant instanceof TenantQuota && obs.gateway !== tenant.gateway.gatewayName) {
          p.add('observability', obs.gateway, `watches gateway ${obs.gateway}, the tenant uses ${tenant.gateway.gatewayName}`, 'pass the team dashboard of the tenant\'s gateway (addTeamDashboard(team, { gateway }))');
        }
      }
    }
    if (props.vectorStore !== undefined && !(props.vectorStore instanceof VectorStore)) p.add('vectorStore', props.vectorStore, 'is not a VectorStore', 'pass the platform\'s VectorStore');
    const environment = props.environment ?? (tenant instanceof TenantQuota ? tenant.environment : undefined);
    if (environment === undefined) {
      p.add('environment', environment, 'is unknown', "pass environment (e.g. 'production'), or set it on the TenantQuota or the gateway's tags.environment");
    } else if (typeof environment !== 'string' || !ENVIRONMENT.test(environment)) {
      p.add('environment', environment, 'is not an environment name', 'use 1-32 lowercase letters, digits and -');
    }
    for (const key of ['owner', 'oncall'] as const) {
      const v = props[key];
      if (v !== undefined && (typeof v !== 'string' || v.trim().length === 0 || v.length > 256 || /[\u0000-\u001f\u007f]/.test(v))) {
        p.add(key, v, 'is not a name', 'pass a short name (1-256 characters, no control characters)');
      }
    }
    if (props.runbookUrl !== undefined && (typeof props.runbookUrl !== 'string' || !RUNBOOK_URL.test(props.runbookUrl))) {
      p.add('runbookUrl', props.runbookUrl, 'is not an https URL', "pass the runbook's https:// URL");
    }
    const enc = props.secretsEncryptionAtRest;
    if (enc !== undefined && (typeof enc !== 'string' || enc.trim().length === 0 || enc.length > 256 || /[\u0000-\u001f\u007f]/.test(enc))) {
      p.add('secretsEncryptionAtRest', enc, 'is not a short description', "describe the cluster's Secret encryption in one line, e.g. 'EKS envelope encryption with KMS'");
    }
    const known = new Set(['tenant', 'observability', 'vectorStore', 'environment', 'owner', 'oncall', 'runbookUrl', 'secretsEncryptionAtRest']);
    for (const k of Object.keys(props)) if (!known.has(k)) p.add(k, k, 'is not a TeamContext prop', `remove it (known: ${[...known].join(', ')})`);
    p.throwIfAny(where);
    const ctx = new TeamContext(props as TeamContextProps & { tenant: TenantQuota }, environment!);
    REGISTRY.set(scope, ctx);
    return ctx;
  }

  /**
   * The context registered on `scope` or its nearest enclosing scope. ValidationError naming `scope` and the
   * fix when there is none.
   */
  public static of(scope: IConstruct): TeamContext {
    const found = TeamContext.tryOf(scope);
    if (found) return found;
    throw new ValidationError(scope, [{
      path: '(scope)',
      received: `no TeamContext above ${scope.node.path}`,
      message: 'is not inside a team stack: a feature needs its team\'s quota, gateway and observability',
      fix: 'create it in a stack from LlmPlatform.teamStack(app, team, {...}), or register the team once: TeamContext.register(teamStack, { tenant, observability })',
    }]);
  }

  /** The context registered on `scope` or its nearest enclosing scope, if any. */
  public static tryOf(scope: IConstruct): TeamContext | undefined {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const ctx = REGISTRY.get(scopes[i]);
      if (ctx) return ctx;
    }
    return undefined;
  }

  /** Team name (LiteLLM `team_alias`). */
  public readonly team: string;
  public readonly environment: string;
  public readonly owner?: string;
  public readonly oncall?: string;
  public readonly tenant: TenantQuota;
  /** The gateway the team's keys live on (may be in the platform stack). */
  public readonly gateway: LlmGateway;
  public readonly observability?: TeamObservability;
  public readonly vectorStore?: VectorStore;
  public readonly runbookUrl?: string;
  /** Kubernetes: the declared encryption of Secrets at rest. */
  public readonly secretsEncryptionAtRest?: string;

  private constructor(props: TeamContextProps & { tenant: TenantQuota }, environment: string) {
    this.tenant = props.tenant;
    this.team = props.tenant.team;
    this.gateway = props.tenant.gateway;
    this.environment = environment;
    this.owner = props.owner;
    this.oncall = props.oncall;
    this.observability = props.observability;
    this.vectorStore = props.vectorStore;
    this.runbookUrl = props.runbookUrl;
    this.secretsEncryptionAtRest = props.secretsEncryptionAtRest;
  }
}
