// `npm run synth` end to end (scripts/synth.mjs, in child processes: an integration test): bad settings fail with the variable's name,
// and a failed synth leaves the committed dist/ exactly as it was.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');

function snapshotDist(): Record<string, string> {
  const dist = path.join(root, 'dist');
  return Object.fromEntries(fs.readdirSync(dist).sort().map((f) => [f, fs.readFileSync(path.join(dist, f), 'utf8')]));
}

function synth(env: Record<string, string>, entry?: string) {
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'synth.mjs'), ...(entry ? [entry] : [])], {
    cwd: root, env: { ...process.env, ...env, DEBUG: '' }, encoding: 'utf8',
  });
}

describe('npm run synth', () => {
  // Every variable's messages are unit-tested in demo-config.test.ts; here one bad value goes
  // through the real script.
  test.each([
    [{ CANARY_WEIGHT: '150' }, 'CANARY_WEIGHT must be an integer from 0 to 100, got "150"'],
  ])('fails on %j and leaves dist/ untouched', (env, message) => {
    const before = snapshotDist();
    const result = synth(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synth failed; dist/ was left as it was.');
    expect(result.stderr).toContain(message);
    expect(snapshotDist()).toEqual(before);
    expect(fs.readdirSync(root).filter((f) => f.startsWith('.dist-'))).toEqual([]);
  });

  test('a deliberately broken app fails synth with the analyzer\'s finding and leaves its output folder untouched', () => {
    const before = snapshotDist();
    const result = synth({}, 'test/fixtures/apps/broken-route.ts');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synth failed; dist-examples/broken-route/ was left as it was.');
    expect(result.stderr).toContain('Error [IST0101] (VirtualService bookinfo/reviews) Referenced host not found: "reviewz" at broken/typo');
    expect(snapshotDist()).toEqual(before);
  });

  test('a schema-invalid escape-hatch patch fails synth (exit 1) with the schema finding and writes nothing', () => {
    const before = snapshotDist();
    const result = synth({}, 'test/fixtures/apps/schema-invalid-patch.ts');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synth failed; dist-examples/schema-invalid-patch/ was left as it was.');
    expect(result.stderr).toContain('Error [CI0101] (Service bookinfo/reviews) The API server refuses it: /spec/ports/0/port must be number');
    expect(snapshotDist()).toEqual(before);
    expect(fs.existsSync(path.join(root, 'dist-examples', 'schema-invalid-patch'))).toBe(false);
  });

  test('a second synth is byte-identical', () => {
    const before = snapshotDist();
    expect(synth({}).status).toBe(0);
    expect(snapshotDist()).toEqual(before);
  });
});
