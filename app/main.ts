import { MeshApp } from 'cdk8s-istio';
import { demoConfigFromEnv } from './config';
import { buildDemo } from './demo-app';

// The demo app: `npm run synth` writes it to dist/ (cdk8s.yaml runs the same file).
// TRAFFIC_API, CANARY_VERSION, CANARY_WEIGHT and MTLS_MODE change it without code (see README).
const app = new MeshApp({
  fastYaml: true,
  // Beside the YAML, a Mermaid topology for review. MESH_TOPOLOGY_FILE moves it, as the Helm synth
  // does: a chart's templates/ folder must hold manifests only.
  topology: process.env.MESH_TOPOLOGY_FILE || true,
});
buildDemo(app, demoConfigFromEnv(process.env));
app.synth();
