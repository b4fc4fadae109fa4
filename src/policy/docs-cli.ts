// Regenerates docs/policy-rules.md from the rule files: `npx ts-node --swc src/policy/docs-cli.ts`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderRulesMarkdown } from './docs';

const target = path.join(__dirname, '..', '..', 'docs', 'policy-rules.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `# Policy rules\n\n${renderRulesMarkdown({ linkBase: '../' })}`);
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
