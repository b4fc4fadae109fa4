/** Types of sigv4.js. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}
export declare function signRequest(req: {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  region: string;
  service: string;
  credentials: AwsCredentials;
  now?: Date;
}): Record<string, string>;
export declare function environmentCredentials(env?: NodeJS.ProcessEnv): AwsCredentials;
export declare function canonicalUri(pathname: string): string;
export declare function canonicalQuery(searchParams: URLSearchParams): string;
