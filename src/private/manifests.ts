// Small readers of synthesized manifests (plain JSON), shared by the analyzer, the topology and
// the validation plugin.

/** The namespace of an object; Kubernetes' default when it names none. */
export const nsOf = (o: any): string => o?.metadata?.namespace ?? 'default';

const groups = new Map<unknown, string>();
/** The API group of an object (`''` for the core group); asked for every object by many checks, so remembered per apiVersion. */
export const groupOf = (o: any): string => {
  const apiVersion = o?.apiVersion;
  let group = groups.get(apiVersion);
  if (group === undefined) {
    group = String(apiVersion ?? '').split('/').slice(0, -1).join('/');
    if (groups.size < 1000) groups.set(apiVersion, group);
  }
  return group;
};

/** How findings name an object: `Kind namespace/name` (or `Kind name` when cluster-scoped). */
export const resourceId = (o: any): string => `${o?.kind} ${o?.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o?.metadata?.name}`;

// Kinds without a namespace: the rest live in one.
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'GatewayClass', 'APIService', 'IngressClass']);

/** Whether objects of a kind are cluster-scoped (have no namespace). */
export const isClusterScoped = (kind: string): boolean => CLUSTER_SCOPED.has(kind);

/** What the API server names an object by: group, kind, namespace (none when cluster-scoped), name. */
export const identityOf = (o: any): string => `${groupOf(o)}/${o?.kind} ${isClusterScoped(o?.kind) ? '' : nsOf(o)}/${o?.metadata?.name}`;
