import { DataplaneMode, MtlsMode, ReviewsVersion, TrafficApi } from 'cdk8s-istio';

/** Settings of the demo app; `demoConfigFromEnv()` reads them from the environment. */
export interface DemoConfig {
  /**
   * API of the ingress and the canary (`TRAFFIC_API`).
   * @default TrafficApi.ISTIO
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   */
  readonly trafficApi?: TrafficApi;
  /**
   * The reviews version under canary (`CANARY_VERSION`); v1 is the stable one.
   * @default ReviewsVersion.V2
   * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
   */
  readonly canaryVersion?: ReviewsVersion;
  /**
   * Share of reviews traffic the canary takes, 0 to 100 (`CANARY_WEIGHT`).
   * @default 10
   * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
   */
  readonly canaryWeight?: number;
  /**
   * Mutual TLS mode of the demo's namespaces (`MTLS_MODE`); PERMISSIVE for migration.
   * @default MtlsMode.STRICT
   * @see https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * How the demo's pods join the mesh (`DATAPLANE_MODE`): an Envoy sidecar each, or ambient mode
   * (ztunnel, and a waypoint for Bookinfo's L7 routing and policies).
   * @default DataplaneMode.SIDECAR
   * @see https://istio.io/latest/docs/ambient/overview/
   */
  readonly dataplaneMode?: DataplaneMode;
}

/** The environment variables the demo app reads, with their allowed values. */
export const DEMO_ENV = {
  TRAFFIC_API: [TrafficApi.ISTIO, TrafficApi.GATEWAY_API] as string[],
  CANARY_VERSION: [ReviewsVersion.V2, ReviewsVersion.V3] as string[],
  CANARY_WEIGHT: 'an integer from 0 to 100',
  MTLS_MODE: [MtlsMode.STRICT, MtlsMode.PERMISSIVE] as string[],
  DATAPLANE_MODE: [DataplaneMode.SIDECAR, DataplaneMode.AMBIENT] as string[],
};

/**
 * Reads the demo settings from environment variables. An unset or empty variable keeps the
 * default; a bad value throws, naming the variable, the value and the allowed values.
 */
export function demoConfigFromEnv(env: Record<string, string | undefined>): DemoConfig {
  const read = (name: keyof typeof DEMO_ENV): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const oneOf = (name: 'TRAFFIC_API' | 'CANARY_VERSION' | 'MTLS_MODE' | 'DATAPLANE_MODE'): string | undefined => {
    const value = read(name);
    if (value !== undefined && !DEMO_ENV[name].includes(value)) {
      throw new Error(`${name} must be one of ${DEMO_ENV[name].join(', ')}, got "${value}"`);
    }
    return value;
  };
  const trafficApi = oneOf('TRAFFIC_API') as TrafficApi | undefined;
  const canaryVersion = oneOf('CANARY_VERSION') as ReviewsVersion | undefined;
  const mtlsMode = oneOf('MTLS_MODE') as MtlsMode | undefined;
  const dataplaneMode = oneOf('DATAPLANE_MODE') as DataplaneMode | undefined;
  const weight = read('CANARY_WEIGHT');
  if (weight !== undefined && !/^(100|[1-9]?[0-9])$/.test(weight)) {
    throw new Error(`CANARY_WEIGHT must be ${DEMO_ENV.CANARY_WEIGHT}, got "${weight}"`);
  }
  return { trafficApi, canaryVersion, canaryWeight: weight === undefined ? undefined : Number(weight), mtlsMode, dataplaneMode };
}
