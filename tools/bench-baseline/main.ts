// The demo app of app/main.ts, for the benchmark's baseline: run by ts-node, as `cdk8s init`
// sets an app up, with its type check.
import { App } from 'cdk8s';
import { demoConfigFromEnv } from '../../app/config';
import { buildDemo } from '../../app/demo-app';

const app = new App();
buildDemo(app, demoConfigFromEnv(process.env));
app.synth();
