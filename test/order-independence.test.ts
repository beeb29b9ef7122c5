// What one construct derives from others (allow policies from calls and routes, subsets from
// versions, the canary's split) is computed at synthesis, so the order in which an app declares
// calls, versions and routes does not matter: every interleaving gives the same bytes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { Canary, CallGraphAuthorization, IstioGateway, MeshApp, MeshDestinationRule, MeshNamespace, MeshService, ServiceRoutes, StringMatch } from '../src';

const resources = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) } };

/** Builds the app: constructs in a fixed order, and the mutations interleaved as `order` says. */
function synth(order: boolean[]): Record<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-'));
  try {
    const app = new MeshApp({ outdir, topology: true });
    const namespaces = new Chart(app, 'namespaces');
    new MeshNamespace(namespaces, 'shop');
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    chart.addDependency(namespaces);
    const front = new MeshService(chart, 'front', { port: 8080 });
    const cart = new MeshService(chart, 'cart', { port: 8080 });
    const stock = new MeshService(chart, 'stock', { port: 8080 });
    let gateway: IstioGateway | undefined;
    let routes: ServiceRoutes | undefined;
    let subsets: MeshDestinationRule | undefined;

    // Constructs that derive from others, in a fixed order (their place in the output is theirs).
    const constructs: Array<() => void> = [
      () => { gateway = new IstioGateway(chart, 'gw', { hosts: ['shop.example.com'] }); },
      () => { subsets = new MeshDestinationRule(chart, 'cart-subsets', { service: cart }); },
      () => {
        new Canary(chart, 'cart-canary', {
          service: cart, stableVersion: 'v1', canaryVersion: 'v2', canaryWeight: 20, destinationRule: subsets,
          canaryHeader: { name: 'x-canary', value: StringMatch.exact('1') },
        });
      },
      () => { routes = new ServiceRoutes(chart, 'stock-routes', { service: stock }); },
      () => { new CallGraphAuthorization(chart, 'zero-trust', { services: [front, cart, stock], gateways: [gateway!] }); },
    ];
    // Mutations those constructs read; a method of a construct waits for the construct.
    const mutations: Array<{ after?: () => unknown; run: () => void }> = [
      { run: () => front.addVersion('v1', { image: 'example/front:1', resources }) },
      { run: () => cart.addVersion('v1', { image: 'example/cart:1', resources }) },
      { run: () => cart.addVersion('v2', { image: 'example/cart:2', resources }) },
      { run: () => stock.addVersion('v1', { image: 'example/stock:1', resources }) },
      { run: () => front.addCall(cart) },
      { run: () => cart.addCall(stock) },
      { run: () => front.addCall(stock) },
      { after: () => gateway, run: () => gateway!.addRoute({ destinations: [{ host: 'front', port: 8080 }] }) },
      { after: () => routes, run: () => routes!.addRule({ destinations: [{ host: 'stock' }] }) },
    ];

    const pending = [...mutations];
    const runReady = () => {
      for (let i = 0; i < pending.length;) {
        if (pending[i].after === undefined || pending[i].after!() !== undefined) pending.splice(i, 1)[0].run(); else i++;
      }
    };
    // order[i] true: take the next construct; false: run the next mutation that can run.
    let c = 0;
    for (const takeConstruct of order) {
      if (takeConstruct && c < constructs.length) constructs[c++]();
      else {
        const next = pending.findIndex((m) => m.after === undefined || m.after() !== undefined);
        if (next >= 0) pending.splice(next, 1)[0].run();
      }
    }
    while (c < constructs.length) constructs[c++]();
    runReady();
    app.synth();
    return Object.fromEntries(fs.readdirSync(outdir).sort().map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('order independence', () => {
  // Every mutation first: the order a reader expects.
  const canonical = synth(Array(9).fill(false));

  test('the canonical app has what every step declared', () => {
    expect(Object.keys(canonical)).toEqual(['0000-namespaces.k8s.yaml', '0001-shop.k8s.yaml', 'mesh.md']);
    const yaml = canonical['0001-shop.k8s.yaml'];
    expect(yaml).toContain('name: allow-stock');
    expect(yaml).toContain('- cluster.local/ns/shop/sa/cart\n');
    expect(yaml).toContain('name: cart-v2');
  });

  test('every interleaving of calls, versions, routes and rules with the constructs gives byte-identical output', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }), (order) => {
      expect(synth(order)).toEqual(canonical);
    }), { numRuns: 20 });
  });

  test('every construct first, every mutation after, too', () => {
    expect(synth(Array(5).fill(true))).toEqual(canonical);
  });
});
