// `cdk8s-istio run main.ts`: runs a TypeScript cdk8s app fast, for the `app:` of cdk8s.yaml. The
// app is bundled with the app's own esbuild (no type check: that is tsc's job), its packages
// included, and the bundle runs with a V8 code cache. Both are kept in
// node_modules/.cache/cdk8s-istio/: the bundle is rebuilt only when a file it was built from
// changed (their sizes and modification times are kept beside it), and the code cache is used for
// the very bundle it was made from.
//
// Node 20 caches compiled code only through a require hook that patches Node's module loader;
// this compiles the one bundle with node:vm instead, as Node runs a CommonJS module.
//
// This repository's scripts (scripts/build.cjs) bundle and run the demo app with the same two
// functions, buildBundle() and runBundle(); they compile this file alone, so it imports nothing
// but Node's modules.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** Options of {@link runApp}. */
export interface RunAppOptions {
  /**
   * The app's folder: where its package.json, tsconfig.json and node_modules are.
   * @default - the current folder
   */
  readonly cwd?: string;
}

// Files that change a bundle without being part of it.
const CONFIG = ['tsconfig.json', 'package.json', 'package-lock.json'];

/** Bundles and runs a TypeScript (or JavaScript) cdk8s app in this process; returns its exports. */
export function runApp(entry: string, options: RunAppOptions = {}): unknown {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  return runBundle(buildApp(path.resolve(cwd, entry), cwd));
}

function stamp(cwd: string, file: string): string {
  try {
    const s = fs.statSync(path.resolve(cwd, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** Writes a file whole under another name first, so that a concurrent run reads the old one or the new one. */
function writeAtomically(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}

function buildApp(entry: string, cwd: string): string {
  const name = path.relative(cwd, entry).replace(/\.[cm]?[jt]sx?$/, '').replace(/[^A-Za-z0-9_.-]+/g, '-');
  return buildBundle(entry, cwd, path.join(cwd, 'node_modules', '.cache', 'cdk8s-istio', `${name}.js`));
}

/**
 * Bundles `entry` into `outfile` with the esbuild of `cwd`, its packages included unless `extra`
 * says otherwise, unless the bundle is up to date; returns `outfile`.
 */
export function buildBundle(entry: string, cwd: string, outfile: string, extra: Readonly<Record<string, unknown>> = {}): string {
  const manifest = `${outfile}.inputs.json`;
  const settings = {
    entryPoints: [entry],
    outfile,
    absWorkingDir: cwd,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'linked', // for DEBUG=1
    sourcesContent: false,
    logLevel: 'warning',
    // require.resolve() of a package resolves from the bundle's folder at run time, as intended.
    logOverride: { 'require-resolve-not-external': 'silent' },
    ...extra,
  };
  const key = JSON.stringify(settings);
  try {
    const built = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (built.key === key && fs.existsSync(outfile) && Object.entries<string>(built.inputs).every(([f, s]) => stamp(cwd, f) === s)) return outfile;
  } catch {
    // not built yet
  }
  let esbuild: any;
  try {
    esbuild = createRequire(path.join(cwd, 'package.json'))('esbuild');
  } catch {
    throw new Error('cdk8s-istio run bundles the app with esbuild, which the app does not have: npm install --save-dev esbuild');
  }
  const result = esbuild.buildSync({ ...settings, metafile: true, write: false });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  for (const out of result.outputFiles) writeAtomically(out.path, out.contents);
  const inputs = Object.fromEntries([...Object.keys(result.metafile.inputs), ...CONFIG].map((f) => [f, stamp(cwd, f)]));
  writeAtomically(manifest, JSON.stringify({ key, inputs }));
  return outfile;
}

/** Runs a CommonJS bundle with the V8 code cache beside it (DEBUG: required as usual, source maps on). */
export function runBundle(filename: string): unknown {
  if (process.env.DEBUG) {
    process.setSourceMapsEnabled(true);
    return require(filename);
  }
  const source = fs.readFileSync(filename, 'utf8');
  const cacheFile = `${filename}.v8cache`;
  // V8 checks a cache against the length of the source only: the cache starts with the digest of
  // the source (and Node's version) it was made from, and is used for that source alone.
  const digest = createHash('sha1').update(process.version).update(source).digest();
  let cachedData: Buffer | undefined;
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
  } catch {
    // no cache yet
  }
  // Node's own CommonJS wrapper, on the first line so that line numbers are the bundle's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the run, so that the functions it compiled are in the cache too.
    process.once('exit', () => {
      try {
        writeAtomically(cacheFile, Buffer.concat([digest, script.createCachedData()]));
      } catch {
        // a cache not written is made again next time
      }
    });
  }
  const module = { exports: {}, id: filename, filename, loaded: false };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, path.dirname(filename));
  module.loaded = true;
  return module.exports;
}
