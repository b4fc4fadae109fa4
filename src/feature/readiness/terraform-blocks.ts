import type { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformElement, TerraformProvider, TerraformResource, TerraformStack, Token, Tokenization } from '../../core/cdktf';

/** One Terraform resource or data source under a construct, with its synthesized block. */
export interface TerraformBlock {
  /** `aws_ecs_service`. */
  readonly type: string;
  /** `aws_ecs_service.gateway_EcsFargate_Service_F59ADAC1` (`data.` prefix for data sources). */
  readonly address: string;
  /** The element's construct id (`Service`). */
  readonly id: string;
  /** The element's construct path. */
  readonly path: string;
  /** The stack holding it. */
  readonly stack: string;
  /** The block's attributes with tokens resolved (references become `${...}` expressions). */
  config(): Readonly<Record<string, unknown>>;
}

/**
 * The Terraform resources and data sources under `root`, in tree order. Their blocks are resolved on first
 * read only (tokens resolved in their own stack), so listing them is cheap.
 */
export function terraformBlocks(root: IConstruct): TerraformBlock[] {
  const out: TerraformBlock[] = [];
  for (const node of root.node.findAll()) {
    if (!(node instanceof TerraformResource) && !(node instanceof TerraformDataSource)) continue;
    const element = node as TerraformElement & { terraformResourceType: string };
    const stack = TerraformStack.of(element);
    const id = element.friendlyUniqueId;
    const type = element.terraformResourceType;
    const address = node instanceof TerraformDataSource ? `data.${type}.${id}` : `${type}.${id}`;
    let cached: Record<string, unknown> | undefined;
    out.push({
      type,
      address,
      id: element.node.id,
      path: element.node.path,
      stack: stack.node.id,
      config: () => {
        if (!cached) cached = resolvedBlock(stack, element, type, id);
        return cached;
      },
    });
  }
  return out;
}

function resolvedBlock(stack: TerraformStack, element: TerraformElement, type: string, id: string): Record<string, unknown> {
  const tf = Tokenization.resolve(element.toTerraform(), {
    scope: stack,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  const block = (tf.resource ?? tf.data)?.[type]?.[id] ?? {};
  const { ['//']: _metadata, ...attributes } = block;
  return attributes;
}

/** A literal string (not a Terraform expression or an unresolved token), else `undefined`. */
export function literalString(value: unknown): string | undefined {
  if (typeof value !== 'string' || Token.isUnresolved(value) || value.includes('${')) return undefined;
  return value;
}

/** A number, also from a numeric string (`"2"`), else `undefined`. */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** `obj.a.b[0].c` for plain data (arrays of one block, as the providers render nested blocks, are unwrapped). */
export function dig(obj: unknown, ...keys: ReadonlyArray<string | number>): unknown {
  let cur: unknown = obj;
  for (const k of keys) {
    if (Array.isArray(cur) && typeof k === 'string') cur = cur[0];
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** The first `name` provider block declared at the top of `stack` (e.g. `aws` → `{ region }`), unresolved. */
export function providerConfig(stack: TerraformStack, name: string): Readonly<Record<string, unknown>> | undefined {
  for (const child of stack.node.children) {
    if (child instanceof TerraformProvider && child.terraformResourceType === name) {
      const tf = (child.toTerraform() as { provider?: Record<string, Array<Record<string, unknown>>> }).provider?.[name];
      return Array.isArray(tf) ? tf[0] : undefined;
    }
  }
  return undefined;
}
