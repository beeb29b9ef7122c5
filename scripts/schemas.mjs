// `npm run schemas`: compiles the schema validators ahead of time, with Ajv's standalone code,
// into schemas/validators/ (one module per kind, and index.json: kind → module). Compiling
// a large schema (a Deployment's, a DestinationRule's) takes Ajv 50 to 200 ms; loading its
// compiled module takes a few. `npm ci` runs this (prepare), `npm pack` ships the result, and the
// validator compiles at run time only a kind that is not here.
//
// Generated, not committed: it depends only on cdk8s-plus-28 (its .jsii) and schemas/crds.json.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { buildSync, transformSync } from 'esbuild';
import { root } from './app.mjs';

// Kubernetes kinds compiled ahead of time: what mesh apps emit or commonly include. Other
// Kubernetes kinds are compiled when first met.
const KUBERNETES_KINDS = [
  'v1/Namespace', 'v1/Service', 'v1/ServiceAccount', 'v1/Pod', 'v1/ConfigMap', 'v1/Secret', 'v1/Endpoints',
  'apps/v1/Deployment', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'apps/v1/ReplicaSet',
  'batch/v1/Job', 'batch/v1/CronJob', 'policy/v1/PodDisruptionBudget', 'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/NetworkPolicy', 'networking.k8s.io/v1/Ingress',
];

const out = path.join(root, 'schemas', 'validators');
const bundle = path.join(root, '.build', 'schema-definitions.cjs');
buildSync({ entryPoints: [path.join(root, 'src', 'checks', 'schema-definitions.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'warning' });
const defs = createRequire(import.meta.url)(bundle);

const started = Date.now();
const { definitions, kinds, crds } = defs.kindSchemas();
const wanted = [...KUBERNETES_KINDS, ...Object.keys(crds)];
for (const key of wanted) if (!kinds.has(key)) throw new Error(`no schema for ${key}`);

// One module per kind, minified: an app loads the code of the kinds it has only, and V8 reads a
// minified module about twice as fast (the schema paths and messages in it are kept as they are).
// Each file is replaced whole (written aside, then renamed) and the folder is never emptied:
// `npm pack` runs this while other processes, such as parallel tests, load validators from it.
fs.mkdirSync(out, { recursive: true });
const written = new Set();
const write = (file, text) => {
  const temp = path.join(out, `.${file}.${process.pid}`);
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, path.join(out, file));
  written.add(file);
};
const index = {};
let bytes = 0;
for (const key of wanted) {
  const ajv = defs.kubernetesAjv(definitions, { code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  ajv.addSchema(kinds.get(key));
  const code = transformSync(standaloneCode(ajv, { [key]: defs.kindSchemaId(key) }), { minify: true, format: 'cjs', platform: 'node', target: 'node20' }).code;
  const file = `${key.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}.js`;
  write(file, code);
  bytes += code.length;
  index[key] = file;
}
write('index.json', `${JSON.stringify(index, null, 2)}\n`);

// The CRDs' CEL rules, compiled to JavaScript (src/checks/cel-compile.ts): the validator then
// loads @bufbuild/cel only for an object that breaks a rule, or for a rule not compiled.
const celBundle = path.join(root, '.build', 'cel-compile.cjs');
buildSync({ entryPoints: [path.join(root, 'src', 'checks', 'cel-compile.ts')], outfile: celBundle, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'warning' });
const celCompile = createRequire(import.meta.url)(celBundle);
const cel = celCompile.compileCelModule(celCompile.celRulesOf(crds));
write('cel.js', cel.source);
// What an earlier run wrote for a kind no longer compiled.
for (const file of fs.readdirSync(out)) if (!written.has(file)) fs.rmSync(path.join(out, file), { force: true });
console.log(`compiled ${wanted.length} kinds into schemas/validators/ (${(bytes / 1e6).toFixed(1)} MB), and ${cel.compiled} of ${cel.compiled + cel.left.length} CEL rules into cel.js, in ${Date.now() - started} ms`);
