import { Testing } from 'cdk8s';
import { MeshTelemetry } from '../src';
import { chartIn } from './util/manifests';

describe('MeshTelemetry', () => {
  test('samples 1 % of requests for tracing and writes Envoy access logs by default', () => {
    const chart = chartIn('bookinfo');
    new MeshTelemetry(chart, 'telemetry');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: { name: 'telemetry', namespace: 'bookinfo' },
      // The demo profile defines the extension provider jaeger but no default one: named, or tracing is off.
      spec: { tracing: [{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 1 }], accessLogging: [{ providers: [{ name: 'envoy' }] }] },
    }]);
  });

  test('takes a sampling percentage and can turn access logs off', () => {
    const chart = chartIn('bookinfo');
    new MeshTelemetry(chart, 'mesh-default', { namespace: 'istio-system', tracingSamplingPercentage: 100, accessLogging: false });
    expect(Testing.synth(chart)[0].spec).toEqual({ tracing: [{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 100 }], accessLogging: [{ disabled: true }] });
  });

  test.each([[-1], [100.5]])('fails on sampling %p', (tracingSamplingPercentage) => {
    expect(() => new MeshTelemetry(chartIn('bookinfo'), 't', { tracingSamplingPercentage }))
      .toThrow(`test/t: tracingSamplingPercentage must be a percentage from 0 to 100, got ${tracingSamplingPercentage}`);
  });
});
