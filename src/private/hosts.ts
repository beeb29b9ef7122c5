/**
 * Expands a service host as Istio does: a short name is relative to the referring object's
 * namespace (`reviews` → `reviews.<ns>.svc.cluster.local`); a name with a dot is taken as it is.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 */
export function fqdn(host: string, namespace: string): string {
  return host.includes('.') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** Splits a host into the Service name and namespace it refers to, for Gateway API backendRefs. */
export function serviceRef(host: string, namespace: string): { name: string; namespace: string } {
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(fqdn(host, namespace));
  return m ? { name: m[1], namespace: m[2] } : { name: host, namespace };
}
