// Runs the cdk8s app (src/main.ts) fast: esbuild bundles the TypeScript sources (imports/
// included) into one CommonJS file in a few tens of milliseconds, with no type check (that
// is `npm test`'s job), and Node runs it. cdk8s.yaml points here, so `cdk8s synth` and
// `npm run synth` run the same code. The app writes to $CDK8S_OUTDIR (default dist/).
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MAIN = path.join(root, 'app', 'main.ts');

/** Bundles an entry point (default src/main.ts) into .build/ and returns the bundle's path. */
export function buildApp(entry = MAIN) {
  const outfile = path.join(root, '.build', `${path.basename(entry, '.ts')}.js`);
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external', // cdk8s, cdk8s-plus-28 and constructs load from node_modules
    sourcemap: 'linked',
    sourcesContent: false, // stack traces need the mappings only; a 10x smaller map loads faster
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Builds and runs an app in this process; it synthesizes into $CDK8S_OUTDIR. src/main.ts
 * synthesizes itself; an example (examples/*.ts) exports `build(app)`.
 */
export function runApp(entry = MAIN) {
  process.setSourceMapsEnabled(true); // stack traces point at src/*.ts
  const require = createRequire(import.meta.url);
  const mod = require(buildApp(path.resolve(entry)));
  if (path.resolve(entry) !== MAIN) {
    const { App } = require('cdk8s');
    const app = new App();
    mod.build(app);
    app.synth();
  }
}

// `node scripts/app.mjs [examples/NAME.ts]`
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) runApp(process.argv[2]);
