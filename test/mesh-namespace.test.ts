import { Testing } from 'cdk8s';
import { DataplaneMode, MeshNamespace } from '../src';

describe('MeshNamespace', () => {
  test('enables sidecar injection by default', () => {
    // given
    const chart = Testing.chart();
    // when
    const ns = new MeshNamespace(chart, 'bookinfo');
    // then
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'bookinfo', labels: { 'istio-injection': 'enabled' } },
    }]);
    expect(ns.name).toBe('bookinfo');
    expect(ns.sidecarInjected).toBe(true);
  });

  test('labels a revision instead of istio-injection, which would take precedence', () => {
    const chart = Testing.chart();
    new MeshNamespace(chart, 'ns', { name: 'canary-apps', revision: '1-28-10' });
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'canary-apps', labels: { 'istio.io/rev': '1-28-10' } });
  });

  test('enrolls an ambient namespace without sidecars', () => {
    const chart = Testing.chart();
    const ns = new MeshNamespace(chart, 'ambient', { dataplaneMode: DataplaneMode.AMBIENT, labels: { team: 'books' } });
    expect(Testing.synth(chart)[0].metadata.labels).toEqual({ 'team': 'books', 'istio.io/dataplane-mode': 'ambient' });
    expect(ns.sidecarInjected).toBe(false);
  });

  test('opts a namespace out explicitly', () => {
    const chart = Testing.chart();
    new MeshNamespace(chart, 'legacy', { dataplaneMode: DataplaneMode.NONE });
    expect(Testing.synth(chart)[0].metadata.labels).toEqual({ 'istio-injection': 'disabled' });
  });

  test('fails when a revision is combined with ambient', () => {
    const chart = Testing.chart();
    expect(() => new MeshNamespace(chart, 'ns', { dataplaneMode: DataplaneMode.AMBIENT, revision: 'canary' }))
      .toThrow('test/ns: revision must be left out with dataplaneMode ambient (a revision only applies to sidecar injection), got "canary"');
  });

  test('fails when labels set a mesh label behind the props\' back', () => {
    const chart = Testing.chart();
    expect(() => new MeshNamespace(chart, 'ns', { labels: { 'istio.io/dataplane-mode': 'ambient' } }))
      .toThrow('test/ns: labels["istio.io/dataplane-mode"] must be left out: the mesh labels come from the dataplaneMode and revision props, which keep them consistent, got "ambient"');
  });

  test('fails when the name is not a DNS label', () => {
    const chart = Testing.chart();
    expect(() => new MeshNamespace(chart, 'ns', { name: 'Book_Info' }))
      .toThrow('test/ns: name must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "Book_Info"');
  });

  test('fails on an unknown dataplane mode', () => {
    const chart = Testing.chart();
    expect(() => new MeshNamespace(chart, 'ns', { dataplaneMode: 'waypoint' as DataplaneMode }))
      .toThrow('test/ns: dataplaneMode must be one of sidecar, ambient, none, got "waypoint"');
  });
});
