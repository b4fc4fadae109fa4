// Rewrites the generated policy sections of README.md (rules table, coverage table):
//   npx projen docs:policy
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emittedResourceTypes } from './policy-coverage';
import { COVERAGE_DOC_END, COVERAGE_DOC_START, RULES_DOC_END, RULES_DOC_START, policyCoverage, renderCoverageMarkdown, renderRulesMarkdown } from '../src/policy/docs';

const readme = path.join(__dirname, '..', 'README.md');

function replaceSection(text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`README.md has no ${start} … ${end} section`);
  return `${text.slice(0, from)}${content.trimEnd()}${text.slice(to + end.length)}`;
}

let text = fs.readFileSync(readme, 'utf8');
text = replaceSection(text, RULES_DOC_START, RULES_DOC_END, renderRulesMarkdown());
text = replaceSection(text, COVERAGE_DOC_START, COVERAGE_DOC_END, renderCoverageMarkdown(policyCoverage(emittedResourceTypes())));
fs.writeFileSync(readme, text);
process.stdout.write('README.md policy rules and coverage sections regenerated\n');
