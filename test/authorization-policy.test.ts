import { Testing } from 'cdk8s';
import { AuthorizationAction, AuthorizationPolicy } from '../src';
import { chartIn } from './util/manifests';
import { SchemaValidator } from '../src/checks/schema-validator';

describe('AuthorizationPolicy', () => {
  test('allowNothing() is deny-by-default for the namespace', () => {
    const chart = chartIn('bookinfo');
    const policy = AuthorizationPolicy.allowNothing(chart, 'deny');
    expect(policy.allowsNothing).toBe(true);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      // Deny-by-default on purpose: the analyzer's CI0002 (empty ALLOW policy) is suppressed on it.
      metadata: { name: 'allow-nothing', namespace: 'bookinfo', annotations: { 'galley.istio.io/analyze-suppress': 'CI0002' } },
      spec: {},
    }]);
  });

  test('allow rules by principal, namespace, method, path and port', () => {
    const chart = chartIn('bookinfo');
    new AuthorizationPolicy(chart, 'allow-reviews', {
      selector: { app: 'reviews' },
      rules: [
        { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'], methods: ['GET'], paths: ['/reviews/*'], ports: [9080] },
        { namespaces: ['monitoring'], methods: ['GET'], paths: ['/health'] },
      ],
    });
    const objects = Testing.synth(chart);
    expect(objects[0].spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } },
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'] } }],
          to: [{ operation: { methods: ['GET'], paths: ['/reviews/*'], ports: ['9080'] } }],
        },
        { from: [{ source: { namespaces: ['monitoring'] } }], to: [{ operation: { methods: ['GET'], paths: ['/health'] } }] },
      ],
    });
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test.each([
    [{ action: AuthorizationAction.DENY, rules: [] }, 'test/ap: rules must be a non-empty list (Istio refuses a DENY policy without rules), got []'],
    [{ rules: [] }, 'test/ap: rules must be a non-empty list (an ALLOW policy without rules denies everything; say so with AuthorizationPolicy.allowNothing()), got []'],
    [{ rules: [{}] }, 'test/ap: rules[0] must be a rule with at least one field (an empty rule matches every request), got {}'],
    [{ rules: [{ methods: ['get'] }] }, 'test/ap: rules[0].methods must be an uppercase HTTP method such as "GET", got "get"'],
    [{ rules: [{ paths: ['reviews'] }] }, 'test/ap: rules[0].paths must be a path starting with "/" (a leading or trailing "*" is a wildcard), got "reviews"'],
    [{ rules: [{ ports: [70000] }] }, 'test/ap: rules[0].ports must be an integer from 1 to 65535, got 70000'],
    [{ rules: [{ principals: [] }] }, 'test/ap: rules[0].principals must be a non-empty list, or left out to match any, got []'],
    [{ rules: [{ principals: ['spiffe://cluster.local/ns/x/sa/y with space'] }] }, 'test/ap: rules[0].principals must be a principal such as "cluster.local/ns/bookinfo/sa/bookinfo-productpage"'],
    [{ action: 'REJECT', rules: [{ methods: ['GET'] }] }, 'test/ap: action must be one of ALLOW, DENY, AUDIT, got "REJECT"'],
  ])('fails on bad props %#', (props, message) => {
    expect(() => new AuthorizationPolicy(chartIn('bookinfo'), 'ap', props as any)).toThrow(message);
  });
});
