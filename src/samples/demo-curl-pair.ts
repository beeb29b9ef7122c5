import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28/lib/container'; // not the whole of cdk8s-plus-28
import { Construct } from 'constructs';
import { DataplaneMode, MeshNamespace } from '../mesh/mesh-namespace';
import { MeshService } from '../mesh/mesh-service';
import { checkDnsLabel, checkEnum, checkNonEmpty, checkShape, DNS_LABEL, fail, oneOf } from '../private/validation';

/** Images of {@link DemoCurlPair}, pinned by tag. */
export interface DemoCurlPairImages {
  /**
   * The first web server.
   * @default 'docker.io/library/nginx:1.27.3-alpine'
   * @see https://hub.docker.com/_/nginx
   */
  readonly nginx?: string;
  /**
   * The second web server.
   * @default 'docker.io/library/httpd:2.4.62-alpine'
   * @see https://hub.docker.com/_/httpd
   */
  readonly httpd?: string;
  /**
   * The container that curls the other server; it must have `sh`, `date`, `sleep` and `curl`.
   * @default 'docker.io/curlimages/curl:8.11.1' (the curl project's image: Alpine with curl, runs as uid 100)
   * @see https://hub.docker.com/r/curlimages/curl
   */
  readonly curl?: string;
}

/** Names of the two workloads of {@link DemoCurlPair}. */
export interface DemoCurlPairNames {
  /**
   * The nginx Service and workload.
   * @default 'nginx'
   * @see https://hub.docker.com/_/nginx
   */
  readonly nginx?: string;
  /**
   * The httpd Service and workload.
   * @default 'httpd'
   * @see https://hub.docker.com/_/httpd
   */
  readonly httpd?: string;
}

/** Props of {@link DemoCurlPair}. */
export interface DemoCurlPairProps {
  /**
   * The namespace, created and injected.
   * @default 'demo'
   * @see https://istio.io/latest/docs/tasks/observability/kiali/
   */
  readonly namespace?: string;
  /**
   * How the namespace's pods join the mesh: an Envoy sidecar each, or ambient mode (ztunnel; no
   * sidecar, so nothing to wait for at start).
   * @default DataplaneMode.SIDECAR
   * @see https://istio.io/latest/docs/ambient/overview/
   */
  readonly dataplaneMode?: DataplaneMode;
  /**
   * Time between two requests of each side, whole seconds.
   * @default Duration.seconds(3)
   * @see https://istio.io/latest/docs/tasks/observability/logs/access-log/
   */
  readonly interval?: Duration;
  /**
   * Images.
   * @default - see {@link DemoCurlPairImages}
   * @see https://istio.io/latest/docs/tasks/observability/kiali/
   */
  readonly images?: DemoCurlPairImages;
  /**
   * Workload names.
   * @default - nginx and httpd
   * @see https://istio.io/latest/docs/tasks/observability/kiali/
   */
  readonly names?: DemoCurlPairNames;
}

const CURL_USER = 100; // curl_user in curlimages/curl

/**
 * Two web servers, nginx and httpd, in an injected namespace, each curling the other's Service
 * every few seconds from a `curl` container beside it and logging one line per request to
 * stdout, so the traffic shows in `kubectl logs` and in Kiali's graph.
 */
export class DemoCurlPair extends Construct {
  /** The namespace. */
  public readonly namespace: MeshNamespace;
  /** The nginx workload. */
  public readonly nginx: MeshService;
  /** The httpd workload. */
  public readonly httpd: MeshService;
  /** Seconds between two requests of each side. */
  public readonly intervalSeconds: number;

  constructor(scope: Construct, id: string, props: DemoCurlPairProps = {}) {
    super(scope, id);
    props = checkShape(this, 'DemoCurlPairProps', props, {
      namespace: ['string', DNS_LABEL], interval: [Duration, 'a Duration of whole seconds from 1 to 3600'], images: ['map', 'an object of image references { nginx?, httpd?, curl? }'],
      names: ['map', 'an object of names { nginx?, httpd? }'], dataplaneMode: ['string', oneOf(DataplaneMode)],
    });
    const interval = props.interval ?? Duration.seconds(3);
    const seconds = interval instanceof Duration ? interval.toSeconds({ integral: false }) : NaN;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
      fail(this, 'interval', interval instanceof Duration ? `${seconds}s` : interval, 'a Duration of whole seconds from 1 to 3600');
    }
    this.intervalSeconds = seconds;
    const images = {
      nginx: checkNonEmpty(this, 'images.nginx', props.images?.nginx ?? 'docker.io/library/nginx:1.27.3-alpine'),
      httpd: checkNonEmpty(this, 'images.httpd', props.images?.httpd ?? 'docker.io/library/httpd:2.4.62-alpine'),
      curl: checkNonEmpty(this, 'images.curl', props.images?.curl ?? 'docker.io/curlimages/curl:8.11.1'),
    };
    const nginxName = checkDnsLabel(this, 'names.nginx', props.names?.nginx ?? 'nginx');
    const httpdName = checkDnsLabel(this, 'names.httpd', props.names?.httpd ?? 'httpd');
    if (nginxName === httpdName) fail(this, 'names.httpd', httpdName, `a name other than names.nginx ("${nginxName}")`);

    if (props.dataplaneMode !== undefined) checkEnum(this, 'dataplaneMode', props.dataplaneMode, DataplaneMode);
    this.namespace = new MeshNamespace(this, 'Namespace', { name: props.namespace ?? 'demo', dataplaneMode: props.dataplaneMode });
    if (this.namespace.dataplaneMode === DataplaneMode.NONE) fail(this, 'dataplaneMode', DataplaneMode.NONE, 'SIDECAR or AMBIENT: the pair shows mesh traffic');
    // A sidecar starts beside the containers: they wait for it, or the first requests fail. In
    // ambient mode ztunnel is already on the node, and the annotation is a sidecar injector's.
    const waitForSidecar = this.namespace.sidecarInjected ? { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts": true}' } : undefined;
    const namespace = this.namespace.name;
    this.nginx = new MeshService(this, 'Nginx', { name: nginxName, namespace, port: 80 });
    this.httpd = new MeshService(this, 'Httpd', { name: httpdName, namespace, port: 80 });

    const server = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) } };
    const addVersion = (self: MeshService, peer: MeshService, image: string) => self.addVersion('v1', {
      image,
      resources: server,
      podAnnotations: waitForSidecar,
      helpers: [{
        name: 'curl',
        image: images.curl,
        command: ['/bin/sh', '-c'],
        args: [curlLoop(self.name, `http://${peer.fqdn}:${peer.port}/`, seconds)],
        resources: { cpu: { request: Cpu.millis(5) }, memory: { request: Size.mebibytes(8), limit: Size.mebibytes(32) } },
        // curl writes nothing to disk and needs no privilege: lock it down fully.
        security: { runAsUser: CURL_USER, runAsNonRoot: true, readOnlyRootFilesystem: true, dropAllCapabilities: true },
      }],
    });
    // nginx and httpd start as root (to bind port 80, then drop to their worker users) and write
    // caches and pid files, so their containers only get allowPrivilegeEscalation: false.
    addVersion(this.nginx, this.httpd, images.nginx);
    addVersion(this.httpd, this.nginx, images.httpd);
    this.nginx.addCall(this.httpd);
    this.httpd.addCall(this.nginx);
  }
}

/** A shell loop that prints one line per request to stdout: time, caller, URL, status, latency. */
function curlLoop(caller: string, url: string, seconds: number): string {
  return [
    'while true; do',
    `  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) ${caller} -> ${url} $(curl -sS -o /dev/null -w '%{http_code} %{time_total}s' --max-time 5 ${url} 2>&1)"`,
    `  sleep ${seconds}`,
    'done',
  ].join('\n');
}
