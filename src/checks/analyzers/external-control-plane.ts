import { isIP } from 'node:net';
import { Analyzer } from './analyzer';
import { AnalyzedResource } from './resources';
import { arr, rec } from './util';

/**
 * The host name of a URL as Go's `url.Parse(u).Hostname()` gives it; throws where `url.Parse`
 * fails (control characters, a colon in a scheme-less first segment, bad escapes, a bad port or
 * host character, an unclosed IPv6 bracket).
 */
export function goUrlHostname(u: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(u)) throw new Error('invalid control character in URL');
  let rest = u.split('#')[0];
  if (/%(?![0-9a-fA-F]{2})/.test(rest)) throw new Error('invalid URL escape');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (scheme) {
    rest = rest.slice(scheme[0].length);
  } else if (rest.startsWith(':')) {
    throw new Error('missing protocol scheme');
  }
  rest = rest.split('?')[0];
  if (!rest.startsWith('/')) {
    if (!scheme && /^[^/]*:/.test(rest)) throw new Error('first path segment in URL cannot contain colon');
    return '';
  }
  if (!rest.startsWith('//') || rest.startsWith('///')) return '';
  let authority = rest.slice(2).split('/')[0];
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority;
  let port = '';
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) throw new Error('missing \']\' in host');
    host = authority.slice(1, end);
    port = authority.slice(end + 1);
    if (port !== '' && !/^:\d*$/.test(port)) throw new Error(`invalid port ${JSON.stringify(port)} after host`);
    return host;
  }
  const colon = authority.lastIndexOf(':');
  if (colon >= 0) {
    host = authority.slice(0, colon);
    port = authority.slice(colon);
    if (!/^:\d*$/.test(port)) throw new Error(`invalid port ${JSON.stringify(port)} after host`);
  }
  if (/[^A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%]/.test(host)) throw new Error('invalid character in host name');
  return host;
}

/**
 * externalcontrolplane.ExternalControlPlaneAnalyzer (IST0163, IST0164): Istio's validating and
 * injecting webhooks (`istiod-default-validator`, `istio-validator*`, `istio-sidecar-injector*`)
 * with neither a URL nor a Service, a URL that does not parse, or a URL to an IP address
 * (pkg/config/analysis/analyzers/externalcontrolplane/externalcontrolplane.go:56-136).
 */
export const externalControlPlane: Analyzer = {
  name: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  codes: ['IST0163', 'IST0164'],
  analyze({ resources, report }) {
    const check = (r: AnalyzedResource, hook: any) => {
      const config = rec(hook?.clientConfig);
      const name = String(hook?.name ?? '');
      if (config.url !== undefined && config.url !== null) {
        const url = String(config.url);
        let host: string;
        try {
          host = goUrlHostname(url);
        } catch {
          report('IST0163', r, [url, name, 'was provided in an invalid format']);
          return;
        }
        if (isIP(host) !== 0) report('IST0164', r, [url, name]);
      } else if (config.service === undefined || config.service === null) {
        report('IST0163', r, ['', name, 'is blank']);
      }
    };
    for (const r of resources.list('ValidatingWebhookConfiguration')) {
      if (r.name && (r.name === 'istiod-default-validator' || r.name.startsWith('istio-validator'))) for (const hook of arr(r.spec.webhooks)) check(r, hook);
    }
    for (const r of resources.list('MutatingWebhookConfiguration')) {
      if (r.name.startsWith('istio-sidecar-injector')) for (const hook of arr(r.spec.webhooks)) check(r, hook);
    }
  },
};
