// Every variant of the demo's variables synthesizes: 2 traffic APIs x 2 canary versions x 101
// canary weights, both mTLS modes, and ambient mode with each of them. Each synthesis runs the mesh checks (the analyzer and the
// schemas with their CEL rules), so one that passes is schema-valid and analyzer-clean.
import { Testing } from 'cdk8s';
import { DataplaneMode, MeshChecks, MtlsMode, ReviewsVersion, TrafficApi } from '../../src';
import { buildDemo } from '../../app/demo-app';
import { synthApp } from '../util/manifests';

describe('demo variants', () => {
  test('every combination of TRAFFIC_API, CANARY_VERSION, CANARY_WEIGHT (and both MTLS_MODEs) synthesizes without a finding', () => {
    let combinations = 0;
    for (const trafficApi of Object.values(TrafficApi)) {
      for (const canaryVersion of [ReviewsVersion.V2, ReviewsVersion.V3]) {
        for (let canaryWeight = 0; canaryWeight <= 100; canaryWeight++) {
          const app = Testing.app();
          buildDemo(app, { trafficApi, canaryVersion, canaryWeight, mtlsMode: canaryWeight % 2 ? MtlsMode.PERMISSIVE : MtlsMode.STRICT });
          const objects = synthApp(app);
          expect(objects.length).toBeGreaterThan(40);
          // The Gateway API ingress policies attach to the Gateway with targetRefs: no IST0166.
          expect(MeshChecks.of(app).findings.map((f) => `${f.code} ${f.resource}`)).toEqual([]);
          combinations++;
        }
      }
    }
    expect(combinations).toBe(2 * 2 * 101);
  });

  test('DATAPLANE_MODE=ambient combines with both traffic APIs, both canary versions, the weights at their edges and both mTLS modes', () => {
    let combinations = 0;
    for (const trafficApi of Object.values(TrafficApi)) {
      for (const canaryVersion of [ReviewsVersion.V2, ReviewsVersion.V3]) {
        for (const canaryWeight of [0, 1, 10, 50, 99, 100]) {
          for (const mtlsMode of [MtlsMode.STRICT, MtlsMode.PERMISSIVE]) {
            const app = Testing.app();
            buildDemo(app, { trafficApi, canaryVersion, canaryWeight, mtlsMode, dataplaneMode: DataplaneMode.AMBIENT });
            expect(synthApp(app).length).toBeGreaterThan(40);
            expect(MeshChecks.of(app).findings).toEqual([]);
            combinations++;
          }
        }
      }
    }
    expect(combinations).toBe(2 * 2 * 6 * 2);
  });
});
