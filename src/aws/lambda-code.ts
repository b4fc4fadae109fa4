import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Construct } from 'constructs';
import { AssetType, TerraformAsset } from '../core/cdktf';
import { filesUnder } from '../core/files';

/**
 * A Lambda deployment package built in-process, for the library's bundled handlers.
 *
 * cdktf's `AssetType.ARCHIVE` zips by spawning a Node.js child process on every synthesis (its archiver is
 * asynchronous); with several functions that is a process start per function per synth. This builds the zip
 * synchronously (zlib) once per content and process, deterministically (sorted entries, fixed timestamps,
 * fixed permissions, so the package hash changes only when a file does), caches it on disk by content hash,
 * and hands it to cdktf as a plain file asset, which synthesis only copies.
 */

const ZIP_CACHE = new Map<string, string>();

let crcTable: Uint32Array | undefined;
/** CRC-32 (zlib.crc32 exists from Node.js 20.15; the library supports 20.9). */
/* eslint-disable no-bitwise -- CRC-32 is bit arithmetic by definition (ISO 3309 polynomial 0xEDB88320). */
function crc32(data: Buffer): number {
  const native = (zlib as unknown as { crc32?: (d: Buffer) => number }).crc32;
  if (native) return native(data) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
/* eslint-enable no-bitwise */

// 1980-01-01 00:00 in MS-DOS format (date = (year-1980)<<9 | month<<5 | day): the same for every build.
const DOS_TIME = 0;
const DOS_DATE = 33;
// "Made by" UNIX (3 << 8), spec 2.0 (20): the external attributes then carry POSIX permissions.
const MADE_BY_UNIX = 788;
// Regular file, rw-r--r-- (0o100644 << 16).
const REGULAR_FILE_0644 = 0x81a40000;

/** A deterministic zip of `files` (name → content), DEFLATE-compressed. Pure. */
export function deterministicZip(files: ReadonlyArray<readonly [string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = zlib.deflateRawSync(content, { level: 9 });
    const crc = crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(REGULAR_FILE_0644, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The zip of a handler directory, built once per content and process; returns its path and content hash. */
export function handlerZip(dir: string): { readonly file: string; readonly hash: string } {
  const files = filesUnder(dir).map((rel) => [rel, fs.readFileSync(path.join(dir, rel))] as const);
  const digest = createHash('sha256');
  for (const [name, content] of files) digest.update(name).update('\0').update(content).update('\0');
  const hash = digest.digest('hex').slice(0, 32).toUpperCase();
  let file = ZIP_CACHE.get(hash);
  if (!file || !fs.existsSync(file)) {
    const cacheDir = path.join(os.tmpdir(), 'cdktf-llm-platform-lambda-zips');
    fs.mkdirSync(cacheDir, { recursive: true });
    file = path.join(cacheDir, `${hash}.zip`);
    if (!fs.existsSync(file)) {
      // Write-then-rename: concurrent syntheses never see a half-written package.
      const partial = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(partial, deterministicZip(files));
      fs.renameSync(partial, file);
    }
    ZIP_CACHE.set(hash, file);
  }
  return { file, hash };
}

/**
 * A file asset holding the deployment package of `dir` (use `asset.path` as the function's `filename` and
 * `Fn.filebase64sha256(asset.path)` as its `source_code_hash`).
 */
export function lambdaCodeAsset(scope: Construct, id: string, dir: string): TerraformAsset {
  const zip = handlerZip(dir);
  return new TerraformAsset(scope, id, { path: zip.file, type: AssetType.FILE, assetHash: zip.hash });
}
