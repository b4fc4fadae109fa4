import { makeName, NameTarget, stableHash } from '../../../core';
import { Fn } from '../../../core/cdktf';
import { isUnresolved } from '../../../core/tokens';

/**
 * The migrations job's name: one job per image. The hash is of the image as the user gave it (before the remote
 * repository's path, which holds a token), so the name is the same in every process that builds this gateway,
 * whatever else it built before. An image that is itself a Terraform reference is hashed by Terraform at apply
 * (`sha256`): never a token's synth-time placeholder, whose number depends on construction order.
 */
export function migrationJobName(baseName: string, image: string): string {
  if (!isUnresolved(image)) return makeName(NameTarget.CLOUD_RUN_SERVICE, baseName, 'migrate', stableHash([image]));
  const prefix = makeName(NameTarget.CLOUD_RUN_SERVICE, baseName, 'migrate').slice(0, 40).replace(/-+$/, '');
  return Fn.join('-', [prefix, Fn.substr(Fn.sha256(image), 0, 8)]);
}
