// Bundles a TypeScript entry point of this repository with esbuild into .build/, for the runner
// scripts (scripts/app.mjs, scripts/validation-plugin.cjs): the packages from node_modules
// included, no type check (that is `npm test`'s job). `cdk8s-istio` resolves to src/ through the
// paths of tsconfig.json, which esbuild reads.
//
// A bundle is rebuilt only when one of the files it was built from changed (their sizes and
// modification times are kept beside it), so an unchanged bundle costs a few file stats and no
// esbuild at all.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

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

/** A file's size and modification time, as a string. */
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

/**
 * Bundles `entry` into .build/NAME.js (NAME: the entry's), unless up to date; returns the bundle's
 * path. With `packages: 'external'`, the packages of node_modules are left out (loaded from there
 * when required).
 */
function buildBundle(entry, name = path.basename(entry, '.ts'), extra = {}) {
  const outfile = path.join(root, '.build', `${name}.js`);
  const manifest = `${outfile}.inputs.json`;
  const options = JSON.stringify({ entry: path.relative(root, path.resolve(root, entry)), ...OPTIONS, ...extra });
  if (upToDate(outfile, manifest, options)) return outfile;
  const { buildSync } = require('esbuild');
  const result = buildSync({ ...OPTIONS, ...extra, entryPoints: [path.resolve(root, entry)], outfile, absWorkingDir: root, metafile: true, write: false });
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

module.exports = { root, buildBundle };
