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
const TOOL_URI = 'https://github.com/cdktf-llm-platform/cdktf-llm-platform/blob/main/docs/policy-rules.md';

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
  const count = (p: (f: PolicyFinding) => boolean): number => findings.filter(p).length;
  return {
    compliant: count((f) => f.compliance === Compliance.COMPLIANT),
    nonCompliant: count((f) => f.compliance === Compliance.NON_COMPLIANT),
    suppressed: count((f) => f.compliance === Compliance.SUPPRESSED),
    unknown: count((f) => f.compliance === Compliance.UNKNOWN),
    errors: count((f) => f.compliance === Compliance.NON_COMPLIANT && f.level === 'error'),
    warnings: count((f) => (f.compliance === Compliance.NON_COMPLIANT && f.level === 'warning') || f.compliance === Compliance.UNKNOWN),
  };
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

/** The SARIF 2.1.0 log of one stack. Compliant lines are omitted (SARIF lists results, not passes). */
export function renderSarifReport(rules: ReadonlyArray<PolicyRule>, findings: ReadonlyArray<PolicyFinding>, artifact: ArtifactLocation): object {
  const reported = findings.filter((f) => f.compliance !== Compliance.COMPLIANT);
  const byId = new Map<string, PolicyRule>();
  for (const r of rules) byId.set(r.id, r);
  // Rules that produced results but are not in the packs (the engine's own pseudo-rule).
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
  const driverRules = [...byId.values()];
  const index = new Map(driverRules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            informationUri: TOOL_URI,
            rules: driverRules.map((r) => ({
              id: r.id,
              name: r.id.replace(/-/g, ''),
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              help: { text: `Fix: ${r.fix}`, markdown: `**Fix:** ${r.fix}` },
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
        results: reported.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: f.compliance === Compliance.UNKNOWN ? 'warning' : f.level,
          kind: 'fail',
          message: { text: `${findingMessage(f)} (${f.resourcePath})` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifact.uri },
                region: { startLine: artifact.lineOf(f.resourceAddress) },
              },
              logicalLocations: [{ fullyQualifiedName: f.resourcePath, name: f.resourceAddress, kind: 'resource' }],
            },
          ],
          partialFingerprints: {
            'policyFinding/v1': createHash('sha256').update(`${findingLabel(f)}|${f.resourcePath}`).digest('hex').slice(0, 32),
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
 * Finds the line of `resource.<type>.<id>` (or `data.<type>.<id>`) in a `cdk.tf.json` written with two-space
 * indentation by cdktf. Falls back to line 1 (GitHub requires a line).
 */
export function lineFinder(text: string | undefined): (address: string) => number {
  const lines = text ? text.split('\n') : [];
  return (address: string): number => {
    const parts = address.split('.');
    const [section, type, id] = parts[0] === 'data' ? ['data', parts[1], parts[2]] : ['resource', parts[0], parts[1]];
    if (!type || !id) return 1;
    let inSection = false;
    let inType = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (/^ {2}"/.test(line)) inSection = line.startsWith(`  "${section}":`);
      else if (inSection && /^ {4}"/.test(line)) inType = line.startsWith(`    "${type}":`);
      else if (inSection && inType && line.startsWith(`      "${id}":`)) return i + 1;
    }
    return 1;
  };
}
