import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as security from '../../imports/security.istio.io';
import { AuthorizationAction, AuthorizationPolicy } from './authorization-policy';
import { IstioGateway } from './istio-gateway';
import { checkTargets } from '../private/targets';
import {
  checkDnsSubdomain, checkLabels, checkShape, checkUnique, DNS_LABEL, DNS_SUBDOMAIN, fail, LABELS, resolveNamespace,
} from '../private/validation';

const JWKS_URI = 'an https:// (or http://) URL of a JSON Web Key Set';

/** A JWT issuer whose tokens are validated. */
export interface JwtIssuer {
  /** The `iss` claim of its tokens. */
  readonly issuer: string;
  /** HTTPS URL of its JSON Web Key Set. */
  readonly jwksUri: string;
  /**
   * Accepted `aud` claims.
   * @default - any audience
   * @see https://istio.io/latest/docs/reference/config/security/request_authentication/#JWTRule
   */
  readonly audiences?: string[];
  /**
   * Pass the token on to the workload.
   * @default false
   * @see https://istio.io/latest/docs/reference/config/security/request_authentication/#JWTRule
   */
  readonly forwardOriginalToken?: boolean;
}

/** Props of {@link RequestAuthentication}. */
export interface RequestAuthenticationProps {
  /**
   * The RequestAuthentication name.
   * @default - the construct id
   * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
   */
  readonly name?: string;
  /**
   * Authenticate requests at this ingress gateway: its pods' namespace and labels are used.
   * @default - workloads picked by `namespace` and `selector`
   * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#end-user-authentication
   */
  readonly gateway?: IstioGateway;
  /**
   * Namespace of the workloads; not with `gateway`.
   * @default - the chart's namespace
   * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
   */
  readonly namespace?: string;
  /**
   * Labels of the workloads; not with `gateway`.
   * @default - every workload of the namespace
   * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
   */
  readonly selector?: Record<string, string>;
  /** The accepted issuers; a token from any other is rejected. */
  readonly issuers: JwtIssuer[];
  /**
   * Paths on which a valid token is required, not just validated when present (adds a DENY
   * AuthorizationPolicy for requests without one).
   * @default - a token is optional; invalid tokens are still rejected
   * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#require-a-valid-token
   */
  readonly requireTokenOnPaths?: string[];
}

/**
 * JWT validation for workloads or an ingress gateway, optionally requiring a token on
 * chosen paths.
 * @see https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#end-user-authentication
 */
export class RequestAuthentication extends Construct {
  /** The RequestAuthentication name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The generated RequestAuthentication; `addJsonPatch()` is the escape hatch. */
  public readonly resource: ApiObject;
  /** The policy that requires a token, when `requireTokenOnPaths` is set. */
  public readonly requireToken?: AuthorizationPolicy;

  constructor(scope: Construct, id: string, props: RequestAuthenticationProps) {
    super(scope, id);
    props = checkShape(this, 'RequestAuthenticationProps', props, {
      name: ['string', DNS_SUBDOMAIN], gateway: [IstioGateway, 'an IstioGateway'], namespace: ['string', DNS_LABEL], selector: ['map', LABELS],
      issuers: ['objects', 'a non-empty list of JWT issuers'], requireTokenOnPaths: ['strings', 'a non-empty list of paths, or left out'],
    });
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    if (props.gateway && (props.namespace !== undefined || props.selector !== undefined)) {
      fail(this, 'gateway', props.gateway.node.path, 'used without namespace and selector, which it provides');
    }
    if (props.gateway !== undefined && !(props.gateway instanceof IstioGateway)) fail(this, 'gateway', props.gateway, 'an IstioGateway');
    this.namespace = resolveNamespace(this, props.gateway?.workloadNamespace ?? props.namespace);
    const attachment = props.gateway?.policyAttachment ?? { selector: props.selector && checkLabels(this, 'selector', props.selector) };
    const selector = attachment.selector;
    const targetRefs = checkTargets(this, attachment.targets, undefined);
    if (!Array.isArray(props.issuers) || props.issuers.length === 0) fail(this, 'issuers', props.issuers, 'a non-empty list of JWT issuers');
    checkUnique(this, 'issuers', props.issuers.map((i) => i.issuer));
    const jwtRules = props.issuers.map((issuer, i) => {
      checkShape(this, 'JwtIssuer', issuer, {
        issuer: ['string', 'a non-empty issuer (the tokens\' iss claim)'], jwksUri: ['string', JWKS_URI],
        audiences: ['strings', 'a list of non-empty audiences'], forwardOriginalToken: ['boolean', 'true or false'],
      }, `issuers[${i}].`);
      // The CRD refuses empty audiences (minLength 1).
      (issuer.audiences ?? []).forEach((a, j) => { if (a === '') fail(this, `issuers[${i}].audiences[${j}]`, a, 'a non-empty audience'); });
      if (typeof issuer.issuer !== 'string' || issuer.issuer.trim() === '') fail(this, `issuers[${i}].issuer`, issuer.issuer, 'a non-empty issuer (the tokens\' iss claim)');
      let url: URL | undefined;
      try {
        url = new URL(issuer.jwksUri);
      } catch {
        url = undefined;
      }
      // Istio takes http and https (pkg/config/security/security.go ParseJwksURI); https keeps the keys from being swapped in transit.
      if (!url || !['https:', 'http:'].includes(url.protocol)) fail(this, `issuers[${i}].jwksUri`, issuer.jwksUri, JWKS_URI);
      return {
        issuer: issuer.issuer,
        jwksUri: issuer.jwksUri,
        audiences: issuer.audiences?.length ? [...issuer.audiences] : undefined,
        forwardOriginalToken: issuer.forwardOriginalToken || undefined,
      };
    });

    // A plain ApiObject: the CRD lists both jwks_uri and jwksUri and the generated class writes
    // jwks_uri, while Istio's documentation and users write jwksUri. The spec below is in wire
    // format; the tests check it against the CRD schema.
    const spec: { selector?: security.RequestAuthenticationSpecSelector; targetRefs?: object[]; jwtRules: object[] } = {
      selector: selector && { matchLabels: selector },
      targetRefs,
      jwtRules,
    };
    this.resource = new ApiObject(this, 'Resource', {
      ...security.RequestAuthentication.GVK,
      metadata: { name: this.name, namespace: this.namespace },
      spec,
    });

    if (props.requireTokenOnPaths !== undefined) {
      if (!Array.isArray(props.requireTokenOnPaths) || props.requireTokenOnPaths.length === 0) {
        fail(this, 'requireTokenOnPaths', props.requireTokenOnPaths, 'a non-empty list of paths, or left out');
      }
      this.requireToken = new AuthorizationPolicy(this, 'RequireToken', {
        name: `${this.name}-require-jwt`,
        namespace: this.namespace,
        ...attachment,
        action: AuthorizationAction.DENY,
        // On a gateway, its listener ports: a DENY of HTTP attributes alone would deny every TCP
        // port in its scope too (Istio's webhook warns so).
        rules: [{ notRequestPrincipals: ['*'], paths: props.requireTokenOnPaths, hosts: props.gateway && this.gatewayHosts(props.gateway), ports: props.gateway?.ports }],
      });
    }
  }

  /**
   * The hosts a token requirement at a gateway is scoped to. istioctl's ingress gateway pods are
   * shared by every app's Istio Gateway, so the requirement names this gateway's hosts (with any
   * port, as `host:*`) to reach this app's requests only; a gateway with pods of its own (a
   * selector of its own, or the Gateway API's per-Gateway deployment) needs no scope. On the
   * shared pods, a gateway serving every host ("*") or wildcard hosts (which cannot be matched
   * together with a port) cannot be scoped, and is refused.
   */
  private gatewayHosts(gateway: IstioGateway): string[] | undefined {
    if (!gateway.sharesIngressPods) return undefined;
    const hosts = gateway.hosts.map((h) => h.replace(/^[^/]*\//, ''));
    const unscoped = hosts.find((h) => h.startsWith('*'));
    if (unscoped !== undefined) {
      fail(this, 'requireTokenOnPaths', gateway.node.path, `used with a gateway of exact hosts: on istioctl's shared ingress gateway, a gateway serving "${unscoped}" would require a token on those paths for other apps too, or let requests with a port in the Host header pass (give the IstioGateway its exact hosts, or pods of its own with selector)`);
    }
    return hosts.flatMap((h) => [h, `${h}:*`]);
  }
}
