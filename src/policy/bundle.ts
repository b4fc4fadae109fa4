import { Construct, type IConstruct } from 'constructs';
import { z } from 'zod';
import { PolicyAspect } from './engine';
import type { PolicyFinding } from './finding';
import { DEFAULT_PII_ENTITIES, defaultRuntimeGuardrails, type PolicyPiiAction, type PolicyGuardrailEntry } from './guardrails';
import { PolicyPack } from './pack';
import { addReportSource } from './reporter';
import type { PolicyRule } from './rule';
import { recordCreationSites } from './source-location';
import { addGoverning, governingOf } from './suppression-use';
import { addSuppression, type SuppressOptions } from './suppressions';
import { shareSynthesizedJson } from './synthesized-json';
import { App, Aspects, TerraformStack } from '../core/cdktf';
import { schemaFor, validateProps, withFix } from '../core/validation';

const POLICY_BUNDLE_SYMBOL = Symbol.for('cdktf-llm-platform.PolicyBundle');

/** Props of `PolicyBundle`. */
export interface PolicyBundleProps {
  /** The packs to run, e.g. `[PolicyPack.securityBaseline(), PolicyPack.llmGovernance({ modelAllowList })]`. */
  readonly packs: ReadonlyArray<PolicyPack>;
  /**
   * Contribute runtime guardrails (PII masking, prompt-injection detection) to every gateway in scope.
   * @default true
   */
  readonly runtimeGuardrails?: boolean;
  /**
   * PII entities the contributed PII guardrail acts on, and how.
   * @default DEFAULT_PII_ENTITIES (credit cards, e-mail addresses, IBANs, IP addresses, phone numbers, US SSNs: MASK)
   */
  readonly piiEntities?: Readonly<Record<string, PolicyPiiAction>>;
  /**
   * Write `policy-report.json` and `policy-report.sarif` beside each governed stack's `cdk.tf.json`.
   * @default true
   */
  readonly reports?: boolean;
}

const propsSchema = schemaFor<PolicyBundleProps>()(
  z.strictObject({
    packs: z
      .array(z.custom<PolicyPack>((v) => v instanceof PolicyPack, { message: withFix('must be a PolicyPack', 'create packs with PolicyPack.securityBaseline() / PolicyPack.llmGovernance()') }))
      .min(1, withFix('must contain at least one pack', 'pass [PolicyPack.securityBaseline(), PolicyPack.llmGovernance()]'))
      .superRefine((packs, ctx) => {
        const names = packs.map((p) => p?.name);
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup) ctx.addIssue({ code: 'custom', message: withFix(`lists pack '${dup}' twice`, 'pass each pack once') });
      }),
    runtimeGuardrails: z.boolean().optional(),
    piiEntities: z
      .record(z.string(), z.enum(['MASK', 'BLOCK']))
      .superRefine((entities, ctx) => {
        for (const name of Object.keys(entities)) {
          if (!/^[A-Z][A-Z0-9_]*$/.test(name)) {
            ctx.addIssue({ code: 'custom', path: [name], message: withFix(`'${name}' is not a PII entity name`, 'use Presidio entity names such as EMAIL_ADDRESS or PHONE_NUMBER') });
          }
        }
      })
      .optional(),
    reports: z.boolean().optional(),
  }),
);

/**
 * Guardrails as code: runs policy packs on every synthesis of the stacks in its scope. Error-level findings
 * fail synthesis (all of a stack's findings are listed at once, each with construct path, rule and fix);
 * warnings are reported. Reports (JSON and SARIF 2.1.0) are written beside each stack's `cdk.tf.json`.
 *
 * Add it to a stack to govern that stack, or to the `App` to govern every stack (including stacks created
 * after the bundle, as long as synthesis goes through `app.synth()`).
 *
 * ```ts
 * new PolicyBundle(stack, 'policy', {
 *   packs: [PolicyPack.securityBaseline(), PolicyPack.llmGovernance({ modelAllowList: ['bedrock/amazon.nova-lite-v1:0'], aliasAllowList: ['chat'] })],
 * });
 * PolicyBundle.suppress(someConstruct, 'LLM-IAM-2', 'Boundary is applied by the account vending SCP (SEC-42)');
 * ```
 */
export class PolicyBundle extends Construct {
  /**
   * Accepts a finding on `construct` and everything under it. Suppressed findings stay visible: as info
   * annotations, as `Suppressed` lines (with the reason) in the reports, and in the resource's `//` block.
   *
   * @param ruleId the rule id alone, e.g. `LLM-IAM-1`
   * @param reason why it is acceptable here (at least 10 characters)
   */
  public static suppress(construct: IConstruct, ruleId: string, reason: string, options?: SuppressOptions): void {
    addSuppression(construct, ruleId, reason, options);
  }

  /** True when `x` is a PolicyBundle (duck-typed across package copies). */
  public static isPolicyBundle(x: unknown): x is PolicyBundle {
    return typeof x === 'object' && x !== null && POLICY_BUNDLE_SYMBOL in x;
  }

  /** The bundles governing `stack` (empty when none does). */
  public static governing(stack: TerraformStack): ReadonlyArray<PolicyBundle> {
    return governingOf(stack).filter(PolicyBundle.isPolicyBundle);
  }

  public readonly packs: ReadonlyArray<PolicyPack>;
  /** The LiteLLM guardrail entries the bundle contributes to every governed gateway (empty when turned off). */
  public readonly runtimeGuardrails: ReadonlyArray<PolicyGuardrailEntry>;
  private readonly aspect: PolicyAspect;
  private readonly reports: boolean;
  private readonly governed = new Set<TerraformStack>();

  constructor(scope: Construct, id: string, props: PolicyBundleProps) {
    const parsed = validateProps(`${scope.node.path ? `${scope.node.path}/` : ''}${id}`, propsSchema, props);
    super(scope, id);
    Object.defineProperty(this, POLICY_BUNDLE_SYMBOL, { value: true });
    this.packs = [...parsed.packs];
    this.runtimeGuardrails = parsed.runtimeGuardrails === false ? [] : defaultRuntimeGuardrails(parsed.piiEntities ?? DEFAULT_PII_ENTITIES);
    this.reports = parsed.reports !== false;
    this.aspect = new PolicyAspect(this, this.packs, this.runtimeGuardrails, (stack) => this.governed.has(stack));
    // Findings point at the user's line of code where an element was created (apps that keep stack traces).
    recordCreationSites();

    if (App.isApp(scope)) {
      this.governAll(scope);
      // cdktf 0.21 starts aspect traversal at each stack (invokeAspects(stack)) and never applies aspects added
      // to the App. Stacks created after this bundle are picked up right before the app synthesizes.
      const app = scope as App;
      const synth = app.synth.bind(app);
      app.synth = (): void => {
        this.governAll(app);
        synth();
      };
    } else {
      this.govern(TerraformStack.of(this));
    }
  }

  /**
   * Governs another stack too (e.g. a team stack using this platform's bundle). Call it before synthesis.
   */
  public govern(stack: TerraformStack): void {
    if (this.governed.has(stack)) return;
    this.governed.add(stack);
    addGoverning(stack, this);
    shareSynthesizedJson(stack);
    Aspects.of(stack).add(this.aspect);
    if (this.reports) {
      addReportSource(stack, {
        packNames: this.packs.map((p) => p.name),
        rules: this.rules,
        findingsFor: (s) => this.aspect.findingsFor(s),
      });
    }
  }

  /** Every rule of every pack. */
  public get rules(): ReadonlyArray<PolicyRule> {
    return this.packs.flatMap((p) => p.rules);
  }

  /** Stacks this bundle governs. */
  public get governedStacks(): ReadonlyArray<TerraformStack> {
    return [...this.governed];
  }

  /**
   * Findings of the last synthesis of `stack` (or of every governed stack), in report order. Empty before the
   * first synthesis.
   */
  public findings(stack?: TerraformStack): ReadonlyArray<PolicyFinding> {
    const stacks = stack ? [stack] : this.aspect.evaluatedStacks;
    return stacks.flatMap((s) => this.aspect.findingsFor(s) ?? []);
  }

  private governAll(app: Construct): void {
    for (const node of app.node.findAll()) if (TerraformStack.isStack(node)) this.govern(node);
  }
}
