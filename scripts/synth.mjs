// `npm run synth [-- ENTRY.ts]`: synthesize the app (src/main.ts, or ENTRY) into a fresh folder
// beside dist/, and only when that succeeds swap it into place. (`cdk8s synth` empties dist/ before it runs the app, so a
// failing app there leaves nothing; here a failure leaves the previous dist/ untouched.)
import fs from 'node:fs';
import path from 'node:path';
import { root, runApp } from './app.mjs';

const dist = path.join(root, 'dist');
const staging = fs.mkdtempSync(path.join(root, '.dist-'));
fs.chmodSync(staging, 0o755); // mkdtemp makes it private; dist/ is an ordinary folder
process.env.CDK8S_OUTDIR = staging;
try {
  runApp(process.argv[2]); // an example or test app instead of src/main.ts, if given
} catch (err) {
  fs.rmSync(staging, { recursive: true, force: true });
  // The message names the construct, prop or variable at fault; the stack is for bugs.
  const detail = process.env.DEBUG ? err?.stack : `${err?.message ?? err}\n(DEBUG=1 npm run synth shows the stack trace)`;
  console.error(`synth failed; dist/ was left as it was.\n${detail}`);
  process.exit(1);
}
const old = `${staging}-old`;
if (fs.existsSync(dist)) fs.renameSync(dist, old);
try {
  fs.renameSync(staging, dist);
} catch (err) {
  if (fs.existsSync(old)) fs.renameSync(old, dist); // put the previous dist/ back
  fs.rmSync(staging, { recursive: true, force: true });
  throw err;
}
fs.rmSync(old, { recursive: true, force: true });
const files = fs.readdirSync(dist).sort();
console.log(`synthesized ${files.length} files into dist/: ${files.join(', ')}`);
