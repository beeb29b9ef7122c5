import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BOOKINFO_SUBSETS, BookinfoApp } from './bookinfo-app';
import { SUPPRESS_ANNOTATION } from '../checks/findings';
import { MeshDestinationRule, TlsMode } from '../mesh/mesh-destination-rule';
import { MeshService } from '../mesh/mesh-service';
import { checkEnum, checkShape, fail, oneOf } from '../private/validation';

/** Props of {@link BookinfoDestinationRules}. */
export interface BookinfoDestinationRulesProps {
  /** The Bookinfo workloads. */
  readonly bookinfo: BookinfoApp;
  /**
   * TLS mode towards every service (`ISTIO_MUTUAL` gives destination-rule-all-mtls.yaml).
   * @default - none set (Istio's auto mTLS)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode
   */
  readonly tlsMode?: TlsMode;
}

/**
 * Istio's `destination-rule-all.yaml`: a DestinationRule per Bookinfo service with a subset for
 * every version Istio publishes an image for. Subsets of versions the app does not deploy
 * (ratings v2, details v2, ...) are kept, as upstream has them for its other tasks, and the
 * analyzer's IST0173 is suppressed on those rules.
 */
export class BookinfoDestinationRules extends Construct {
  private readonly rules = new Map<MeshService, MeshDestinationRule>();

  constructor(scope: Construct, id: string, props: BookinfoDestinationRulesProps) {
    super(scope, id);
    props = checkShape(this, 'BookinfoDestinationRulesProps', props, { bookinfo: [BookinfoApp, 'a BookinfoApp'], tlsMode: ['string', oneOf(TlsMode)] });
    if (props.tlsMode !== undefined) checkEnum(this, 'tlsMode', props.tlsMode, TlsMode);
    if (!(props?.bookinfo instanceof BookinfoApp)) fail(this, 'bookinfo', props?.bookinfo, 'a BookinfoApp');
    const { bookinfo } = props;
    for (const service of [bookinfo.productpage, bookinfo.reviews, bookinfo.ratings, bookinfo.details]) {
      const rule = new MeshDestinationRule(this, service.name, { service, subsets: [...BOOKINFO_SUBSETS[service.name]], tlsMode: props.tlsMode });
      // Resolved at synthesis, so versions added later (details v2) count as deployed.
      const undeployed = Lazy.any({ produce: () => (rule.subsets.some((s) => !service.versions.includes(s)) ? 'IST0173' : undefined) });
      rule.resource.metadata.addAnnotation(SUPPRESS_ANNOTATION, undeployed);
      this.rules.set(service, rule);
    }
  }

  /** The DestinationRule of a Bookinfo service. */
  public forService(service: MeshService): MeshDestinationRule {
    const rule = this.rules.get(service);
    if (!rule) fail(this, 'forService service', service?.node?.path, 'productpage, reviews, ratings or details of the BookinfoApp this construct was made for');
    return rule;
  }
}
