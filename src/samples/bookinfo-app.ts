import { Chart, Size } from 'cdk8s';
import type { ContainerResources } from 'cdk8s-plus-28';
import { Cpu } from 'cdk8s-plus-28/lib/container'; // not the whole of cdk8s-plus-28
import { Construct } from 'constructs';
import { MeshService } from '../mesh/mesh-service';
import { HttpRouteRule, StringMatch } from '../mesh/routing';
import { checkDnsLabel, checkInt, checkNonEmpty, checkShape, checkUnique, DNS_LABEL, fail } from '../private/validation';

/** The reviews versions Istio publishes images for. */
export enum ReviewsVersion {
  /** No stars. */
  V1 = 'v1',
  /** Black stars, calls ratings. */
  V2 = 'v2',
  /** Red stars, calls ratings. */
  V3 = 'v3',
}

/** Resources of each Bookinfo workload; unset ones keep the defaults of {@link BookinfoApp}. */
export interface BookinfoResources {
  /**
   * productpage (Python).
   * @default - requests 50m CPU / 64Mi, memory limit 256Mi
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   */
  readonly productpage?: ContainerResources;
  /**
   * details (Ruby).
   * @default - requests 20m CPU / 32Mi, memory limit 128Mi
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   */
  readonly details?: ContainerResources;
  /**
   * ratings (Node.js).
   * @default - requests 20m CPU / 48Mi, memory limit 128Mi
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   */
  readonly ratings?: ContainerResources;
  /**
   * Each reviews version (Java on Open Liberty: a JVM, so it gets room).
   * @default - requests 100m CPU / 256Mi, memory limit 1024Mi
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   */
  readonly reviews?: ContainerResources;
}

/** Props of {@link BookinfoApp}. */
export interface BookinfoAppProps {
  /**
   * Namespace of every object.
   * @default - the chart's namespace, else `bookinfo`
   * @see https://istio.io/latest/docs/examples/bookinfo/
   */
  readonly namespace?: string;
  /**
   * Registry and repository prefix of the images.
   * @default 'docker.io/istio'
   * @see https://istio.io/latest/docs/examples/bookinfo/
   */
  readonly imageRegistry?: string;
  /**
   * Tag of every Bookinfo image.
   * @default '1.20.3' (Istio 1.28's samples)
   * @see https://istio.io/latest/docs/examples/bookinfo/
   */
  readonly imageTag?: string;
  /**
   * Pods per Deployment.
   * @default 1
   * @see https://istio.io/latest/docs/examples/bookinfo/
   */
  readonly replicas?: number;
  /**
   * The reviews versions to run.
   * @default [ReviewsVersion.V1, ReviewsVersion.V2, ReviewsVersion.V3]
   * @see https://istio.io/latest/docs/examples/bookinfo/
   */
  readonly reviewsVersions?: ReviewsVersion[];
  /**
   * Resources per workload.
   * @default - see {@link BookinfoResources}
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   */
  readonly resources?: BookinfoResources;
}

/** Defaults sized from the images (see README "Resources"); every container also gets a sidecar. */
const DEFAULT_RESOURCES: Required<BookinfoResources> = {
  productpage: { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } },
  details: { cpu: { request: Cpu.millis(20) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) } },
  ratings: { cpu: { request: Cpu.millis(20) }, memory: { request: Size.mebibytes(48), limit: Size.mebibytes(128) } },
  reviews: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(1024) } },
};

/**
 * The version subsets of Istio's `destination-rule-all.yaml`: every version Istio publishes an
 * image for, deployed or not.
 */
export const BOOKINFO_SUBSETS: Readonly<Record<string, readonly string[]>> = {
  productpage: ['v1'],
  reviews: ['v1', 'v2', 'v3'],
  ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'],
  details: ['v1', 'v2'],
};

/** The port every Bookinfo service listens on. */
const BOOKINFO_PORT = 9080;

/**
 * One call a Bookinfo service makes to another, read from the upstream sources at Istio 1.28.10
 * (`samples/bookinfo/src/`). Every call is an HTTP GET on port 9080.
 */
export interface BookinfoCall {
  /** The calling service. */
  readonly from: string;
  /** The versions of the caller that make it. */
  readonly fromVersions: readonly string[];
  /** The called service. */
  readonly to: string;
  /** The HTTP method. */
  readonly method: string;
  /** A path it requests (`<id>` is a product id). */
  readonly path: string;
  /** When it is made. */
  readonly when: string;
  /** Where the upstream source makes it. */
  readonly source: string;
}

/**
 * Every call between Bookinfo's services, as the upstream sources make them: the call graph the
 * zero-trust policies allow (a service calls another only when a deployed version of it makes the
 * call), and what the tests prove allowed.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */
export const BOOKINFO_CALLS: readonly BookinfoCall[] = [
  { from: 'productpage', fromVersions: ['v1'], to: 'details', method: 'GET', path: '/details/0', when: '/productpage and /api/v1/products/<id>', source: 'samples/bookinfo/src/productpage/productpage.py:334-337' },
  { from: 'productpage', fromVersions: ['v1'], to: 'reviews', method: 'GET', path: '/reviews/0', when: '/productpage and /api/v1/products/<id>/reviews', source: 'samples/bookinfo/src/productpage/productpage.py:349-363' },
  { from: 'productpage', fromVersions: ['v1'], to: 'ratings', method: 'GET', path: '/ratings/0', when: '/api/v1/products/<id>/ratings only', source: 'samples/bookinfo/src/productpage/productpage.py:303-307,366-378' },
  { from: 'reviews', fromVersions: ['v2', 'v3'], to: 'ratings', method: 'GET', path: '/ratings/0', when: 'every /reviews/<id> (v1 shows no stars and calls nothing)', source: 'samples/bookinfo/src/reviews/reviews-application/src/main/java/application/rest/LibertyRestEndpoint.java:145-160' },
];

/**
 * Istio's Bookinfo sample: productpage, details, ratings and reviews v1/v2/v3, the same
 * objects as `samples/bookinfo/platform/kube/bookinfo.yaml`, with explicit resources.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */
export class BookinfoApp extends Construct {
  /** Namespace of every object. */
  public readonly namespace: string;
  /** The port every service listens on. */
  public readonly port: number = BOOKINFO_PORT;
  /** The front end; the ingress routes to it. */
  public readonly productpage: MeshService;
  /** Book details, called by productpage. */
  public readonly details: MeshService;
  /** Star ratings, called by reviews v2 and v3. */
  public readonly ratings: MeshService;
  /** Book reviews, one Deployment per version, called by productpage. */
  public readonly reviews: MeshService;

  constructor(scope: Construct, id: string, props: BookinfoAppProps = {}) {
    super(scope, id);
    props = checkShape(this, 'BookinfoAppProps', props, {
      namespace: ['string', DNS_LABEL], imageRegistry: ['string', 'a non-empty string without whitespace'],
      imageTag: ['string', 'a Docker tag (letters, digits, "_", "." and "-", at most 128 characters)'], replicas: ['number', 'an integer from 0 to 1000'],
      reviewsVersions: ['strings', 'a non-empty list of v1, v2, v3'], resources: ['object', 'an object of BookinfoResources { productpage?, details?, ratings?, reviews? }'],
    });
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace ?? Chart.of(this).namespace ?? 'bookinfo');
    const registry = checkNonEmpty(this, 'imageRegistry', props.imageRegistry ?? 'docker.io/istio').replace(/\/+$/, '');
    const tag = props.imageTag ?? '1.20.3';
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) fail(this, 'imageTag', tag, 'a Docker tag (letters, digits, "_", "." and "-", at most 128 characters)');
    const replicas = checkInt(this, 'replicas', props.replicas ?? 1, 0, 1000);
    const reviewsVersions = props.reviewsVersions ?? [ReviewsVersion.V1, ReviewsVersion.V2, ReviewsVersion.V3];
    const allowed = Object.values(ReviewsVersion) as string[];
    if (reviewsVersions.length === 0) fail(this, 'reviewsVersions', reviewsVersions, `a non-empty list of ${allowed.join(', ')}`);
    for (const v of reviewsVersions) {
      if (!allowed.includes(v)) fail(this, 'reviewsVersions', v, `one of ${allowed.join(', ')} (the versions Istio publishes images for)`);
    }
    checkUnique(this, 'reviewsVersions', reviewsVersions);
    const resources = { ...DEFAULT_RESOURCES, ...props.resources };

    const service = (name: string) => new MeshService(this, name, {
      name,
      namespace: this.namespace,
      port: BOOKINFO_PORT,
      serviceAccountName: `bookinfo-${name}`,
    });
    const image = (name: string, version: string) => `${registry}/examples-bookinfo-${name}-${version}:${tag}`;
    const tmp = { name: 'tmp', mountPath: '/tmp' };
    // Kubernetes' restricted profile: the images run as a non-root numeric user and need no
    // capability, as Istio's bookinfo-psa.yaml (samples/bookinfo/platform/kube/bookinfo-psa.yaml:71-76) runs them.
    const security = { runAsNonRoot: true, dropAllCapabilities: true };

    this.details = service('details');
    this.details.addVersion('v1', { image: image('details', 'v1'), replicas, resources: resources.details, security });

    this.ratings = service('ratings');
    this.ratings.addVersion('v1', { image: image('ratings', 'v1'), replicas, resources: resources.ratings, security });

    this.reviews = service('reviews');
    for (const version of reviewsVersions) {
      this.reviews.addVersion(version, {
        image: image('reviews', version),
        replicas,
        resources: resources.reviews,
        env: { LOG_DIR: '/tmp/logs' },
        // Open Liberty writes its logs and work area here.
        scratchVolumes: [tmp, { name: 'wlp-output', mountPath: '/opt/ibm/wlp/output' }],
        security,
      });
    }

    this.productpage = service('productpage');
    this.productpage.addVersion('v1', {
      image: image('productpage', 'v1'),
      replicas,
      resources: resources.productpage,
      podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(BOOKINFO_PORT), 'prometheus.io/path': '/metrics' },
      scratchVolumes: [tmp],
      security,
    });

    // Bookinfo's call graph, as the sources make the calls: what the zero-trust policies allow.
    const byName = new Map(this.services.map((s) => [s.name, s]));
    for (const call of BOOKINFO_CALLS) {
      const from = byName.get(call.from)!;
      if (from.versions.some((v) => call.fromVersions.includes(v))) from.addCall(byName.get(call.to)!);
    }
  }

  /**
   * The ingress rule of Istio's `bookinfo-gateway.yaml`: the pages and API of productpage.
   */
  public get ingressRule(): HttpRouteRule {
    return {
      matches: [
        { uri: StringMatch.exact('/productpage') },
        { uri: StringMatch.prefix('/static') },
        { uri: StringMatch.exact('/login') },
        { uri: StringMatch.exact('/logout') },
        { uri: StringMatch.prefix('/api/v1/products') },
      ],
      destinations: [{ host: this.productpage.host, port: this.productpage.port }],
    };
  }

  /** The four services, in upstream manifest order. */
  public get services(): MeshService[] {
    return [this.details, this.ratings, this.reviews, this.productpage];
  }
}
