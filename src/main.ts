import { App } from 'cdk8s';
import { demoConfigFromEnv } from './demo/config';
import { buildDemo } from './demo/demo-app';

// The demo app: `npm run synth` writes it to dist/ (cdk8s.yaml runs the same file).
// TRAFFIC_API, CANARY_VERSION and CANARY_WEIGHT change it without code (see README).
const app = new App();
buildDemo(app, demoConfigFromEnv(process.env));
app.synth();
