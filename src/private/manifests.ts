// Small readers of synthesized manifests (plain JSON), shared by the analyzer, the topology and
// the validation plugin.

/** The namespace of an object; Kubernetes' default when it names none. */
export const nsOf = (o: any): string => o?.metadata?.namespace ?? 'default';

/** The API group of an object (`''` for the core group). */
export const groupOf = (o: any): string => String(o?.apiVersion ?? '').split('/').slice(0, -1).join('/');

/** How findings name an object: `Kind namespace/name` (or `Kind name` when cluster-scoped). */
export const resourceId = (o: any): string => `${o?.kind} ${o?.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o?.metadata?.name}`;
