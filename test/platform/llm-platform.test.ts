import { CERT, CLOUDS, HMAC, NETWORK, PROJECT, SUBNETS, SUBNETWORK, VPC, cloudOf, featureProps, kubernetesProviders, modelsOf, platformOn, teamWithFeatures, type Cloud } from './helpers';
import { SecretRef, ValidationError } from '../../src/core';
import { App, Testing, TerraformStack } from '../../src/core/cdktf';
import { StandardLlmFeature, TeamContext } from '../../src/feature';
import { ModelDeployment } from '../../src/gateway';
import { KubernetesDatabase, KubernetesRedis } from '../../src/gateway/runtimes/kubernetes';
import { AlertChannel } from '../../src/observability';
import { KubernetesFlavour, LlmPlatform, PlatformCloud, type LlmPlatformProps } from '../../src/platform';
import { TeamIdentity } from '../../src/tenancy';
import { synthStack } from '../../src/testing';

const RUNTIME: Record<Cloud, string> = { aws: 'ecs-fargate', gcp: 'cloud-run', kubernetes: 'kubernetes' };
const VECTORS: Record<Cloud, string> = { aws: 'aurora-pgvector', gcp: 'cloud-sql-pgvector', kubernetes: 'qdrant-helm' };

/** The ValidationError a build throws (fails the test when it throws anything else, or nothing). */
function validationErrorOf(build: () => unknown): ValidationError {
  try {
    build();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

const paths = (e: ValidationError) => e.problems.map((p) => p.path);

describe.each(CLOUDS)('LlmPlatform on %s', (cloud) => {
  it('composes the parts for the cloud in one stack', () => {
    // GIVEN / WHEN
    const platform = platformOn(cloud);

    // THEN every part is there, with the cloud's strategy, and the platform is a stack of its own
    expect(TerraformStack.isStack(platform)).toBe(true);
    expect(platform.gateway.runtime.kind).toBe(RUNTIME[cloud]);
    expect(platform.gateway.gatewayName).toBe('llm');
    expect(platform.observability.targetKind).toBe(cloud);
    expect(platform.observability.gateways).toEqual([platform.gateway]);
    expect(platform.vectorStore?.backendKind).toBe(VECTORS[cloud]);
    expect(TerraformStack.of(platform.tenancy)).toBe(platform);
    expect(PolicyBundleOf(platform).map((p) => [p.name, p.strict])).toEqual([['security-baseline', true], ['llm-governance', true]]);
    expect(PolicyBundleOf(platform)[1].options.modelAllowList).toEqual(modelsOf(cloud).modelAllowList);
    // AND the stack passes its own packs (synthStack throws on a blocking finding)
    expect(() => synthStack(platform)).not.toThrow();
  });

  it('gives a team its own stack with quota, dashboard, policy and a TeamContext every feature finds', () => {
    // GIVEN
    const app = Testing.app({ stackTraces: false });
    const platform = platformOn(cloud, app);

    // WHEN
    const hiring = platform.teamStack(app, 'hiring', { monthlyBudgetUsd: 5_000, tokensPerMinute: 200_000, requestsPerMinute: 600, owner: 'hiring-squad', oncall: 'hiring-oncall' });
    const feature = new StandardLlmFeature(hiring, 'job-description-gen', featureProps(cloud, 'hiring', 'job-description-gen'));

    // THEN
    expect(hiring.node.id).toBe('llm-hiring');
    expect(hiring.node.scope).toBe(app);
    expect(platform.teams.get('hiring')).toBe(hiring);
    const ctx = TeamContext.of(feature);
    expect(ctx).toBe(hiring.context);
    expect(ctx.tenant).toBe(hiring.tenant);
    expect(ctx.gateway).toBe(platform.gateway);
    expect(ctx.observability).toBe(hiring.observability);
    expect(ctx.vectorStore).toBe(platform.vectorStore);
    expect(ctx.environment).toBe('production');
    expect(ctx.oncall).toBe('hiring-oncall');
    expect(TerraformStack.of(hiring.tenant)).toBe(hiring);
    expect(TerraformStack.of(hiring.observability)).toBe(hiring);
    expect(hiring.tenant.governanceFacts()).toMatchObject({ team: 'hiring', models: ['chat', 'chat-fallback'], monthlyBudgetUsd: 5_000, tokensPerMinute: 200_000, requestsPerMinute: 600 });
    // The team's packs limit the aliases its features call to the gateway's.
    expect(PolicyBundleOf(hiring)[1].options.aliasAllowList).toEqual(['chat', 'chat-fallback']);
    expect(feature.keyAlias).toBe('hiring/job-description-gen');
    app.synth();
  });
});

// eslint-disable-next-line @typescript-eslint/naming-convention
function PolicyBundleOf(stack: TerraformStack) {
  // The bundle governing the stack, by its construct id.
  return (stack.node.findChild('Policy') as unknown as { packs: ReadonlyArray<{ name: string; strict: boolean; options: Record<string, unknown> }> }).packs;
}

describe('LlmPlatform defaults and decisions', () => {
  it('is production by default: strict packs, every readiness item required', () => {
    const platform = platformOn('aws');
    expect(platform.environment).toBe('production');
    expect(platform.production).toBe(true);
    expect(platform.tags).toEqual({ team: 'platform', environment: 'production' });
  });

  it('outside production the packs are not strict and the allow-list may be left out', () => {
    const { modelAllowList: _drop, ...models } = modelsOf('aws');
    const platform = new LlmPlatform(Testing.app({ stackTraces: false }), 'llm', { cloud: cloudOf('aws'), ...models, environment: 'staging' });
    expect(PolicyBundleOf(platform).map((p) => p.strict)).toEqual([false, false]);
    expect(PolicyBundleOf(platform)[1].options.modelAllowList).toBeUndefined();
  });

  it('the name defaults to the stack id', () => {
    const platform = new LlmPlatform(Testing.app({ stackTraces: false }), 'Prod_Platform', { cloud: cloudOf('aws'), ...modelsOf('aws') });
    expect(platform.platformName).toBe('prod-platform');
    expect(platform.gateway.gatewayName).toBe('prod-platform');
  });

  it('vectorStore: false leaves the store out (and teams without one)', () => {
    const app = Testing.app({ stackTraces: false });
    const platform = platformOn('kubernetes', app, { vectorStore: false });
    expect(platform.vectorStore).toBeUndefined();
    expect(platform.node.tryFindChild('vectors')).toBeUndefined();
    const team = teamWithFeatures(platform, app, 'kubernetes', 'hiring');
    expect(team.context.vectorStore).toBeUndefined();
  });

  it('AWS: the gateway roles get a boundary made for them, unless the platform brings its own', () => {
    const own = platformOn('aws');
    const json = synthStack(own);
    const boundary = Object.values<any>(json.resource.aws_iam_policy).find((p) => String(p.name).startsWith('llm-gateway'));
    expect(boundary).toBeDefined();
    for (const role of Object.values<any>(json.resource.aws_iam_role)) expect(role.permissions_boundary).toBeDefined();

    const org = 'arn:aws:iam::123456789012:policy/org-boundary';
    const theirs = new LlmPlatform(Testing.app({ stackTraces: false }), 'llm', {
      ...modelsOf('aws'),
      cloud: PlatformCloud.aws({
        region: 'us-east-1', vpcId: VPC, privateSubnetIds: SUBNETS, certificateArn: CERT, permissionsBoundaryArn: org, grafana: { allowedVpcEndpointIds: ['vpce-0123456789abcdef0'] },
      }),
    });
    expect(theirs.node.tryFindChild('GatewayBoundary')).toBeUndefined();
    const roles = synthStack(theirs).resource.aws_iam_role;
    // The gateway's own roles take the organisation's boundary (helper functions keep their exact ones).
    expect(Object.entries<any>(roles).filter(([id]) => /^gateway_EcsFargate_(Task|Execution)Role/.test(id)).map(([, r]) => r.permissions_boundary)).toEqual([org, org]);
    for (const role of Object.values<any>(roles)) expect(role.permissions_boundary).toBeDefined();
  });

  it('AWS: the vector store admits the tenancy\'s caller group once, so several teams can each have a collection', () => {
    // GIVEN two teams whose features each declare a vector collection
    const app = Testing.app({ stackTraces: false });
    const platform = platformOn('aws', app);
    for (const team of ['hiring', 'search']) {
      const stack = platform.teamStack(app, team, { monthlyBudgetUsd: 5_000, tokensPerMinute: 200_000, requestsPerMinute: 600, owner: 'o', oncall: 'c' });
      new StandardLlmFeature(stack, 'kb', featureProps('aws', team, 'kb', { vectorCollection: { dimensions: 1024 } }));
    }
    // WHEN synthesized (a rule per team stack for the same group would be a duplicate AWS refuses)
    app.synth();
    const json = (id: string) => JSON.parse(Testing.synth(app.node.findChild(id) as TerraformStack));
    // THEN the platform stack holds the one rule, and no team stack touches the cluster's security group
    const rules = (j: any) => [
      ...Object.keys(j.resource?.aws_vpc_security_group_ingress_rule ?? {}),
      ...Object.keys(j.resource?.aws_security_group_rule ?? {}),
    ];
    expect(rules(json('llm')).filter((r) => /gateway-callers/i.test(r))).toHaveLength(1);
    for (const team of ['llm-hiring', 'llm-search']) expect(rules(json(team))).toEqual([]);
  });

  it('configureStack runs for the platform and each team stack', () => {
    const app = Testing.app({ stackTraces: false });
    const seen: string[] = [];
    const platform = platformOn('aws', app, { configureStack: (stack, info) => seen.push(`${stack.node.id}:${info.role}:${info.team ?? ''}`) });
    teamWithFeatures(platform, app, 'aws', 'hiring', 0);
    expect(seen).toEqual(['llm:platform:', 'llm-hiring:team:hiring']);
  });

  it('teams default to the cloud\'s identity and may bring their own', () => {
    const app = Testing.app({ stackTraces: false });
    const k8s = platformOn('kubernetes', app);
    const a = k8s.teamStack(app, 'hiring', { monthlyBudgetUsd: 1, tokensPerMinute: 1, requestsPerMinute: 1, owner: 'o' });
    expect(a.tenant.identity.namespace).toBe('team-hiring');
    const b = k8s.teamStack(app, 'search', { monthlyBudgetUsd: 1, tokensPerMinute: 1, requestsPerMinute: 1, owner: 'o', identity: TeamIdentity.kubernetesNamespace({ namespace: 'search-apps' }) });
    expect(b.tenant.identity.namespace).toBe('search-apps');
  });
});

describe('LlmPlatform validation', () => {
  const app = () => Testing.app({ stackTraces: false });

  it('reports every problem at once, before creating anything, with the construct path', () => {
    // GIVEN bad cloud options, an unknown fallback alias, an allow-list missing a deployed model and a bad SLO
    const e = validationErrorOf(() => new LlmPlatform(app(), 'llm', {
      cloud: PlatformCloud.aws({ region: 'mars-1', vpcId: 'vpc-nope', privateSubnetIds: [SUBNETS[0]], certificateArn: 'cert' }),
      ...modelsOf('aws'),
      fallbacks: [{ from: 'chat', to: ['chat-slow'] }],
      modelAllowList: ['bedrock/amazon.nova-lite-v1:0'],
      slo: { availability: 0.5, latencyP95Ms: 1234 },
    }));
    // THEN
    expect(e.constructPath).toBe('llm');
    expect(paths(e)).toEqual(expect.arrayContaining([
      'cloud.region', 'cloud.vpcId', 'cloud.privateSubnetIds', 'cloud.certificateArn',
      'fallbacks[0].to[0]', 'modelAllowList', 'slo.availability', 'slo.latencyP95Ms',
    ]));
    expect(e.message).toMatch(/does not list bedrock\/anthropic\.claude-3-5-haiku-20241022-v1:0/);
  });

  it('requires a model allow-list in production, naming the models to review', () => {
    const { modelAllowList: _drop, ...models } = modelsOf('aws');
    const e = validationErrorOf(() => new LlmPlatform(app(), 'llm', { cloud: cloudOf('aws'), ...models }));
    expect(e.problems).toEqual([expect.objectContaining({ path: 'modelAllowList' })]);
    expect(e.problems[0].fix).toContain("modelAllowList: ['bedrock/amazon.nova-lite-v1:0', 'bedrock/anthropic.claude-3-5-haiku-20241022-v1:0']");
  });

  it('reports the runtime\'s and the observability target\'s own problems under cloud', () => {
    // GIVEN an impossible task size and a Grafana workspace no network can reach
    const e = validationErrorOf(() => new LlmPlatform(app(), 'llm', {
      ...modelsOf('aws'),
      cloud: PlatformCloud.aws({ region: 'us-east-1', vpcId: VPC, privateSubnetIds: SUBNETS, certificateArn: CERT, runtime: { cpu: 3 } }),
    }));
    // THEN both are reported at once, where the user wrote them
    expect(paths(e)).toEqual(['cloud.runtime.cpu', 'cloud.grafana']);
  });

  it('GCP: the audit trail\'s HMAC key is required unless the audit trail is off', () => {
    const e = validationErrorOf(() => new LlmPlatform(app(), 'llm', {
      ...modelsOf('gcp'),
      cloud: PlatformCloud.gcp({ project: PROJECT, region: 'europe-west1', network: NETWORK, subnetwork: SUBNETWORK, audit: {} }),
    }));
    expect(paths(e)).toEqual(['cloud.audit.hmacKey']);
    expect(() => new LlmPlatform(app(), 'llm', {
      ...modelsOf('gcp'),
      cloud: PlatformCloud.gcp({ project: PROJECT, region: 'europe-west1', network: NETWORK, subnetwork: SUBNETWORK, audit: { hmacKey: HMAC } }),
    })).not.toThrow();
  });

  it('Kubernetes: declared Secret encryption in production, a vector store namespace, no alerting channels', () => {
    const e = validationErrorOf(() => new LlmPlatform(app(), 'llm', {
      ...modelsOf('kubernetes'),
      alerting: { page: [AlertChannel.email('oncall@example.com')] },
      cloud: PlatformCloud.kubernetes({
        flavour: KubernetesFlavour.GENERIC,
        providers: kubernetesProviders,
        redis: KubernetesRedis.external({ host: 'redis.internal', password: SecretRef.kubernetes('redis', 'password') }),
        database: KubernetesDatabase.fromUrlSecret(SecretRef.kubernetes('db', 'url')),
      }),
    }));
    expect(paths(e).sort()).toEqual(['alerting', 'cloud.secretsEncryptionAtRest', 'cloud.vectorStore.namespace']);
  });

  it('bad input is a ValidationError, never a TypeError', () => {
    for (const props of [undefined, null, 42, {}, { cloud: {}, models: 'chat' }, { cloud: PlatformCloud.aws(null as never), models: [] }]) {
      expect(() => new LlmPlatform(app(), 'llm', props as unknown as LlmPlatformProps)).toThrow(ValidationError);
    }
    expect(() => new LlmPlatform(app(), 'llm', { cloud: PlatformCloud.kubernetes(undefined as never), models: modelsOf('aws').models })).toThrow(ValidationError);
  });

  it('unknown props are rejected', () => {
    const e = validationErrorOf(() => new LlmPlatform(app(), 'llm', { cloud: cloudOf('aws'), ...modelsOf('aws'), region: 'us-east-1' } as unknown as LlmPlatformProps));
    expect(e.message).toMatch(/region/);
  });
});

describe('LlmPlatform.teamStack validation', () => {
  it('reports bad props, a bad team name and unknown models at once, before the stack exists', () => {
    const app = Testing.app({ stackTraces: false });
    const platform = platformOn('aws', app);
    const e = validationErrorOf(() => platform.teamStack(app, 'Hiring_Team', { monthlyBudgetUsd: -1, tokensPerMinute: 1.5, requestsPerMinute: 0, owner: '', models: ['gpt-5'] }));
    expect(paths(e).sort()).toEqual(['(team)', 'models[0]', 'monthlyBudgetUsd', 'owner', 'requestsPerMinute', 'tokensPerMinute']);
    expect(app.node.children.filter(TerraformStack.isStack).map((s) => s.node.id)).toEqual(['llm']);
  });

  it('one stack per team', () => {
    const app = Testing.app({ stackTraces: false });
    const platform = platformOn('aws', app);
    teamWithFeatures(platform, app, 'aws', 'hiring', 0);
    const e = validationErrorOf(() => teamWithFeatures(platform, app, 'aws', 'hiring', 0));
    expect(e.problems).toEqual([expect.objectContaining({ path: '(team)', message: 'already has a team stack' })]);
  });

  it('team stacks live in the platform\'s app', () => {
    const platform = platformOn('aws', Testing.app({ stackTraces: false }));
    const other = new App({ outdir: Testing.app().outdir, stackTraces: false });
    const e = validationErrorOf(() => platform.teamStack(other, 'hiring', { monthlyBudgetUsd: 1, tokensPerMinute: 1, requestsPerMinute: 1, owner: 'o' }));
    expect(paths(e)).toEqual(['(app)']);
  });

  it('a feature quota above the team\'s is the feature\'s ValidationError', () => {
    const app = Testing.app({ stackTraces: false });
    const platform = platformOn('aws', app);
    const team = platform.teamStack(app, 'hiring', { monthlyBudgetUsd: 500, tokensPerMinute: 200_000, requestsPerMinute: 600, owner: 'o' });
    expect(() => new StandardLlmFeature(team, 'jd', featureProps('aws', 'hiring', 'jd'))).toThrow(/above the team's monthly budget/);
  });
});

describe('ModelDeployment aliases', () => {
  it('teams may be limited to some aliases', () => {
    const app = Testing.app({ stackTraces: false });
    const platform = platformOn('aws', app, {
      models: [...modelsOf('aws').models, ModelDeployment.bedrock({ alias: 'embed', modelId: 'amazon.titan-embed-text-v2:0', region: 'us-east-1' })],
      modelAllowList: [...modelsOf('aws').modelAllowList!, 'bedrock/amazon.titan-embed-text-v2:0'],
    });
    const team = platform.teamStack(app, 'hiring', { monthlyBudgetUsd: 1_000, tokensPerMinute: 1_000, requestsPerMinute: 10, owner: 'o', models: ['embed'] });
    expect(team.tenant.governanceFacts().models).toEqual(['embed']);
  });
});
