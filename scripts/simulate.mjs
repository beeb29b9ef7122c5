// `npm run -s simulate -- DIR --from NS/SA --to HOST[:PORT] [...]`: the `cdk8s-istio simulate`
// command of src/cli/cdk8s-istio.ts, bundled by esbuild (as scripts/app.mjs bundles the app, in
// a few tens of milliseconds, no type check) and run in this process: no build of lib/ needed.
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildApp, root } from './app.mjs';

process.setSourceMapsEnabled(true); // stack traces point at src/*.ts
const { main } = createRequire(import.meta.url)(buildApp(path.join(root, 'src', 'cli', 'cdk8s-istio.ts')));
process.exit(main(['simulate', ...process.argv.slice(2)]));
