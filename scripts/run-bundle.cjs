// Runs a CommonJS bundle (one that scripts/app.mjs built) with a V8 code cache beside it:
// `node scripts/run-bundle.cjs .build/main.js`, or runBundle(file) from another script.
//
// Compiling the app's code (cdk8s, cdk8s-plus-28 and this library: 3 MB) is the largest part of a
// synth that Node repeats every time. Node 20 caches compiled code only through a require hook,
// which patches Node's module loader; this compiles the one bundle with node:vm instead, reusing
// the code V8 produced in an earlier run, and runs it as Node would run a CommonJS module. After
// the run, the cache is rewritten when there was none or V8 refused it (the bundle changed).
// With DEBUG set, the bundle is required as usual, source maps on, for stack traces in src/*.ts.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/** Runs the bundle `file` in this process; returns its module.exports. */
function runBundle(file) {
  const filename = path.resolve(file);
  if (process.env.DEBUG) {
    process.setSourceMapsEnabled(true);
    return require(filename);
  }
  const source = fs.readFileSync(filename, 'utf8');
  const cacheFile = `${filename}.v8cache`;
  // V8 checks a cache against the length of the source only: the cache file starts with the
  // digest of the source (and Node's version) it was made from, and is used for that source alone.
  const digest = crypto.createHash('sha1').update(process.version).update(source).digest();
  let cachedData;
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
  } catch {
    // no cache yet
  }
  // The wrapper Node itself puts around a CommonJS module, on the first line so that line
  // numbers in stack traces are the bundle's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      // The functions the run compiled are in the cache too. Written whole, then renamed, so
      // that a concurrent run reads the old cache or the new one.
      const temp = `${cacheFile}.${process.pid}`;
      try {
        fs.writeFileSync(temp, Buffer.concat([digest, script.createCachedData()]));
        fs.renameSync(temp, cacheFile);
      } catch {
        fs.rmSync(temp, { force: true });
      }
    });
  }
  const module = { exports: {}, id: filename, filename, loaded: false };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, path.dirname(filename));
  module.loaded = true;
  return module.exports;
}

module.exports = { runBundle };

if (require.main === module) {
  if (!process.argv[2]) {
    console.error('usage: node scripts/run-bundle.cjs BUNDLE');
    process.exit(2);
  }
  runBundle(process.argv[2]);
}
