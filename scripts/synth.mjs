// `npm run synth`: synthesize the demo app (app/main.ts) into a fresh folder beside dist/, and
// only when that succeeds swap it into place. (`cdk8s synth` empties dist/ before it runs the
// app, so a failing app there leaves nothing; here a failure leaves the previous dist/ untouched.)
// `npm run example -- examples/NAME.ts` does the same for a program of examples/ (or any app),
// into dist-examples/NAME/: dist/ is the demo's alone.
import fs from 'node:fs';
import path from 'node:path';
import { root, runApp } from './app.mjs';

const entry = process.argv[2];
const target = entry === undefined ? path.join(root, 'dist') : path.join(root, 'dist-examples', path.basename(entry, '.ts'));
fs.mkdirSync(path.dirname(target), { recursive: true });
const staging = fs.mkdtempSync(path.join(path.dirname(target), '.dist-'));
fs.chmodSync(staging, 0o755); // mkdtemp makes it private; dist/ is an ordinary folder
process.env.CDK8S_OUTDIR = staging;
try {
  runApp(entry);
} catch (err) {
  fs.rmSync(staging, { recursive: true, force: true });
  // The message names the construct, prop or variable at fault; the stack is for bugs.
  const detail = process.env.DEBUG ? err?.stack : `${err?.message ?? err}\n(DEBUG=1 shows the stack trace)`;
  console.error(`synth failed; ${path.relative(root, target)}/ was left as it was.\n${detail}`);
  process.exit(1);
}
const old = `${staging}-old`;
if (fs.existsSync(target)) fs.renameSync(target, old);
try {
  fs.renameSync(staging, target);
} catch (err) {
  if (fs.existsSync(old)) fs.renameSync(old, target); // put the previous output back
  fs.rmSync(staging, { recursive: true, force: true });
  throw err;
}
fs.rmSync(old, { recursive: true, force: true });
const files = fs.readdirSync(target).sort();
console.log(`synthesized ${files.length} files into ${path.relative(root, target)}/: ${files.join(', ')}`);
