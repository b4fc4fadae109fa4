import type { Evidence, Fact, FeatureReadinessFacts } from './facts';
import { type FeatureReadinessResult, type ReadinessCheck, type ReadinessItem, type ReadinessItemId, type ReadinessStatus, worstStatus } from './model';
import { ALERT_NAMES } from '../../observability/slo/slo-alerts';
import { DEFAULT_PRODUCTION_ENVIRONMENTS, isProduction as isProductionName } from '../../policy/rules/governance/subject-types';

/** Options of `evaluateReadiness`. */
export interface ReadinessOptions {
  /**
   * Environment names treated as production (case-insensitive): every item is required there, and a failing
   * required item fails synthesis.
   * @default DEFAULT_PRODUCTION_ENVIRONMENTS
   */
  readonly productionEnvironments?: ReadonlyArray<string>;
}

// The policy bundle's production names: a rule and a readiness item never disagree on what production is.
export { DEFAULT_PRODUCTION_ENVIRONMENTS };

/** Longest key rotation period accepted (days). Provenance: PCI DSS / NIST SP 800-57 cryptoperiod guidance for access keys (≤ 90 days). */
export const MAX_KEY_ROTATION_DAYS = 90;

/** The checklist, in report order. */
export const READINESS_ITEMS: ReadonlyArray<{ readonly id: ReadinessItemId; readonly category: 'general' | 'llm'; readonly title: string; readonly checks: string }> = [
  { id: 'release-process', category: 'general', title: 'CI/CD and release process', checks: 'pinned gateway image, automatic deployment rollback, policy packs gate every synth of the feature\'s stack' },
  { id: 'autoscaling-capacity', category: 'general', title: 'Autoscaling and capacity', checks: 'the gateway scales between a floor and a higher ceiling; the feature\'s limits fit the router\'s timeouts' },
  { id: 'fault-tolerance', category: 'general', title: 'Fault tolerance and blast radius', checks: 'at least two replicas across zones, own virtual key (blast radius = one feature), a stated business fallback' },
  { id: 'runbook', category: 'general', title: 'Runbooks', checks: 'generated runbook, owner and on-call named' },
  { id: 'monitoring-logs', category: 'general', title: 'Standard monitoring and structured logs', checks: 'Prometheus metrics, JSON logs, health probes, the feature\'s dashboard row and SLO alerts' },
  { id: 'access-encryption', category: 'general', title: 'Access control and encryption', checks: 'key in a secret only its callers read, rotated; network path only for callers; encrypted at rest and in transit' },
  { id: 'prompt-versioning', category: 'llm', title: 'Prompt version control and regression tests', checks: 'prompt repository declared; regression tests by the evaluation probe' },
  { id: 'limits-budget', category: 'llm', title: 'TPM/RPM limits and cost budget', checks: 'key TPM, RPM and monthly budget; spend alert' },
  { id: 'fallback-circuit-breaking', category: 'llm', title: 'Model fallback and circuit breaking', checks: 'every alias has a fallback or several deployments; cooldown after allowed fails; retries and timeouts' },
  { id: 'guardrails', category: 'llm', title: 'Guardrails (PII, hallucination / grounding)', checks: 'default-on PII guardrail, no message logging for confidential data, tool execution constrained, structured output for automation, grounding check for retrieval' },
  { id: 'llm-observability', category: 'llm', title: 'LLM observability (time to first token, tracing)', checks: 'TTFT histogram, traces, latency SLO alerts' },
  { id: 'continuous-qa', category: 'llm', title: 'Continuous QA (golden dataset, offline evaluation)', checks: 'an evaluation probe on the golden set (passed) or a declared golden dataset (declared)' },
];

type Check = ReadinessCheck;

function ok(name: string, pass: boolean, detail: string, ev: ReadonlyArray<Evidence>, fix: string): Check {
  return pass ? { name, status: 'passed', detail, evidence: ev } : { name, status: 'failed', detail, evidence: ev, fix };
}
function declared(name: string, detail: string, ev: ReadonlyArray<Evidence>): Check {
  return { name, status: 'declared', detail, evidence: ev };
}
function na(name: string, detail: string, ev: ReadonlyArray<Evidence> = []): Check {
  return { name, status: 'not-applicable', detail, evidence: ev };
}
function evOf(...facts: ReadonlyArray<Fact<unknown> | undefined>): Evidence[] {
  return facts.flatMap((f) => (f ? [...f.evidence] : []));
}

/** True when `environment` is one of the production environments (case-insensitive). */
export function isProduction(environment: string, options: ReadinessOptions = {}): boolean {
  return isProductionName(environment, options.productionEnvironments);
}

/**
 * Which items are required for a feature: all of them in production; elsewhere access control and limits
 * (a leaked key or a runaway loop costs the same in staging), plus guardrails for confidential and
 * restricted data (the data is real in every environment).
 */
export function requiredItem(id: ReadinessItemId, production: boolean, classification: string): { required: boolean; because: string } {
  if (production) return { required: true, because: 'production environment: every item is required' };
  if (id === 'access-encryption' || id === 'limits-budget') return { required: true, because: 'required in every environment' };
  if (id === 'guardrails' && (classification === 'confidential' || classification === 'restricted')) {
    return { required: true, because: `${classification} data: required in every environment` };
  }
  return { required: false, because: 'recommended outside production' };
}

/** Evaluates every checklist item for one feature. Pure: the same facts give the same result. */
export function evaluateReadiness(facts: FeatureReadinessFacts, options: ReadinessOptions = {}): FeatureReadinessResult {
  const environment = facts.feature.environment.value;
  const production = isProduction(environment, options);
  const classification = facts.dataClassification.value;
  const checksOf: Record<ReadinessItemId, (f: FeatureReadinessFacts) => Check[]> = {
    'release-process': releaseProcess,
    'autoscaling-capacity': autoscaling,
    'fault-tolerance': faultTolerance,
    'runbook': runbook,
    'monitoring-logs': monitoring,
    'access-encryption': access,
    'prompt-versioning': promptVersioning,
    'limits-budget': limits,
    'fallback-circuit-breaking': fallbacks,
    'guardrails': guardrails,
    'llm-observability': llmObservability,
    'continuous-qa': continuousQa,
  };
  const items: ReadinessItem[] = READINESS_ITEMS.map((def) => {
    const checks = checksOf[def.id](facts);
    const { required, because } = requiredItem(def.id, production, classification);
    return { id: def.id, category: def.category, title: def.title, required, requiredBecause: because, status: worstStatus(checks), checks };
  });
  return {
    team: facts.feature.team,
    feature: facts.feature.name,
    constructPath: facts.feature.constructPath,
    environment,
    production,
    dataClassification: classification,
    keyAlias: facts.feature.keyAlias,
    ready: !items.some((i) => i.required && i.status === 'failed'),
    items,
  };
}

// ---- General engineering -------------------------------------------------------------------------------

function releaseProcess(f: FeatureReadinessFacts): Check[] {
  const g = f.gateway;
  const image = g.image.value;
  return [
    ok('gateway image pinned', image.pinned, `${image.reference}${image.digest ? ' (digest)' : image.pinned ? ' (version tag; a digest pins the bytes too)' : ''}`, g.image.evidence,
      'pin the LiteLLM image to a released version tag or a digest (LlmGateway image)'),
    ok('deployment rolls back automatically', g.deploymentRollback.value, `${g.kind.value} deployment rollback`, g.deploymentRollback.evidence,
      'enable the runtime\'s deployment rollback (ECS deployment circuit breaker with rollback)'),
    ok('policy packs gate synthesis', f.policy.bundle.value !== undefined,
      f.policy.bundle.value ? `PolicyBundle with ${f.policy.bundle.value.packs.join(', ')}` : 'no PolicyBundle governs the feature\'s stack',
      f.policy.bundle.evidence, 'add a PolicyBundle (securityBaseline + llmGovernance) governing the team stack, so every synth in CI runs both packs'),
  ];
}

function autoscaling(f: FeatureReadinessFacts): Check[] {
  const g = f.gateway;
  const { min, max } = g.replicas.value;
  return [
    ok('gateway autoscales', g.autoscaling.value && max > min, `${min}..${max} replicas`, evOf(g.autoscaling, g.replicas),
      'configure the gateway runtime with autoscaling (a maximum above the minimum)'),
    ok('router timeout bounds a request', g.routing.timeoutSeconds.value > 0 && g.routing.timeoutSeconds.value <= 600,
      `timeout ${g.routing.timeoutSeconds.value} s, stream_timeout ${g.routing.streamTimeoutSeconds.value} s`, evOf(g.routing.timeoutSeconds, g.routing.streamTimeoutSeconds),
      'set routing.timeoutSeconds between 1 and 600 so a stuck provider call cannot hold capacity'),
  ];
}

function faultTolerance(f: FeatureReadinessFacts): Check[] {
  const g = f.gateway;
  const fallback = f.businessFallback.value;
  return [
    ok('at least two replicas', g.replicas.value.min >= 2, `minimum ${g.replicas.value.min}`, g.replicas.evidence, 'run at least 2 gateway replicas (minReplicas/minTasks/minInstances)'),
    ok('replicas across zones', g.multiZone.value, g.multiZone.value ? 'spread across zones' : 'not spread across zones', g.multiZone.evidence,
      'place the gateway in subnets of at least two availability zones (or a zone topology spread constraint)'),
    ok('own virtual key (blast radius: this feature)', f.feature.keyAlias.length > 0, `key ${f.feature.keyAlias}: blocking or throttling it touches no other feature`,
      f.access.keySecret.evidence, 'give the feature its own virtual key (TenantQuota.addKey)'),
    ok('business fallback stated', fallback !== undefined && fallback.trim().length > 0, fallback ? `"${fallback}"` : 'none stated', f.businessFallback.evidence,
      'state businessFallback: what users get when the feature is turned off (the runbook\'s last resort)'),
  ];
}

function runbook(f: FeatureReadinessFacts): Check[] {
  return [
    ok('runbook generated', f.runbook !== undefined, f.runbook ? `${f.runbook.value}${f.feature.runbookUrl ? ` (published at ${f.feature.runbookUrl})` : ''}` : 'none',
      f.runbook?.evidence ?? [], 'register the feature with FeatureReadiness.register, which writes runbooks/<feature>.md beside the stack'),
    ok('owner named', !!f.feature.owner.value, f.feature.owner.value ?? 'none', f.feature.owner.evidence, 'set owner (the squad that owns the feature)'),
    ok('on-call named', !!f.feature.oncall.value, f.feature.oncall.value ?? 'none', f.feature.oncall.evidence, 'set oncall (the rotation or channel that is paged)'),
  ];
}

function monitoring(f: FeatureReadinessFacts): Check[] {
  const g = f.gateway;
  const o = f.observability;
  const alerts = o?.alerts.value ?? [];
  const sloAlerts = [ALERT_NAMES.availability, ALERT_NAMES.latency].filter((a) => alerts.includes(a));
  return [
    ok('Prometheus metrics', g.metrics.value, g.metrics.value ? 'prometheus callback' : 'no prometheus callback', g.metrics.evidence, 'keep the prometheus callback on the gateway'),
    ok('structured (JSON) logs', g.jsonLogs.value, `json_logs ${g.jsonLogs.value}${g.logRetentionDays.value !== undefined ? `, retained ${g.logRetentionDays.value} days` : ''}`,
      evOf(g.jsonLogs, g.logRetentionDays), 'render litellm_settings.json_logs: true'),
    ok('health probes', g.healthChecks.value, g.healthChecks.value ? '/health/liveliness and /health/readiness' : 'missing', g.healthChecks.evidence,
      'probe /health/liveliness (liveness) and /health/readiness (readiness) on the gateway'),
    ok('dashboard', o !== undefined, o ? `dashboard ${o.dashboard.value.uid}` : 'no TeamObservability for the team', o?.dashboard.evidence ?? [],
      'add the team\'s dashboard (observability.addTeamDashboard) so the feature gets its row'),
    ok('SLO alerts', sloAlerts.length === 2, sloAlerts.length > 0 ? sloAlerts.join(', ') : 'none', o?.alerts.evidence ?? [],
      'add the feature to the team\'s observability (TeamObservability.addFeature) for its availability and latency burn-rate alerts'),
  ];
}

function access(f: FeatureReadinessFacts): Check[] {
  const a = f.access;
  const rotation = f.quota.keyRotationDays.value;
  return [
    ok('key in a secret', a.keySecret.value.id.length > 0, `${a.keySecret.value.store}: ${a.keySecret.value.id}`, a.keySecret.evidence, 'keep the virtual key in the platform\'s secret store'),
    ok('only the feature\'s callers read the key', a.readers.value.length > 0, a.readers.value.length > 0 ? a.readers.value.join(', ') : 'no reader granted', a.readers.evidence,
      'declare the feature\'s callers (callers: [FeatureCaller...]); each is granted read on the key'),
    ok('network path for callers only', a.networkPath.value.length > 0, a.networkPath.value.length > 0 ? a.networkPath.value.join('; ') : 'no network path', a.networkPath.evidence,
      'grant the callers network access to the gateway\'s inference routes'),
    ok('encrypted at rest and in transit', a.encryption.value.atRest && a.encryption.value.inTransit,
      `at rest ${a.encryption.value.atRest ? 'yes' : 'no'}, in transit ${a.encryption.value.inTransit ? 'yes' : 'no'}`, a.encryption.evidence,
      'encrypt the key secret with a KMS key and serve the gateway over TLS (certificateArn / private service)'),
    ok('key rotated', rotation !== undefined && rotation > 0 && rotation <= MAX_KEY_ROTATION_DAYS, rotation !== undefined ? `every ${rotation} days` : 'never',
      f.quota.keyRotationDays.evidence, `rotate the key at most every ${MAX_KEY_ROTATION_DAYS} days (rotationDays)`),
  ];
}

// ---- LLM-specific --------------------------------------------------------------------------------------

function promptVersioning(f: FeatureReadinessFacts): Check[] {
  const repo = f.prompts.repository;
  const probe = f.evaluationProbe;
  const eval_ = f.prompts.evaluation.value;
  return [
    repo.value
      ? declared('prompts under version control', `repository ${repo.value} (declared: synthesis cannot read it)`, repo.evidence)
      : ok('prompts under version control', false, 'no prompt repository declared', repo.evidence, 'declare prompts.repository: where the prompts are versioned and reviewed'),
    probe
      ? ok('regression tests', probe.probe.value, `golden set ${probe.goldenSet.value.location}, ${probe.schedule.value}, gate ${probe.minPassRate.value}`,
        evOf(probe.probe, probe.goldenSet, probe.schedule, probe.regressionAlerts), 'deploy the evaluation probe (evaluation.goldenSet)')
      : eval_
        ? declared('regression tests', `golden dataset ${eval_.goldenDataset}, min score ${eval_.minScore} (declared; no probe runs it)`, f.prompts.evaluation.evidence)
        : ok('regression tests', false, 'no golden dataset and no evaluation probe', f.prompts.evaluation.evidence,
          'declare prompts.evaluation (golden dataset + min score), or give the feature an evaluation probe (evaluation.goldenSet)'),
  ];
}

function limits(f: FeatureReadinessFacts): Check[] {
  const q = f.quota;
  const alerts = f.observability?.alerts.value ?? [];
  const checks: Check[] = [
    ok('tokens per minute limit', q.tokensPerMinute.value !== undefined && q.tokensPerMinute.value > 0, String(q.tokensPerMinute.value ?? 'none'), q.tokensPerMinute.evidence, 'set quota.tokensPerMinute'),
    ok('requests per minute limit', q.requestsPerMinute.value !== undefined && q.requestsPerMinute.value > 0, String(q.requestsPerMinute.value ?? 'none'), q.requestsPerMinute.evidence, 'set quota.requestsPerMinute'),
    ok('monthly budget', q.monthlyBudgetUsd.value !== undefined && q.monthlyBudgetUsd.value > 0, q.monthlyBudgetUsd.value !== undefined ? `${q.monthlyBudgetUsd.value} USD` : 'none',
      q.monthlyBudgetUsd.evidence, 'set quota.monthlyBudgetUsd (LiteLLM rejects requests once it is spent)'),
    ok('spend alert', alerts.includes(ALERT_NAMES.spend), alerts.includes(ALERT_NAMES.spend) ? ALERT_NAMES.spend : 'none', f.observability?.alerts.evidence ?? [],
      'pass monthlyBudgetUsd to the feature\'s observability so the projected-spend alert exists'),
  ];
  const team = q.teamMonthlyBudgetUsd.value;
  const key = q.monthlyBudgetUsd.value;
  if (team !== undefined && key !== undefined) {
    checks.push(ok('within the team budget', key <= team, `${key} of the team's ${team} USD`, evOf(q.monthlyBudgetUsd, q.teamMonthlyBudgetUsd), 'lower the feature budget or raise the team\'s'));
  }
  return checks;
}

function fallbacks(f: FeatureReadinessFacts): Check[] {
  const r = f.gateway.routing;
  const checks: Check[] = f.models.map((m) => {
    const chain = m.fallbacks.value;
    const deployments = m.deployments.value;
    const providers = m.providers;
    const covered = chain.length > 0 || deployments.length >= 2;
    const detail = chain.length > 0
      ? `${m.alias} → ${chain.join(' → ')} (providers ${providers.join(', ')}${providers.length < 2 ? '; one provider: a provider-wide outage is not covered' : ''})`
      : deployments.length >= 2 ? `${m.alias}: ${deployments.length} deployments, no fallback alias` : `${m.alias}: one deployment, no fallback`;
    return ok(`fallback for ${m.alias}`, covered, detail, evOf(m.deployments, m.fallbacks),
      `add a fallback for ${m.alias} (LlmGateway fallbacks: [{ from: '${m.alias}', to: [...] }] or defaultFallbacks), ideally on another provider`);
  });
  if (f.models.length === 0) checks.push(ok('models', false, 'the feature calls no model alias', [], 'list the aliases the feature calls (models)'));
  checks.push(
    ok('circuit breaker (cooldown)', r.allowedFails.value > 0 && r.cooldownSeconds.value > 0,
      `cooled down after ${r.allowedFails.value} failures per minute for ${r.cooldownSeconds.value} s`, evOf(r.allowedFails, r.cooldownSeconds),
      'set routing.allowedFails > 0 and routing.cooldownSeconds > 0'),
    ok('retries', r.numRetries.value >= 1, `${r.numRetries.value} retries, ${r.maxFallbacks.value} fallback hops`, evOf(r.numRetries, r.maxFallbacks), 'set routing.numRetries to at least 1'),
  );
  return checks;
}

function guardrails(f: FeatureReadinessFacts): Check[] {
  const g = f.gateway;
  const classification = f.dataClassification.value;
  const sensitive = classification === 'confidential' || classification === 'restricted';
  const active = g.guardrails.value.filter((x) => x.defaultOn);
  const pii = active.filter((x) => x.purpose === 'pii');
  const tools = f.toolExecution.value;
  const out = f.structuredOutput.value;
  const checks: Check[] = [
    classification === 'public'
      ? na('PII guardrail', 'public data', f.dataClassification.evidence)
      : ok('PII guardrail', pii.length > 0, pii.length > 0 ? pii.map((x) => `${x.name} (${x.guardrail})`).join(', ') : 'no default-on PII guardrail', g.guardrails.evidence,
        'add a default-on PII guardrail (PolicyBundle runtimeGuardrails, or Guardrail.contentFilter)'),
    sensitive
      ? ok('no message logging', !g.messageLogging.value, g.messageLogging.value ? 'prompts reach logs and traces' : 'prompts and responses are redacted', g.messageLogging.evidence,
        `turn message logging off for ${classification} data (allowMessageLogging: false)`)
      : na('no message logging', `${classification} data`, g.messageLogging.evidence),
    ok('tool execution constrained', tools.mode === 'none' || (tools.mode === 'allow-listed' && tools.tools.length > 0),
      tools.mode === 'allow-listed' ? `allow-listed: ${tools.tools.join(', ')}` : tools.mode, f.toolExecution.evidence,
      'use ToolExecution.none() or ToolExecution.allowListed([...]) with a non-empty list'),
    out.automation
      ? ok('structured output for automation', out.declared, out.declared ? 'JSON schema declared' : 'a program consumes free text', f.structuredOutput.evidence,
        'declare structuredOutput (a JSON schema) for output a program consumes')
      : na('structured output for automation', 'a person reads the output', f.structuredOutput.evidence),
  ];
  if (f.vectorCollection) {
    const grounding = active.filter((x) => x.purpose === 'content');
    checks.push(grounding.length > 0
      ? ok('grounding check (retrieval)', true, grounding.map((x) => `${x.name} (${x.guardrail})`).join(', '), g.guardrails.evidence, '')
      : f.evaluationProbe
        ? ok('grounding check (retrieval)', f.evaluationProbe.probe.value, 'answers checked against the golden set by the evaluation probe', evOf(f.evaluationProbe.probe), 'deploy the evaluation probe')
        : f.prompts.evaluation.value
          ? declared('grounding check (retrieval)', `offline evaluation on ${f.prompts.evaluation.value.goldenDataset} (declared)`, f.prompts.evaluation.evidence)
          : ok('grounding check (retrieval)', false, 'retrieval without a grounding guardrail or an evaluation', evOf(f.vectorCollection.collection),
            'add a grounding guardrail (e.g. a Bedrock guardrail with contextual grounding) or an evaluation of answers against the retrieved context'));
  } else {
    checks.push(na('grounding check (retrieval)', 'no vector collection: the feature does not answer from retrieved context'));
  }
  return checks;
}

function llmObservability(f: FeatureReadinessFacts): Check[] {
  const g = f.gateway;
  const alerts = f.observability?.alerts.value ?? [];
  return [
    ok('time to first token', g.timeToFirstToken.value, g.timeToFirstToken.value ? 'litellm_llm_api_time_to_first_token_metric' : 'not measured', g.timeToFirstToken.evidence,
      'keep the prometheus callback on the gateway (it exports the TTFT histogram)'),
    ok('tracing', g.tracing.value, g.tracing.value ? 'OpenTelemetry traces' : 'no traces', g.tracing.evidence, 'watch the gateway with an ObservabilityStack (otel callback)'),
    ok('latency SLO alert', alerts.includes(ALERT_NAMES.latency), alerts.includes(ALERT_NAMES.latency) ? ALERT_NAMES.latency : 'none', f.observability?.alerts.evidence ?? [],
      'add the feature to the team\'s observability (TeamObservability.addFeature)'),
  ];
}

function continuousQa(f: FeatureReadinessFacts): Check[] {
  const probe = f.evaluationProbe;
  if (probe) {
    return [
      ok('evaluation probe', probe.probe.value, `golden set ${probe.goldenSet.value.location}${probe.goldenSet.value.sha256 ? ` (sha256 ${probe.goldenSet.value.sha256.slice(0, 12)})` : ''}, ${probe.schedule.value}`,
        evOf(probe.probe, probe.goldenSet, probe.schedule), 'deploy the evaluation probe'),
      ok('regression alert', probe.regressionAlerts.value.length > 0, probe.regressionAlerts.value.join(', ') || 'none', probe.regressionAlerts.evidence,
        'deploy the evaluation regression alert'),
      ...(probe.gateCommand?.value
        ? [ok('promotion gate', true, probe.gateCommand.value, probe.gateCommand.evidence, '')]
        : []),
    ];
  }
  const e = f.prompts.evaluation.value;
  return [e
    ? declared('golden dataset and offline evaluation', `${e.goldenDataset}, min score ${e.minScore} (declared: nothing runs it at synth)`, f.prompts.evaluation.evidence)
    : ok('golden dataset and offline evaluation', false, 'none declared', f.prompts.evaluation.evidence,
      'declare prompts.evaluation { goldenDataset, minScore }, or add an evaluation probe (evaluation.goldenSet) to make this item pass')];
}

/** The failing required items of a result as "item: check (fix)" lines, for errors. */
export function blockingItems(result: FeatureReadinessResult): Array<{ item: ReadinessItem; check: ReadinessCheck }> {
  return result.items
    .filter((i) => i.required && i.status === 'failed')
    .flatMap((item) => item.checks.filter((c) => c.status === 'failed').map((check) => ({ item, check })));
}

/** Counts by status, for summaries. */
export function statusCounts(items: ReadonlyArray<{ readonly status: ReadinessStatus }>): Record<ReadinessStatus, number> {
  const counts: Record<ReadinessStatus, number> = { 'passed': 0, 'failed': 0, 'declared': 0, 'not-applicable': 0 };
  for (const i of items) counts[i.status] += 1;
  return counts;
}
