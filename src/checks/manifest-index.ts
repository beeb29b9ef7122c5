import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { groupOf, identityOf, nsOf } from '../private/manifests';

/** Kinds that carry a pod template (or are a Pod), as istioctl analyze reads workloads. */
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** A workload of the index: a Pod, or the pod template of a controller (a CronJob's included). */
export interface IndexedWorkload {
  /** The Pod or its controller, as synthesized. */
  readonly object: any;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Labels of the pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations of the pods. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec. */
  readonly spec: any;
}

/**
 * The synthesized objects of one synthesis, indexed once: by API group and kind, with each
 * object's construct path, plus lookups the checks share (Services by FQDN, namespaces,
 * workloads). Every check of the mesh reads one index, so a mistake is found once.
 */
export class ManifestIndex {
  /**
   * Indexes every ApiObject of the app `scope` belongs to (all charts), each synthesized once,
   * with its construct path.
   */
  public static fromApp(scope: IConstruct): ManifestIndex {
    const apiObjects = scope.node.root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    return new ManifestIndex(apiObjects.map((o) => o.toJson()), apiObjects.map((o) => o.node.path));
  }

  /**
   * The objects as the cluster would hold them once applied, in the order given: the items of a
   * `kind: List` in its place, empty YAML documents (null) left out, and of two objects with the
   * same kind, namespace and name only the later (`kubectl apply` overwrites the first).
   */
  public readonly objects: readonly any[];

  /** Each object another one of the same kind, namespace and name overwrites, with that later one. */
  public readonly duplicates: ReadonlyArray<{ readonly overwritten: any; readonly by: any }>;

  private readonly paths = new Map<any, string>();
  private readonly byKind = new Map<string, any[]>();
  private readonly memos = new Map<string, unknown>();

  /**
   * @param objects plain manifest objects (parsed YAML or ApiObject JSON)
   * @param paths the construct path of each object, where known
   */
  constructor(objects: readonly any[], paths: ReadonlyArray<string | undefined> = []) {
    const byIdentity = new Map<string, any>();
    const duplicates: Array<{ overwritten: any; by: any }> = [];
    const add = (obj: any, path: string | undefined) => {
      if (obj === null || typeof obj !== 'object') return;
      // A `kind: List` stands for its items, as kubectl and istioctl read it.
      if (obj.kind === 'List' && Array.isArray(obj.items)) {
        for (const item of obj.items) add(item, path);
        return;
      }
      if (path !== undefined) this.paths.set(obj, path);
      const id = identityOf(obj);
      const earlier = byIdentity.get(id);
      if (earlier !== undefined && earlier !== obj) duplicates.push({ overwritten: earlier, by: obj });
      byIdentity.set(id, obj);
    };
    objects.forEach((obj, i) => add(obj, paths[i]));
    const kept = new Set(byIdentity.values());
    const overwritten = new Set(duplicates.map((d) => d.overwritten));
    // Every object once, in the order given, those overwritten left out.
    const seen = new Set<any>();
    const ordered: any[] = [];
    const visit = (obj: any) => {
      if (obj === null || typeof obj !== 'object') return;
      if (obj.kind === 'List' && Array.isArray(obj.items)) {
        for (const item of obj.items) visit(item);
        return;
      }
      if (seen.has(obj) || overwritten.has(obj) || !kept.has(obj)) return;
      seen.add(obj);
      ordered.push(obj);
      const key = `${groupOf(obj)}/${obj.kind}`;
      const list = this.byKind.get(key);
      if (list) list.push(obj); else this.byKind.set(key, [obj]);
    };
    objects.forEach(visit);
    this.objects = ordered;
    this.duplicates = duplicates;
  }

  /** The construct path of an object of this index, when known. */
  public pathOf(obj: any): string | undefined {
    return this.paths.get(obj);
  }

  /** The objects of one kind: `list('networking.istio.io', 'VirtualService')`; `''` is the core group. */
  public list(group: string, kind: string): readonly any[] {
    return this.byKind.get(`${group}/${kind}`) ?? [];
  }

  /** Computes a derived lookup once per index. */
  public memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Namespaces by name. */
  public get namespaces(): ReadonlyMap<string, any> {
    return this.memo('namespaces', () => new Map(this.list('', 'Namespace').map((n) => [n.metadata?.name, n])));
  }

  /** Core Services by FQDN (`name.namespace.svc.cluster.local`). */
  public get services(): ReadonlyMap<string, any> {
    return this.memo('services', () => new Map(this.list('', 'Service').map((s) => [`${s.metadata?.name}.${nsOf(s)}.svc.cluster.local`, s])));
  }

  /** Pods and pod templates, in object order. */
  public get workloads(): readonly IndexedWorkload[] {
    return this.memo('workloads', () => this.objects.flatMap((o): IndexedWorkload[] => {
      const template = o.kind === 'Pod' ? o
        : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template
          : POD_TEMPLATE_KINDS.has(o.kind) && groupOf(o) !== 'networking.istio.io' ? o.spec?.template : undefined;
      if (!template) return [];
      return [{
        object: o,
        kind: o.kind,
        namespace: nsOf(o),
        name: o.metadata?.name,
        labels: template.metadata?.labels ?? {},
        annotations: template.metadata?.annotations ?? {},
        spec: template.spec ?? {},
      }];
    }));
  }

  /** Workloads of a namespace whose pod labels include every label of `selector`. */
  public selectWorkloads(namespace: string, selector: Readonly<Record<string, string>>): IndexedWorkload[] {
    // Indexed by namespace and label, so selecting stays linear in large meshes.
    const byLabel = this.memo('workloads-by-label', () => {
      const map = new Map<string, IndexedWorkload[]>();
      for (const w of this.workloads) {
        const keys = [`${w.namespace}\u0000`, ...Object.entries(w.labels).map(([k, v]) => `${w.namespace}\u0000${k}=${v}`)];
        for (const key of keys) {
          const list = map.get(key);
          if (list) list.push(w); else map.set(key, [w]);
        }
      }
      return map;
    });
    const entries = Object.entries(selector);
    const candidates = entries.length === 0
      ? byLabel.get(`${namespace}\u0000`) ?? []
      : entries.map(([k, v]) => byLabel.get(`${namespace}\u0000${k}=${v}`) ?? []).reduce((a, b) => (b.length < a.length ? b : a));
    return candidates.filter((w) => entries.every(([k, v]) => w.labels[k] === v));
  }
}
