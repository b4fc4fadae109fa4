/**
 * Exact Bedrock resource ARNs for the models a gateway invokes. Pure: no cdktf.
 *
 * Provenance: Amazon Bedrock user guide, "Supported Regions and models for inference profiles" and
 * "Prerequisites for inference profiles" (IAM for cross-Region inference): invoking a system-defined
 * inference profile needs the profile ARN in the source Region and the foundation-model ARN in every
 * Region the profile can route to; global profiles additionally need the Region-less foundation-model
 * ARN (`arn:<partition>:bedrock:::foundation-model/<id>`). Geography → Region lists as published in 2025;
 * override them with `bedrockProfileRegions` when AWS adds Regions.
 */
export const BEDROCK_PROFILE_REGIONS: Readonly<Record<string, ReadonlyArray<string>>> = {
  'us': ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'ca': ['ca-central-1', 'ca-west-1'],
  'eu': ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3'],
  'apac': ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-4'],
  'jp': ['ap-northeast-1', 'ap-northeast-3'],
  'au': ['ap-southeast-2', 'ap-southeast-4'],
};

/** The `global.` prefix: routes to any commercial Region. */
export const GLOBAL_PROFILE_PREFIX = 'global';

export interface BedrockModelRef {
  readonly region: string;
  readonly modelId: string;
}

export interface BedrockArnContext {
  /** Partition (`aws`, or a token). */
  readonly partition: string;
  /** Account id (or a token), for inference profile ARNs. */
  readonly account: string;
  /** Geography prefix → Regions. @default BEDROCK_PROFILE_REGIONS */
  readonly profileRegions?: Readonly<Record<string, ReadonlyArray<string>>>;
}

/** The inference-profile prefix of a model id (`us`, `eu`, `global`, ...), or `undefined` for a plain model id. */
export function inferenceProfilePrefix(
  modelId: string,
  profileRegions: Readonly<Record<string, ReadonlyArray<string>>> = BEDROCK_PROFILE_REGIONS,
): string | undefined {
  const dot = modelId.indexOf('.');
  if (dot <= 0) return undefined;
  const prefix = modelId.slice(0, dot);
  return prefix === GLOBAL_PROFILE_PREFIX || prefix in profileRegions ? prefix : undefined;
}

/**
 * Sorted, de-duplicated resource ARNs `bedrock:InvokeModel*` must allow for `models`. Full ARNs
 * (application inference profiles, provisioned throughput) are passed through unchanged.
 */
export function bedrockResourceArns(models: ReadonlyArray<BedrockModelRef>, ctx: BedrockArnContext): string[] {
  const regions = ctx.profileRegions ?? BEDROCK_PROFILE_REGIONS;
  const out = new Set<string>();
  const fm = (region: string, id: string): string => `arn:${ctx.partition}:bedrock:${region}::foundation-model/${id}`;
  for (const { region, modelId } of models) {
    if (modelId.startsWith('arn:')) {
      out.add(modelId);
      continue;
    }
    const prefix = inferenceProfilePrefix(modelId, regions);
    if (prefix === undefined) {
      out.add(fm(region, modelId));
      continue;
    }
    const baseId = modelId.slice(prefix.length + 1);
    out.add(`arn:${ctx.partition}:bedrock:${region}:${ctx.account}:inference-profile/${modelId}`);
    if (prefix === GLOBAL_PROFILE_PREFIX) {
      out.add(fm(region, baseId));
      out.add(fm('', baseId));
    } else {
      for (const r of regions[prefix]) out.add(fm(r, baseId));
      // The source Region may be outside the published list (new Regions): it is always a destination.
      out.add(fm(region, baseId));
    }
  }
  return [...out].sort();
}
