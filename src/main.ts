import { App } from 'cdk8s';
import { buildDemo } from './demo/demo-app';

// The demo app: `npm run synth` writes it to dist/ (cdk8s.yaml runs the same file).
const app = new App();
buildDemo(app);
app.synth();
