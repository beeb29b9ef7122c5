import { demoConfigFromEnv } from '../app/config';

describe('demoConfigFromEnv', () => {
  test('defaults when nothing is set', () => {
    expect(demoConfigFromEnv({})).toEqual({ trafficApi: undefined, canaryVersion: undefined, canaryWeight: undefined, mtlsMode: undefined });
  });

  test('reads every variable', () => {
    expect(demoConfigFromEnv({ TRAFFIC_API: 'gateway-api', CANARY_VERSION: 'v3', CANARY_WEIGHT: '100', MTLS_MODE: 'PERMISSIVE' }))
      .toEqual({ trafficApi: 'gateway-api', canaryVersion: 'v3', canaryWeight: 100, mtlsMode: 'PERMISSIVE' });
    expect(demoConfigFromEnv({ CANARY_WEIGHT: '0' }).canaryWeight).toBe(0);
  });

  test.each([
    [{ TRAFFIC_API: 'gateway' }, 'TRAFFIC_API must be one of istio, gateway-api, got "gateway"'],
    [{ TRAFFIC_API: 'ISTIO' }, 'TRAFFIC_API must be one of istio, gateway-api, got "ISTIO"'],
    [{ CANARY_VERSION: 'v1' }, 'CANARY_VERSION must be one of v2, v3, got "v1"'],
    [{ CANARY_WEIGHT: '101' }, 'CANARY_WEIGHT must be an integer from 0 to 100, got "101"'],
    [{ CANARY_WEIGHT: '-5' }, 'CANARY_WEIGHT must be an integer from 0 to 100, got "-5"'],
    [{ CANARY_WEIGHT: '10.5' }, 'CANARY_WEIGHT must be an integer from 0 to 100, got "10.5"'],
    [{ CANARY_WEIGHT: '010' }, 'CANARY_WEIGHT must be an integer from 0 to 100, got "010"'],
    [{ CANARY_WEIGHT: 'ten' }, 'CANARY_WEIGHT must be an integer from 0 to 100, got "ten"'],
    [{ MTLS_MODE: 'DISABLE' }, 'MTLS_MODE must be one of STRICT, PERMISSIVE, got "DISABLE"'],
  ])('fails on %j', (env, message) => {
    expect(() => demoConfigFromEnv(env)).toThrow(message);
  });
});
