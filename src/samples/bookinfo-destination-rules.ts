import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BOOKINFO_SUBSETS, BookinfoApp } from './bookinfo-app';
import { SUPPRESS_ANNOTATION } from '../checks/findings';
import { MeshDestinationRule, TlsMode } from '../mesh/mesh-destination-rule';
import { MeshService } from '../mesh/mesh-service';
import { checkEnum, checkShape, fail, oneOf } from '../private/validation';

/** Which subsets the Bookinfo DestinationRules define. */
export enum BookinfoSubsets {
  /**
   * A subset for each version the app deploys, as they are at synthesis (a version added later,
   * such as details v2, gets its subset): every subset selects pods, so istioctl analyze finds no
   * IST0173.
   */
  DEPLOYED = 'deployed',
  /**
   * Exactly Istio's `destination-rule-all.yaml`: a subset for every version Istio publishes an
   * image for (ratings v2, v2-mysql, v2-mysql-vm, details v2), as upstream's other tasks use
   * them. istioctl analyze reports IST0173 (Error) on the subsets the app does not deploy; the
   * rules that have some carry istioctl's suppression annotation for IST0173, saying it is meant.
   */
  UPSTREAM = 'upstream',
}

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
  /**
   * Which subsets the rules define: those of the deployed versions, or exactly upstream's.
   * @default BookinfoSubsets.DEPLOYED
   * @see https://istio.io/latest/docs/reference/config/analysis/ist0173/
   */
  readonly subsets?: BookinfoSubsets;
}

/**
 * Istio's `destination-rule-all.yaml`: a DestinationRule per Bookinfo service with version
 * subsets, by default those of the versions the app deploys ({@link BookinfoSubsets}).
 */
export class BookinfoDestinationRules extends Construct {
  private readonly rules = new Map<MeshService, MeshDestinationRule>();

  constructor(scope: Construct, id: string, props: BookinfoDestinationRulesProps) {
    super(scope, id);
    props = checkShape(this, 'BookinfoDestinationRulesProps', props, {
      bookinfo: [BookinfoApp, 'a BookinfoApp'], tlsMode: ['string', oneOf(TlsMode)], subsets: ['string', oneOf(BookinfoSubsets)],
    });
    if (props.tlsMode !== undefined) checkEnum(this, 'tlsMode', props.tlsMode, TlsMode);
    const upstream = checkEnum(this, 'subsets', props.subsets ?? BookinfoSubsets.DEPLOYED, BookinfoSubsets) === BookinfoSubsets.UPSTREAM;
    if (!(props?.bookinfo instanceof BookinfoApp)) fail(this, 'bookinfo', props?.bookinfo, 'a BookinfoApp');
    const { bookinfo } = props;
    for (const service of [bookinfo.productpage, bookinfo.reviews, bookinfo.ratings, bookinfo.details]) {
      // Without listed subsets, a MeshDestinationRule takes its service's versions at synthesis.
      const rule = new MeshDestinationRule(this, service.name, { service, subsets: upstream ? [...BOOKINFO_SUBSETS[service.name]] : undefined, tlsMode: props.tlsMode });
      if (upstream) {
        // Resolved at synthesis, so versions added later (details v2) count as deployed.
        const undeployed = Lazy.any({ produce: () => (rule.subsets.some((s) => !service.versions.includes(s)) ? 'IST0173' : undefined) });
        rule.resource.metadata.addAnnotation(SUPPRESS_ANNOTATION, undeployed);
      }
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
