/**
 * What every runtime's database migration step shares. Pure: no cdktf.
 */

/**
 * Why the migration container/Job runs with a writable root filesystem, as the policy suppression's reason.
 *
 * LiteLLM's migration (`litellm --skip_server_startup`, or the Helm chart's `prisma_migration.py`) runs the Prisma
 * CLI, which writes into the installed `prisma` package (`prisma generate` rewrites `site-packages/prisma`,
 * BerriAI/litellm#13369, #26918) and into the migrations folder. Upstream moved Prisma out of site-packages only
 * after the pinned release (#33853 for the root image, #34325 for non_root; the read-only attempt #23756 was closed
 * unmerged), and a writable volume cannot be mounted over site-packages without hiding the generated client. The
 * step is one-shot, not essential to serving, runs before the serving containers start, and the serving
 * containers keep a read-only root filesystem.
 */
export const MIGRATION_WRITABLE_ROOT_REASON =
  'One-shot LiteLLM migration: Prisma writes into site-packages/prisma and the migrations folder while it migrates '
  + '(BerriAI/litellm#13369, #26918; fixed upstream only after the pinned release, #33853/#34325). The serving '
  + 'containers keep a read-only root filesystem.';
