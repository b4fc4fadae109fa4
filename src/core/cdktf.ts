/**
 * The one place the library imports cdktf core from.
 *
 * cdktf was archived in 2025; its community fork (cdktn) keeps the same symbols. Importing the core
 * through this module keeps a later migration to one line. Provider bindings are imported deeply
 * (`@cdktf/provider-aws/lib/<resource>`) where they are used, never from a package root.
 */
export * from 'cdktf';
