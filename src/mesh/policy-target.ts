import { fail } from '../private/validation';

/**
 * What a policy attaches to with `targetRefs`, instead of a workload selector: a Gateway API
 * Gateway (an ingress gateway of class `istio`, or a waypoint) or a Service (whose waypoint
 * enforces it). Istio ignores a selector on the pods of a Gateway API gateway (istioctl's
 * IST0166); a targetRef is how policies reach them.
 * @see https://istio.io/latest/docs/reference/config/type/workload-selector/#PolicyTargetReference
 */
export class PolicyTarget {
  /** A Gateway API Gateway of the policy's namespace. */
  public static gateway(name: string): PolicyTarget {
    return new PolicyTarget('gateway.networking.k8s.io', 'Gateway', name);
  }

  /** A Service of the policy's namespace (enforced by the waypoint the Service uses). */
  public static service(name: string): PolicyTarget {
    return new PolicyTarget('', 'Service', name);
  }

  private constructor(
    /** The API group of the target (`''` for the core group). */
    public readonly group: string,
    /** The kind of the target. */
    public readonly kind: string,
    /** The name of the target. */
    public readonly name: string,
  ) {
    if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      fail(`PolicyTarget.${kind === 'Service' ? 'service' : 'gateway'}()`, 'name', name, `the name of a ${kind} (a DNS-1123 subdomain)`);
    }
  }

  /** @internal The `targetRefs` entry. */
  public _toKube(): { group: string; kind: string; name: string } {
    return { group: this.group, kind: this.kind, name: this.name };
  }
}
