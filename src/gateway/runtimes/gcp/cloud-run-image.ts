import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import type { Construct } from 'constructs';
import { CloudRunImageSource } from './cloud-run-options';
import { type CloudRunRuntimeProps, pullableImage } from './cloud-run-props';
import { makeName, NameTarget } from '../../../core';

/**
 * Where Cloud Run pulls images from (it cannot pull from ghcr.io): an Artifact Registry remote repository proxying
 * ghcr.io (`ImageRepository`), unless the image is mirrored. Returns the function that maps an image to the
 * reference Cloud Run pulls.
 */
export function createImageSource(
  scope: Construct, props: CloudRunRuntimeProps, baseName: string, labels: Readonly<Record<string, string>>,
): (image: string) => string {
  const { project, region } = props;
  const source = props.imageSource ?? CloudRunImageSource.ghcrRemoteRepository();
  let repositoryPath: string | undefined;
  if (source._mirroredImage === undefined) {
    const repo = new ArtifactRegistryRepository(scope, 'ImageRepository', {
      project,
      location: region,
      repositoryId: makeName(NameTarget.GCP_RESOURCE, baseName, 'ghcr'),
      description: 'Remote repository proxying ghcr.io (LiteLLM images) for Cloud Run.',
      format: 'DOCKER',
      mode: 'REMOTE_REPOSITORY',
      kmsKeyName: props.kmsKeyName,
      labels: { ...labels },
      remoteRepositoryConfig: {
        description: 'ghcr.io',
        dockerRepository: { customRepository: { uri: 'https://ghcr.io' } },
      },
      vulnerabilityScanningConfig: { enablementConfig: 'INHERITED' },
    });
    repositoryPath = `${region}-docker.pkg.dev/${project}/${repo.repositoryId}`;
  }
  return (image: string): string => pullableImage(image, repositoryPath) ?? image;
}
