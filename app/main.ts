import { App } from 'cdk8s';
import { demoConfigFromEnv } from './config';
import { buildDemo } from './demo-app';
import { writeMeshTopology } from '../src/checks/mesh-topology';

// The demo app: `npm run synth` writes it to dist/ (cdk8s.yaml runs the same file).
// TRAFFIC_API, CANARY_VERSION, CANARY_WEIGHT and MTLS_MODE change it without code (see README).
const app = new App();
buildDemo(app, demoConfigFromEnv(process.env));
app.synth();
// Beside the YAML, a Mermaid topology for review. MESH_TOPOLOGY_FILE moves it, as the Helm synth
// does: a chart's templates/ folder must hold manifests only.
writeMeshTopology(app, process.env.MESH_TOPOLOGY_FILE || undefined);
