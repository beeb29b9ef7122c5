import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildDemo } from '../src/demo/demo-app';
import { parity, synthApp, upstream } from './util/manifests';
import { SchemaValidator } from './util/schema-validator';

const DIST = path.join(__dirname, '..', 'dist');

function readDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describe('demo app', () => {
  test('one snapshot per chart', () => {
    const app = Testing.app();
    const charts = buildDemo(app);
    for (const [name, chart] of Object.entries(charts)) {
      expect(Testing.synth(chart)).toMatchSnapshot(name);
    }
  });

  test('writes the namespace first, so kubectl apply -f dist/ works in one pass', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-'));
    try {
      const app = new App({ outdir });
      buildDemo(app);
      app.synth();
      const files = fs.readdirSync(outdir).sort();
      expect(files).toEqual(['0000-namespaces.k8s.yaml', '0001-bookinfo.k8s.yaml']);
      const kinds = files.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS().kind));
      expect(kinds.indexOf('Namespace')).toBe(0);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the committed dist/ is what the code synthesizes (run `npm run synth` and commit dist/ if this fails)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-'));
    try {
      const app = new App({ outdir });
      buildDemo(app);
      app.synth();
      expect(readDir(DIST)).toEqual(readDir(outdir));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('Bookinfo lands in an injected namespace', () => {
    const objects = synthApp(withDemo());
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(namespaces.map((n) => [n.metadata.name, n.metadata.labels['istio-injection']])).toEqual([['bookinfo', 'enabled']]);
    const used = new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace));
    expect(used).toEqual(new Set(['bookinfo']));
  });

  test('matches upstream bookinfo.yaml', () => {
    expect(parity(synthApp(withDemo()), upstream('bookinfo.yaml'))).toEqual([]);
  });

  test('every synthesized object is schema-valid', () => {
    const objects = synthApp(withDemo());
    expect(objects.length).toBe(15);
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('synthesis is deterministic', () => {
    const first = JSON.stringify(synthApp(withDemo()));
    expect(JSON.stringify(synthApp(withDemo()))).toBe(first);
  });
});

function withDemo(): App {
  const app = Testing.app();
  buildDemo(app);
  return app;
}
