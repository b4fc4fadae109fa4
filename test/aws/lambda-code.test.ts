import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { deterministicZip, handlerZip, lambdaCodeAsset } from '../../src/aws/lambda-code';
import { TerraformStack, Testing } from '../../src/core/cdktf';

function handlerDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('lambda code packages (issue 11 item 9: no child process per synth)', () => {
  test('the zip is valid: unzip lists and extracts the files byte for byte', () => {
    const dir = handlerDir({ 'index.js': 'exports.handler = async () => 1;\n', 'lib/util.js': 'module.exports = 2;\n' });
    const { file } = handlerZip(dir);
    // Read back with a real unzip implementation (Python's zipfile: CRCs, sizes and names are checked).
    const listing = execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(i.filename + " " + z.read(i).decode() for i in z.infolist()))', file]).toString();
    expect(listing).toBe('index.js exports.handler = async () => 1;\n\nlib/util.js module.exports = 2;\n\n');
  });

  test('deterministic: same files, same bytes; a changed file, a new hash', () => {
    const a = deterministicZip([['a.js', Buffer.from('x')]]);
    expect(deterministicZip([['a.js', Buffer.from('x')]]).equals(a)).toBe(true);
    const dir = handlerDir({ 'index.js': 'one' });
    const first = handlerZip(dir);
    expect(handlerZip(dir)).toEqual(first);
    fs.writeFileSync(path.join(dir, 'index.js'), 'two');
    expect(handlerZip(dir).hash).not.toBe(first.hash);
  });

  test('synthesis copies the package: no child process is spawned', () => {
    const dir = handlerDir({ 'index.js': 'exports.handler = async () => 1;\n' });
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const asset = lambdaCodeAsset(stack, 'Code', dir);
    // The module object itself (an `import * as` namespace is a copy a spy would not reach cdktf through).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const spawned = jest.spyOn(require('node:child_process'), 'execSync');
    const outdir = Testing.fullSynth(stack);
    expect(spawned).not.toHaveBeenCalled();
    spawned.mockRestore();
    expect(asset.path).toMatch(/^assets\/Code\/[0-9A-F]{32}\/[0-9A-F]{32}\.zip$/);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'stack', asset.path))).toBe(true);
  });
});
