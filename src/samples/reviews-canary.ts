import { Construct } from 'constructs';
import { BookinfoApp, ReviewsVersion } from './bookinfo-app';
import { Canary, CanaryHeader } from '../mesh/canary';
import { MeshDestinationRule } from '../mesh/mesh-destination-rule';
import { TrafficApi } from '../mesh/routing';
import { fail } from '../private/validation';

/** Props of {@link ReviewsCanary}. */
export interface ReviewsCanaryProps {
  /** The Bookinfo whose reviews service is under canary. */
  readonly bookinfo: BookinfoApp;
  /**
   * The reviews version under test; one this Bookinfo deploys.
   * @default ReviewsVersion.V2
   * @see https://istio.io/latest/docs/examples/bookinfo/
   */
  readonly canaryVersion?: ReviewsVersion;
  /**
   * The version that takes the rest of the traffic.
   * @default ReviewsVersion.V1
   * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
   */
  readonly stableVersion?: ReviewsVersion;
  /**
   * Share of the traffic the canary takes, an integer percentage from 0 to 100.
   * @default 0
   * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
   */
  readonly canaryWeight?: number;
  /**
   * Requests with this header always go to the canary (Istio's `end-user: jason`).
   * @default - none
   * @see https://istio.io/latest/docs/tasks/traffic-management/request-routing/
   */
  readonly canaryHeader?: CanaryHeader;
  /**
   * Which API to emit.
   * @default TrafficApi.ISTIO
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   */
  readonly api?: TrafficApi;
  /**
   * The DestinationRule that defines the reviews subsets (Istio API), e.g.
   * `BookinfoDestinationRules.forService(bookinfo.reviews)`.
   * @default - a new one with a subset per deployed reviews version
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
   */
  readonly destinationRule?: MeshDestinationRule;
}

/**
 * The canary of Istio's traffic-shifting task: Bookinfo's reviews, v1 stable, a weighted share to
 * v2 or v3. A {@link Canary} on `bookinfo.reviews`.
 * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
 */
export class ReviewsCanary extends Canary {
  constructor(scope: Construct, id: string, props: ReviewsCanaryProps) {
    super(scope, id, {
      service: reviewsOf(scope, id, props),
      stableVersion: props.stableVersion ?? ReviewsVersion.V1,
      canaryVersion: props.canaryVersion ?? ReviewsVersion.V2,
      canaryWeight: props.canaryWeight,
      canaryHeader: props.canaryHeader,
      api: props.api,
      destinationRule: props.destinationRule,
    });
  }
}

/** Checks the Bookinfo and its deployed versions before the Canary exists (so before `this`). */
function reviewsOf(scope: Construct, id: string, props: ReviewsCanaryProps) {
  const path = [scope.node.path, id].filter((p) => p).join('/');
  if (!(props?.bookinfo instanceof BookinfoApp)) fail(path, 'bookinfo', props?.bookinfo, 'a BookinfoApp');
  const reviews = props.bookinfo.reviews;
  for (const prop of ['stableVersion', 'canaryVersion'] as const) {
    const version = props[prop];
    if (version !== undefined && !reviews.versions.includes(version)) {
      fail(path, prop, version, `one of the reviews versions this BookinfoApp deploys (${reviews.versions.join(', ')})`);
    }
  }
  return reviews;
}
