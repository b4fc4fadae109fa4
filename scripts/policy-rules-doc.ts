// Rewrites the policy rules section of README.md from the rule files:
//   npx projen docs:policy
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DOC_END, RULES_DOC_START, renderRulesMarkdown } from '../src/policy/docs';

const readme = path.join(__dirname, '..', 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = text.indexOf(RULES_DOC_START);
const end = text.indexOf(RULES_DOC_END);
if (start < 0 || end < 0) throw new Error(`README.md has no ${RULES_DOC_START} … ${RULES_DOC_END} section`);
fs.writeFileSync(readme, `${text.slice(0, start)}${renderRulesMarkdown().trimEnd()}${text.slice(end + RULES_DOC_END.length)}`);
process.stdout.write('README.md policy rules section regenerated\n');
