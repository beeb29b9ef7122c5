import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { enableSynthSessions, oncePerSynth, synthJson } from './synth-session';

/** A Kubernetes Service found in the app. */
export interface IndexedService {
  readonly name: string;
  readonly namespace: string;
  readonly ports: number[];
  readonly path: string;
}

/** A DestinationRule found in the app. */
export interface IndexedDestinationRule {
  readonly name: string;
  readonly namespace: string;
  readonly subsets: string[];
}

/**
 * Expands a service host as Istio does: a short name is relative to the rule's namespace
 * (`reviews` → `reviews.<ns>.svc.cluster.local`); a name with a dot is taken as it is.
 */
export function fqdn(host: string, namespace: string): string {
  return host.includes('.') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** Splits a host into the Service name and namespace it refers to, for Gateway API backendRefs. */
export function serviceRef(host: string, namespace: string): { name: string; namespace: string } {
  const full = fqdn(host, namespace);
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(full);
  return m ? { name: m[1], namespace: m[2] } : { name: host, namespace };
}

/**
 * What the app contains, for the checks that span objects (does this host have a Service,
 * does a DestinationRule define this subset, does this Gateway exist). Built once per
 * validation pass over the whole construct tree.
 */
export class AppIndex {
  /** Services by FQDN. */
  public readonly services = new Map<string, IndexedService>();
  /** Hosts declared by ServiceEntries. */
  public readonly serviceEntryHosts = new Set<string>();
  /** DestinationRules by host FQDN. */
  public readonly destinationRules = new Map<string, IndexedDestinationRule[]>();
  /** ReferenceGrants: `namespace` → grants (from, to). */
  public readonly referenceGrants = new Map<string, any[]>();
  /** Istio Gateways as `namespace/name`. */
  public readonly istioGateways = new Set<string>();
  /** Gateway API Gateways as `namespace/name`. */
  public readonly gateways = new Set<string>();

  constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (!(c instanceof ApiObject)) continue;
      const namespace = c.metadata.namespace ?? 'default';
      const group = c.apiVersion.split('/')[0];
      if (c.kind === 'Service' && c.apiVersion === 'v1') {
        const ports = (synthJson(c).spec?.ports ?? []).map((p: any) => p.port);
        this.services.set(fqdn(c.name, namespace), { name: c.name, namespace, ports, path: c.node.path });
      } else if (group === 'networking.istio.io') {
        if (c.kind === 'ServiceEntry') {
          for (const h of synthJson(c).spec?.hosts ?? []) this.serviceEntryHosts.add(h);
        } else if (c.kind === 'DestinationRule') {
          const spec = synthJson(c).spec ?? {};
          const host = fqdn(spec.host, namespace);
          const list = this.destinationRules.get(host) ?? [];
          list.push({ name: c.name, namespace, subsets: (spec.subsets ?? []).map((s: any) => s.name) });
          this.destinationRules.set(host, list);
        } else if (c.kind === 'Gateway') {
          this.istioGateways.add(`${namespace}/${c.name}`);
        }
      } else if (group === 'gateway.networking.k8s.io' && c.kind === 'Gateway') {
        this.gateways.add(`${namespace}/${c.name}`);
      } else if (group === 'gateway.networking.k8s.io' && c.kind === 'ReferenceGrant') {
        this.referenceGrants.set(namespace, [...(this.referenceGrants.get(namespace) ?? []), synthJson(c).spec ?? {}]);
      }
    }
  }

  /** Whether a ReferenceGrant lets HTTPRoutes of `fromNamespace` use Service `name` of `toNamespace`. */
  public grantsServiceTo(fromNamespace: string, toNamespace: string, name: string): boolean {
    return (this.referenceGrants.get(toNamespace) ?? []).some((spec) =>
      (spec.from ?? []).some((f: any) => f.group === 'gateway.networking.k8s.io' && f.kind === 'HTTPRoute' && f.namespace === fromNamespace)
      && (spec.to ?? []).some((t: any) => (t.group ?? '') === '' && t.kind === 'Service' && (t.name === undefined || t.name === name)));
  }

  /** The Service a host names, if the app has it. */
  public service(host: string, namespace: string): IndexedService | undefined {
    return this.services.get(fqdn(host, namespace));
  }
}

/** A cross-object check of one construct, run with the index of its app. */
export interface MeshCheck {
  readonly scope: Construct;
  check(index: AppIndex): string[];
}

interface Registry {
  readonly checks: MeshCheck[];
  index?: AppIndex;
}

const registries = new WeakMap<IConstruct, Registry>();

/**
 * Registers a cross-object check. All checks of an app run from one validation on the app's
 * root, which builds the index once: checking each construct against a fresh walk of the tree
 * would make synthesis quadratic in the number of services.
 */
export function registerMeshCheck(check: MeshCheck): void {
  const root = check.scope.node.root;
  let registry = registries.get(root);
  if (!registry) {
    const created: Registry = { checks: [] };
    registries.set(root, created);
    enableSynthSessions(root);
    root.node.addValidation({
      validate: () => oncePerSynth(root, 'mesh-checks', () => {
        const index = new AppIndex(root);
        created.index = index;
        return created.checks.flatMap((c) => c.check(index).map((m) => `${c.scope.node.path}: ${m}`));
      }),
    });
    registry = created;
  }
  registry.checks.push(check);
}

/**
 * The index of the app `scope` belongs to, as the last validation built it (synthesis always
 * validates right before rendering), or a fresh one.
 */
export function appIndex(scope: IConstruct): AppIndex {
  const root = scope.node.root;
  return registries.get(root)?.index ?? new AppIndex(root);
}
