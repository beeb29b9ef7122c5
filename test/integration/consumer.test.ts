// The package from the outside: `npm pack`, then the tarball installed (a copy, not a link)
// into fresh cdk8s apps as users have them:
// - an app as `cdk8s init typescript-app` makes it today: cdk8s-plus-33, the newest cdk8s;
// - an app on the lowest cdk8s and constructs of the peer range.
// Each is type-checked with TypeScript 7 and synthesized; the output is checked, and MeshApp's
// fast YAML writer must write the same bytes as cdk8s's own on that cdk8s.
// Installs take what the lockfile-pinned versions below name from the npm registry
// (--prefer-offline: the npm cache when it has them), so the test needs no warm cache.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.join(__dirname, '..', '..');
const pkg = require('../../package.json');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// The newest cdk8s-plus and cdk8s a new app gets, and the lowest the peer range allows (2.68.11,
// the range's floor, was never published).
const CDK8S_PLUS_33 = '2.5.57';
const LOWEST = { cdk8s: '2.68.12', constructs: '10.3.0' };

/** The app of the README's "Use it in your cdk8s app", with resources given through cdk8s-plus-33. */
const INIT_APP = `
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-33';
import { BookinfoApp, BookinfoDestinationRules, IstioGateway, MeshApp, MeshNamespace, MeshService, ReviewsCanary, ReviewsVersion, StringMatch } from 'cdk8s-istio';

const app = process.env.FAST_YAML ? new MeshApp({ fastYaml: true, topology: true }) : new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'shop');
const chart = new Chart(app, 'shop', { namespace: 'shop' });
chart.addDependency(namespaces);
const bookinfo = new BookinfoApp(chart, 'bookinfo');
const rules = new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo });
new IstioGateway(chart, 'books-gateway', { hosts: ['books.example.com'], routes: [bookinfo.ingressRule] });
new ReviewsCanary(chart, 'reviews-canary', {
  bookinfo,
  canaryVersion: ReviewsVersion.V3,
  canaryWeight: 25,
  canaryHeader: { name: 'end-user', value: StringMatch.exact('jason') },
  destinationRule: rules.forService(bookinfo.reviews),
});
const cart = new MeshService(chart, 'cart', { port: 8080 });
cart.addVersion('v1', { image: 'example/cart:1.4.2', resources: { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } } });
app.synth();
`;

/** An app on the lowest cdk8s: Bookinfo, its ingress in the Gateway API and the canary. */
const LOWEST_APP = `
import { App, Chart } from 'cdk8s';
import { BookinfoApp, IstioGateway, MeshApp, MeshNamespace, ReviewsCanary, ReviewsVersion, TrafficApi } from 'cdk8s-istio';

const app = process.env.FAST_YAML ? new MeshApp({ fastYaml: true }) : new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo');
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces);
const bookinfo = new BookinfoApp(chart, 'bookinfo');
for (const service of bookinfo.services) service.versions.forEach((v) => service.addVersionService(v));
new IstioGateway(chart, 'bookinfo-gateway', { api: TrafficApi.GATEWAY_API, routes: [bookinfo.ingressRule] });
new ReviewsCanary(chart, 'reviews-canary', { bookinfo, canaryVersion: ReviewsVersion.V2, canaryWeight: 10, api: TrafficApi.GATEWAY_API });
app.synth();
`;

let work: string;
let tarball: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
  npm(['run', 'prepack'], root); // the build and the compiled validators, as `npm pack` would; then pack quietly
  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
  tarball = path.join(work, packed[0].filename);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A fresh app folder with these dependencies installed, the package from the tarball. */
function consumerApp(name: string, dependencies: Record<string, string>, main: string): string {
  const app = path.join(work, name);
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({
    name, private: true,
    dependencies: { 'cdk8s-istio': `file:${tarball}`, ...dependencies, 'typescript': pkg.devDependencies.typescript, '@types/node': pkg.devDependencies['@types/node'] },
  }));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
  expect(fs.lstatSync(path.join(app, 'node_modules', 'cdk8s-istio')).isSymbolicLink()).toBe(false);
  fs.writeFileSync(path.join(app, 'main.ts'), main);
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: ['node'], outDir: 'out', skipLibCheck: false },
    include: ['main.ts'],
  }));
  const tsc = spawnSync(path.join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: app, encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  return app;
}

/** Runs the app into a folder and returns its files' text; fast: with MeshApp's fast YAML writer. */
function synth(app: string, outdir: string, fast: boolean): Record<string, string> {
  const env: Record<string, string | undefined> = { ...process.env, CDK8S_OUTDIR: path.join(app, outdir), FAST_YAML: fast ? '1' : '' };
  const run = spawnSync(process.execPath, ['out/main.js'], { cwd: app, encoding: 'utf8', env });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const dir = path.join(app, outdir);
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const objectsOf = (files: Record<string, string>) => Object.entries(files).filter(([f]) => f.endsWith('.yaml'))
  .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS()));

test('the tarball holds the built library, its generated types, schemas and compiled validators, and nothing else', () => {
  const files: string[] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], root))[0].files.map((f: any) => f.path);
  const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^API\.md$/, /^CHANGELOG\.md$/, /^schemas\/crds\.json$/,
    /^schemas\/validators\/[a-z0-9-]+\.js$/, /^schemas\/validators\/index\.json$/,
    /^lib\/src\/[a-z0-9/-]+\.(js|d\.ts)$/, /^lib\/imports\/[a-z0-9.]+\.(js|d\.ts)$/];
  expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
  expect(files).toEqual(expect.arrayContaining(['lib/src/index.js', 'lib/src/index.d.ts', 'lib/imports/networking.istio.io.d.ts', 'schemas/crds.json', 'schemas/validators/index.json', 'API.md']));
  expect(files.filter((f) => /^(lib\/(app|test|examples)|app|test|dist|src|examples)\//.test(f))).toEqual([]);
});

test('an app made by `cdk8s init typescript-app` (cdk8s-plus-33) type-checks, synthesizes, and gets the same bytes from the fast writer', () => {
  const app = consumerApp('init-app', { 'cdk8s': pkg.devDependencies.cdk8s, 'cdk8s-plus-33': CDK8S_PLUS_33, 'constructs': pkg.devDependencies.constructs }, INIT_APP);
  // cdk8s-plus-28 comes as cdk8s-istio's own dependency (its Kubernetes L1 classes), not as a peer the app must add.
  expect(JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')).dependencies['cdk8s-plus-28']).toBeUndefined();

  const plain = synth(app, 'dist', false);
  const fast = synth(app, 'dist-fast', true);
  expect(fast['mesh.md']).toContain('```mermaid');
  delete fast['mesh.md'];
  expect(fast).toEqual(plain);

  const objects = objectsOf(plain);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  expect(find('Namespace', 'shop').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  expect(find('Deployment', 'reviews-v3').metadata.namespace).toBe('shop');
  expect(find('Deployment', 'cart-v1').spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
  expect(find('Gateway', 'books-gateway').spec.servers[0].hosts).toEqual(['books.example.com']);
  expect(find('VirtualService', 'reviews').spec.http).toEqual([
    { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
    { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 75 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 25 }] },
  ]);

  // The installed package analyzes what the app wrote with the schemas and validators it ships,
  // and its generated Istio types are importable (the escape hatch).
  const check = spawnSync(process.execPath, ['-e', `
    const { analyzeMesh } = require('cdk8s-istio');
    const istio = require('cdk8s-istio/imports/networking.istio.io');
    const objects = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    process.stdout.write(JSON.stringify({ findings: analyzeMesh(objects).filter((f) => !f.suppressed), l1: typeof istio.VirtualService }));`],
  { cwd: app, input: JSON.stringify(objects), encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(JSON.parse(check.stdout)).toEqual({ findings: [], l1: 'function' });

  // The package's command, as npm installed it (bin link, shebang): the canary split of what the app wrote.
  const simulated = spawnSync(path.join(app, 'node_modules', '.bin', 'cdk8s-istio'), ['simulate', 'dist', '--from', 'shop/bookinfo-productpage', '--to', 'reviews:9080', '--json'],
    { cwd: app, encoding: 'utf8' });
  expect(simulated.stderr).toBe('');
  expect(simulated.status).toBe(0);
  expect(JSON.parse(simulated.stdout).route.destinations.map((d: any) => [d.subset, d.weight])).toEqual([['v1', 75], ['v3', 25]]);
});

test('`cdk8s synth` with the fast app command of the README (cdk8s-istio run, esbuild) and the MeshValidation plugin gives the app\'s bytes; the plugin reuses the app\'s report', () => {
  const app = consumerApp('cli-app', { 'cdk8s': pkg.devDependencies.cdk8s, 'cdk8s-plus-33': CDK8S_PLUS_33, 'constructs': pkg.devDependencies.constructs, 'esbuild': pkg.devDependencies.esbuild }, INIT_APP);
  fs.writeFileSync(path.join(app, 'cdk8s.yaml'), [
    'language: typescript',
    'app: node_modules/.bin/cdk8s-istio run main.ts',
    'validations:',
    '  - package: ./node_modules/cdk8s-istio',
    '    class: MeshValidation',
    '    version: 0.1.0',
    '',
  ].join('\n'));
  const cdk8s = (env: Record<string, string>) => spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade'],
    { cwd: app, encoding: 'utf8', env: { ...process.env, ...env } });
  // Twice: built and code-cached on the first run, both reused on the second.
  for (let i = 0; i < 2; i++) {
    const result = cdk8s({ FAST_YAML: '1' });
    expect(result.stdout).toContain('Validations ended succesfully');
    expect(result.status).toBe(0);
  }
  expect(fs.readdirSync(path.join(app, 'node_modules', '.cache', 'cdk8s-istio')).sort()).toEqual(['main.js', 'main.js.inputs.json', 'main.js.map', 'main.js.v8cache']);
  const written = Object.fromEntries(fs.readdirSync(path.join(app, 'dist')).filter((f) => f.endsWith('.yaml')).map((f) => [f, fs.readFileSync(path.join(app, 'dist', f), 'utf8')]));
  const plain = synth(app, 'dist-plain', false);
  expect(written).toEqual(Object.fromEntries(Object.entries(plain).filter(([f]) => f.endsWith('.yaml'))));
  const report = JSON.parse(fs.readFileSync(path.join(app, 'dist', 'construct-metadata.json'), 'utf8'))['cdk8s-istio'];
  expect(report).toMatchObject({ version: 1, objects: objectsOf(plain).length, findings: [] });

  // A broken app fails with its message, as `node main.js` would.
  fs.writeFileSync(path.join(app, 'main.ts'), `import { MeshApp, MeshService } from 'cdk8s-istio';\nimport { Chart } from 'cdk8s';\nnew MeshService(new Chart(new MeshApp(), 'c'), 'Bad_Name', { port: 8080 });\n`);
  const broken = cdk8s({});
  expect(broken.status).not.toBe(0);
  expect(broken.stderr + broken.stdout).toContain('Bad_Name');
});

test(`an app on the lowest cdk8s of the peer range (${LOWEST.cdk8s}) synthesizes, and the fast writer gives cdk8s's bytes`, () => {
  const app = consumerApp('lowest-app', { 'cdk8s': LOWEST.cdk8s, 'constructs': LOWEST.constructs }, LOWEST_APP);
  expect(require(path.join(app, 'node_modules', 'cdk8s', 'package.json')).version).toBe(LOWEST.cdk8s);
  const plain = synth(app, 'dist', false);
  expect(synth(app, 'dist-fast', true)).toEqual(plain);
  const objects = objectsOf(plain);
  expect(objects.filter((o) => o.kind === 'HTTPRoute').map((o) => o.metadata.name)).toEqual(['bookinfo-gateway', 'reviews']);
  expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toContain('reviews-v2');
});
