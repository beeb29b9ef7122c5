import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, DependencyGraph, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';

/**
 * Every object an app synthesizes, chart by chart in apply order, as `app.synth()` writes them.
 * The app is validated once (Testing.synth of each chart would validate the whole app per chart).
 */
export function synthApp(app: App): any[] {
  const [first, ...rest] = app.charts;
  if (!first) return [];
  return [
    ...Testing.synth(first), // resolves dependencies and runs every validation
    ...rest.flatMap((chart) => new DependencyGraph(chart.node).topology()
      .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
      .map((o) => o.toJson())),
  ];
}

/** Reads the YAML documents of an upstream fixture (test/fixtures/upstream/...). */
export function upstream(file: string): any[] {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'upstream', file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d);
}

/**
 * Lists where `want` is not contained in `got`: every key of `want` present with an equal
 * value; list elements matched by `name` where they have one, else by containment.
 */
export function notContained(want: any, got: any, at = ''): string[] {
  if (want === null || typeof want !== 'object') {
    return want === got ? [] : [`${at}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`];
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return [`${at}: expected a list, got ${JSON.stringify(got)}`];
    const used = new Set<number>();
    return want.flatMap((w, i) => {
      let j = w && typeof w === 'object' && 'name' in w ? got.findIndex((g) => g?.name === w.name) : -1;
      if (j < 0) j = got.findIndex((g, k) => !used.has(k) && notContained(w, g).length === 0);
      if (j < 0) return [`${at}[${i}]: no element matches ${JSON.stringify(w)}`];
      used.add(j);
      return notContained(w, got[j], `${at}[${i}]`);
    });
  }
  if (!got || typeof got !== 'object') return [`${at}: expected an object, got ${JSON.stringify(got)}`];
  return Object.keys(want).flatMap((k) => notContained(want[k], got[k], `${at}.${k}`));
}

/**
 * Compares synthesized objects with upstream ones: each upstream object (same apiVersion,
 * kind and name) must be present with every upstream field equal. Returns the differences.
 */
export function parity(objects: any[], reference: any[]): string[] {
  return reference.flatMap((ref) => {
    const id = `${ref.kind}/${ref.metadata.name}`;
    const match = objects.find((o) => o.apiVersion === ref.apiVersion && o.kind === ref.kind && o.metadata?.name === ref.metadata.name);
    if (!match) return [`${id}: missing`];
    return notContained(ref, match).map((d) => `${id}${d}`);
  });
}

/** Finds one object by kind and name; fails the test when it is missing. */
export function find(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** A chart named `test` whose objects default to `namespace`. */
export function chartIn(namespace: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** Reads every YAML document of a synthesized folder, file by file in name order. */
export function readDist(dir: string): any[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS()).filter((d) => d));
}

/**
 * Runs a program of examples/ as `npm run example` would, in this process (it synthesizes into
 * a temporary folder), and returns what it wrote. The program is compiled with SWC and run
 * against this test's modules, so the library loads once per test file, not once per example.
 */
export function runExample(file: string): any[] {
  const outdir = runExampleInto(file);
  try {
    return readDist(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs a program of examples/ into a new temporary folder and returns the folder. */
export function runExampleInto(file: string): string {
  const outdir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'example-'));
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8');
    const { code } = require('@swc/core').transformSync(source, {
      jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' }, filename: file,
    });
    const load = (id: string) => (id === 'cdk8s-istio' ? require('../../src')
      : id.startsWith('cdk8s-istio/imports/') ? require(`../../imports/${id.slice('cdk8s-istio/imports/'.length)}`) : require(id));
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)(load, module, module.exports);
    return outdir;
  } finally {
    if (before === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = before;
  }
}
