/** Region and location shapes, for validation of props. */

const AWS_REGION = /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso|-isob)?-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d{1,2}$/;
const GCP_REGION = /^[a-z]+-[a-z]+\d{1,2}$/;
const GCP_ZONE = /^[a-z]+-[a-z]+\d{1,2}-[a-z]$/;

export function isAwsRegion(value: string): boolean {
  return AWS_REGION.test(value);
}

export function isGcpRegion(value: string): boolean {
  return GCP_REGION.test(value) || value === 'global';
}

export function isGcpLocation(value: string): boolean {
  return isGcpRegion(value) || GCP_ZONE.test(value);
}
