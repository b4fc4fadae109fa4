import { javascript, typescript } from 'projen';

// Source of truth for package.json, tsconfig*.json, jest and eslint settings.
// Edit this file and run `npx projen`; never edit the generated files by hand.

// @grafana/grafana-foundation-sdk exposes its modules only through package.json `exports` subpaths
// (`@grafana/grafana-foundation-sdk/dashboard`), which the `node` module resolution of a CommonJS build
// does not read: map them to the typings for the compiler. Node and jest resolve the subpaths themselves.
const GRAFANA_SDK_PATHS = { '@grafana/grafana-foundation-sdk/*': ['./node_modules/@grafana/grafana-foundation-sdk/dist/*'] };

const project = new typescript.TypeScriptProject({
  name: 'cdktf-llm-platform',
  description:
    'An internal LLM platform as code on CDK for Terraform: LiteLLM gateway, vector store, observability, quotas and policy.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.9.0',
  license: 'Apache-2.0',
  copyrightOwner: 'cdktf-llm-platform authors',

  // No hosted CI/release machinery: CI is `.ci/run`.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  // cdktf, constructs and the provider bindings are peers so a user's app holds one copy of each;
  // projen pins the lowest matching version as a dev dependency for our own tests.
  peerDeps: [
    'cdktf@0.21.0',
    'constructs@^10.4.2',
    // Exactly the release generated from hashicorp/aws 5.100.0, the provider we can check offline.
    '@cdktf/provider-aws@20.1.0',
    '@cdktf/provider-google@^16.12.1',
    '@cdktf/provider-kubernetes@^12.1.1',
    '@cdktf/provider-helm@^12.1.2',
    // Only for Kubernetes-side generated secrets; AWS stacks never use it.
    '@cdktf/provider-random@^12.0.1',
  ],
  peerDependencyOptions: { pinnedDevDependency: true },
  typescriptVersion: '~5.9.3',
  // Grafana's dashboard SDK is pre-1.0: pinned exactly (dashboards are rendered at synth time).
  deps: ['zod@^4.1.0', 'yaml@^2.8.0', '@grafana/grafana-foundation-sdk@0.0.21'],
  devDeps: [
    'cdktf-cli@0.21.0',
    '@swc/core@1.16.18',
    '@swc/jest@^0.2.39',
    'fast-check@^4.3.0',
    '@electric-sql/pglite@0.5.14',
    '@electric-sql/pglite-pgvector@0.0.15',
  ],

  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
      isolatedModules: true,
      paths: GRAFANA_SDK_PATHS,
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts', 'projenrc'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    // CI must fail on lint problems, not rewrite files.
    commandOptions: { fix: false },
  },
  tsconfigDev: {
    compilerOptions: {
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
      isolatedModules: true,
      paths: GRAFANA_SDK_PATHS,
    },
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    exclude: ['node_modules', 'lib', 'cdktf.out', 'coverage'],
  },

  jest: true,
  jestOptions: {
    junitReporting: false,
    coverageText: false,
    passWithNoTests: false,
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Real-Terraform and PGlite tests spawn processes; keep two workers on two cores.
      maxWorkers: 2,
      testTimeout: 300_000,
      collectCoverage: false,
      setupFiles: ['<rootDir>/test/setup/terraform-env.ts'],
    },
  },
});

// Jest through @swc/jest (about 4x faster than ts-jest here); types are checked by `tsc --noEmit`.
project.jest!.config.transform = {
  '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
};
project.deps.removeDependency('ts-jest');

// `npm ci` needs a lock entry for every optional platform binary of @swc/core and unrs-resolver; the
// newest releases (@swc/core 1.16.22, unrs-resolver 1.13.0) are not yet published for every platform on
// the registry our CI reaches, so the lock could not list them. Pin the last releases complete there
// (@swc/core exactly in devDeps; unrs-resolver, a transitive dependency, by override).
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Subpath export for users' tests: `import { synth } from 'cdktf-llm-platform/testing'`.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './testing': { types: './lib/testing/index.d.ts', default: './lib/testing/index.js' },
  './package.json': './package.json',
});
project.package.addField('typesVersions', { '*': { testing: ['lib/testing/index.d.ts'] } });

// Deep provider imports only: the package root costs ~4.5 s and ~570 MB per process.
project.eslint?.addRules({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '^@cdktf/provider-[a-z-]+$',
          message: 'Import the resource module instead (e.g. @cdktf/provider-aws/lib/ecs-service).',
        },
      ],
    },
  ],
});

// `npm test` = lint, type-check, jest (in that order; any failure fails the run).
project.addTask('typecheck', { description: 'Type-check everything', exec: 'tsc --noEmit -p tsconfig.dev.json' });
project.testTask.reset();
project.testTask.spawn(project.tasks.tryFind('eslint')!);
project.testTask.spawn(project.tasks.tryFind('typecheck')!);
project.testTask.exec('jest', { receiveArgs: true });

project.addTask('docs:dashboard', {
  description: 'Render the team dashboard with synthetic data to docs/team-dashboard.png (needs prometheus, promtool, chromium)',
  exec: 'ts-node --swc scripts/dashboard-png/render.ts',
});
project.addTask('docs:policy', { description: 'Regenerate the README policy rules table from src/policy/rules', exec: 'ts-node --swc scripts/policy-rules-doc.ts' });
project.addTask('synth:quickstart', { description: 'Synthesize the default app (cdktf.json)', exec: 'cdktf synth' });
// Fuzzing the public API (test/fuzz): 1,000 inputs per constructor/factory, every accepted input synthesized, a
// sample of accepted AWS stacks through `terraform validate`; plus a longer LiteLLM contract sweep. `npm test` runs
// the same suites with fewer inputs. Report: cdktf.out/fuzz-report.json.
project.addTask('fuzz', {
  description: 'Fuzz the public API: 1,000 inputs per constructor and factory (test/fuzz) and a longer LiteLLM contract sweep',
  exec: 'jest test/fuzz test/contract/gateway-sweep.test.ts --runInBand',
  env: { FUZZ_FULL: '1', CONTRACT_SWEEP_RUNS: '100' },
  receiveArgs: true,
});
project.addTask('bench', { description: 'Print performance numbers (bench/)', exec: 'ts-node --swc bench/run.ts', receiveArgs: true });

// Plain-JS Lambda handlers under src/ are shipped as they are: tsc does not copy .js files.
project.postCompileTask.exec('mkdir -p lib/aws && cp -r src/aws/aurora-sql-bootstrap-lambda lib/aws/');
project.postCompileTask.exec('mkdir -p lib/tenancy/lambdas && cp -r src/tenancy/lambdas/gateway-admin lib/tenancy/lambdas/');
// The evaluation probe (plain JS + hand-written typings) is both a Lambda/container asset and the gate CLI's engine.
project.postCompileTask.exec('mkdir -p lib/evaluation && cp -r src/evaluation/probe lib/evaluation/');

// `npx cdktf-llm-platform eval --stack <team> --feature <name> --against <deployment>`: the promotion gate.
project.addBins({ 'cdktf-llm-platform': 'lib/evaluation/cli/bin.js' });

// projen ignores `logs/` directories; ours holds the CloudWatch Logs policy rules.
project.gitignore.removePatterns('logs');
project.gitignore.exclude('/logs', '.ci/jest-results.json', 'cdktf.out', '.terraform', '*.tfstate*', '.tf-cache', 'bench/results');
project.npmignore?.exclude('examples', 'bench', '.ci', 'cdktf.json', 'cdktf.out');

project.synth();
