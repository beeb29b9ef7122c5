// Bundles a TypeScript entry point of this repository with esbuild into .build/, and runs bundles
// with a V8 code cache, for the runner scripts (scripts/app.mjs, scripts/validation-plugin.cjs,
// scripts/run-bundle.cjs). Both are what `cdk8s-istio run` does in a user's app
// (src/cli/run-app.ts: buildBundle() and runBundle()); this loads that file, compiled alone with
// esbuild into .build/run-app.cjs when it changed. The packages from node_modules are included,
// no type check (that is `npm test`'s job); `cdk8s-istio` resolves to src/ through the paths of
// tsconfig.json, which esbuild reads.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

let runApp;

/** src/cli/run-app.ts as a CommonJS module (it imports Node's modules only). */
function runAppModule() {
  if (runApp) return runApp;
  const source = path.join(root, 'src', 'cli', 'run-app.ts');
  const compiled = path.join(root, '.build', 'run-app.cjs');
  const s = fs.statSync(source);
  const stamp = `// compiled from src/cli/run-app.ts ${s.size}:${s.mtimeMs}\n`;
  let code;
  try {
    code = fs.readFileSync(compiled, 'utf8');
  } catch {
    // not compiled yet
  }
  if (!code?.startsWith(stamp)) {
    const { transformSync } = require('esbuild');
    code = stamp + transformSync(fs.readFileSync(source, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: source }).code;
    fs.mkdirSync(path.dirname(compiled), { recursive: true });
    // Written aside and renamed: a concurrent run sees the old file or the new one, never half.
    fs.writeFileSync(`${compiled}.${process.pid}`, code);
    fs.renameSync(`${compiled}.${process.pid}`, compiled);
  }
  runApp = require(compiled);
  return runApp;
}

/**
 * Bundles `entry` into .build/NAME.js (NAME: the entry's), unless up to date; returns the bundle's
 * path. With `packages: 'external'`, the packages of node_modules are left out (loaded from there
 * when required).
 */
function buildBundle(entry, name = path.basename(entry, '.ts'), extra = {}) {
  return runAppModule().buildBundle(path.resolve(root, entry), root, path.join(root, '.build', `${name}.js`), extra);
}

/** Runs the bundle `file` in this process with its V8 code cache; returns its module.exports. */
function runBundle(file) {
  return runAppModule().runBundle(path.resolve(file));
}

module.exports = { root, buildBundle, runBundle };
