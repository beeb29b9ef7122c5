import { Testing } from 'cdk8s';
import { MtlsMode, PeerAuthentication } from '../src';
import { chartIn } from './util/manifests';

describe('PeerAuthentication', () => {
  test('a namespace-wide STRICT policy is named default', () => {
    const chart = chartIn('bookinfo');
    new PeerAuthentication(chart, 'mtls');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'bookinfo' },
      spec: { mtls: { mode: 'STRICT' } },
    }]);
  });

  test('a workload policy with PERMISSIVE and port-level modes', () => {
    const chart = chartIn('bookinfo');
    new PeerAuthentication(chart, 'ratings-mtls', { selector: { app: 'ratings' }, mode: MtlsMode.PERMISSIVE, portLevelMtls: { 9080: MtlsMode.STRICT } });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'ratings-mtls', namespace: 'bookinfo' },
      spec: { selector: { matchLabels: { app: 'ratings' } }, mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { 9080: { mode: 'STRICT' } } },
    });
  });

  test.each([
    [{ portLevelMtls: { 9080: MtlsMode.DISABLE } }, 'test/pa: portLevelMtls must be used with a selector (Istio rejects port-level mTLS in a namespace-wide PeerAuthentication), got {"9080":"DISABLE"}'],
    [{ mode: 'MUTUAL' }, 'test/pa: mode must be one of STRICT, PERMISSIVE, DISABLE, got "MUTUAL"'],
    [{ selector: { app: 'x' }, portLevelMtls: { 0: MtlsMode.STRICT } }, 'test/pa: portLevelMtls port must be an integer from 1 to 65535, got 0'],
    [{ selector: {} }, 'test/pa: selector must be at least one label (leave it out for the whole namespace), got {}'],
  ])('fails on bad props %#', (props, message) => {
    expect(() => new PeerAuthentication(chartIn('bookinfo'), 'pa', props as any)).toThrow(message);
  });
});
