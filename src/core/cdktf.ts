/**
 * The one place the library imports cdktf core from.
 *
 * cdktf was archived in 2025; its community fork (cdktn) keeps the same symbols. Importing the core
 * through this module keeps a later migration to one line. Provider bindings are imported deeply
 * (`@cdktf/provider-aws/lib/<resource>`) where they are used, never from a package root.
 */
import { installLazyTokenCreationStacks } from './token-stacks';

export * from 'cdktf';

// cdktf formats a full stack trace for every token it creates, and reads it only in its error messages; the
// library's constructs create hundreds of tokens per stack. Record them lazily (same frames, formatted on first
// read): see token-stacks.ts.
installLazyTokenCreationStacks();
