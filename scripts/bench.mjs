// `npm run bench`: how fast the paths users run are, with every check on (schemas and CEL rules,
// Istio's webhook rules, the API server's rules, istioctl's analyzers, Kiali's checks, the app
// checks), measured in one run on this machine. Each row runs several times, interleaved with its
// baseline (median and min), so that each ratio compares figures of the same moments. Prints a
// Markdown table and one JSON line. Not a test: nothing here fails on a slow machine; the table
// says which goals of issue #16 the figures meet.
//
//   a   npm run synth: the demo app end to end (bundle, app, checks, safe swap into dist/);
//       baseline: `npm run` of a script that only starts node
//   a'  the app alone: the prebuilt bundle run as the synth paths run it (with its code cache);
//       baseline: the floor, node loading cdk8s and cdk8s-plus-28
//   b   cdk8s synth in this repository (cdk8s.yaml: scripts/app.mjs and the MeshValidation
//       plugin); baseline: the CLI's bare start (cdk8s synth of an app that writes nothing)
//   b'  the plugin's own share on Bookinfo: loading it and validating what b wrote, in process
//   c   the consumer path of the README: an app made by `cdk8s init typescript-app`, cdk8s-istio
//       installed from `npm pack`, cdk8s.yaml with `app: node_modules/.bin/cdk8s-istio run
//       main.ts` and the plugin from ./node_modules/cdk8s-istio; baseline: the CLI's bare start there
//   d   synthetic meshes of 100, 1000 and 10 000 services through the public API
//       (bench/synthetic-mesh.ts): wall time, peak RSS and the growth exponent; baseline: the floor
//   e   npm test; baseline: jest listing the tests (its own start)
//   f   for comparison: the demo as `cdk8s init` runs an app (npx ts-node, TypeScript 5), and
//       `kubectl kustomize` over the same YAML
//
// BENCH_RUNS (default 5) sets the runs of each row (3 for the 10 000-service mesh and f),
// BENCH_TEST_RUNS (default 3) those of e. BENCH_SKIP=c,e,f leaves rows out.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binary } from './binaries.mjs';
import { buildApp, root } from './app.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TEST_RUNS = Number(process.env.BENCH_TEST_RUNS ?? 3);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const cdk8sCli = path.join(root, 'node_modules', '.bin', 'cdk8s');
const load = [os.loadavg()[0]];

/**
 * Runs commands `runs` times, interleaved (a, b, a, b...); returns for each wall seconds (min,
 * median) and the last result.
 */
function measure(runs, commands) {
  const seconds = commands.map(() => []);
  const last = [];
  for (let i = 0; i < runs; i++) {
    commands.forEach(({ label, command, args, options = {} }, j) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
      seconds[j].push(Number(process.hrtime.bigint() - start) / 1e9);
      if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
      last[j] = result;
    });
  }
  return commands.map(({ label }, j) => {
    const s = seconds[j].sort((x, y) => x - y);
    const r = { label, runs, min: s[0], median: s[Math.floor(s.length / 2)] };
    process.stderr.write(`${label}: min ${r.min.toFixed(3)} s, median ${r.median.toFixed(3)} s\n`);
    return { ...r, last: last[j] };
  });
}

const node = (label, args, options) => ({ label, command: process.execPath, args, options });
const floorCommand = node('floor', ['-e', "require('cdk8s'); require('cdk8s-plus-28')"], { cwd: root });

/** A folder whose cdk8s.yaml runs an app that writes nothing: the CLI's bare start. */
function bareCli() {
  const dir = path.join(scratch, 'bare');
  fs.mkdirSync(dir, { recursive: true });
  const app = 'node -e "require(\'fs\').mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true })"';
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: ${JSON.stringify(app)}\n`);
  return dir;
}

/** The README's consumer app (see c above), made once per run in the scratch folder. */
function consumerApp() {
  const work = path.join(scratch, 'consumer');
  fs.mkdirSync(work);
  execFileSync(npm, ['run', 'prepack', '--silent'], { cwd: root, stdio: 'ignore' });
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
  const tarball = path.join(work, packed[0].filename);
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  // `cdk8s init` installs the app's packages, then runs `cdk8s import` (the Kubernetes schema
  // from GitHub), which fails without that network: the app is made all the same.
  spawnSync(cdk8sCli, ['init', 'typescript-app', '--no-check-upgrade'], { cwd: app, stdio: 'ignore' });
  if (!fs.existsSync(path.join(app, 'node_modules', 'cdk8s'))) throw new Error('cdk8s init made no app');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: app, stdio: 'ignore' });
  execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', `esbuild@${pkg.devDependencies.esbuild}`], { cwd: app, stdio: 'ignore' });
  fs.writeFileSync(path.join(app, 'main.ts'), `import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-33';
import { BookinfoApp, BookinfoDestinationRules, IstioGateway, MeshApp, MeshNamespace, MeshService, ReviewsCanary, ReviewsVersion } from 'cdk8s-istio';

const app = new MeshApp();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'shop');
const shop = new Chart(app, 'shop', { namespace: 'shop' });
shop.addDependency(namespaces);
const bookinfo = new BookinfoApp(shop, 'bookinfo');
const rules = new BookinfoDestinationRules(shop, 'destination-rules', { bookinfo });
new IstioGateway(shop, 'books-gateway', { hosts: ['books.example.com'], routes: [bookinfo.ingressRule] });
new ReviewsCanary(shop, 'reviews-canary', { bookinfo, canaryVersion: ReviewsVersion.V3, canaryWeight: 25, destinationRule: rules.forService(bookinfo.reviews) });
const cart = new MeshService(shop, 'cart', { port: 8080 });
cart.addVersion('v1', { image: 'example/cart:1.4.2', resources: { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } } });
app.synth();
`);
  fs.writeFileSync(path.join(app, 'cdk8s.yaml'), `language: typescript
app: node_modules/.bin/cdk8s-istio run main.ts
validations:
  - package: ./node_modules/cdk8s-istio
    class: MeshValidation
    version: 0.1.0
`);
  // The first synth bundles the app and writes its code cache, as a user's first synth does.
  execFileSync(path.join(app, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'], { cwd: app, stdio: 'ignore' });
  return app;
}

// In process, as the CLI runs a plugin: load it, validate what `cdk8s synth` wrote. Prints ms.
const PLUGIN_SHARE = `
const started = performance.now();
const { MeshValidation } = require(process.argv[1]);
const fs = require('fs'), path = require('path'), { parseAllDocuments } = require('yaml');
const dir = process.argv[2];
const manifests = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f));
let status;
new MeshValidation().validate({
  manifests,
  parseManifest: (p) => parseAllDocuments(fs.readFileSync(p, 'utf8')).map((d) => d.toJS()),
  report: { addViolation() {}, submit(s) { status = s; } },
  logger: { log() {} },
}).then(() => {
  if (status !== 'success') process.exit(1);
  console.log(performance.now() - started);
});`;

const rows = [];
const json = { date: new Date().toISOString() };
const f = (s) => `${s.toFixed(3)} s`;
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const mark = (ok) => (ok ? 'yes' : '**no**');

try {
  const demoEnv = { ...process.env };
  for (const name of ['TRAFFIC_API', 'CANARY_VERSION', 'CANARY_WEIGHT', 'MTLS_MODE']) delete demoEnv[name];

  // a, a'. Built and code-cached once before timing, as after any first synth.
  const bundle = buildApp();
  execFileSync(process.execPath, [path.join(root, 'scripts', 'run-bundle.cjs'), bundle], { env: { ...demoEnv, CDK8S_OUTDIR: path.join(scratch, 'warm') } });
  const noop = path.join(scratch, 'noop');
  fs.mkdirSync(noop);
  fs.writeFileSync(path.join(noop, 'package.json'), JSON.stringify({ name: 'noop', private: true, scripts: { noop: 'node -e 0' } }));
  const [synth, npmNoop] = measure(RUNS, [
    { label: 'a  npm run synth', command: npm, args: ['run', 'synth', '--silent'], options: { cwd: root, env: demoEnv } },
    { label: "a  baseline: npm run of 'node -e 0'", command: npm, args: ['run', 'noop', '--silent'], options: { cwd: noop } },
  ]);
  const appEnv = { ...demoEnv, CDK8S_OUTDIR: path.join(scratch, 'app') };
  const [app, appUncached, floor] = measure(RUNS, [
    node("a' the app alone", [path.join(root, 'scripts', 'run-bundle.cjs'), bundle], { env: appEnv }),
    node("a' the app alone, no code cache", [bundle], { env: appEnv }),
    floorCommand,
  ]);
  rows.push(['a', '`npm run synth` (demo app, end to end)', synth, `npm run of \`node -e 0\`: ${f(npmNoop.median)}`, `${(synth.median / npmNoop.median).toFixed(2)}×`, '≤ 0.8 s', mark(synth.median <= 0.8)]);
  rows.push(["a'", 'the app alone: the prebuilt bundle with its code cache (`node scripts/run-bundle.cjs .build/main.js`)', app, `floor: ${f(floor.median)}`, `${(app.median / floor.median).toFixed(2)}×`, '≤ 1.5× the floor', mark(app.median <= 1.5 * floor.median)]);
  rows.push(["a'", '… without the code cache (`node .build/main.js`)', appUncached, `floor: ${f(floor.median)}`, `${(appUncached.median / floor.median).toFixed(2)}×`, '', '']);
  Object.assign(json, { synth, npmNoop, app, appUncached, floor });

  // b, b'.
  const cliOut = path.join(scratch, 'cli-out');
  const [cli, cliNoValidate, bare] = measure(RUNS, [
    { label: 'b  cdk8s synth', command: cdk8sCli, args: ['synth', '--no-check-upgrade', '--output', cliOut], options: { cwd: root, env: demoEnv } },
    { label: 'b  cdk8s synth --no-validate', command: cdk8sCli, args: ['synth', '--no-check-upgrade', '--no-validate', '--output', path.join(scratch, 'cli-out-2')], options: { cwd: root, env: demoEnv } },
    { label: "b  baseline: the CLI's bare start", command: cdk8sCli, args: ['synth', '--no-check-upgrade', '--output', path.join(scratch, 'bare-out')], options: { cwd: bareCli() } },
  ]);
  execFileSync(cdk8sCli, ['synth', '--no-check-upgrade', '--output', cliOut], { cwd: root, env: demoEnv, stdio: 'ignore' });
  const share = [];
  for (let i = 0; i < RUNS; i++) share.push(Number(execFileSync(process.execPath, ['-e', PLUGIN_SHARE, path.join(root, 'scripts', 'validation-plugin.cjs'), cliOut], { cwd: root, encoding: 'utf8' })) / 1000);
  share.sort((x, y) => x - y);
  const plugin = { min: share[0], median: share[Math.floor(share.length / 2)] };
  rows.push(['b', '`cdk8s synth` in this repository (cdk8s.yaml: scripts/app.mjs, the MeshValidation plugin)', cli, `the CLI's bare start: ${f(bare.median)}`, `+${f(cli.median - bare.median)}`, '≤ 1.3 s, ≤ bare start + 0.6 s', mark(cli.median <= 1.3 && cli.median - bare.median <= 0.6)]);
  rows.push(["b'", "the plugin's own share on Bookinfo (loading it and validating b's output, in process)", plugin, `b without validation: +${ms(cli.median - cliNoValidate.median)} for validation`, `${((plugin.median / cli.median) * 100).toFixed(0)} % of b`, '≤ 0.2 s', mark(plugin.median <= 0.2)]);
  Object.assign(json, { cdk8sSynth: cli, cdk8sSynthNoValidate: cliNoValidate, cliBareStart: bare, pluginShare: plugin });

  // c.
  if (!SKIP.has('c')) {
    const consumer = consumerApp();
    const consumerCli = path.join(consumer, 'node_modules', '.bin', 'cdk8s');
    const consumerBare = bareCli();
    const [cons, consBare] = measure(RUNS, [
      { label: 'c  consumer cdk8s synth', command: consumerCli, args: ['synth', '--no-check-upgrade'], options: { cwd: consumer } },
      { label: "c  baseline: the consumer CLI's bare start", command: consumerCli, args: ['synth', '--no-check-upgrade', '--output', path.join(scratch, 'bare-out-2')], options: { cwd: consumerBare } },
    ]);
    rows.push(['c', 'consumer path of the README: `cdk8s synth --no-check-upgrade` in a `cdk8s init typescript-app` app, `app: node_modules/.bin/cdk8s-istio run main.ts`, the plugin from ./node_modules/cdk8s-istio', cons, `the CLI's bare start there: ${f(consBare.median)}`, `+${f(cons.median - consBare.median)}`, '≤ 1.5 s', mark(cons.median <= 1.5)]);
    Object.assign(json, { consumer: cons, consumerBare: consBare });
  }

  // d. Each mesh once untimed first (its bundle's code cache), then timed.
  const meshBundle = buildApp(path.join(root, 'bench', 'synthetic-mesh.ts'));
  const meshes = {};
  for (const services of [100, 1000, 10000]) {
    const env = { ...process.env, BENCH_SERVICES: String(services), CDK8S_OUTDIR: path.join(scratch, `mesh-${services}`) };
    if (services === 100) execFileSync(process.execPath, [path.join(root, 'scripts', 'run-bundle.cjs'), meshBundle], { env });
    const [r, fl] = measure(services === 10000 ? Math.min(RUNS, 3) : RUNS, [
      node(`d  synthetic mesh, ${services} services`, [path.join(root, 'scripts', 'run-bundle.cjs'), meshBundle], { env }),
      floorCommand,
    ]);
    const own = JSON.parse(r.last.stdout.trim().split('\n').pop());
    meshes[services] = { ...r, floor: fl.median, objects: own.objects, constructMs: own.constructMs, synthMs: own.synthMs, peakRssMb: own.maxRssMb };
    delete meshes[services].last;
  }
  const exponent = (a, b) => Math.log(meshes[b].median / meshes[a].median) / Math.log(b / a);
  const growth = { '100-1000': exponent(100, 1000), '1000-10000': exponent(1000, 10000) };
  for (const [services, goal] of [[100, ''], [1000, '≤ 1.2 s, ≤ 250 MB'], [10000, '≤ 8 s, ≤ 1 GB, exponent ≤ 1.1']]) {
    const m = meshes[services];
    const met = services === 1000 ? m.median <= 1.2 && m.peakRssMb <= 250
      : services === 10000 ? m.median <= 8 && m.peakRssMb <= 1024 && growth['1000-10000'] <= 1.1 : undefined;
    rows.push(['d', `synthetic mesh: ${services} services (${m.objects} objects), peak RSS ${m.peakRssMb.toFixed(0)} MB`, m, `floor: ${f(m.floor)}`, `${(m.median / m.floor).toFixed(1)}×`, goal, met === undefined ? '' : mark(met)]);
  }
  Object.assign(json, { meshes, growth });

  // e.
  if (!SKIP.has('e')) {
    const [tests, listed] = measure(TEST_RUNS, [
      { label: 'e  npm test', command: npm, args: ['test', '--silent'], options: { cwd: root } },
      { label: 'e  baseline: jest --listTests', command: process.execPath, args: [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--listTests'], options: { cwd: root } },
    ]);
    rows.push(['e', '`npm test`', tests, `jest --listTests: ${f(listed.median)}`, `${(tests.median / listed.median).toFixed(1)}×`, '≤ 20 s', mark(tests.median <= 20)]);
    Object.assign(json, { npmTest: tests, jestListTests: listed });
  }

  // f.
  if (!SKIP.has('f')) {
    // The demo imports the package by name: tsconfig.json's paths give ts-node its types, and a
    // package folder on NODE_PATH whose main is src/index.ts gives Node the module.
    const shim = path.join(scratch, 'node-path', 'cdk8s-istio');
    fs.mkdirSync(shim, { recursive: true });
    fs.writeFileSync(path.join(shim, 'package.json'), JSON.stringify({ name: 'cdk8s-istio', main: path.join(root, 'src', 'index.ts') }));
    const [tsNode] = measure(Math.min(RUNS, 3), [{ label: 'f  cdk8s synth via npx ts-node (TypeScript 5)', command: cdk8sCli, args: ['synth', '--no-check-upgrade', '--output', path.join(scratch, 'baseline')],
      options: { cwd: path.join(root, 'tools', 'bench-baseline'), env: { ...demoEnv, NODE_PATH: path.dirname(shim) } } }]);
    const kustomizeDir = path.join(scratch, 'kustomize');
    fs.mkdirSync(kustomizeDir);
    const manifests = fs.readdirSync(path.join(root, 'dist')).filter((x) => x.endsWith('.yaml')).sort();
    for (const m of manifests) fs.copyFileSync(path.join(root, 'dist', m), path.join(kustomizeDir, m));
    fs.writeFileSync(path.join(kustomizeDir, 'kustomization.yaml'), `resources:\n${manifests.map((m) => `  - ${m}`).join('\n')}\n`);
    const kubectl = binary('kubectl');
    const kubectlVersion = execFileSync(kubectl, ['version', '--client'], { encoding: 'utf8' }).split('\n')[0].replace('Client Version: ', 'kubectl ');
    const [kustomize] = measure(RUNS, [{ label: 'f  kubectl kustomize', command: kubectl, args: ['kustomize', kustomizeDir] }]);
    rows.push(['f', '`cdk8s synth` with `npx ts-node main.ts` (as `cdk8s init` sets an app up, TypeScript 5)', tsNode, `a: ${f(synth.median)}`, `a is ${(tsNode.median / synth.median).toFixed(1)}× faster`, '', '']);
    rows.push(['f', `\`kubectl kustomize\` over the same YAML (${kubectlVersion})`, kustomize, `a: ${f(synth.median)}`, `a takes ${(synth.median / kustomize.median).toFixed(1)}×`, '', '']);
    Object.assign(json, { tsNode, kustomize: { ...kustomize, kubectl: kubectlVersion } });
  }

  load.push(os.loadavg()[0]);
  const cpus = os.cpus();
  const machine = `${cpus[0].model.trim()}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}, load average ${load[0].toFixed(2)} at the start, ${load[1].toFixed(2)} at the end`;
  console.log(`\nBenchmark, ${new Date().toISOString().slice(0, 10)}: ${machine}; ${RUNS} runs a row, interleaved with its baseline (npm test ${TEST_RUNS}; the 10 000-service mesh and f ${Math.min(RUNS, 3)})\n`);
  console.log('| | what | median | min | baseline (same run) | ratio | goal | met |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [id, what, r, baseline, ratio, goal, met] of rows) console.log(`| ${id} | ${what} | ${f(r.median)} | ${f(r.min)} | ${baseline} | ${ratio} | ${goal} | ${met} |`);
  console.log(`\nGrowth exponent of the synthetic mesh (wall time ∝ services^k): k = ${growth['100-1000'].toFixed(2)} from 100 to 1000 services, ${growth['1000-10000'].toFixed(2)} from 1000 to 10 000 (goal ≤ 1.1).\n`);
  const strip = (o) => JSON.parse(JSON.stringify(o, (k, v) => (k === 'last' ? undefined : v)));
  console.log(JSON.stringify(strip({ ...json, machine, runs: RUNS })));
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
