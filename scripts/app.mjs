// Runs the cdk8s app (app/main.ts) fast: esbuild bundles the TypeScript sources (imports/
// included) into one CommonJS file in a few tens of milliseconds, with no type check (that
// is `npm test`'s job), and Node runs it. cdk8s.yaml points here, so `cdk8s synth` and
// `npm run synth` run the same code. The app writes to $CDK8S_OUTDIR (default dist/).
// `cdk8s-istio` resolves to src/ through the paths of tsconfig.json, which esbuild reads.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MAIN = path.join(root, 'app', 'main.ts');

/** Bundles an entry point (default app/main.ts) into .build/ and returns the bundle's path. */
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
 * Builds and runs an app (app/main.ts, or a program such as examples/NAME.ts) in this process;
 * it synthesizes into $CDK8S_OUTDIR.
 */
export function runApp(entry = MAIN) {
  process.setSourceMapsEnabled(true); // stack traces point at src/*.ts
  createRequire(import.meta.url)(buildApp(path.resolve(entry)));
}

// `node scripts/app.mjs [examples/NAME.ts]`
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) runApp(process.argv[2]);
