import type { Construct } from 'constructs';
import type { LlmPlatform } from './llm-platform';
import { TEAM_NAME, teamStackPropsSchema, type TeamStackProps } from './platform-props';
import { TerraformStack } from '../core/cdktf';
import { ProblemCollector } from '../core/errors';
import { OwnershipTagging } from '../core/tags';
import { validateProps } from '../core/validation';
import { TeamContext } from '../feature/team-context';
import type { TeamObservability } from '../observability/team-observability';
import { PolicyBundle } from '../policy/bundle';
import { TenantQuota } from '../tenancy/tenant-quota';

/** What `TeamStack` is built from: the team's props and its platform. */
export interface TeamStackConstructProps extends TeamStackProps {
  /** The platform the team uses (another stack of the same app). */
  readonly platform: LlmPlatform;
}

/**
 * One team's own stack (its own Terraform state), from `LlmPlatform.teamStack(app, team, props)`: its providers, a
 * policy bundle with the platform's packs, its `TenantQuota` (budget, limits, identity), its dashboard and alerts
 * (`TeamObservability`), and the registered `TeamContext`, so a squad only writes
 * `new StandardLlmFeature(teamStack, 'feature', {...})`. Everything a feature creates lands here too.
 *
 * It references the platform only through values the platform's parts export from the start; adding, changing or
 * removing a team plans only this stack.
 */
export class TeamStack extends TerraformStack {
  /** Team name (LiteLLM `team_alias`, the `team` tag, key aliases `<team>/<feature>`). */
  public readonly team: string;
  /** The team's platform. */
  public readonly platform: LlmPlatform;
  /** The policy bundle governing this stack (the platform's packs; aliases limited to the gateway's). */
  public readonly policy: PolicyBundle;
  /** The team's quota on the gateway: keys, identity, budgets and limits. */
  public readonly tenant: TenantQuota;
  /** The team's dashboard and SLO/budget alerts; features add their rows. */
  public readonly observability: TeamObservability;
  /** What every feature in this stack finds with `TeamContext.of(scope)`. */
  public readonly context: TeamContext;

  constructor(scope: Construct, team: string, props: TeamStackConstructProps) {
    const platform = props?.platform;
    const { platform: _platform, ...teamProps } = props ?? ({} as TeamStackConstructProps);
    const id = `${platform?.node?.id ?? 'platform'}-${typeof team === 'string' ? team.replace(/[^A-Za-z0-9-]/g, '-') : 'team'}`;
    // Checked before the stack exists: a second stack for the same team would otherwise fail inside cdktf.
    const p = validateProps(`${scope?.node?.path ?? ''}/${id}`, teamStackPropsSchema, teamProps, teamProblems(scope, team, platform, teamProps));
    super(scope, id);
    this.team = team;
    this.platform = platform;
    const cloud = platform.cloud._strategy;
    platform._registerTeam(team, this);

    cloud.providers(this, 'team');
    OwnershipTagging.apply(this, {
      team,
      environment: platform.environment,
      ...(p.costCenter ?? platform.tags.costCenter ? { costCenter: p.costCenter ?? platform.tags.costCenter } : {}),
      ...(platform.tags.extra ? { extra: platform.tags.extra } : {}),
    });
    const gateway = platform.gateway;
    const aliases = [...new Set(gateway.models.map((m) => m.alias))].sort();
    this.policy = new PolicyBundle(this, 'Policy', { packs: platform._policyPacks(aliases) });

    this.tenant = new TenantQuota(this, 'Quota', {
      gateway,
      team,
      models: p.models ?? aliases,
      monthlyBudgetUsd: p.monthlyBudgetUsd,
      tokensPerMinute: p.tokensPerMinute,
      requestsPerMinute: p.requestsPerMinute,
      identity: p.identity ?? cloud.teamIdentity(team),
      owner: p.owner,
      environment: platform.environment,
      ...(p.softBudgetPercent !== undefined ? { softBudgetPercent: p.softBudgetPercent } : {}),
      ...(p.cloudBudget ? { cloudBudget: p.cloudBudget } : {}),
      ...(p.removalPolicy ? { removalPolicy: p.removalPolicy } : {}),
    });
    const runbookUrl = p.runbookUrl ?? platform.runbookUrl;
    this.observability = platform.observability.addTeamDashboard(team, {
      scope: this,
      gateway,
      slo: p.slo ?? platform.slo,
      monthlyBudgetUsd: p.monthlyBudgetUsd,
      ...(runbookUrl ? { runbookUrl } : {}),
    });
    const store = platform.vectorStore;
    // The team's part of the vector store lives here, so removing its last collection is converged from here too.
    store?.forTeam(this, team);
    this.context = TeamContext.register(this, {
      tenant: this.tenant,
      observability: this.observability,
      environment: platform.environment,
      owner: p.owner,
      ...(store ? { vectorStore: store } : {}),
      ...(p.oncall ? { oncall: p.oncall } : {}),
      ...(runbookUrl ? { runbookUrl } : {}),
      ...(cloud.secretsEncryptionAtRest ? { secretsEncryptionAtRest: cloud.secretsEncryptionAtRest } : {}),
    });
  }
}

/** Problems the props schema cannot see: the team's name, its platform and app, its models. */
function teamProblems(scope: Construct, team: string, platform: LlmPlatform | undefined, props: TeamStackProps): ProblemCollector {
  const p = new ProblemCollector();
  if (typeof team !== 'string' || !TEAM_NAME.test(team)) {
    p.add('(team)', team, 'is not a valid team name (it becomes the key alias prefix, a stack id, a namespace part and a metrics label)',
      'use 1-40 lowercase letters, digits and single -, starting with a letter and ending with a letter or digit');
  }
  // `platform` is always set by LlmPlatform.teamStack; guard the public constructor anyway.
  if (!platform || typeof platform !== 'object' || !('gateway' in platform)) {
    p.add('platform', platform, 'is not an LlmPlatform', 'create team stacks with platform.teamStack(app, team, {...})');
    return p;
  }
  if (scope?.node?.root !== platform.node.root) {
    p.add('(app)', scope?.node?.path, 'is not the platform\'s app: team stacks reference the platform stack, which only works inside one app', 'pass the app the LlmPlatform was created in');
  }
  if (typeof team === 'string' && platform.teams.has(team)) p.add('(team)', team, 'already has a team stack', 'create one team stack per team; add features to the existing one');
  const aliases = new Set(platform.gateway.models.map((m) => m.alias));
  if (Array.isArray(props?.models)) {
    props.models.forEach((m, i) => {
      if (typeof m === 'string' && !aliases.has(m)) p.add(`models[${i}]`, m, 'is not an alias of the platform\'s gateway', `use one of ${[...aliases].sort().join(', ')}`);
    });
  }
  return p;
}
