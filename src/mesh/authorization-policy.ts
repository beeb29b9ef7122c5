import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as security from '../../imports/security.istio.io';
import { PolicyTarget } from './policy-target';
import { checkTargets } from '../private/targets';
import { SUPPRESS_ANNOTATION } from '../checks/findings';
import { checkValidPathTemplate } from '../checks/istio-webhook';
import {
  checkDnsSubdomain, checkEnum, checkLabels, checkPort, checkShape, DNS_LABEL, DNS_SUBDOMAIN, fail, LABELS, oneOf, resolveNamespace,
} from '../private/validation';

/** What a policy does with the requests its rules match. @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-Action */
export enum AuthorizationAction {
  /** Allow the requests the rules match; with any ALLOW policy on a workload, others are denied. */
  ALLOW = 'ALLOW',
  /** Deny the requests the rules match; DENY policies are evaluated before ALLOW ones. */
  DENY = 'DENY',
  /** Log the requests the rules match; it does not affect whether they are allowed. */
  AUDIT = 'AUDIT',
}

/**
 * One rule: a request matches when every field that is set matches (each list matches any
 * of its values).
 */
export interface AuthorizationRule {
  /**
   * Callers' mTLS principals, `cluster.local/ns/<ns>/sa/<sa>` (e.g. `service.principal`).
   * @default - any
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
   */
  readonly principals?: string[];
  /**
   * Callers' namespaces.
   * @default - any
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
   */
  readonly namespaces?: string[];
  /**
   * JWT principals (`<iss>/<sub>`); `*` means any valid token.
   * @default - any
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
   */
  readonly requestPrincipals?: string[];
  /**
   * Requests whose JWT principal is none of these; `['*']` matches requests without a valid token.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
   */
  readonly notRequestPrincipals?: string[];
  /**
   * HTTP methods.
   * @default - any
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
   */
  readonly methods?: string[];
  /**
   * Request paths; `*` as a prefix or suffix wildcard.
   * @default - any
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
   */
  readonly paths?: string[];
  /**
   * Destination (container) ports.
   * @default - any
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
   */
  readonly ports?: number[];
  /**
   * Request hosts (the Host header, compared case-insensitively and exactly: list `host:*` too to
   * match it with a port); `*` as a prefix or suffix wildcard.
   * @default - any
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
   */
  readonly hosts?: string[];
}

/** Props of {@link AuthorizationPolicy}. */
export interface AuthorizationPolicyProps {
  /**
   * The policy name.
   * @default - the construct id
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
   */
  readonly name?: string;
  /**
   * Its namespace; `istio-system` makes it mesh-wide.
   * @default - the chart's namespace
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
   */
  readonly namespace?: string;
  /**
   * Labels of the workloads it applies to.
   * @default - every workload of the namespace
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy
   */
  readonly selector?: Record<string, string>;
  /**
   * Gateways or Services it attaches to (`targetRefs`), instead of a selector: how a policy
   * reaches the pods of a Gateway API gateway or a waypoint.
   * @default - the selector's workloads, or the whole namespace
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy
   */
  readonly targets?: PolicyTarget[];
  /**
   * The action.
   * @default AuthorizationAction.ALLOW
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-Action
   */
  readonly action?: AuthorizationAction;
  /** The rules; at least one (see `AuthorizationPolicy.allowNothing()` for deny-by-default). */
  readonly rules: AuthorizationRule[];
}

/** Options of {@link AuthorizationPolicy.allowNothing}. */
export interface AllowNothingOptions {
  /**
   * The policy name.
   * @default 'allow-nothing'
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
   */
  readonly name?: string;
  /**
   * Its namespace.
   * @default - the chart's namespace
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
   */
  readonly namespace?: string;
}

const METHOD = /^[A-Z]+$/;

/**
 * Access control for workloads: allow or deny requests by caller identity, namespace, JWT,
 * method, path and port.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export class AuthorizationPolicy extends Construct {
  /**
   * Deny by default: an ALLOW policy without rules matches nothing, so every request to the
   * namespace's workloads is denied unless another ALLOW policy matches it. Calling this says
   * so on purpose, so the analyzer's CI0002 warning is suppressed on it.
   * @see https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns
   */
  public static allowNothing(scope: Construct, id: string, options: AllowNothingOptions = {}): AuthorizationPolicy {
    const policy = new AuthorizationPolicy(scope, id, { name: options.name ?? 'allow-nothing', namespace: options.namespace, rules: [] }, true);
    policy.resource.metadata.addAnnotation(SUPPRESS_ANNOTATION, 'CI0002');
    return policy;
  }

  /** The policy name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The action. */
  public readonly action: AuthorizationAction;
  /** True for the deny-by-default policy of `allowNothing()`. */
  public readonly allowsNothing: boolean;
  /** The generated AuthorizationPolicy; `addJsonPatch()` is the escape hatch. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: AuthorizationPolicyProps);
  /** @internal */
  constructor(scope: Construct, id: string, props: AuthorizationPolicyProps, allowNothing: boolean);
  constructor(scope: Construct, id: string, props: AuthorizationPolicyProps, allowNothing = false) {
    super(scope, id);
    props = checkShape(this, 'AuthorizationPolicyProps', props, {
      name: ['string', DNS_SUBDOMAIN], namespace: ['string', DNS_LABEL], selector: ['map', LABELS], targets: ['objects', 'a non-empty list of PolicyTargets (PolicyTarget.gateway(), PolicyTarget.service())'],
      action: ['string', oneOf(AuthorizationAction)], rules: ['objects', 'a non-empty list of rules (AuthorizationRule)'],
    });
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    this.namespace = resolveNamespace(this, props.namespace);
    this.action = props.action ?? AuthorizationAction.ALLOW;
    checkEnum(this, 'action', this.action, AuthorizationAction);
    const selector = props.selector === undefined ? undefined : checkLabels(this, 'selector', props.selector);
    if (selector && Object.keys(selector).length === 0) fail(this, 'selector', selector, 'at least one label (leave it out for the whole namespace)');
    const targets = checkTargets(this, props.targets, selector);
    this.allowsNothing = allowNothing;
    if (!allowNothing && (!Array.isArray(props.rules) || props.rules.length === 0)) {
      fail(this, 'rules', props.rules, this.action === AuthorizationAction.DENY
        ? 'a non-empty list (Istio refuses a DENY policy without rules)'
        : 'a non-empty list (an ALLOW policy without rules denies everything; say so with AuthorizationPolicy.allowNothing())');
    }
    const rules = props.rules.map((r, i) => this.rule(`rules[${i}]`, r));

    this.resource = new security.AuthorizationPolicy(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: allowNothing ? {} : {
        selector: selector && { matchLabels: selector },
        targetRefs: targets,
        action: this.action as string as security.AuthorizationPolicySpecAction,
        rules,
      },
    });
  }

  private rule(prop: string, r: AuthorizationRule): security.AuthorizationPolicySpecRules {
    checkShape(this, 'AuthorizationRule', r, { ports: ['numbers', 'a non-empty list of ports (integers from 1 to 65535)'] }, `${prop}.`);
    const list = (name: keyof AuthorizationRule, check: (v: string) => boolean, allowed: string): string[] | undefined => {
      const values = r[name] as string[] | undefined;
      if (values === undefined) return undefined;
      if (!Array.isArray(values) || values.length === 0) fail(this, `${prop}.${name}`, values, 'a non-empty list, or left out to match any');
      values.forEach((v) => { if (typeof v !== 'string' || !check(v)) fail(this, `${prop}.${name}`, v, allowed); });
      return [...values];
    };
    const principals = list('principals', (v) => v === '*' || /^[^\s/]+(\/[^\s/]+)*$/.test(v), 'a principal such as "cluster.local/ns/bookinfo/sa/bookinfo-productpage"');
    const namespaces = list('namespaces', (v) => v === '*' || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v), 'a namespace name');
    const requestPrincipals = list('requestPrincipals', (v) => v.length > 0 && !/\s/.test(v), 'a JWT principal "<iss>/<sub>" or "*"');
    const notRequestPrincipals = list('notRequestPrincipals', (v) => v.length > 0 && !/\s/.test(v), 'a JWT principal "<iss>/<sub>" or "*"');
    const methods = list('methods', (v) => METHOD.test(v), 'an uppercase HTTP method such as "GET"');
    const paths = list('paths', (v) => v === '*' || v.startsWith('/') || v.startsWith('*'), 'a path starting with "/" (a leading or trailing "*" is a wildcard)');
    // security.go:151 (CheckValidPathTemplate): {*} matches one segment, {**} the rest, last only.
    paths?.forEach((p) => {
      if (checkValidPathTemplate('paths', [p])) fail(this, `${prop}.paths`, p, 'a path whose templates are whole segments: {*} for one segment, {**} for the rest, no template after {**}, other segments plain URL characters');
    });
    const hosts = list('hosts', (v) => /^(\*|\*?[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:(\*|[0-9]+))?\*?)$/.test(v) && !(v.startsWith('*') && v.endsWith('*') && v !== '*'),
      'a host name, optionally with ":<port>" or ":*", with "*" as a prefix or a suffix');
    const ports = r.ports === undefined ? undefined : (() => {
      if (!Array.isArray(r.ports) || r.ports.length === 0) fail(this, `${prop}.ports`, r.ports, 'a non-empty list, or left out to match any');
      return r.ports.map((p) => String(checkPort(this, `${prop}.ports`, p)));
    })();
    const source = principals || namespaces || requestPrincipals || notRequestPrincipals
      ? { principals, namespaces, requestPrincipals, notRequestPrincipals } : undefined;
    const operation = methods || paths || ports || hosts ? { hosts, methods, paths, ports } : undefined;
    if (!source && !operation) fail(this, prop, r, 'a rule with at least one field (an empty rule matches every request)');
    return { from: source && [{ source }], to: operation && [{ operation }] };
  }
}
