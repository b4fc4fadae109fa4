import { Construct, type IConstruct } from 'constructs';
import { ENGINE_RULE, MODULE_RULE, UNUSED_SUPPRESSION_RULE } from './engine-rules';
import { compareFindings, findingMessage, type PolicyFinding } from './finding';
import { isGovernedConstruct, type GovernanceSnapshot, type FeatureGovernanceFacts, type GatewayGovernanceFacts, type IGovernedConstruct } from './governance-facts';
import { isPolicyGuardrailConsumer, type PolicyGuardrailEntry } from './guardrails';
import type { PolicyPack } from './pack';
import { Compliance, isCannotEvaluate, type PolicyRule, type PolicySubject, type RuleContext, type RuleOutcome } from './rule';
import { creationSite } from './source-location';
import { subjectOf, synthesizedBlocks } from './subjects';
import { finishStackRound, startStackRound } from './suppression-use';
import { findSuppression, suppressionLabel, suppressionsOn, type PolicySuppression } from './suppressions';
import { discardSynthesizedJson, peekSynthesizedJson, synthesizeForEvaluation } from './synthesized-json';
import { AnnotationMetadataEntryType, TerraformDataSource, TerraformElement, TerraformModule, TerraformResource, TerraformStack, type IAspect } from '../core/cdktf';
import { stableHash } from '../core/naming';

export { ENGINE_RULE } from './engine-rules';

interface Collected {
  readonly elements: TerraformElement[];
  readonly governed: IConstruct[];
  /** Constructs of the stack carrying suppressions (the stack included). */
  readonly suppressing: IConstruct[];
}

interface Evaluated extends PolicySubject {
  readonly node: IConstruct;
  readonly kind: 'resource' | 'data' | 'governed';
  readonly addedByOverride?: boolean;
}

interface PackRule {
  readonly pack: PolicyPack;
  readonly rule: PolicyRule;
}

/**
 * `RuleContext.referencing` over resolved subjects: which subjects mention `${address}.` (an attribute
 * reference such as `${aws_s3_bucket.logs.id}`, also inside functions).
 */
export function referencingIndex(subjects: ReadonlyArray<PolicySubject>): RuleContext['referencing'] {
  // Built on first use (most stacks need it for a few rules only): one pass over every configuration,
  // address → subjects mentioning it. Candidates that are not addresses (e.g. `s3.amazonaws` in a service
  // principal) become harmless extra keys.
  let byAddress: Map<string, PolicySubject[]> | undefined;
  const build = (): Map<string, PolicySubject[]> => {
    const index = new Map<string, PolicySubject[]>();
    const candidate = /(?:^|[^A-Za-z0-9_.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\./g;
    for (const s of subjects) {
      const json = JSON.stringify(s.config) ?? '';
      if (!json.includes('${')) continue;
      for (const address of new Set([...json.matchAll(candidate)].map((m) => m[1]))) {
        if (address === s.address) continue;
        const list = index.get(address);
        if (list) list.push(s);
        else index.set(address, [s]);
      }
    }
    return index;
  };
  return (address: string, type?: string): ReadonlyArray<PolicySubject> => {
    byAddress ??= build();
    return (byAddress.get(address) ?? []).filter((s) => !type || s.type === type);
  };
}

/**
 * `RuleContext.ofType` and `RuleContext.atAddress` over resolved subjects: one pass per stack, on first use, so a
 * rule that looks at other resources costs O(1) per subject instead of a scan of the stack (which made such rules
 * quadratic: 100 gateways spent 2.2 s in one rule).
 */
export function stackIndex(subjects: ReadonlyArray<PolicySubject>): Pick<RuleContext, 'ofType' | 'atAddress'> {
  let byType: Map<string, PolicySubject[]> | undefined;
  let byAddress: Map<string, PolicySubject> | undefined;
  const build = (): void => {
    byType = new Map();
    byAddress = new Map();
    for (const s of subjects) {
      const list = byType.get(s.type);
      if (list) list.push(s);
      else byType.set(s.type, [s]);
      if (!byAddress.has(s.address)) byAddress.set(s.address, s);
    }
  };
  return {
    ofType: (type) => {
      if (!byType) build();
      return byType!.get(type) ?? [];
    },
    atAddress: (address) => {
      if (!byAddress) build();
      return byAddress!.get(address);
    },
  };
}

/** The address cdktf gives an element in the synthesized JSON. */
function addressOf(element: TerraformElement): string | undefined {
  if (TerraformResource.isTerraformResource(element)) return `${element.terraformResourceType}.${element.friendlyUniqueId}`;
  if (TerraformDataSource.isTerraformDataSource(element)) return `data.${element.terraformResourceType}.${element.friendlyUniqueId}`;
  if (element instanceof TerraformModule) return `module.${element.friendlyUniqueId}`;
  return undefined;
}

/** The stack `node` is in (its nearest enclosing stack); undefined for the App and constructs outside stacks. */
function enclosingStack(node: IConstruct): TerraformStack | undefined {
  for (let s: IConstruct | undefined = node.node.scope; s; s = s.node.scope) if (TerraformStack.isStack(s)) return s;
  return undefined;
}

/** The gateways of an app (governed constructs that take runtime guardrails), with their stacks. */
interface AppGateways {
  readonly round: number;
  readonly stacks: number;
  readonly nodes: ReadonlyArray<{ readonly node: IConstruct & IGovernedConstruct; readonly home: TerraformStack }>;
}

/** Bumped whenever any aspect starts a new synthesis round (a stack synthesized again). */
let sharedRound = 0;
const APP_GATEWAYS = new WeakMap<IConstruct, AppGateways>();

/**
 * Finds the app's gateways with one walk per synthesis round, shared by every bundle: with a bundle per team stack,
 * a walk per bundle would make synthesis quadratic in the number of teams (issue 14: 200 team stacks). The walk is
 * redone when a stack starts a new round or the app gains a top-level construct (a new stack); a gateway added
 * inside an existing stack after it was synthesized is seen when that stack is synthesized again.
 */
function gatewaysOfApp(root: IConstruct): AppGateways {
  const stacks = root.node.children.length;
  const cached = APP_GATEWAYS.get(root);
  if (cached && cached.round === sharedRound && cached.stacks === stacks) return cached;
  const nodes: Array<{ node: IConstruct & IGovernedConstruct; home: TerraformStack }> = [];
  for (const node of root.node.findAll()) {
    // Gateways are the governed constructs that take runtime guardrails. Reading every other construct's facts
    // here (each feature of each team) would make every team stack's bundle pay for every other team.
    if (!isGovernedConstruct(node) || !isPolicyGuardrailConsumer(node)) continue;
    const home = enclosingStack(node);
    if (home) nodes.push({ node, home });
  }
  const found = { round: sharedRound, stacks, nodes };
  APP_GATEWAYS.set(root, found);
  return found;
}

/**
 * The Aspect a `PolicyBundle` registers on each stack it governs.
 *
 * Rules are not evaluated while visiting: other aspects (secure defaults, tagging, escaping) may still change a
 * resource after this aspect has seen it. Instead the aspect collects constructs and, when it visits the stack
 * root, adds an empty "evaluation point" construct as the stack's last child. Aspects visit depth-first in child
 * order, so by the time that construct is visited every other node has seen every aspect; the engine then
 * resolves the stack once (`stack.toTerraform()`, the JSON cdktf writes, overrides and modules included), runs
 * the rules over it and hands the same JSON to the synthesis that follows (see `synthesized-json.ts`).
 */
export class PolicyAspect implements IAspect {
  private readonly collecting = new Map<TerraformStack, Collected>();
  private readonly fed = new WeakSet<IConstruct>();
  private readonly annotated = new WeakMap<IConstruct, Set<string>>();
  private readonly results = new Map<TerraformStack, PolicyFinding[]>();
  private readonly evaluationPointId: string;
  private readonly rulesByType = new Map<string, PackRule[]>();
  private readonly strict: boolean;
  // Gateways of the whole app, found once per synthesis round (see `appGateways`).
  private gatewayCache?: {
    readonly round: number;
    readonly source: AppGateways;
    readonly list: Array<{ path: string; facts: GatewayGovernanceFacts; stack?: TerraformStack }>;
  };
  private round = 0;
  private readonly evaluatedThisRound = new Set<TerraformStack>();

  constructor(
    owner: IConstruct,
    packs: ReadonlyArray<PolicyPack>,
    private readonly guardrails: ReadonlyArray<PolicyGuardrailEntry>,
    /** Whether the owning bundle governs a stack (gateways there receive its runtime guardrails). */
    private readonly governs: (stack: TerraformStack) => boolean = () => true,
  ) {
    this.evaluationPointId = `PolicyEvaluation${stableHash([owner.node.path])}`;
    for (const pack of packs) {
      for (const rule of pack.rules) {
        for (const type of rule.resourceTypes) {
          const list = this.rulesByType.get(type);
          if (list) list.push({ pack, rule });
          else this.rulesByType.set(type, [{ pack, rule }]);
        }
      }
    }
    this.strict = packs.some((p) => p.strict);
  }

  /** Findings of the last evaluation of `stack` (`undefined` if it was never evaluated). */
  public findingsFor(stack: TerraformStack): ReadonlyArray<PolicyFinding> | undefined {
    return this.results.get(stack);
  }

  /** Every stack evaluated so far. */
  public get evaluatedStacks(): ReadonlyArray<TerraformStack> {
    return [...this.results.keys()];
  }

  public visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) {
      this.startStack(node);
      return;
    }
    const stack = enclosingStack(node);
    if (!stack) return;
    if (node.node.id === this.evaluationPointId && node.node.scope === stack) {
      this.evaluate(stack);
      return;
    }
    const collected = this.collecting.get(stack);
    if (!collected) return;
    if (TerraformElement.isTerraformElement(node)) collected.elements.push(node);
    if (isGovernedConstruct(node)) collected.governed.push(node);
    if (hasSuppressions(node)) collected.suppressing.push(node);
    this.feed(node);
  }

  private startStack(stack: TerraformStack): void {
    // A stack evaluated again starts a new synthesis round: constructs may have been added since.
    if (this.evaluatedThisRound.has(stack)) {
      this.round++;
      sharedRound++;
      this.evaluatedThisRound.clear();
    }
    discardSynthesizedJson(stack);
    startStackRound(stack, this);
    this.collecting.set(stack, { elements: [], governed: [], suppressing: hasSuppressions(stack) ? [stack] : [] });
    const children = stack.node.children;
    const point = stack.node.tryFindChild(this.evaluationPointId);
    if (point && children[children.length - 1] !== point) stack.node.tryRemoveChild(this.evaluationPointId);
    // Must be the last child: constructs added since an earlier synthesis would otherwise be visited after it.
    if (!point || children[children.length - 1] !== point) new Construct(stack, this.evaluationPointId);
  }

  private feed(node: IConstruct): void {
    if (this.guardrails.length > 0 && isPolicyGuardrailConsumer(node) && !this.fed.has(node)) {
      this.fed.add(node);
      node.addPolicyGuardrails(this.guardrails);
    }
  }

  /**
   * Facts of every gateway in other stacks of the app, so a feature in a team stack is checked against the
   * platform stack's gateway. Gateways in other stacks this bundle governs receive the runtime guardrails first
   * (they would get them when their own stack synthesizes; the order of stacks must not change the verdict).
   * The app is walked once per synthesis round, and only when a stack has something to check against gateways.
   */
  private appGateways(stack: TerraformStack): Array<{ path: string; facts: GatewayGovernanceFacts }> {
    const source = gatewaysOfApp(stack.node.root);
    if (!this.gatewayCache || this.gatewayCache.round !== this.round || this.gatewayCache.source !== source) {
      const list: Array<{ path: string; facts: GatewayGovernanceFacts; stack?: TerraformStack }> = [];
      for (const { node, home } of source.nodes) {
        if (this.governs(home)) this.feed(node);
        try {
          const facts = node.governanceFacts();
          if (facts.kind === 'gateway') list.push({ path: node.node.path, facts, stack: home });
        } catch {
          // Reported as LLM-POLICY-1 when the gateway's own stack is evaluated.
        }
      }
      this.gatewayCache = { round: this.round, source, list };
    }
    return this.gatewayCache.list.filter((g) => g.stack !== stack).map(({ path, facts }) => ({ path, facts }));
  }

  private evaluate(stack: TerraformStack): void {
    const collected = this.collecting.get(stack);
    if (!collected) return;
    this.collecting.delete(stack);
    this.evaluatedThisRound.add(stack);
    const out: PolicyFinding[] = [];
    const subjects: Evaluated[] = [];

    let json: Record<string, any> | undefined;
    try {
      json = synthesizeForEvaluation(stack);
    } catch (e) {
      // Synthesis itself will fail on the same error; say that nothing was evaluated.
      out.push(this.engineFinding(ENGINE_RULE, 'stack', stack.node.path, e));
    }

    if (json) {
      const byAddress = new Map<string, TerraformElement>();
      for (const element of collected.elements) {
        const address = addressOf(element);
        if (address) byAddress.set(address, element);
      }
      for (const block of synthesizedBlocks(json)) {
        const element = byAddress.get(block.address);
        const node: IConstruct = element ?? stack;
        if (block.kind === 'module') {
          const version = block.config.version ? ` version ${JSON.stringify(block.config.version)}` : '';
          const detail = `module source ${JSON.stringify(block.config.source ?? '?')}${version} is not evaluated`;
          out.push({
            ...this.engineFinding(MODULE_RULE, 'module', element ? element.node.path : stack.node.path, detail),
            resourceAddress: block.address,
            ...(element ? {} : { addedByOverride: true }),
          });
          continue;
        }
        subjects.push({ ...subjectOf(block, node.node.path), node, kind: block.kind, ...(element ? {} : { addedByOverride: true }) });
      }
    }

    const gateways: Array<{ path: string; facts: GatewayGovernanceFacts }> = [];
    const features: Array<{ path: string; facts: FeatureGovernanceFacts }> = [];
    for (const node of collected.governed) {
      try {
        const facts = (node as unknown as { governanceFacts(): { kind?: unknown } }).governanceFacts();
        if (typeof facts?.kind !== 'string' || !/^[a-z][a-z-]*$/.test(facts.kind)) throw new Error(`unknown governance facts kind ${JSON.stringify(facts?.kind)}`);
        if (facts.kind === 'gateway') gateways.push({ path: node.node.path, facts: facts as GatewayGovernanceFacts });
        else if (facts.kind === 'feature') features.push({ path: node.node.path, facts: facts as FeatureGovernanceFacts });
        subjects.push({ type: `llm:${facts.kind}`, address: node.node.path, path: node.node.path, config: facts, node, kind: 'governed' });
      } catch (e) {
        out.push(this.engineFinding(ENGINE_RULE, 'llm:unknown', node.node.path, e));
      }
    }
    const needsAppGateways = subjects.some((s) => s.kind === 'governed' && s.type !== 'llm:gateway');
    const governance: GovernanceSnapshot = { gateways: needsAppGateways ? [...gateways, ...this.appGateways(stack)] : gateways, features };
    const terraform = subjects.filter((s) => s.kind !== 'governed');
    const referencing = referencingIndex(terraform);
    const { ofType, atAddress } = stackIndex(terraform);

    for (const subject of subjects) {
      if (subject.kind === 'data') continue;
      for (const { pack, rule } of this.rulesByType.get(subject.type) ?? []) {
        const context: RuleContext = { subject, resources: terraform, governance, options: pack.options, referencing, ofType, atAddress };
        out.push(...this.run(pack, rule, subject, context));
      }
    }

    const nodeByPath = new Map<string, IConstruct>();
    for (const s of subjects) if (!s.addedByOverride) nodeByPath.set(s.path, s.node);
    for (const n of [...collected.elements, ...collected.governed]) if (!nodeByPath.has(n.node.path)) nodeByPath.set(n.node.path, n);
    nodeByPath.set(stack.node.path, stack);

    const used = new Set<PolicySuppression>();
    const findings = out.map((f) => this.applySuppression(f, nodeByPath, used));
    // Unused means unused by every bundle governing the stack (and, on the App, by every governed stack): the
    // last bundle to evaluate the stack reports them.
    const unused = finishStackRound(stack, this, used);
    if (unused) {
      findings.push(...this.unusedSuppressions(collected.suppressing.map((node) => [node, suppressionsOn(node)] as const), unused.usedInStack));
      if (unused.unusedOnApp.length > 0) {
        const app = stack.node.root;
        findings.push(...this.unusedSuppressions([[app, unused.unusedOnApp]], new Set(), 'in any governed stack (it is on the App)'));
        // Shown under the stack that completed the app's round: the App itself carries no annotations.
        nodeByPath.set(app.node.path, stack);
      }
    }
    const located = findings.map((f) => this.locate(f, nodeByPath)).sort(compareFindings);
    this.annotate(located, nodeByPath);
    this.results.set(stack, located);
  }

  /** Suppressions that accepted no finding (stale, misplaced, or for a rule not in the packs). */
  private unusedSuppressions(
    suppressing: ReadonlyArray<readonly [IConstruct, ReadonlyArray<PolicySuppression>]>,
    used: ReadonlySet<PolicySuppression>,
    where = '',
  ): PolicyFinding[] {
    const out: PolicyFinding[] = [];
    for (const [node, suppressions] of suppressing) {
      for (const s of suppressions) {
        if (used.has(s)) continue;
        const detail = `suppression of ${suppressionLabel(s)} ("${s.reason}") matched no finding${where ? ` ${where}` : ''}`;
        out.push({
          ...this.engineFinding(UNUSED_SUPPRESSION_RULE, 'suppression', node.node.path, detail),
          level: 'warning',
          compliance: Compliance.NON_COMPLIANT,
          findingId: suppressionLabel(s),
        });
      }
    }
    return out;
  }

  private run(pack: PolicyPack, rule: PolicyRule, subject: Evaluated, context: RuleContext): PolicyFinding[] {
    const base = {
      ruleId: rule.id,
      pack: pack.name,
      level: rule.level,
      resourcePath: subject.path,
      resourceType: subject.type,
      resourceAddress: subject.address,
      description: rule.description,
      fix: rule.fix,
      anchors: rule.anchors,
      ...(subject.addedByOverride ? { addedByOverride: true } : {}),
    };
    // What a strict pack cannot evaluate fails synthesis.
    const unknownLevel = pack.strict ? 'error' : 'warning';
    let outcome: RuleOutcome;
    try {
      outcome = rule.check(subject.config, context);
    } catch (e) {
      return [{ ...base, level: unknownLevel, compliance: Compliance.UNKNOWN, detail: `the rule threw ${errorText(e)}` }];
    }
    if (Array.isArray(outcome)) {
      if (outcome.length === 0) return [{ ...base, compliance: Compliance.COMPLIANT }];
      return [...new Set(outcome as string[])].map((findingId) => ({ ...base, findingId, compliance: Compliance.NON_COMPLIANT }));
    }
    if (isCannotEvaluate(outcome as RuleOutcome)) {
      return [{ ...base, level: unknownLevel, compliance: Compliance.UNKNOWN, detail: (outcome as { cannotEvaluate: string }).cannotEvaluate }];
    }
    switch (outcome) {
      case Compliance.COMPLIANT:
        return [{ ...base, compliance: Compliance.COMPLIANT }];
      case Compliance.NOT_APPLICABLE:
        return [];
      case Compliance.NON_COMPLIANT:
        return [{ ...base, compliance: Compliance.NON_COMPLIANT }];
      default:
        return [{ ...base, level: unknownLevel, compliance: Compliance.UNKNOWN, detail: `the rule returned ${JSON.stringify(outcome)}` }];
    }
  }

  private engineFinding(rule: PolicyRule, type: string, path: string, error: unknown): PolicyFinding {
    return {
      ruleId: rule.id,
      pack: 'engine',
      level: this.strict ? 'error' : 'warning',
      compliance: Compliance.UNKNOWN,
      resourcePath: path,
      resourceType: type,
      resourceAddress: path,
      description: rule.description,
      fix: rule.fix,
      anchors: rule.anchors,
      detail: errorText(error),
    };
  }

  private applySuppression(f: PolicyFinding, nodeByPath: ReadonlyMap<string, IConstruct>, used: Set<PolicySuppression>): PolicyFinding {
    if (f.compliance !== Compliance.NON_COMPLIANT && f.compliance !== Compliance.UNKNOWN) return f;
    if (f.ruleId === UNUSED_SUPPRESSION_RULE.id) return f;
    const node = nodeByPath.get(f.resourcePath);
    if (!node) return f;
    const suppression = findSuppression(node, f.ruleId, f.findingId);
    if (!suppression) return f;
    used.add(suppression);
    return { ...f, compliance: Compliance.SUPPRESSED, suppressionReason: suppression.reason, suppressedAt: suppression.scopePath };
  }

  /** Adds where the user's code created the construct (formatted only for findings that are reported). */
  private locate(f: PolicyFinding, nodeByPath: ReadonlyMap<string, IConstruct>): PolicyFinding {
    if (f.compliance === Compliance.COMPLIANT || f.addedByOverride) return f;
    const node = nodeByPath.get(f.resourcePath);
    if (!node || TerraformStack.isStack(node)) return f;
    const site = siteOf(node);
    return site ? { ...f, sourceLocation: site } : f;
  }

  private annotate(findings: ReadonlyArray<PolicyFinding>, nodeByPath: ReadonlyMap<string, IConstruct>): void {
    const suppressedByResource = new Map<TerraformElement, Array<Record<string, string>>>();
    for (const f of findings) {
      if (f.compliance === Compliance.COMPLIANT) continue;
      const node = nodeByPath.get(f.resourcePath);
      if (!node) continue;
      const message = findingMessage(f);
      let seen = this.annotated.get(node);
      if (!seen) this.annotated.set(node, (seen = new Set()));
      if (!seen.has(message)) {
        seen.add(message);
        // Same metadata as Annotations.of(node).addError/addWarning/addInfo, without the stack trace: it would
        // point into this engine, not at the user's code, and the CLI prints it under every error.
        const type = f.compliance === Compliance.SUPPRESSED
          ? AnnotationMetadataEntryType.INFO
          : (f.compliance === Compliance.NON_COMPLIANT || f.compliance === Compliance.UNKNOWN) && f.level === 'error'
            ? AnnotationMetadataEntryType.ERROR
            : AnnotationMetadataEntryType.WARN;
        node.node.addMetadata(type, message, { stackTrace: false });
      }
      if (f.compliance === Compliance.SUPPRESSED && !f.addedByOverride && TerraformResource.isTerraformResource(node)) {
        const list = suppressedByResource.get(node) ?? [];
        list.push({ rule: f.ruleId, ...(f.findingId ? { finding: f.findingId } : {}), reason: f.suppressionReason ?? '' });
        suppressedByResource.set(node, list);
      }
    }
    // Audit trail in the synthesized JSON: Terraform ignores "//" keys, reviewers and scanners see them. The
    // override keeps it for later syntheses; the JSON handed to this synthesis gets it directly.
    for (const [node, list] of suppressedByResource) {
      node.addOverride('//.policy_suppressions', list);
      const json = pendingJson(node);
      const block = json?.resource?.[(node as TerraformResource).terraformResourceType]?.[node.friendlyUniqueId];
      if (block) block['//'] = { ...(block['//'] ?? {}), policy_suppressions: list };
    }
  }
}

function pendingJson(node: TerraformElement): Record<string, any> | undefined {
  return peekSynthesizedJson(node.cdktfStack);
}

function hasSuppressions(node: IConstruct): boolean {
  return suppressionsOn(node).length > 0;
}

/** The creation site of a construct, or of the first Terraform element under it (a governed construct). */
function siteOf(node: IConstruct): ReturnType<typeof creationSite> {
  const own = creationSite(node);
  if (own || TerraformElement.isTerraformElement(node)) return own;
  const queue: IConstruct[] = [...node.node.children];
  for (let i = 0; i < queue.length && i < 500; i++) {
    const child = queue[i];
    if (TerraformElement.isTerraformElement(child)) {
      const site = creationSite(child);
      if (site) return site;
    } else {
      queue.push(...child.node.children);
    }
  }
  return undefined;
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const firstLine = text.split('\n')[0];
  return firstLine.length > 300 ? `${firstLine.slice(0, 297)}...` : firstLine;
}
