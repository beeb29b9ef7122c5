import { Duration, Testing } from 'cdk8s';
import { DemoCurlPair } from '../src';
import { find } from './util/manifests';
import { SchemaValidator } from '../src/checks/schema-validator';

function synthPair(props: ConstructorParameters<typeof DemoCurlPair>[2] = {}) {
  const chart = Testing.chart();
  const pair = new DemoCurlPair(chart, 'pair', props);
  return { pair, objects: Testing.synth(chart) };
}

// The curl project's image: Alpine with sh, date, sleep and curl, running as curl_user (uid 100).
const CURL_IMAGE = 'docker.io/curlimages/curl:8.11.1';

describe('DemoCurlPair', () => {
  test('creates an injected demo namespace first, then nginx and httpd, each a Service on port 80', () => {
    const { pair, objects } = synthPair();
    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: { 'istio-injection': 'enabled' } } });
    expect(pair.namespace.name).toBe('demo');
    for (const name of ['nginx', 'httpd']) {
      expect(find(objects, 'Service', name).spec).toEqual({ ports: [{ name: 'http', port: 80 }], selector: { app: name } });
      expect(find(objects, 'Deployment', `${name}-v1`).metadata.namespace).toBe('demo');
    }
  });

  test('pins the server images and runs curl from the curl image beside each server', () => {
    const { objects } = synthPair();
    const containers = (name: string) => find(objects, 'Deployment', `${name}-v1`).spec.template.spec.containers;
    expect(containers('nginx').map((c: any) => [c.name, c.image])).toEqual([['nginx', 'docker.io/library/nginx:1.27.3-alpine'], ['curl', CURL_IMAGE]]);
    expect(containers('httpd').map((c: any) => [c.name, c.image])).toEqual([['httpd', 'docker.io/library/httpd:2.4.62-alpine'], ['curl', CURL_IMAGE]]);
  });

  test.each([['nginx', 'httpd'], ['httpd', 'nginx']])('%s curls the %s Service FQDN every 3 s and logs each result to stdout', (self, peer) => {
    const { objects } = synthPair();
    const curl = find(objects, 'Deployment', `${self}-v1`).spec.template.spec.containers[1];
    expect(curl.command).toEqual(['/bin/sh', '-c']);
    const url = `http://${peer}.demo.svc.cluster.local:80/`;
    expect(curl.args).toEqual([[
      'while true; do',
      `  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) ${self} -> ${url} $(curl -sS -o /dev/null -w '%{http_code} %{time_total}s' --max-time 5 ${url} 2>&1)"`,
      '  sleep 3',
      'done',
    ].join('\n')]);
    // One echo per request and no redirection to a file: every line reaches `kubectl logs`.
    expect(curl.args[0]).not.toMatch(/>>?\s*\//);
  });

  test('waits for the sidecar, requests little, and locks the curl container down', () => {
    const { objects } = synthPair();
    for (const name of ['nginx', 'httpd']) {
      const template = find(objects, 'Deployment', `${name}-v1`).spec.template;
      expect(template.metadata.annotations).toEqual({ 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts": true}' });
      const [server, curl] = template.spec.containers;
      expect(server.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } });
      expect(curl.resources).toEqual({ requests: { cpu: '5m', memory: '8Mi' }, limits: { memory: '32Mi' } });
      // The exception to the restricted profile: the official nginx and httpd images start as root
      // to bind port 80 and then switch to their worker users (which takes the CHOWN, SETUID and
      // SETGID capabilities), and write caches and pid files: runAsNonRoot would keep them from
      // starting and dropping every capability from switching users. They get what any image
      // tolerates: no privilege escalation and the runtime's seccomp profile.
      expect(server.securityContext).toEqual({ allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } });
      // curl runs as the image's uid 100 and writes nothing: the full restricted profile, read-only.
      expect(curl.securityContext).toEqual({
        allowPrivilegeEscalation: false, runAsUser: 100, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
      });
    }
  });

  test('declares that each side calls the other', () => {
    const { pair } = synthPair();
    expect(pair.httpd.callers.map((c) => c.principal)).toEqual(['cluster.local/ns/demo/sa/nginx']);
    expect(pair.nginx.callers.map((c) => c.principal)).toEqual(['cluster.local/ns/demo/sa/httpd']);
  });

  test('applies namespace, interval, images and names', () => {
    const { objects } = synthPair({
      namespace: 'pingpong',
      interval: Duration.seconds(10),
      images: { nginx: 'mirror/nginx:1.27.3-alpine', httpd: 'mirror/httpd:2.4.62-alpine', curl: 'mirror/curl:8.11.1' },
      names: { nginx: 'ping', httpd: 'pong' },
    });
    const ping = find(objects, 'Deployment', 'ping-v1').spec.template.spec;
    expect(ping.containers.map((c: any) => c.image)).toEqual(['mirror/nginx:1.27.3-alpine', 'mirror/curl:8.11.1']);
    expect(ping.containers[1].args[0]).toContain('ping -> http://pong.pingpong.svc.cluster.local:80/');
    expect(ping.containers[1].args[0]).toContain('  sleep 10\n');
    expect(find(objects, 'Namespace', 'pingpong')).toBeDefined();
  });

  test('every object is schema-valid', () => {
    expect(new SchemaValidator().validate(synthPair().objects)).toEqual([]);
  });

  test.each([
    [{ interval: Duration.millis(1500) }, 'test/pair: interval must be a Duration of whole seconds from 1 to 3600, got "1.5s"'],
    [{ interval: Duration.seconds(0) }, 'test/pair: interval must be a Duration of whole seconds from 1 to 3600, got "0s"'],
    [{ names: { nginx: 'web', httpd: 'web' } }, 'test/pair: names.httpd must be a name other than names.nginx ("web"), got "web"'],
    [{ names: { nginx: 'Nginx' } }, 'test/pair: names.nginx must be a DNS-1123 label'],
    [{ images: { curl: '' } }, 'test/pair: images.curl must be a non-empty string without whitespace, got ""'],
    [{ namespace: 'demo_ns' }, 'test/pair/Namespace: name must be a DNS-1123 label'],
  ])('fails on bad props %#', (props, message) => {
    expect(() => synthPair(props as any)).toThrow(message);
  });
});
