// Runs the cdk8s app (app/main.ts) fast: esbuild bundles the TypeScript sources (imports/ and the
// packages from node_modules included) into one CommonJS file, with no type check (that is
// `npm test`'s job), and scripts/run-bundle.cjs runs it with a V8 code cache. cdk8s.yaml points
// here, so `cdk8s synth` and `npm run synth` run the same code. The app writes to $CDK8S_OUTDIR
// (default dist/). `cdk8s-istio` resolves to src/ through the paths of tsconfig.json, which
// esbuild reads.
//
// A bundle is rebuilt only when one of the files it was built from changed (their sizes and
// modification times are kept beside it), so an unchanged app starts without esbuild at all.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MAIN = path.join(root, 'app', 'main.ts');
const require = createRequire(import.meta.url);

/** What esbuild is given, besides the entry point and the output file. */
const OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked', // for DEBUG=1 (scripts/run-bundle.cjs)
  sourcesContent: false, // stack traces need the mappings only; a 10x smaller map
  logLevel: 'warning',
  // require.resolve() of a package resolves from the bundle's folder at run time, as intended.
  logOverride: { 'require-resolve-not-external': 'silent' },
};
// Files that change a bundle without being part of it.
const CONFIG = ['tsconfig.json', 'package.json', 'package-lock.json'];

/** The files a bundle was built from, with the sizes and times they had. */
function stamp(file) {
  try {
    const s = fs.statSync(path.join(root, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function upToDate(outfile, manifest, options) {
  let built;
  try {
    built = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  } catch {
    return false;
  }
  return built.options === options && fs.existsSync(outfile) && Object.entries(built.inputs).every(([file, s]) => stamp(file) === s);
}

/** Bundles an entry point (default app/main.ts) into .build/, unless up to date; returns the bundle's path. */
export function buildApp(entry = MAIN) {
  const outfile = path.join(root, '.build', `${path.basename(entry, '.ts')}.js`);
  const manifest = `${outfile}.inputs.json`;
  const options = JSON.stringify({ entry: path.relative(root, path.resolve(entry)), ...OPTIONS });
  if (upToDate(outfile, manifest, options)) return outfile;
  const { buildSync } = require('esbuild');
  const result = buildSync({ ...OPTIONS, entryPoints: [entry], outfile, absWorkingDir: root, metafile: true, write: false });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  // Written aside and renamed: a concurrent run sees the old bundle or the new one, never half.
  for (const out of result.outputFiles) {
    fs.writeFileSync(`${out.path}.${process.pid}`, out.contents);
    fs.renameSync(`${out.path}.${process.pid}`, out.path);
  }
  const inputs = Object.fromEntries([...Object.keys(result.metafile.inputs), ...CONFIG].map((f) => [f, stamp(f)]));
  fs.writeFileSync(`${manifest}.${process.pid}`, JSON.stringify({ options, inputs }));
  fs.renameSync(`${manifest}.${process.pid}`, manifest);
  return outfile;
}

/**
 * Builds and runs an app (app/main.ts, or a program such as examples/NAME.ts) in this process;
 * it synthesizes into $CDK8S_OUTDIR.
 */
export function runApp(entry = MAIN) {
  require('./run-bundle.cjs').runBundle(buildApp(path.resolve(entry)));
}

// `node scripts/app.mjs [examples/NAME.ts]`
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    runApp(process.argv[2]);
  } catch (err) {
    // The message names the construct, prop or variable at fault; the stack is for bugs.
    console.error(process.env.DEBUG ? err?.stack : `${err?.message ?? err}\n(DEBUG=1 shows the stack trace)`);
    process.exit(1);
  }
}
