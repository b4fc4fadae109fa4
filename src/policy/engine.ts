import { Construct, type IConstruct } from 'constructs';
import { compareFindings, findingMessage, type PolicyFinding } from './finding';
import { isGovernedConstruct, type GovernanceSnapshot, type FeatureGovernanceFacts, type GatewayGovernanceFacts } from './governance-facts';
import { isPolicyGuardrailConsumer, type PolicyGuardrailEntry } from './guardrails';
import type { PolicyPack } from './pack';
import { Compliance, isCannotEvaluate, type PolicyRule, type PolicySubject, type RuleContext, type RuleOutcome } from './rule';
import { findSuppression } from './suppressions';
import { AnnotationMetadataEntryType, DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformResource, TerraformStack, Tokenization, type IAspect } from '../core/cdktf';
import { stableHash } from '../core/naming';

/**
 * The engine's own pseudo-rule: a subject whose configuration or facts could not be read. Reported as a
 * warning so a broken resource never silently passes, and suppressible like any rule.
 */
export const ENGINE_RULE: PolicyRule = {
  id: 'LLM-POLICY-1',
  level: 'warning',
  description: 'The policy engine could not read this resource\'s configuration or governance facts, so no rule was evaluated for it.',
  fix: 'Make the configuration resolvable at synth time (see the error in the message), or suppress with a reason.',
  resourceTypes: [],
  anchors: { cdkNag: ['CdkNagValidationFailure'], checkov: [] },
  check: () => Compliance.NOT_APPLICABLE,
};

interface Collected {
  readonly elements: IConstruct[];
  readonly governed: IConstruct[];
}

interface Evaluated extends PolicySubject {
  readonly node: IConstruct;
  readonly kind: 'resource' | 'data' | 'governed';
}

// The resolver cdktf itself uses when it synthesizes a stack.
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * `RuleContext.referencing` over resolved subjects: which subjects mention `${address}.` (an attribute
 * reference such as `${aws_s3_bucket.logs.id}`, also inside functions).
 */
export function referencingIndex(subjects: ReadonlyArray<PolicySubject>): RuleContext['referencing'] {
  // One pass over every configuration: address → subjects mentioning it. Candidates that are not addresses
  // (e.g. `s3.amazonaws` in a service principal) become harmless extra keys.
  const byAddress = new Map<string, PolicySubject[]>();
  const candidate = /(?:^|[^A-Za-z0-9_.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\./g;
  for (const s of subjects) {
    const json = JSON.stringify(s.config) ?? '';
    for (const address of new Set([...json.matchAll(candidate)].map((m) => m[1]))) {
      if (address === s.address) continue;
      const list = byAddress.get(address) ?? [];
      list.push(s);
      byAddress.set(address, list);
    }
  }
  return (address: string, type?: string): ReadonlyArray<PolicySubject> =>
    (byAddress.get(address) ?? []).filter((s) => !type || s.type === type);
}

/**
 * The Aspect a `PolicyBundle` registers on each stack it governs.
 *
 * Rules are not evaluated while visiting: other aspects (secure defaults, tagging) may still change a resource
 * after this aspect has seen it. Instead the aspect collects subjects and, when it visits the stack root,
 * adds an empty "evaluation point" construct as the stack's last child. Aspects visit depth-first in child
 * order, so by the time that construct is visited every other node has seen every aspect; the rules then run
 * over the final configuration, before cdktf collects annotations and decides whether synthesis fails.
 */
export class PolicyAspect implements IAspect {
  private readonly collecting = new Map<TerraformStack, Collected>();
  private readonly fed = new WeakSet<IConstruct>();
  private readonly annotated = new WeakMap<IConstruct, Set<string>>();
  private readonly results = new Map<TerraformStack, PolicyFinding[]>();
  private readonly evaluationPointId: string;

  constructor(
    owner: IConstruct,
    private readonly packs: ReadonlyArray<PolicyPack>,
    private readonly guardrails: ReadonlyArray<PolicyGuardrailEntry>,
    /** Whether the owning bundle governs a stack (gateways there receive its runtime guardrails). */
    private readonly governs: (stack: TerraformStack) => boolean = () => true,
  ) {
    this.evaluationPointId = `PolicyEvaluation${stableHash([owner.node.path])}`;
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
      this.collecting.set(node, { elements: [], governed: [] });
      const children = node.node.children;
      const point = node.node.tryFindChild(this.evaluationPointId);
      if (point && children[children.length - 1] !== point) node.node.tryRemoveChild(this.evaluationPointId);
      // Must be the last child: constructs added since an earlier synthesis would otherwise be visited after it.
      if (!point || children[children.length - 1] !== point) new Construct(node, this.evaluationPointId);
      return;
    }
    const stack = this.stackOf(node);
    if (!stack) return;
    if (node.node.id === this.evaluationPointId && node.node.scope === stack) {
      this.evaluate(stack);
      return;
    }
    const collected = this.collecting.get(stack);
    if (!collected) return;
    if (TerraformResource.isTerraformResource(node) || TerraformDataSource.isTerraformDataSource(node)) collected.elements.push(node);
    if (isGovernedConstruct(node)) collected.governed.push(node);
    this.feed(node);
  }

  private feed(node: IConstruct): void {
    if (this.guardrails.length > 0 && isPolicyGuardrailConsumer(node) && !this.fed.has(node)) {
      this.fed.add(node);
      node.addPolicyGuardrails(this.guardrails);
    }
  }

  /**
   * Facts of every gateway in the app, so a feature in a team stack is checked against the platform stack's
   * gateway. Gateways in other stacks this bundle governs receive the runtime guardrails first (they would get
   * them when their own stack synthesizes; the order of stacks must not change the verdict).
   */
  private appGateways(stack: TerraformStack): Array<{ path: string; facts: GatewayGovernanceFacts }> {
    const out: Array<{ path: string; facts: GatewayGovernanceFacts }> = [];
    for (const node of stack.node.root.node.findAll()) {
      if (!isGovernedConstruct(node)) continue;
      const home = this.stackOf(node);
      if (home === stack || !home) continue;
      if (this.governs(home)) this.feed(node);
      try {
        const facts = node.governanceFacts();
        if (facts.kind === 'gateway') out.push({ path: node.node.path, facts });
      } catch {
        // Reported as LLM-POLICY-1 when the gateway's own stack is evaluated.
      }
    }
    return out;
  }

  private stackOf(node: IConstruct): TerraformStack | undefined {
    const scopes = node.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) if (TerraformStack.isStack(scopes[i])) return scopes[i] as TerraformStack;
    return undefined;
  }

  private evaluate(stack: TerraformStack): void {
    const collected = this.collecting.get(stack);
    if (!collected) return;
    this.collecting.delete(stack);
    const out: PolicyFinding[] = [];
    const subjects: Evaluated[] = [];

    for (const element of collected.elements) {
      try {
        subjects.push(this.readElement(stack, element));
      } catch (e) {
        out.push(this.engineFinding(element, TerraformResource.isTerraformResource(element) ? element.terraformResourceType : 'unknown', e));
      }
    }
    const gateways: Array<{ path: string; facts: GatewayGovernanceFacts }> = [];
    const features: Array<{ path: string; facts: FeatureGovernanceFacts }> = [];
    for (const node of collected.governed) {
      try {
        const facts = (node as unknown as { governanceFacts(): GatewayGovernanceFacts | FeatureGovernanceFacts }).governanceFacts();
        if (facts.kind === 'gateway') gateways.push({ path: node.node.path, facts });
        else if (facts.kind === 'feature') features.push({ path: node.node.path, facts });
        else throw new Error(`unknown governance facts kind ${JSON.stringify((facts as { kind?: unknown }).kind)}`);
        subjects.push({ type: `llm:${facts.kind}`, address: node.node.path, path: node.node.path, config: facts, node, kind: 'governed' });
      } catch (e) {
        out.push(this.engineFinding(node, 'llm:unknown', e));
      }
    }
    const governance: GovernanceSnapshot = { gateways: [...gateways, ...this.appGateways(stack)], features };
    const terraform = subjects.filter((s) => s.kind !== 'governed');
    const referencing = referencingIndex(terraform);

    for (const pack of this.packs) {
      for (const rule of pack.rules) {
        for (const subject of subjects) {
          if (subject.kind === 'data' || !rule.resourceTypes.includes(subject.type)) continue;
          const context: RuleContext = { subject, resources: terraform, governance, options: pack.options, referencing };
          out.push(...this.run(pack, rule, subject, context));
        }
      }
    }

    const findings = out.map((f) => this.applySuppression(f, subjects)).sort(compareFindings);
    this.annotate(findings, subjects, collected);
    this.results.set(stack, findings);
  }

  private readElement(stack: TerraformStack, element: IConstruct): Evaluated {
    const isResource = TerraformResource.isTerraformResource(element);
    const el = element as TerraformResource | TerraformDataSource;
    const type = el.terraformResourceType;
    const id = el.friendlyUniqueId;
    const resolved = Tokenization.resolve(el.toTerraform(), { scope: stack, preparing: false, resolver: RESOLVER });
    const config = isResource ? resolved?.resource?.[type]?.[id] : resolved?.data?.[type]?.[id];
    if (config === undefined) throw new Error(`toTerraform() returned no configuration for ${type}.${id}`);
    return {
      type,
      address: isResource ? `${type}.${id}` : `data.${type}.${id}`,
      path: element.node.path,
      config,
      node: element,
      kind: isResource ? 'resource' : 'data',
    };
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
    };
    let outcome: RuleOutcome;
    try {
      outcome = rule.check(subject.config, context);
    } catch (e) {
      return [{ ...base, level: 'warning', compliance: Compliance.UNKNOWN, detail: `the rule threw ${errorText(e)}` }];
    }
    if (Array.isArray(outcome)) {
      if (outcome.length === 0) return [{ ...base, compliance: Compliance.COMPLIANT }];
      return [...new Set(outcome as string[])].map((findingId) => ({ ...base, findingId, compliance: Compliance.NON_COMPLIANT }));
    }
    if (isCannotEvaluate(outcome as RuleOutcome)) {
      return [{ ...base, level: 'warning', compliance: Compliance.UNKNOWN, detail: (outcome as { cannotEvaluate: string }).cannotEvaluate }];
    }
    switch (outcome) {
      case Compliance.COMPLIANT:
        return [{ ...base, compliance: Compliance.COMPLIANT }];
      case Compliance.NOT_APPLICABLE:
        return [];
      case Compliance.NON_COMPLIANT:
        return [{ ...base, compliance: Compliance.NON_COMPLIANT }];
      default:
        return [{ ...base, level: 'warning', compliance: Compliance.UNKNOWN, detail: `the rule returned ${JSON.stringify(outcome)}` }];
    }
  }

  private engineFinding(node: IConstruct, type: string, error: unknown): PolicyFinding {
    return {
      ruleId: ENGINE_RULE.id,
      pack: 'engine',
      level: ENGINE_RULE.level,
      compliance: Compliance.UNKNOWN,
      resourcePath: node.node.path,
      resourceType: type,
      resourceAddress: node.node.path,
      description: ENGINE_RULE.description,
      fix: ENGINE_RULE.fix,
      anchors: ENGINE_RULE.anchors,
      detail: errorText(error),
    };
  }

  private applySuppression(f: PolicyFinding, subjects: ReadonlyArray<Evaluated>): PolicyFinding {
    if (f.compliance !== Compliance.NON_COMPLIANT && f.compliance !== Compliance.UNKNOWN) return f;
    const node = subjects.find((s) => s.path === f.resourcePath)?.node;
    if (!node) return f;
    const suppression = findSuppression(node, f.ruleId, f.findingId);
    if (!suppression) return f;
    return { ...f, compliance: Compliance.SUPPRESSED, suppressionReason: suppression.reason, suppressedAt: suppression.scopePath };
  }

  private annotate(findings: ReadonlyArray<PolicyFinding>, subjects: ReadonlyArray<Evaluated>, collected: Collected): void {
    const nodeByPath = new Map<string, IConstruct>();
    for (const s of subjects) nodeByPath.set(s.path, s.node);
    for (const n of [...collected.elements, ...collected.governed]) if (!nodeByPath.has(n.node.path)) nodeByPath.set(n.node.path, n);
    const suppressedByResource = new Map<IConstruct, Array<Record<string, string>>>();

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
          : f.compliance === Compliance.NON_COMPLIANT && f.level === 'error'
            ? AnnotationMetadataEntryType.ERROR
            : AnnotationMetadataEntryType.WARN;
        node.node.addMetadata(type, message, { stackTrace: false });
      }
      if (f.compliance === Compliance.SUPPRESSED && TerraformResource.isTerraformResource(node)) {
        const list = suppressedByResource.get(node) ?? [];
        list.push({ rule: f.ruleId, ...(f.findingId ? { finding: f.findingId } : {}), reason: f.suppressionReason ?? '' });
        suppressedByResource.set(node, list);
      }
    }
    // Audit trail in the synthesized JSON: Terraform ignores "//" keys, reviewers and scanners see them.
    for (const [node, list] of suppressedByResource) (node as TerraformResource).addOverride('//.policy_suppressions', list);
  }
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const firstLine = text.split('\n')[0];
  return firstLine.length > 300 ? `${firstLine.slice(0, 297)}...` : firstLine;
}
