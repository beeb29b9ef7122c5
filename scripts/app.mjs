// Runs the cdk8s app (src/main.ts) fast: esbuild bundles the TypeScript sources (imports/
// included) into one CommonJS file in a few tens of milliseconds, with no type check (that
// is `npm test`'s job), and Node runs it. cdk8s.yaml points here, so `cdk8s synth` and
// `npm run synth` run the same code. The app writes to $CDK8S_OUTDIR (default dist/).
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles src/main.ts into .build/main.js and returns its path. */
export function buildApp() {
  const outfile = path.join(root, '.build', 'main.js');
  buildSync({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external', // cdk8s, cdk8s-plus-28 and constructs load from node_modules
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

/** Builds and runs the app in this process; it synthesizes into $CDK8S_OUTDIR. */
export function runApp() {
  process.setSourceMapsEnabled(true); // stack traces point at src/*.ts
  createRequire(import.meta.url)(buildApp());
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) runApp();
