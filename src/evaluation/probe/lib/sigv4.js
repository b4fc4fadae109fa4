'use strict';
/*
 * AWS Signature Version 4 for one HTTP request, on node:crypto (no SDK dependency). Steps and formats
 * from the AWS SigV4 documentation ("Create a signed AWS API request"): canonical request (method,
 * canonical URI, sorted query, sorted lower-case signed headers, hex sha256 of the payload), string to
 * sign (AWS4-HMAC-SHA256, time, scope, hash of the canonical request), the signing key chain
 * HMAC("AWS4"+secret, date) -> region -> service -> "aws4_request", and the Authorization header.
 * Checked against AWS's published test-suite vectors (get-vanilla, post-vanilla,
 * get-vanilla-query-order-key-case) in the tests. Services other than S3 take each path segment
 * URI-encoded twice: the request's (already encoded) path is encoded once more here.
 */
const { createHash, createHmac } = require('node:crypto');

const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding: everything but A-Z a-z 0-9 - _ . ~ */
const rfc3986 = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalUri(pathname) {
  return pathname.split('/').map((segment) => rfc3986(segment)).join('/') || '/';
}

function canonicalQuery(searchParams) {
  return [...searchParams.entries()]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** `YYYYMMDDTHHMMSSZ` */
const amzDate = (d) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * Returns the headers to add to the request (x-amz-date, x-amz-security-token?, authorization).
 * @param {{ method: string, url: string, headers?: Record<string,string>, body?: string|Buffer, region: string,
 *           service: string, credentials: { accessKeyId: string, secretAccessKey: string, sessionToken?: string },
 *           now?: Date }} req  `headers` must not include host (taken from the URL).
 */
function signRequest(req) {
  const url = new URL(req.url);
  const time = amzDate(req.now ?? new Date());
  const date = time.slice(0, 8);
  const added = { 'x-amz-date': time, ...(req.credentials.sessionToken ? { 'x-amz-security-token': req.credentials.sessionToken } : {}) };
  const all = { host: url.host, ...Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v).trim().replace(/\s+/g, ' ')])), ...added };
  const names = Object.keys(all).sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.searchParams),
    `${names.map((n) => `${n}:${all[n]}`).join('\n')}\n`,
    signedHeaders,
    sha256Hex(req.body ?? ''),
  ].join('\n');
  const scope = `${date}/${req.region}/${req.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', time, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${req.credentials.secretAccessKey}`, date), req.region), req.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return {
    ...added,
    authorization: `AWS4-HMAC-SHA256 Credential=${req.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** Credentials from the Lambda environment (the function role's temporary credentials). */
function environmentCredentials(env = process.env) {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) throw new Error('no AWS credentials in the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)');
  return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
}

module.exports = { signRequest, environmentCredentials, canonicalUri, canonicalQuery };
