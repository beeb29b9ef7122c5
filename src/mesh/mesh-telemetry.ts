import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as telemetry from '../../imports/telemetry.istio.io';
import { PolicyTarget } from './policy-target';
import { checkTargets } from '../private/targets';
import { checkDnsSubdomain, checkShape, DNS_LABEL, DNS_SUBDOMAIN, fail, resolveNamespace } from '../private/validation';

/** Props of {@link MeshTelemetry}. */
export interface MeshTelemetryProps {
  /**
   * The Telemetry name.
   * @default - the construct id
   * @see https://istio.io/latest/docs/reference/config/telemetry/
   */
  readonly name?: string;
  /**
   * Its namespace; `istio-system` makes it mesh-wide.
   * @default - the chart's namespace
   * @see https://istio.io/latest/docs/reference/config/telemetry/
   */
  readonly namespace?: string;
  /**
   * Share of requests traced, a percentage from 0 to 100.
   * @default 1 (Istio's default)
   * @see https://istio.io/latest/docs/reference/config/telemetry/#Tracing
   */
  readonly tracingSamplingPercentage?: number;
  /**
   * The tracing provider spans go to: the name of an extension provider of the mesh config.
   * Without one, tracing is off unless the mesh config sets a default provider (the demo profile
   * sets none).
   * @default 'jaeger' (the provider Istio's demo profile defines, an OpenTelemetry collector at jaeger-collector.istio-system:4317)
   * @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/jaeger/
   */
  readonly tracingProvider?: string;
  /**
   * Waypoints it attaches to (`targetRefs`), instead of the namespace's sidecars: in ambient mode
   * the waypoint is the Envoy that sees requests, and it ignores namespace-wide Telemetry.
   * @default - every workload of the namespace
   * @see https://istio.io/latest/docs/ambient/usage/telemetry/
   */
  readonly targets?: PolicyTarget[];
  /**
   * Write an Envoy access log line per request to the proxy's stdout.
   * @default true
   * @see https://istio.io/latest/docs/reference/config/telemetry/#AccessLogging
   */
  readonly accessLogging?: boolean;
}

/**
 * Tracing and access logging through the Telemetry API.
 * @see https://istio.io/latest/docs/tasks/observability/telemetry/
 */
export class MeshTelemetry extends Construct {
  /** The Telemetry name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** Share of requests traced. */
  public readonly tracingSamplingPercentage: number;
  /** The tracing provider. */
  public readonly tracingProvider: string;
  /** The generated Telemetry. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: MeshTelemetryProps = {}) {
    super(scope, id);
    props = checkShape(this, 'MeshTelemetryProps', props, {
      name: ['string', DNS_SUBDOMAIN], namespace: ['string', DNS_LABEL], tracingSamplingPercentage: ['number', 'a percentage from 0 to 100'],
      tracingProvider: ['string', 'the name of an extension provider of the mesh config, e.g. "jaeger"'], accessLogging: ['boolean', 'true or false'],
      targets: ['objects', 'a non-empty list of PolicyTargets (PolicyTarget.gateway(), PolicyTarget.service())'],
    });
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    this.namespace = resolveNamespace(this, props.namespace);
    this.tracingSamplingPercentage = props.tracingSamplingPercentage ?? 1;
    const p = this.tracingSamplingPercentage;
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) fail(this, 'tracingSamplingPercentage', p, 'a percentage from 0 to 100');
    this.tracingProvider = props.tracingProvider ?? 'jaeger';
    if (typeof this.tracingProvider !== 'string' || !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(this.tracingProvider)) {
      fail(this, 'tracingProvider', this.tracingProvider, 'the name of an extension provider of the mesh config, e.g. "jaeger"');
    }
    const targetRefs = checkTargets(this, props.targets, undefined);
    this.resource = new telemetry.Telemetry(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        targetRefs,
        tracing: [{ providers: [{ name: this.tracingProvider }], randomSamplingPercentage: p }],
        // The envoy provider is built in: one line per request on the proxy's stdout.
        accessLogging: [props.accessLogging === false ? { disabled: true } : { providers: [{ name: 'envoy' }] }],
      },
    });
  }
}
