import { createHash } from 'node:crypto';
import { findingLabel, findingMessage, type PolicyFinding } from './finding';
import { Compliance, type PolicyRule } from './rule';

/**
 * Pure report renderers (no cdktf, no file system). The JSON report follows cdk-nag's NagReport columns;
 * the SARIF report is what GitHub code scanning ingests (`github/codeql-action/upload-sarif`).
 */

export const JSON_REPORT_FILE = 'policy-report.json';
export const SARIF_REPORT_FILE = 'policy-report.sarif';

/** SARIF 2.1.0 schema (OASIS). */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const TOOL_NAME = 'cdktf-llm-platform-policy';

/**
 * The project's public home (package.json `homepage`, else `repository`), or `undefined`. SARIF's
 * `informationUri` and rules' `helpUri` point there (at the README's policy section); without a known home
 * they are left out rather than pointing at a page that does not exist.
 */
export function projectHome(pkg: { homepage?: unknown; repository?: unknown } = readPackageJson()): string | undefined {
  const repo = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository as { url?: unknown } | undefined)?.url;
  for (const candidate of [pkg.homepage, repo]) {
    if (typeof candidate !== 'string') continue;
    const url = candidate.replace(/^git\+/, '').replace(/\.git$/, '').replace(/#.*$/, '');
    if (/^https:\/\/[^\s]+$/.test(url)) return url;
  }
  return undefined;
}

function readPackageJson(): { homepage?: unknown; repository?: unknown } {
  try {
    // src/policy/report.ts and lib/policy/report.js both sit two levels below the package root.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../package.json');
  } catch {
    return {};
  }
}

/** The README heading of the policy section (GitHub anchor), where the rules table lives. */
export const POLICY_DOCS_ANCHOR = 'policybundle--guardrails-that-run-on-every-synth';

export interface ReportSummary {
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly suppressed: number;
  readonly unknown: number;
  /** Non-compliant error-level findings: any of these fails synthesis. */
  readonly errors: number;
  /** Non-compliant warning-level and unknown findings. */
  readonly warnings: number;
}

export function summarizeFindings(findings: ReadonlyArray<PolicyFinding>): ReportSummary {
  let compliant = 0, nonCompliant = 0, suppressed = 0, unknown = 0, errors = 0, warnings = 0;
  for (const f of findings) {
    switch (f.compliance) {
      case Compliance.COMPLIANT:
        compliant++;
        break;
      case Compliance.SUPPRESSED:
        suppressed++;
        break;
      case Compliance.UNKNOWN:
        unknown++;
        warnings++;
        break;
      case Compliance.NON_COMPLIANT:
        nonCompliant++;
        if (f.level === 'error') errors++;
        if (f.level === 'warning') warnings++;
        break;
      default:
        break;
    }
  }
  return { compliant, nonCompliant, suppressed, unknown, errors, warnings };
}

/** The JSON report of one stack. */
export function renderJsonReport(stackName: string, packs: ReadonlyArray<string>, findings: ReadonlyArray<PolicyFinding>): object {
  return {
    version: 1,
    tool: TOOL_NAME,
    stack: stackName,
    packs: [...packs],
    passed: summarizeFindings(findings).errors === 0,
    summary: summarizeFindings(findings),
    lines: findings.map((f) => ({
      ruleId: f.ruleId,
      ...(f.findingId ? { findingId: f.findingId } : {}),
      resourceId: f.resourcePath,
      resourceAddress: f.resourceAddress,
      resourceType: f.resourceType,
      compliance: f.compliance,
      ruleLevel: f.level,
      ruleInfo: f.description,
      fix: f.fix,
      ...(f.detail ? { detail: f.detail } : {}),
      ...(f.suppressionReason ? { exceptionReason: f.suppressionReason, suppressedAt: f.suppressedAt } : {}),
      ...(f.addedByOverride ? { addedByOverride: true } : {}),
      ...(f.sourceLocation ? { source: `${f.sourceLocation.file}:${f.sourceLocation.line}` } : {}),
      pack: f.pack,
      cdkNag: [...f.anchors.cdkNag],
      checkov: [...f.anchors.checkov],
    })),
  };
}

/** Where a finding points in the synthesized file. */
export interface ArtifactLocation {
  /** URI of `cdk.tf.json` (relative to the repository root when possible). */
  readonly uri: string;
  /** 1-based line of the resource in that file, for a subject's address. */
  lineOf(address: string): number;
}

/** Options of `renderSarifReport`. */
export interface SarifReportOptions {
  /**
   * Stack name: the run's `automationDetails.id` is `<tool>/<stack>/`, so the runs of several stacks uploaded
   * together have distinct categories (GitHub rejects two runs with the same tool and category).
   */
  readonly stackName: string;
  /** Project home for `informationUri`/`helpUri`. @default - package.json homepage or repository, if any */
  readonly home?: string;
}

/** The SARIF 2.1.0 log of one stack. Compliant lines are omitted (SARIF lists results, not passes). */
export function renderSarifReport(
  rules: ReadonlyArray<PolicyRule>,
  findings: ReadonlyArray<PolicyFinding>,
  artifact: ArtifactLocation,
  options: SarifReportOptions,
): object {
  const reported = findings.filter((f) => f.compliance !== Compliance.COMPLIANT);
  const byId = new Map<string, PolicyRule>();
  for (const r of rules) byId.set(r.id, r);
  // Rules that produced results but are not in the packs (the engine's own findings).
  for (const f of reported) {
    if (!byId.has(f.ruleId)) {
      byId.set(f.ruleId, {
        id: f.ruleId,
        level: f.level,
        description: f.description,
        fix: f.fix,
        resourceTypes: [],
        anchors: f.anchors,
        check: () => Compliance.NOT_APPLICABLE,
      });
    }
  }
  const home = 'home' in options ? options.home : projectHome();
  const docs = home ? `${home}#${POLICY_DOCS_ANCHOR}` : undefined;
  const driverRules = [...byId.values()];
  const index = new Map(driverRules.map((r, i) => [r.id, i]));
  const tfLocation = (f: PolicyFinding): object => ({
    artifactLocation: { uri: artifact.uri },
    region: { startLine: artifact.lineOf(f.resourceAddress) },
  });
  const sourceLocation = (f: PolicyFinding): object | undefined => {
    const s = f.sourceLocation;
    return s ? { artifactLocation: { uri: s.file }, region: { startLine: s.line, ...(s.column ? { startColumn: s.column } : {}) } } : undefined;
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            ...(docs ? { informationUri: docs } : {}),
            rules: driverRules.map((r) => ({
              id: r.id,
              name: r.id.replace(/-/g, ''),
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              help: { text: `Fix: ${r.fix}`, markdown: `**Fix:** ${r.fix}` },
              ...(docs ? { helpUri: docs } : {}),
              defaultConfiguration: { level: r.level },
              properties: {
                tags: ['security', 'terraform', 'cdktf'],
                ...(r.level === 'error' ? { 'security-severity': '8.0' } : { 'security-severity': '4.0' }),
                cdkNag: [...r.anchors.cdkNag],
                checkov: [...r.anchors.checkov],
              },
            })),
          },
        },
        automationDetails: { id: `${TOOL_NAME}/${options.stackName}/` },
        results: reported.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: f.compliance === Compliance.UNKNOWN && f.level !== 'error' ? 'warning' : f.level,
          kind: 'fail',
          message: { text: `${findingMessage(f)} (${f.resourcePath})` },
          locations: [
            {
              // The user's TypeScript line when known (where the construct was created), else the resource in cdk.tf.json.
              physicalLocation: sourceLocation(f) ?? tfLocation(f),
              logicalLocations: [{ fullyQualifiedName: f.resourceAddress, kind: 'resource', properties: { constructPath: f.resourcePath } }],
            },
          ],
          ...(f.sourceLocation ? { relatedLocations: [{ id: 1, physicalLocation: tfLocation(f), message: { text: `synthesized ${f.resourceAddress}` } }] } : {}),
          partialFingerprints: {
            'policyFinding/v1': createHash('sha256').update(`${findingLabel(f)}|${f.resourcePath}${f.addedByOverride ? `|${f.resourceAddress}` : ''}`).digest('hex').slice(0, 32),
          },
          properties: { compliance: f.compliance, resourceType: f.resourceType, ...(f.findingId ? { findingId: f.findingId } : {}) },
          ...(f.compliance === Compliance.SUPPRESSED
            ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.suppressionReason ?? '' }] }
            : {}),
        })),
      },
    ],
  };
}

/**
 * Finds the line of `resource.<type>.<id>`, `data.<type>.<id>` or `module.<id>` in a `cdk.tf.json` written with
 * two-space indentation by cdktf. The file is indexed once (one pass); unknown addresses give line 1 (GitHub
 * requires a line).
 */
export function lineFinder(text: string | undefined): (address: string) => number {
  let index: Map<string, number> | undefined;
  const build = (): Map<string, number> => {
    const out = new Map<string, number>();
    if (!text) return out;
    let section = '';
    let type = '';
    let start = 0;
    for (let i = 0; start <= text.length; i++) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      // Only keys at indentation 2, 4 and 6 matter: `  "resource": {`, `    "aws_s3_bucket": {`, `      "b": {`.
      if (!line.startsWith('  "') && !line.startsWith('    "') && !line.startsWith('      "')) continue;
      const key = /^( *)"((?:[^"\\]|\\.)*)":/.exec(line);
      if (!key) continue;
      const depth = key[1].length;
      if (depth === 2) {
        section = key[2];
        type = '';
      } else if (depth === 4) {
        type = key[2];
        if (section === 'module') out.set(`module.${type}`, i + 1);
      } else if (depth === 6 && type) {
        if (section === 'resource') out.set(`${type}.${key[2]}`, i + 1);
        else if (section === 'data') out.set(`data.${type}.${key[2]}`, i + 1);
      }
    }
    return out;
  };
  return (address: string): number => {
    index ??= build();
    return index.get(address) ?? 1;
  };
}
