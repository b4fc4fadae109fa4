import type { IConstruct } from 'constructs';
import { blockingItems, evaluateReadiness, type ReadinessOptions } from './evaluate';
import { evidence, fact, type FeatureReadinessFacts } from './facts';
import type { FeatureReadinessResult } from './model';
import { READINESS_JSON_FILE, READINESS_MARKDOWN_FILE, renderReadinessJson, renderReadinessMarkdown } from './report';
import { TerraformStack } from '../../core/cdktf';
import { ValidationError, type ValidationProblem } from '../../core/errors';
import { addStackFile } from '../../core/stack-files';
import { providerFailoverDrillPaths, providerFailoverRequest, renderProviderFailoverDrill } from '../drills/provider-failover';
import { renderRunbook, runbookPath } from '../runbook/render';

/** Options of `FeatureReadiness.register`. */
export interface FeatureReadinessOptions extends ReadinessOptions {
  /**
   * Render the drill templates for this feature (provider failover). Opt-in per environment: a drill costs a
   * request on the fallback model.
   * @default false
   */
  readonly drills?: boolean;
}

interface Registered {
  readonly construct: IConstruct;
  readonly produce: () => FeatureReadinessFacts;
  readonly options: FeatureReadinessOptions;
  /**
   * What the last validation computed. Synthesis validates a stack right before writing its files, so the
   * writers reuse it instead of producing the facts three more times (per team stack, at 200 teams).
   */
  validated?: { readonly facts: FeatureReadinessFacts; readonly result: FeatureReadinessResult };
}

const REGISTRY = new WeakMap<TerraformStack, Map<string, Registered>>();

/**
 * Executes the production-readiness checklist for the features of a stack and writes what it found beside
 * the stack's `cdk.tf.json`: `readiness-report.json` and `readiness-report.md` (every feature of the stack),
 * `runbooks/<feature>.md`, and, when drills are enabled, `drills/<feature>-provider-failover.{md,json}`.
 *
 * ```ts
 * // in StandardLlmFeature's constructor:
 * FeatureReadiness.register(this, () => this.readinessFacts(), { drills: props.drills });
 * ```
 */
export class FeatureReadiness {
  /**
   * Registers a feature. Facts are produced at synthesis (after every `add*` call). In a production
   * environment a failing required item fails synthesis: a ValidationError naming `feature`'s path, each failed
   * check and its fix (construct validation, so `cdktf synth` and `synthStack` both stop on it).
   */
  public static register(feature: IConstruct, produce: () => FeatureReadinessFacts, options: FeatureReadinessOptions = {}): void {
    const stack = TerraformStack.of(feature);
    let features = REGISTRY.get(stack);
    if (!features) {
      features = new Map();
      REGISTRY.set(stack, features);
      const all = features;
      const results = () => [...all.values()].map((r) => r.validated?.result ?? FeatureReadiness.evaluate(r));
      addStackFile(stack, READINESS_JSON_FILE, () => `${JSON.stringify(renderReadinessJson(stack.node.id, results()), null, 2)}\n`);
      addStackFile(stack, READINESS_MARKDOWN_FILE, () => renderReadinessMarkdown(stack.node.id, results()));
    }
    const name = feature.node.id;
    const entry: Registered = { construct: feature, produce, options };
    features.set(feature.node.path, entry);
    const facts = () => entry.validated?.facts ?? FeatureReadiness.facts(entry);
    addStackFile(stack, runbookPath(name), () => renderRunbook(facts()));
    if (options.drills) {
      const paths = providerFailoverDrillPaths(name);
      addStackFile(stack, paths.markdown, () => renderProviderFailoverDrill(facts())
        ?? `# Drill: provider failover for ${name}\n\nNot applicable: none of the feature's aliases has a fallback to fail over to.\n`);
      addStackFile(stack, paths.request, () => {
        const route = facts().models.find((m) => m.fallbacks.value.length > 0);
        return `${JSON.stringify(route ? providerFailoverRequest(route.alias) : {}, null, 2)}\n`;
      });
    }
    feature.node.addValidation({
      validate: () => {
        const f = FeatureReadiness.facts(entry);
        const result = evaluateReadiness(f, entry.options);
        entry.validated = { facts: f, result };
        if (result.production && !result.ready) throw new ValidationError(feature, readinessProblems(result));
        return [];
      },
    });
  }

  /** The readiness of every feature registered in `stack` (evaluated now). */
  public static resultsOf(stack: TerraformStack): FeatureReadinessResult[] {
    return [...(REGISTRY.get(stack)?.values() ?? [])].map((r) => FeatureReadiness.evaluate(r));
  }

  private static evaluate(r: Registered): FeatureReadinessResult {
    return evaluateReadiness(FeatureReadiness.facts(r), r.options);
  }

  /** The feature's facts plus what registration adds: the generated runbook and the enabled drills. */
  private static facts(r: Registered): FeatureReadinessFacts {
    const f = r.produce();
    const runbook = runbookPath(f.feature.name);
    const drill = providerFailoverDrillPaths(f.feature.name).markdown;
    const drills = r.options.drills ? [drill, ...f.drills.value] : [...f.drills.value];
    return {
      ...f,
      runbook: fact(runbook, evidence.file(runbook, 'generated at synthesis')),
      drills: fact([...new Set(drills)].sort(), ...f.drills.evidence, ...(r.options.drills ? [evidence.file(drill)] : [])),
    };
  }
}

/** A result's failing required checks as ValidationError problems (`readiness.<item>`: message, fix). */
export function readinessProblems(result: FeatureReadinessResult): ValidationProblem[] {
  return blockingItems(result).map(({ item, check }) => ({
    path: `readiness.${item.id}`,
    received: check.detail,
    message: `required readiness item '${item.title}' fails in ${result.environment}: ${check.name}`,
    fix: check.fix ?? 'see readiness-report.md',
  }));
}
