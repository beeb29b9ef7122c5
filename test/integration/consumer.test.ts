// The package from the outside: `npm pack`, install the tarball into a fresh cdk8s app (a copy,
// no link to this repository, offline from the npm cache that `npm ci` filled), type-check and
// synthesize an app that uses BookinfoApp, IstioGateway and ReviewsCanary, and check the YAML.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.join(__dirname, '..', '..');
const pkg = require('../../package.json');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const CONSUMER_APP = `
import { App, Chart } from 'cdk8s';
import {
  BookinfoApp, BookinfoDestinationRules, IstioGateway, MeshAnalyzer, MeshNamespace, ReviewsCanary, StringMatch,
} from 'cdk8s-istio';

const app = new App();
MeshAnalyzer.attach(app);
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'shop');
const chart = new Chart(app, 'shop', { namespace: 'shop' });
chart.addDependency(namespaces);
const bookinfo = new BookinfoApp(chart, 'bookinfo');
const rules = new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo });
new IstioGateway(chart, 'books-gateway', { hosts: ['books.example.com'], routes: [bookinfo.ingressRule] });
new ReviewsCanary(chart, 'reviews-canary', {
  service: bookinfo.reviews,
  canaryVersion: 'v3',
  canaryWeight: 25,
  canaryHeader: { name: 'end-user', value: StringMatch.exact('jason') },
  destinationRule: rules.forService(bookinfo.reviews),
});
app.synth();
`;

describe('the npm package, installed into a consumer app', () => {
  let work: string;
  let tarball: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root));
    tarball = path.join(work, packed[0].filename);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the tarball holds the built library, its generated types and schemas, and nothing else', () => {
    const files: string[] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], root))[0].files.map((f: any) => f.path);
    const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^API\.md$/, /^CHANGELOG\.md$/, /^schemas\/crds\.json$/,
      /^lib\/src\/[a-z/-]+\.(js|d\.ts)$/, /^lib\/imports\/[a-z0-9.]+\.(js|d\.ts)$/];
    expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['lib/src/index.js', 'lib/src/index.d.ts', 'lib/imports/networking.istio.io.d.ts', 'schemas/crds.json', 'API.md']));
    expect(files.some((f) => f.startsWith('lib/src/demo/') || f.startsWith('lib/src/main.') || /^(test|dist|src|examples)\//.test(f))).toBe(false);
  });

  test('type-checks and synthesizes an app that uses BookinfoApp, IstioGateway and ReviewsCanary', () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    const dev = pkg.devDependencies;
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({
      name: 'consumer', private: true,
      dependencies: {
        'cdk8s-istio': `file:${tarball}`,
        'cdk8s': dev.cdk8s, 'cdk8s-plus-28': dev['cdk8s-plus-28'], 'constructs': dev.constructs,
        'typescript': dev.typescript, '@types/node': dev['@types/node'],
      },
    }));
    npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
    expect(fs.lstatSync(path.join(app, 'node_modules', 'cdk8s-istio')).isSymbolicLink()).toBe(false);

    fs.writeFileSync(path.join(app, 'main.ts'), CONSUMER_APP);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, types: ['node'], outDir: 'out', skipLibCheck: false },
      include: ['main.ts'],
    }));
    const tsc = spawnSync(path.join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: app, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const outdir = path.join(app, 'dist');
    const run = spawnSync(process.execPath, ['out/main.js'], { cwd: app, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const objects = fs.readdirSync(outdir).sort().flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS()));
    const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
    expect(find('Namespace', 'shop').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(find('Deployment', 'reviews-v3').metadata.namespace).toBe('shop');
    expect(find('Gateway', 'books-gateway').spec.servers[0].hosts).toEqual(['books.example.com']);
    expect(find('VirtualService', 'books-gateway').spec.gateways).toEqual(['books-gateway']);
    expect(find('VirtualService', 'reviews').spec.http).toEqual([
      { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] },
      { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 75 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 25 }] },
    ]);

    // The installed package validates with the schemas it ships.
    const validate = spawnSync(process.execPath, ['-e', `
      const { SchemaValidator } = require('cdk8s-istio');
      const objects = JSON.parse(require('fs').readFileSync(0, 'utf8'));
      process.stdout.write(JSON.stringify(new SchemaValidator().validate(objects)));`], { cwd: app, input: JSON.stringify(objects), encoding: 'utf8' });
    expect(JSON.parse(validate.stdout)).toEqual([]);
  });
});
