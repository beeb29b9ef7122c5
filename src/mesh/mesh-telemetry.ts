import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as telemetry from '../../imports/telemetry.istio.io';
import { checkDnsSubdomain, fail, resolveNamespace } from '../private/validation';

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
  /** The generated Telemetry. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: MeshTelemetryProps = {}) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    this.namespace = resolveNamespace(this, props.namespace);
    this.tracingSamplingPercentage = props.tracingSamplingPercentage ?? 1;
    const p = this.tracingSamplingPercentage;
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) fail(this, 'tracingSamplingPercentage', p, 'a percentage from 0 to 100');
    this.resource = new telemetry.Telemetry(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        tracing: [{ randomSamplingPercentage: p }],
        // The envoy provider is built in: one line per request on the proxy's stdout.
        accessLogging: [props.accessLogging === false ? { disabled: true } : { providers: [{ name: 'envoy' }] }],
      },
    });
  }
}
