// The topology page (dist/mesh.md) parsed by Mermaid's own parser, in one child process: Mermaid
// is an ES module that needs a DOM, and loading it with jsdom takes seconds, so this runs with
// the integration tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { renderMeshTopology, TrafficApi } from '../../src';
import { DemoConfig } from '../../app/config';
import { buildDemo } from '../../app/demo-app';
import { runExample, synthApp } from '../util/manifests';

function demo(config: DemoConfig = {}): any[] {
  const app = Testing.app();
  buildDemo(app, config);
  return synthApp(app);
}

describe('mesh topology (dist/mesh.md) and Mermaid\'s parser', () => {
  let dir: string;
  let parsed: Record<string, string>;
  const pages: Record<string, () => string> = {
    'istio.md': () => renderMeshTopology(demo()),
    'gateway-api.md': () => renderMeshTopology(demo({ trafficApi: TrafficApi.GATEWAY_API, canaryWeight: 0 })),
    'permissive.md': () => renderMeshTopology(demo({ canaryWeight: 100, mtlsMode: 'PERMISSIVE' as any })),
    'zero-trust.md': () => renderMeshTopology(runExample('security-zero-trust.ts')),
    'routes.md': () => renderMeshTopology(runExample('reviews-jason-v2-others-v3.ts')),
    // The check itself must catch a broken diagram.
    'broken.md': () => '```mermaid\nflowchart LR\n  a -->|"x| b\n```\n',
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mermaid-'));
    for (const [file, page] of Object.entries(pages)) fs.writeFileSync(path.join(dir, file), page());
    const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'util', 'parse-mermaid.mjs'), ...Object.keys(pages).map((f) => path.join(dir, f))], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    parsed = Object.fromEntries(Object.entries(JSON.parse(run.stdout)).map(([f, r]) => [path.basename(f), r as string]));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('accepts the page of every flavor of the demo and of the examples', () => {
    expect(Object.fromEntries(Object.entries(parsed).filter(([f]) => f !== 'broken.md'))).toEqual({
      'istio.md': 'ok', 'gateway-api.md': 'ok', 'permissive.md': 'ok', 'zero-trust.md': 'ok', 'routes.md': 'ok',
    });
  });

  test('catches a broken diagram', () => {
    expect(parsed['broken.md']).toMatch(/^Parse error on line/);
  });
});
