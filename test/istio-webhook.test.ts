/**
 * Cases for istio-validation.ts. Each case cites the Go source it follows (istio/istio tag 1.28.10,
 * pkg/config/validation unless another path is given). The manifests are written for these tests.
 */
import { istioValidation, goRegexpError, parseGoDuration, goFloatV, goJSONSyntaxError, celParseError, ValidationProblem } from '../src/checks/istio-webhook';

type M = Record<string, unknown>;
const res = (group: string, kind: string, spec: unknown, metadata: M = {}, version = 'v1'): M => ({
  apiVersion: `${group}/${version}`,
  kind,
  metadata: { name: 'sample', namespace: 'shop', ...metadata },
  spec,
});
const vs = (spec: unknown, md?: M) => res('networking.istio.io', 'VirtualService', spec, md);
const dr = (spec: unknown, md?: M) => res('networking.istio.io', 'DestinationRule', spec, md);
const gw = (spec: unknown, md?: M) => res('networking.istio.io', 'Gateway', spec, md);
const se = (spec: unknown, md?: M) => res('networking.istio.io', 'ServiceEntry', spec, md);
const sc = (spec: unknown, md?: M) => res('networking.istio.io', 'Sidecar', spec, md);
const we = (spec: unknown, md?: M) => res('networking.istio.io', 'WorkloadEntry', spec, md);
const ap = (spec: unknown, md?: M) => res('security.istio.io', 'AuthorizationPolicy', spec, md);
const pa = (spec: unknown, md?: M) => res('security.istio.io', 'PeerAuthentication', spec, md);
const ra = (spec: unknown, md?: M) => res('security.istio.io', 'RequestAuthentication', spec, md);
const tm = (spec: unknown, md?: M) => res('telemetry.istio.io', 'Telemetry', spec, md);

const errors = (o: unknown) => istioValidation(o).filter((p: ValidationProblem) => p.level === 'error').map((p) => p.message);
const warnings = (o: unknown) => istioValidation(o).filter((p: ValidationProblem) => p.level === 'warning').map((p) => p.message);
const route = (host = 'reviews.shop.svc.cluster.local') => [{ destination: { host } }];
const httpVS = (http: M) => vs({ hosts: ['reviews'], http: [{ route: route(), ...http }] });
const AP = 'invalid policy sample.shop: ';

describe('dispatch and webhook plumbing', () => {
  test('objects of other groups are not validated', () => {
    // server.go:224 FindByGroupKind
    expect(istioValidation({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: {} })).toEqual([]);
  });

  test('all versions of a group/kind are validated alike', () => {
    // server.go:222 "Version is not relevant for Istio types"
    const old = res('networking.istio.io', 'VirtualService', { hosts: ['a.example.com'] }, {}, 'v1alpha3');
    expect(errors(old)).toEqual(['http, tcp or tls must be provided in virtual service']);
  });

  test('a bad duration fails decoding before validation', () => {
    // conversion.go FromJSON -> jsonpb Duration: time.ParseDuration; server.go:231
    expect(istioValidation(httpVS({ timeout: 'soon', retries: { attempts: -1 } }))).toEqual([
      { level: 'error', field: 'spec.http[0].timeout', message: 'error decoding configuration: bad Duration: time: invalid duration "soon"' },
    ]);
  });

  test('an unknown enum name fails decoding', () => {
    // jsonpb decode.go unmarshalSingularValue EnumKind
    const g = gw({ servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'STRICT' } }] });
    expect(errors(g)).toEqual([
      'error decoding configuration: unknown value "\\"STRICT\\"" for enum istio.networking.v1alpha3.ServerTLSSettings.TLSmode',
    ]);
  });

  test('snake_case field names are accepted like the protobuf JSON parser does', () => {
    // jsonpb decode.go: fd.Name() then fd.JSONName()
    expect(errors(httpVS({ retries: { attempts: 2, per_try_timeout: '0.5ms' } }))).toEqual(['duration must be greater than 1ms']);
  });

  test('unknown top-level fields are rejected after validation', () => {
    // server.go:272 checkFields
    const v = { ...httpVS({}), extra: true };
    expect(errors(v)).toEqual(['unknown field "extra" on VirtualService resource shop/sample']);
  });

  test('the always-reject and internal annotations are refused', () => {
    // validation.go:212-222
    expect(errors(vs({ hosts: ['a.com'], http: [{ route: route() }] }, { annotations: { 'internal.istio.io/webhook-always-reject': 'x' } }))).toEqual([
      '"internal.istio.io/webhook-always-reject" annotation found, rejecting',
    ]);
    expect(errors(vs({ hosts: ['a.com'], http: [{ route: route() }] }, { annotations: { 'internal.istio.io/parents': 'x' } }))).toEqual([
      '"internal.istio.io/parents" annotation found, this may not be set by users',
    ]);
  });

  test('istio.io/dry-run is only accepted on ALLOW/DENY AuthorizationPolicies', () => {
    // validation.go:227 checkDryRunAnnotation
    expect(errors(vs({ hosts: ['a.com'], http: [{ route: route() }] }, { annotations: { 'istio.io/dry-run': 'true' } }))).toEqual([
      'shop/sample has unsupported annotation istio.io/dry-run, please remove the annotation',
    ]);
    expect(errors(ap({ action: 'DENY', rules: [{}] }, { annotations: { 'istio.io/dry-run': 'yes' } }))).toEqual([
      'shop/sample has annotation istio.io/dry-run with invalid value (yes): strconv.ParseBool: parsing "yes": invalid syntax',
    ]);
    expect(errors(ap({ action: 'AUDIT', rules: [{}] }, { annotations: { 'istio.io/dry-run': 'true' } }))).toEqual([
      'the annotation istio.io/dry-run currently only supports action ALLOW/DENY, found action AUDIT in shop/sample',
    ]);
    expect(istioValidation(ap({ rules: [{}] }, { annotations: { 'istio.io/dry-run': 'T' } }))).toEqual([]);
  });
});

describe('Go library behaviour', () => {
  test('time.ParseDuration', () => {
    expect(parseGoDuration('1h30m')).toEqual({ ok: true, ns: 5400000000000n });
    expect(parseGoDuration('1.5us')).toEqual({ ok: true, ns: 1500n });
    expect(parseGoDuration('10')).toEqual({ ok: false, err: 'time: missing unit in duration "10"' });
    expect(parseGoDuration('3d')).toEqual({ ok: false, err: 'time: unknown unit "d" in duration "3d"' });
  });

  test('regexp/syntax error codes and expressions', () => {
    expect(goRegexpError('^/api/(v1|v2)/.*$')).toBeUndefined();
    expect(goRegexpError('(?i)Mobile|Android')).toBeUndefined();
    expect(goRegexpError('a{3,2}')).toBe('error parsing regexp: invalid repeat count: `{3,2}`');
    expect(goRegexpError('x++')).toBe('error parsing regexp: invalid nested repetition operator: `++`');
    expect(goRegexpError('(?<id')).toBe('error parsing regexp: invalid named capture: `(?<id`');
    expect(goRegexpError('[b-a]')).toBe('error parsing regexp: invalid character class range: `b-a`');
    expect(goRegexpError('\\1')).toBe('error parsing regexp: invalid escape sequence: `\\1`');
    expect(goRegexpError('(?!x)')).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?!`');
  });

  test('fmt %v of floats and encoding/json syntax errors', () => {
    expect([150, 1e6, 0.00001, 33.3].map(goFloatV)).toEqual(['150', '1e+06', '1e-05', '33.3']);
    expect(goJSONSyntaxError('{"keys": [}')).toBe("invalid character '}' looking for beginning of value");
    expect(goJSONSyntaxError('{"a" 1}')).toBe("invalid character '1' after object key");
  });

  test('CEL syntax check', () => {
    expect(celParseError('response.code >= 400 && request.headers["x-debug"] == "1"')).toBeUndefined();
    expect(celParseError('size(request.url_path) > 10 ? true : false')).toBeUndefined();
    expect(celParseError('a && (b')).toBe("ERROR: <input>:1:8: Syntax error: missing ')' at '<EOF>'\n | a && (b\n | .......^");
  });
});

describe('VirtualService', () => {
  test('a typical mesh route is accepted', () => {
    // validation.go:1715 ValidateVirtualService
    const v = vs({
      hosts: ['reviews'],
      http: [
        {
          name: 'v2-for-jason',
          match: [{ headers: { 'end-user': { exact: 'jason' } }, uri: { prefix: '/reviews' } }],
          route: [{ destination: { host: 'reviews', subset: 'v2' } }],
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,503' },
          timeout: '10s',
        },
        { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 10 }] },
      ],
    });
    expect(istioValidation(v)).toEqual([]);
  });

  test('at least one of http, tcp, tls', () => {
    // validation.go:1800
    expect(errors(vs({ hosts: ['reviews'] }))).toEqual(['http, tcp or tls must be provided in virtual service']);
  });

  test('delegate virtual services may not name gateways or tcp routes', () => {
    // validation.go:1722-1735
    const v = vs({ gateways: ['shop/gw'], tcp: [{ route: route() }] });
    expect(errors(v)).toEqual(['delegate virtual service must have no gateways specified', 'delegate virtual service must have no tcp route specified']);
  });

  test('"*" is refused for the mesh, host names are validated, IP hosts pass', () => {
    // validation.go:1767-1782, agent/validation.go:682
    expect(errors(vs({ hosts: ['*'], http: [{ route: route() }] }))).toEqual(['wildcard host * is not allowed for virtual services bound to the mesh gateway']);
    expect(errors(vs({ hosts: ['foo_bar.example.com'], http: [{ route: route() }] }))).toEqual(['domain name "foo_bar.example.com" invalid (label "foo_bar" invalid)']);
    expect(errors(vs({ hosts: ['shop.10'], http: [{ route: route() }] }))).toEqual(['domain name "10" invalid (top level domain "10" cannot be all-numeric)']);
    expect(istioValidation(vs({ hosts: ['10.1.2.3'], http: [{ route: route() }] }))).toEqual([]);
  });

  test('overlapping hosts are duplicates', () => {
    // validation.go:1788 host.Name.Matches
    expect(errors(vs({ hosts: ['*.example.com', 'api.example.com'], http: [{ route: route() }] }))).toEqual([
      'duplicate hosts in virtual service: *.example.com & api.example.com',
    ]);
  });

  test('gateway references', () => {
    // validation.go:2349 validateGatewayNames
    expect(errors(vs({ hosts: ['a.example.com'], gateways: ['shop/Bad_GW'], http: [{ route: route() }] }))).toEqual(['invalid value for gateway name: "Bad_GW"']);
    const legacy = vs({ hosts: ['a.example.com'], gateways: ['ingress.istio-system'], http: [{ route: route() }] });
    expect(errors(legacy)).toEqual([]);
    expect(warnings(legacy)).toEqual(['using legacy gatewayName format "ingress.istio-system"; prefer the <namespace>/<name> format: "istio-system/ingress"']);
  });

  test('JWT claim routing needs a gateway', () => {
    // validation.go:1749
    const v = vs({ hosts: ['a.example.com'], http: [{ match: [{ headers: { '@request.auth.claims.group': { exact: 'admin' } } }], route: route() }] });
    expect(errors(v)).toEqual(['JWT claim based routing (key: @request.auth.claims.group) is only supported for gateway, found no gateways: []']);
    expect(istioValidation({ ...v, spec: { ...(v.spec as M), gateways: ['shop/edge'] } })).toEqual([]);
  });

  test('retry policy', () => {
    // validation.go:2616 validateHTTPRetry
    expect(errors(httpVS({ retries: { attempts: -1 } }))).toEqual(['attempts cannot be negative']);
    expect(errors(httpVS({ retries: { retryOn: '5xx' } }))).toEqual(['http retry policy configured when attempts are set to 0 (disabled)']);
    expect(errors(httpVS({ retries: { attempts: 2, retryOn: '5xx, reset,599,retriable-status-codes' } }))).toEqual([
      '" reset" is not a valid retryOn policy',
      '"599" is not a valid retryOn policy',
    ]);
    expect(errors(httpVS({ retries: { attempts: 2, perTryTimeout: '2500us', backoff: '25ms' } }))).toEqual(['only durations to ms precision are supported']);
  });

  test('timeouts use the 1ms / ms-precision rules', () => {
    // virtualservice.go:107, agent/validation.go:139
    expect(errors(httpVS({ timeout: '0s' }))).toEqual(['duration must be greater than 1ms']);
    expect(istioValidation(httpVS({ timeout: '1m30s' }))).toEqual([]);
  });

  test('fault injection', () => {
    // validation.go:2503-2572
    expect(errors(httpVS({ fault: {} }))).toEqual(['HTTP fault injection must have an abort and/or a delay']);
    expect(errors(httpVS({ fault: { abort: { httpStatus: 700, percentage: { value: 150 } } } }))).toEqual([
      'percentage 150 is neither 0.0, nor in range [0.0001, 100.0]',
      'HTTP status 700 is not in range 200-599',
    ]);
    expect(errors(httpVS({ fault: { abort: { grpcStatus: 'NOT_THERE' } } }))).toEqual([
      "gRPC status \"NOT_THERE\" is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'",
    ]);
    expect(errors(httpVS({ fault: { delay: { exponentialDelay: '1s', percentage: { value: 0.00001 } } } }))).toEqual([
      'percentage 1e-05 is neither 0.0, nor in range [0.0001, 100.0]',
      'exponentialDelay not supported yet',
    ]);
    // the "abort configured, but error type not set" warning is dropped by appendErrors (validation.go:2512)
    expect(istioValidation(httpVS({ fault: { abort: { percentage: { value: 10 } } } }))).toEqual([]);
  });

  test('redirect, direct_response and route are exclusive', () => {
    // virtualservice.go:189 validateHTTPRouteConflict
    expect(errors(httpVS({ redirect: { uri: '/new' } }))).toEqual(['HTTP route cannot contain both route and redirect']);
    expect(errors(vs({ hosts: ['a.com'], http: [{ directResponse: { status: 503 }, rewrite: { uri: '/x' } }] }))).toEqual([
      'HTTP route rule cannot contain both rewrite and direct_response',
    ]);
    expect(errors(vs({ hosts: ['a.com'], http: [{ match: [{ uri: { exact: '/' } }] }] }))).toEqual(['HTTP route, redirect or direct_response is required']);
  });

  test('redirect fields', () => {
    // validation.go:2650 validateHTTPRedirect (first error only)
    expect(errors(vs({ hosts: ['a.com'], http: [{ redirect: {} }] }))).toEqual(['redirect must specify URI, authority, scheme, or port']);
    expect(errors(vs({ hosts: ['a.com'], http: [{ redirect: { uri: '/x', redirectCode: 200, scheme: 'ftp' } }] }))).toEqual(['200 is not a valid redirect code, must be 3xx']);
    expect(errors(vs({ hosts: ['a.com'], http: [{ redirect: { scheme: 'ftp' } }] }))).toEqual(['invalid redirect scheme, must be "http" or "https"']);
    expect(istioValidation(vs({ hosts: ['a.com'], http: [{ redirect: { derivePort: 'FROM_REQUEST_PORT' } }] }))).toEqual([]);
  });

  test('direct responses', () => {
    // validation.go:2674 validateHTTPDirectResponse
    expect(errors(vs({ hosts: ['a.com'], http: [{ directResponse: { status: 100 } }] }))).toEqual(['HTTP status 100 is not in range 200-599']);
    const big = vs({ hosts: ['a.com'], http: [{ directResponse: { status: 200, body: { string: 'x'.repeat(200 * 1024) } } }] });
    expect(warnings(big)).toEqual(['large direct_responses may impact control plane performance']);
    const huge = vs({ hosts: ['a.com'], http: [{ directResponse: { status: 200, body: { string: 'x'.repeat(1024 * 1024 + 1) } } }] });
    expect(errors(huge)).toEqual(['large direct_responses may impact control plane performance, must be less than 1MB']);
  });

  test('rewrites', () => {
    // validation.go:2725-2749
    expect(errors(httpVS({ rewrite: {} }))).toEqual([
      'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified',
    ]);
    expect(errors(httpVS({ rewrite: { uri: '/v2', uriRegexRewrite: { match: '^/v1', rewrite: '/v2' } } }))).toEqual(['rewrite may only contain one of URI or UriRegexRewrite']);
    expect(errors(httpVS({ rewrite: { uriRegexRewrite: { match: '^/v1' } } }))).toEqual([
      'UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match fields to be specified',
    ]);
    expect(errors(httpVS({ rewrite: { uriRegexRewrite: { match: '^/(v1', rewrite: '/v2' } } }))).toEqual([
      'UriRegexRewrite has errors\n"HTTPRewrite.UriRegexRewrite.Match": error parsing regexp: missing closing ): `^/(v1`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)',
    ]);
  });

  test('mirrors', () => {
    // virtualservice.go:82-100, validation.go:2699
    expect(errors(httpVS({ mirror: { host: 'shadow' }, mirrors: [{ destination: { host: 'shadow2' } }] }))).toEqual(['HTTP route cannot contain both mirror and mirrors']);
    expect(errors(httpVS({ mirrors: [{ percentage: { value: 5 } }] }))).toEqual(['destination is required for mirrors']);
    expect(errors(httpVS({ mirror: { host: 'shadow' }, mirrorPercentage: { value: 120 } }))).toEqual(['mirror_percentage must have a max value of 100 (it has 120.000000)']);
    expect(warnings(httpVS({ mirror: { host: 'shadow' }, mirrorPercent: 50 }))).toEqual(['using deprecated setting "mirrorPercent", use "mirrorPercentage" instead']);
  });

  test('header operations', () => {
    // validation.go:313-359, header_value_validator.go
    const v = httpVS({
      headers: {
        request: { set: { ':path': '/x' }, remove: ['host'] },
        response: { add: { 'x-cost': 'abc%123', Host: 'h' } },
      },
    });
    expect(errors(v)).toEqual([
      'invalid header ":path": header cannot have ":" prefix',
      'invalid header "host": cannot set Host header',
      "header value configuration: invalid header configuration. Un-terminated variable expression 'abc%123'",
      'invalid header "Host": cannot set Host header',
    ]);
    expect(errors(httpVS({ headers: { request: { add: { 'x-b': 'line\nbreak' } } } }))).toEqual(['header value configuration line\nbreak is invalid']);
    expect(istioValidation(httpVS({ headers: { request: { set: { 'x-host': '%HOSTNAME%', 'x-pct': '100%%' } } } }))).toEqual([]);
  });

  test('the authority may be rewritten only once', () => {
    // virtualservice.go:115 validateAuthorityRewrite
    expect(errors(httpVS({ rewrite: { authority: 'a.internal' }, headers: { request: { set: { ':authority': 'b.internal' } } } }))).toEqual([
      'authority header cannot be set multiple times: have "a.internal", attempting to set "b.internal"',
    ]);
  });

  test('CORS policy', () => {
    // validation.go:2449-2501
    const v = httpVS({ corsPolicy: { allowOrigins: [{}, { regex: '[' }], allowMethods: ['GET', 'FETCH'], allowHeaders: ['', '*'], maxAge: '1500ms' } });
    expect(errors(v)).toEqual([
      "'' is not a valid match type for CORS allow origins",
      '"corsPolicy.allowOrigins": error parsing regexp: missing closing ]: `[`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)',
      '"FETCH" is not a supported HTTP method',
      'header name cannot be empty',
      'max_age duration is accurate only to seconds precision',
    ]);
  });

  test('match requests', () => {
    // virtualservice.go:138 validateHTTPRouteMatchRequest
    const v = httpVS({
      match: [
        {
          uri: { regex: '/api/(v1' },
          method: { prefix: '' },
          headers: { 'bad header': { exact: 'x' } },
          withoutHeaders: { 'x-debug': { regex: '*' } },
          port: 70000,
          sourceLabels: { app: 'bad value' },
          sourceNamespace: 'Bad_NS',
        },
      ],
    });
    expect(errors(v)).toEqual([
      'header name bad header is not a valid header name',
      '"uri": error parsing regexp: missing closing ): `/api/(v1`; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)',
      '"method": prefix string match should not be empty',
      'port number 70000 must be in the range 1..65535',
      'invalid tag value: "bad value"',
      'sourceNamespace match Bad_NS is invalid',
    ]);
  });

  test('route destinations', () => {
    // validation.go:2380 validateHTTPRouteDestinations, 2574 validateDestination
    const v = vs({
      hosts: ['a.com'],
      http: [{ route: [{ destination: { host: '*' }, weight: 0 }, { destination: { host: 'b', subset: 'V_1', port: {} }, weight: 0 }, { weight: -5 }] }],
    });
    expect(errors(v)).toEqual([
      'invalid destination host *',
      'subset name is invalid: V_1',
      'port number 0 must be in the range 1..65535',
      'destination is required',
      'weight -5 < 0',
    ]);
    // validation.go:2421 only when the weights of more than one destination sum to exactly 0
    expect(errors(vs({ hosts: ['a.com'], http: [{ route: [{ destination: { host: 'b' }, weight: 0 }, { destination: { host: 'c' }, weight: 0 }] }] }))).toEqual([
      'total destination weight = 0',
    ]);
  });

  test('root and delegate routes', () => {
    // virtualservice.go:190-207
    expect(errors(vs({ hosts: ['a.com'], http: [{ name: 'main', delegate: { name: 'child' }, route: route() }] }))).toEqual(['root HTTP route main must not specify route']);
    expect(errors(vs({ http: [{ delegate: { name: 'grandchild' }, route: route() }] }))).toEqual(['delegate HTTP route cannot contain delegate']);
  });

  test('TLS routes', () => {
    // validation.go:2207-2272
    expect(errors(vs({ hosts: ['a.example.com'], tls: [{ route: route() }] }))).toEqual(['TLS route must have at least one match condition']);
    expect(errors(vs({ hosts: ['a.example.com'], tls: [{ match: [{ sniHosts: ['b.example.com'] }], route: route() }] }))).toEqual([
      'SNI host "b.example.com" is not a compatible subset of any of the virtual service hosts: [a.example.com]',
    ]);
    expect(warnings(vs({ hosts: ['a.example.com'], tls: [{ match: [{ sniHosts: ['10.0.0.1'] }], route: route() }] }))).toEqual([
      'using an IP address ("10.0.0.1") goes against SNI spec and most clients do not support this',
    ]);
  });

  test('TCP routes', () => {
    // validation.go:2274-2302
    expect(errors(vs({ hosts: ['db.example.com'], tcp: [{ match: [{ destinationSubnets: ['10.0.0.0/33'], port: 3306 }] }] }))).toEqual([
      '10.0.0.0/33 is not a valid CIDR block',
      'TCP route is required',
    ]);
  });

  test('exportTo', () => {
    // validation.go:688 validateExportTo
    expect(errors(vs({ hosts: ['a.com'], http: [{ route: route() }], exportTo: ['shop', '.'] }))).toEqual(['duplicate entries in exportTo: . and current namespace shop']);
    // validation.go:703 '.' is replaced by the namespace first, so the later literal entry is the duplicate
    expect(errors(vs({ hosts: ['a.com'], http: [{ route: route() }], exportTo: ['.', 'shop'] }))).toEqual(['duplicate entries in exportTo for entry shop']);
    expect(errors(vs({ hosts: ['a.com'], http: [{ route: route() }], exportTo: ['*', 'other'] }))).toEqual([
      'cannot have both public (*) and non-public exportTo values for a resource',
    ]);
    expect(errors(vs({ hosts: ['a.com'], http: [{ route: route() }], exportTo: ['~'] }))).toEqual(['exportTo ~ (none) is not allowed for Istio configuration objects']);
  });

  test('unreachable and shadowed rules are warnings', () => {
    // validation.go:2025 analyzeUnreachableHTTPRules
    const v = vs({
      hosts: ['a.com'],
      http: [
        { name: 'first', match: [{ uri: { prefix: '/api' } }], route: route() },
        { name: 'second', match: [{ name: 'dup', uri: { prefix: '/api' } }], route: route() },
        { match: [{ uri: { prefix: '/api/v1' } }], route: route() },
        { route: route() },
        { route: route() },
      ],
    });
    expect(errors(v)).toEqual([]);
    expect(warnings(v)).toEqual([
      'virtualService rule "second" match "dup" is not used (duplicate/overlapping match in rule "first")',
      'virtualService rule "second" not used (all matches used by prior rules)',
      'virtualService rule #4 not used (only the last rule can have no matches)',
      'virtualService rule #2 match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on "first")',
    ]);
  });
});

describe('DestinationRule', () => {
  test('a typical rule is accepted', () => {
    // validation.go:658 ValidateDestinationRule
    const d = dr({
      host: 'reviews.shop.svc.cluster.local',
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '30ms', idleTimeout: '0s' }, http: { http2MaxRequests: 1000, maxRequestsPerConnection: 10 } },
        outlierDetection: { consecutive5xxErrors: 7, interval: '5m', baseEjectionTime: '15m' },
        loadBalancer: { simple: 'LEAST_REQUEST' },
      },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }],
    });
    expect(istioValidation(d)).toEqual([]);
  });

  test('host and subsets', () => {
    // validation.go:666-679, 2595, labels/instance.go:88
    const d = dr({ host: '', subsets: [{ name: 'v1' }, { name: 'v1' }, { name: '', labels: { version: 'a b' } }] });
    expect(errors(d)).toEqual(['empty domain name not allowed', 'duplicate subset names: v1', 'subset name cannot be empty', 'invalid tag value: "a b"']);
  });

  test('traffic policy must not be empty; tunnel and proxyProtocol are exclusive', () => {
    // validation.go:1054-1062
    expect(errors(dr({ host: 'a', trafficPolicy: {} }))).toEqual(['traffic policy must have at least one field']);
    expect(errors(dr({ host: 'a', trafficPolicy: { tunnel: { targetHost: 'a.com', targetPort: 80 }, proxyProtocol: {} } }))).toEqual([
      'tunnel and proxyProtocol must not be set together',
    ]);
  });

  test('client TLS settings', () => {
    // agent/validation.go:280 ValidateTLS
    expect(errors(dr({ host: 'a', trafficPolicy: { tls: { mode: 'MUTUAL' } } }))).toEqual(['client certificate required for mutual tls', 'private key required for mutual tls']);
    expect(errors(dr({ host: 'a', trafficPolicy: { tls: { mode: 'SIMPLE', credentialName: 'cred', caCertificates: '/ca.pem' } } }))).toEqual([
      'cannot specify client certificates or CA certificate or CA CRL If credentialName is set',
    ]);
    expect(errors(dr({ host: 'a', trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/ca.pem', insecureSkipVerify: true } } }))).toEqual([
      'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true',
    ]);
    expect(errors(dr({ host: 'a', trafficPolicy: { tls: { mode: 'SIMPLE', credentialName: 'configmap://other/ca' } } }))).toEqual([
      'invalid configmap:// credentialName: namespace must match the configuration namespace "shop"',
    ]);
    expect(istioValidation(dr({ host: 'a', trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'client-cred' } } }))).toEqual([]);
  });

  test('connection pool', () => {
    // validation.go:1127 validateConnectionPool
    expect(errors(dr({ host: 'a', trafficPolicy: { connectionPool: {} } }))).toEqual(['connection pool must have at least one field']);
    const d = dr({ host: 'a', trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: -1, h2UpgradePolicy: 'UPGRADE', useClientProtocol: true }, tcp: { connectTimeout: '500us', tcpKeepalive: { time: '7200s' } } } } });
    expect(errors(d)).toEqual([
      'http1 max pending requests must be non-negative',
      'use client protocol must not be true when H2UpgradePolicy is UPGRADE',
      'duration must be greater than 1ms',
    ]);
  });

  test('outlier detection', () => {
    // validation.go:1101 validateOutlierDetection
    const d = dr({ host: 'a', trafficPolicy: { outlierDetection: { consecutiveErrors: 5, consecutiveLocalOriginFailures: 3, maxEjectionPercent: 150 } } });
    expect(errors(d)).toEqual([
      'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false',
      'percentage 150 is not in range 0..100',
    ]);
    // server.go:238-246: a rejected object carries no warnings
    expect(warnings(d)).toEqual([]);
    const w = dr({ host: 'a', trafficPolicy: { outlierDetection: { consecutiveErrors: 5 } } });
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toEqual(['outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead']);
  });

  test('consistent hash load balancing', () => {
    // validation.go:1188 validateLoadBalancer
    const d = dr({
      host: 'a',
      trafficPolicy: {
        loadBalancer: { consistentHash: { httpCookie: { ttl: '0s', attributes: [{ name: 'SameSite', value: 'Lax' }, { name: 'SameSite' }, {}] }, minimumRingSize: 1024, maglev: { tableSize: 100 } } },
      },
    });
    expect(errors(d)).toEqual([
      'name required for HttpCookie',
      'duplicate cookie attribute name: SameSite',
      'cookie attribute name cannot be empty',
      'only one of MinimumRingSize or Maglev/Ringhash can be specified',
      'tableSize must be a prime number for maglev',
    ]);
    expect(warnings(dr({ host: 'a', trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user', minimumRingSize: 1024 } } } }))).toEqual([
      "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead",
    ]);
    expect(istioValidation(dr({ host: 'a', trafficPolicy: { loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 } } } } }))).toEqual([]);
  });

  test('locality load balancing', () => {
    // agent/validation.go:524 ValidateLocalityLbSetting
    const weights = dr({ host: 'a', trafficPolicy: { loadBalancer: { localityLbSetting: { distribute: [{ from: 'us-west/*', to: { 'us-west/*': 80, 'us-east/*': 10 } }] } } } });
    expect(errors(weights)).toEqual(['total locality weight 90 != 100']);
    const failover = dr({ host: 'a', trafficPolicy: { loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'us-east' }] } } } });
    expect(errors(failover)).toEqual(['locality lb failover settings must specify different regions']);
    const noOutlier = dr({ host: 'a', trafficPolicy: { loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }] } } } });
    expect(errors(noOutlier)).toEqual([]);
    expect(warnings(noOutlier)).toEqual(['outlier detection policy must be provided for failover']);
  });

  test('warmup', () => {
    // validation.go:1239
    expect(errors(dr({ host: 'a', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN', warmup: { minimumPercent: 120, aggression: 0.5 } } } }))).toEqual([
      'duration is required',
      'minimumPercent value should be less than or equal to 100',
      'aggression should be greater than or equal to 1',
    ]);
  });

  test('port level settings drop nested warnings', () => {
    // validation.go:1279 validatePortTrafficPolicies uses appendErrors
    const d = dr({
      host: 'a',
      trafficPolicy: { portLevelSettings: [{ tls: { mode: 'SIMPLE' } }, { port: { number: 80 } }, { port: { number: 81 }, outlierDetection: { consecutiveErrors: 3 } }] },
    });
    expect(errors(d)).toEqual(['portTrafficPolicy must have valid port', 'port traffic policy must have at least one field']);
    expect(warnings(d)).toEqual([]);
  });

  test('tunnel and proxy protocol', () => {
    // validation.go:1073-1099
    expect(errors(dr({ host: 'a', trafficPolicy: { tunnel: { protocol: 'PUT', targetHost: 'bad_host', targetPort: 0 } } }))).toEqual([
      'tunnel protocol must be "CONNECT" or "POST"',
      'tunnel target host must be valid FQDN or IP address: domain name "bad_host" invalid (label "bad_host" invalid); bad_host is not a valid IP',
      'tunnel target port is invalid: port number 0 must be in the range 1..65535',
    ]);
    expect(errors(dr({ host: 'a', trafficPolicy: { proxyProtocol: { version: 5 } } }))).toEqual(['proxy protocol version is invalid: 5']);
  });

  test('workload selector and exportTo', () => {
    // validation.go:721-730, 1359
    const d = dr({ host: 'a', workloadSelector: {}, exportTo: ['*'] });
    expect(errors(d)).toEqual(['destination rule with workload selector cannot have exportTo beyond current namespace']);
    const w = dr({ host: 'a', workloadSelector: {} });
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toEqual(['workload selector specified without labels']);
  });
});

describe('Gateway', () => {
  const server = (extra: M) => ({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop/*.example.com'], ...extra });

  test('an HTTPS gateway with a credential is accepted', () => {
    // validation.go:407 ValidateGateway
    const g = gw({
      selector: { istio: 'ingressgateway' },
      servers: [
        server({ tls: { mode: 'SIMPLE', credentialName: 'shop-cert' } }),
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*.example.com'], tls: { httpsRedirect: true } },
      ],
    });
    expect(istioValidation(g)).toEqual([]);
  });

  test('name and servers', () => {
    // validation.go:417-428
    expect(errors(gw({ servers: [] }, { name: 'edge.gw' }))).toEqual(['invalid gateway name: "edge.gw"', 'gateway must have at least one server']);
  });

  test('server hosts', () => {
    // validation.go:460-465, agent/validation.go:857-914
    expect(errors(gw({ servers: [server({ hosts: [], tls: { mode: 'SIMPLE', credentialName: 'c' } })] }))).toEqual(['server config must contain at least one host']);
    expect(errors(gw({ servers: [server({ hosts: ['shop', 'Bad_NS/a.com', '*bar.com'], tls: { mode: 'SIMPLE', credentialName: 'c' } })] }))).toEqual([
      'short names (non FQDN) are not allowed',
      'invalid namespace value "Bad_NS" in gateway',
      'partial wildcard "*bar.com" not allowed',
    ]);
  });

  test('ports', () => {
    // validation.go:493 validateServerPort, 434-451
    const g = gw({ servers: [{ port: { number: 0, protocol: 'FTP', targetPort: 8080 }, hosts: ['*'] }, { port: { number: 80, protocol: 'HTTP' }, hosts: ['*'] }] });
    expect(errors(g)).toEqual([
      'invalid protocol "FTP", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP',
      'port number 0 must be in the range 1..65535',
      'targetPort has no impact on Gateways',
      'port name must be set: protocol:"FTP" target_port:8080',
      'port name must be set: number:80 protocol:"HTTP"',
      'port names in servers must be unique: duplicate name ',
    ]);
  });

  test('TLS presence versus protocol', () => {
    // validation.go:473-488
    expect(errors(gw({ servers: [server({})] }))).toEqual(['server must have TLS settings for HTTPS/TLS protocols']);
    expect(errors(gw({ servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'c' } }] }))).toEqual([
      'server cannot have TLS settings for plain text HTTP ports',
    ]);
    expect(errors(gw({ servers: [{ port: { number: 31400, name: 'tcp', protocol: 'TCP' }, hosts: ['*'], tls: { mode: 'PASSTHROUGH' } }] }))).toEqual([
      'server cannot have TLS settings for non HTTPS/TLS ports',
    ]);
  });

  test('certificates for SIMPLE / MUTUAL / ISTIO_MUTUAL', () => {
    // validation.go:556-653 validateTLSOptions
    expect(errors(gw({ servers: [server({ tls: { mode: 'SIMPLE' } })] }))).toEqual(['SIMPLE TLS requires a server certificate', 'SIMPLE TLS requires a private key']);
    expect(errors(gw({ servers: [server({ tls: { mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem' } })] }))).toEqual(['MUTUAL TLS requires a client CA bundle']);
    expect(istioValidation(gw({ servers: [server({ tls: { mode: 'OPTIONAL_MUTUAL', credentialName: 'c' } })] }))).toEqual([]);
    expect(errors(gw({ servers: [server({ tls: { mode: 'ISTIO_MUTUAL', credentialName: 'c' } })] }))).toEqual(['ISTIO_MUTUAL TLS cannot have associated credentialName']);
    expect(errors(gw({ servers: [server({ tls: { mode: 'SIMPLE', credentialName: 'c', serverCertificate: '/c.pem', privateKey: '/k.pem' } })] }))).toEqual([
      'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified',
    ]);
    expect(errors(gw({ servers: [server({ tls: { mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem', caCrl: '/crl.pem' } })] }))).toEqual([
      'CRL is not supported with SIMPLE TLS',
    ]);
  });

  test('TLS warnings', () => {
    // validation.go:531-586, 447
    const g = gw({
      servers: [
        server({ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH', credentialName: 'c' } }),
        server({ port: { number: 8443, name: 'https-2', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_1', httpsRedirect: true } }),
        server({ port: { number: 9443, name: 'https-3', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'c', cipherSuites: ['FOO', 'ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA'] } }),
      ],
    });
    expect(errors(g)).toEqual([]);
    expect(warnings(g)).toEqual([
      'AUTO_PASSTHROUGH mode does not use certificates, they will be ignored',
      'TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.',
      'ignoring invalid cipher suites: [FOO]',
      'ignoring duplicate cipher suites: [ECDHE-RSA-AES128-SHA]',
      'tls.httpsRedirect should only be used with http servers',
    ]);
  });

  test('bind addresses', () => {
    // validation.go:514 validateServerBind
    const g = gw({
      servers: [
        { port: { number: 80, name: 'uds', protocol: 'HTTP' }, bind: 'unix://relative', hosts: ['*'] },
        { port: { number: 81, name: 'b', protocol: 'HTTP' }, bind: 'localhost', hosts: ['*'] },
      ],
    });
    expect(errors(g)).toEqual([
      'relative is not an absolute path to a file',
      'port number must be 0 for unix domain socket: number:80 protocol:"HTTP" name:"uds"',
      'localhost is not a valid IP',
    ]);
  });
});

describe('ServiceEntry', () => {
  test('an external API entry is accepted', () => {
    // validation.go:2890 ValidateServiceEntry
    const s = se({ hosts: ['api.payments.example.com'], ports: [{ number: 443, name: 'https', protocol: 'TLS' }], location: 'MESH_EXTERNAL', resolution: 'DNS' });
    expect(istioValidation(s)).toEqual([]);
  });

  test('hosts', () => {
    // validation.go:2915-2929
    expect(errors(se({ resolution: 'DNS' }))).toEqual(['service entry must have at least one host']);
    const s = se({ hosts: ['*', '*foo.com'], resolution: 'STATIC' });
    // labels/instance.go:32 `*foo` is a valid wildcard label, so only the partial wildcard warning (dropped on rejection)
    expect(errors(s)).toEqual(['invalid host *']);
    expect(errors(se({ hosts: ['foo*.com'], resolution: 'NONE' }))).toEqual(['domain name "foo*.com" invalid (label "foo*" invalid)']);
    // validation.go:2989-2996 DNS resolution without endpoints needs a plain FQDN
    expect(errors(se({ hosts: ['*foo.com'], resolution: 'DNS' }))).toEqual([
      'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*foo.com" invalid (label "*foo" invalid)',
    ]);
    const w = se({ hosts: ['*foo.com'], resolution: 'NONE', ports: [{ number: 80, name: 'http', protocol: 'HTTP' }] });
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toEqual(['partial wildcard "*foo.com" not allowed']);
  });

  test('addresses', () => {
    // validation.go:2931-2941
    expect(errors(se({ hosts: ['db.example.com'], addresses: ['10.0.0.0/24', '10.0.0.300'], resolution: 'DNS' }))).toEqual([
      '10.0.0.300 is not a valid IP',
      'CIDR addresses are allowed only for NONE/STATIC resolution types',
    ]);
  });

  test('ports', () => {
    // validation.go:2947-2971
    const s = se({ hosts: ['a.example.com'], resolution: 'DNS', ports: [{ number: 80, name: 'HTTP_x', protocol: 'FTP' }, { number: 80, name: 'HTTP_x', protocol: 'HTTP', targetPort: 70000 }] });
    expect(errors(s)).toEqual([
      'invalid port name: HTTP_x',
      'unsupported protocol: FTP',
      'service entry port name "HTTP_x" already defined',
      'service entry port 80 already defined',
      'port number 70000 must be in the range 1..65535',
      'invalid port name: HTTP_x',
    ]);
  });

  test('TCP ports without addresses warn unless IPs are auto-allocated', () => {
    // validation.go:2944-2966, pilot/pkg/networking/serviceentry/ip_autoallocation.go:84
    const none = se({ hosts: ['db.example.com'], ports: [{ number: 5432, name: 'pg', protocol: 'TCP' }], resolution: 'NONE' });
    expect(warnings(none)).toEqual(['addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled']);
    const dns = se({ hosts: ['db.example.com'], ports: [{ number: 5432, name: 'pg' }], resolution: 'DNS' });
    expect(warnings(dns)).toEqual([]);
    const optOut = se({ hosts: ['db.example.com'], ports: [{ number: 5432, name: 'pg' }], resolution: 'DNS' }, { labels: { 'networking.istio.io/enable-autoallocate-ip': 'False' } });
    expect(warnings(optOut)).toEqual(['addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled']);
  });

  test('resolution NONE and STATIC', () => {
    // validation.go:2974-2988, 2762 validateWorkloadEntry
    expect(errors(se({ hosts: ['a.example.com'], addresses: ['10.0.0.1'], endpoints: [{ address: '10.0.0.2' }], resolution: 'NONE' }))).toEqual([
      'no endpoints should be provided for resolution type none',
    ]);
    const s = se({ hosts: ['a.example.com'], addresses: ['10.0.0.1'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'STATIC', endpoints: [{ address: 'a.example.com' }, { address: '10.0.0.3', ports: { grpc: 9090 } }] });
    expect(errors(s)).toEqual(['endpoint address "a.example.com" is not a valid IP address', 'endpoint port 9090 is not defined by the service entry']);
  });

  test('resolution DNS and DNS_ROUND_ROBIN', () => {
    // validation.go:2989-3043
    expect(errors(se({ hosts: ['*.example.com'], resolution: 'DNS' }))).toEqual([
      'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.example.com" invalid (label "*" invalid)',
    ]);
    expect(errors(se({ hosts: ['a.example.com'], resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'x.example.com' }, { address: 'bad_name' }] }))).toEqual([
      'there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN',
      'endpoint address "bad_name" is not a valid FQDN or an IP address',
    ]);
  });

  test('resolution DYNAMIC_DNS', () => {
    // validation.go:3045-3073
    const s = se({ hosts: ['a.example.com'], resolution: 'DYNAMIC_DNS', location: 'MESH_INTERNAL', ports: [{ number: 5432, name: 'pg', protocol: 'TCP' }] });
    expect(errors(s)).toEqual([
      'host must be wildcarded for resolution mode DYNAMIC_DNS',
      'only HTTP protocol is supported for resolution type DYNAMIC_DNS',
      'location must be MESH_EXTERNAL for resolution type DYNAMIC_DNS',
    ]);
  });

  test('several hosts need HTTP or TLS ports', () => {
    // validation.go:3086
    const s = se({ hosts: ['a.example.com', 'b.example.com'], resolution: 'DNS', ports: [{ number: 6379, name: 'redis', protocol: 'TCP' }] });
    expect(errors(s)).toEqual(['multiple hosts provided with non-HTTP, non-TLS ports']);
  });

  test('workload selector', () => {
    // validation.go:2899-2913
    expect(errors(se({ hosts: ['a.example.com'], resolution: 'STATIC', workloadSelector: { labels: { app: '*' } } }))).toEqual([
      'wildcard is not supported in selector: "app=*"',
    ]);
    expect(errors(se({ hosts: ['a.example.com'], resolution: 'STATIC', workloadSelector: { labels: { app: 'a' } }, endpoints: [{ address: '10.0.0.1' }] }))).toEqual([
      'only one of WorkloadSelector or Endpoints is allowed in Service Entry',
    ]);
    expect(warnings(se({ hosts: ['a.example.com'], resolution: 'STATIC', workloadSelector: {} }))).toEqual([
      'service entry: workload selector specified without labels, will be applied to all services in namespace',
    ]);
  });

  test('exportTo may contain "~" alone', () => {
    // validation.go:706-746
    expect(errors(se({ hosts: ['a.example.com'], resolution: 'DNS', exportTo: ['~'] }))).toEqual([]);
    expect(errors(se({ hosts: ['a.example.com'], resolution: 'DNS', exportTo: ['~', '*'] }))).toEqual([
      'cannot have both public (*) and non-public exportTo values for a resource',
      'cannot export service entry to no one (~) and someone',
    ]);
  });
});

describe('Sidecar', () => {
  test('a namespace-wide egress restriction is accepted', () => {
    // validation.go:776 ValidateSidecar
    expect(istioValidation(sc({ egress: [{ hosts: ['./*', 'istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }))).toEqual([]);
  });

  test('empty configuration', () => {
    // validation.go:796
    expect(errors(sc({ workloadSelector: { labels: { app: 'a' } } }))).toEqual(['sidecar: empty configuration provided']);
  });

  test('egress hosts', () => {
    // validation.go:926-967, agent/validation.go:881
    const s = sc({ egress: [{ hosts: ['foo.example.com', 'bad_ns/x.com'] }, { hosts: [] }] });
    // validation.go:893-898 both listeners lack a port; labels/instance.go:29 the namespace label may contain upper case
    expect(errors(s)).toEqual([
      'sidecar: the egress listener with empty port should be the last listener in the list',
      'host must be of form namespace/dnsName',
      'invalid namespace value "bad_ns" in sidecar',
      'sidecar: egress listener must contain at least one host',
    ]);
    expect(errors(sc({ egress: [{ hosts: ['Upper/x.example.com'] }] }))).toEqual([]);
    const w = sc({ egress: [{ hosts: ['shop/a.example.com', 'shop/a.example.com', '*/*'] }] });
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toEqual(['duplicated egress host: shop/a.example.com', '`*/*` host select all resources, no other hosts can be added']);
  });

  test('egress listeners with and without ports', () => {
    // validation.go:887-924, 997
    const s = sc({
      egress: [
        { hosts: ['*/*'] },
        { port: { number: 0, protocol: 'HTTP' }, bind: '10.0.0.1', captureMode: 'IPTABLES', hosts: ['*/*'] },
        { port: { number: 9080, name: 'Http_1', protocol: 'HTTP' }, hosts: ['*/*'] },
      ],
    });
    expect(errors(s)).toEqual([
      'sidecar: the egress listener with empty port should be the last listener in the list',
      'sidecar: ports with 0 value must have a unix domain socket bind address',
      'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners',
      'invalid port name: Http_1',
    ]);
  });

  test('ingress listeners', () => {
    // validation.go:801-879
    const s = sc({
      ingress: [
        {},
        { port: { number: 9080, protocol: 'HTTP' }, defaultEndpoint: '10.1.1.1:8080' },
        { port: { number: 9080, protocol: 'HTTP' }, defaultEndpoint: '127.0.0.1' },
        { port: { number: 9443, protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' } },
      ],
    });
    expect(errors(s)).toEqual([
      'sidecar: port is required for ingress listeners',
      'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset',
      'sidecar: ports on IP bound listeners must be unique',
      'address 127.0.0.1: missing port in address',
      'sidecar: defaultEndpoint port () is not a number: strconv.Atoi: parsing "": invalid syntax',
      'configuration is invalid: cannot set mode to ISTIO_MUTUAL in sidecar ingress tls',
    ]);
  });

  test('ingress connection pool on a non-HTTP port warns', () => {
    // validation.go:874
    const s = sc({ ingress: [{ port: { number: 5432, name: 'pg', protocol: 'TCP' }, connectionPool: { http: { maxRetries: 1 } } }] });
    expect(warnings(s)).toEqual([
      'sidecar: HTTP connection pool settings are configured for port 5432 ("pg") but its protocol is not HTTP (TCP); only TCP settings will apply',
    ]);
  });

  test('outbound traffic policy and selector', () => {
    // validation.go:975, 784-794
    const s = sc({ workloadSelector: {}, egress: [{ hosts: ['*/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY', egressProxy: { host: 'proxy.example.com', port: { number: 3128 } } } });
    expect(errors(s)).toEqual(['sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode']);
    const w = sc({ workloadSelector: {}, egress: [{ hosts: ['*/*'] }] });
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toEqual(['sidecar: workload selector specified without labels, will be applied to all services in namespace']);
  });
});

describe('WorkloadEntry', () => {
  test('a VM workload is accepted', () => {
    // validation.go:2752 ValidateWorkloadEntry
    expect(istioValidation(we({ address: 'vm-1.corp.example.com', ports: { http: 8080 }, labels: { app: 'legacy' }, serviceAccount: 'legacy' }))).toEqual([]);
  });

  test('address rules', () => {
    // validation.go:2762-2789
    expect(errors(we({}))).toEqual(['address is required']);
    expect(warnings(we({ network: 'vpc-1' }))).toEqual(['address is unset with network "vpc-1"']);
    expect(errors(we({ address: 'unix:///var/run/app.sock', ports: { http: 80 } }))).toEqual(['unix endpoint unix:///var/run/app.sock must not include ports']);
    expect(errors(we({ address: 'bad_host' }))).toEqual(['endpoint address "bad_host" is not a valid FQDN or an IP address']);
  });

  test('ports and labels', () => {
    // validation.go:2791-2800
    expect(errors(we({ address: '10.0.0.5', ports: { Web_1: 0 }, labels: { '-bad': 'x' } }))).toEqual([
      'invalid port name: Web_1',
      'port number 0 must be in the range 1..65535',
      'invalid tag key: "-bad"',
    ]);
  });
});

describe('AuthorizationPolicy', () => {
  test('a typical ALLOW policy is accepted', () => {
    // validation.go:1403 ValidateAuthorizationPolicy
    const p = ap({
      selector: { matchLabels: { app: 'api' } },
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'], ipBlocks: ['10.0.0.0/8'] } }],
          to: [{ operation: { methods: ['GET'], paths: ['/api/{*}/items/{**}'], ports: ['8080'] } }],
          when: [{ key: 'request.auth.claims[groups]', values: ['admins'] }, { key: 'source.ip', notValues: ['10.1.0.0/16'] }],
        },
      ],
    });
    expect(istioValidation(p)).toEqual([]);
  });

  test('DENY and CUSTOM need rules; provider only with CUSTOM', () => {
    // validation.go:1419-1467
    expect(errors(ap({ action: 'DENY', rules: [] }))).toEqual([
      AP + 'DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request',
    ]);
    expect(istioValidation(ap({ action: 'DENY', rules: [{}] }))).toEqual([]);
    expect(errors(ap({ action: 'CUSTOM', rules: [{}] }))).toEqual([AP + '`provider.name` must not be empty']);
    expect(errors(ap({ action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{ from: [{ source: { namespaces: ['a'] } }], when: [{ key: 'request.auth.claims[iss]', values: ['x'] }] }] }))).toEqual([
      AP + 'From.Namespaces is currently not supported with CUSTOM action',
      AP + 'request.auth.claims[iss] is currently not supported with CUSTOM action',
    ]);
    expect(errors(ap({ provider: { name: 'ext-authz' }, rules: [{}] }))).toEqual([AP + '`provider` must not be with non CUSTOM action, found ALLOW']);
  });

  test('from sources', () => {
    // validation.go:1481-1522, security.go:105-149, 251
    const p = ap({
      rules: [
        { from: [{}, { source: {} }] },
        { from: [{ source: { namespaces: ['a'], serviceAccounts: ['a/sa'] } }] },
        { from: [{ source: { ipBlocks: ['10.0.0.300', '10.0.0.0/40'], principals: [''] } }] },
        { from: [{ source: { serviceAccounts: ['a/b/c', '*'] } }] },
      ],
    });
    expect(errors(p)).toEqual([
      AP + '`from.source` must not be nil, found at rule 0',
      AP + '`from.source` must not be empty, found at rule 0',
      AP + 'cannot set serviceAccounts with namespaces or principals, found at rule 1',
      AP + 'bad IP address (10.0.0.300)',
      AP + 'bad CIDR range (10.0.0.0/40): netip.ParsePrefix("10.0.0.0/40"): prefix length out of range',
      AP + 'empty value not allowed, found in Principals',
      AP + "expected format 'serviceAccount' or 'namespace/serviceAccount', found \"a/b/c\" in ServiceAccounts",
    ]);
  });

  test('to operations', () => {
    // validation.go:1527-1557, security.go:267
    const p = ap({ rules: [{ to: [{}, { operation: {} }, { operation: { ports: ['http', '70000'], methods: [''] } }] }] });
    expect(errors(p)).toEqual([
      AP + '`to.operation` must not be nil, found at rule 0',
      AP + '`to.operation` must not be empty, found at rule 0',
      AP + 'bad port (http): strconv.ParseUint: parsing "http": invalid syntax',
      AP + 'bad port (70000): <nil>',
      AP + 'empty value not allowed, found in Methods',
    ]);
  });

  test('path templates', () => {
    // security.go:151 CheckValidPathTemplate
    const p = ap({ rules: [{ to: [{ operation: { paths: ['/a/{**}/{*}'], notPaths: ['/x/{id}'] } }, { operation: { paths: ['/a*/{*}'] } }] }] });
    expect(errors(p)).toEqual([
      AP + 'invalid or unsupported path a/{**}/{*}, found in Paths. {**} is not the last operator',
      AP + "invalid or unsupported path x/{id}, found in NotPaths. Contains '{' or '}' beyond a supported path template",
      AP + 'invalid or unsupported path a*/{*}, found in Paths. Contains segment a* with invalid string literal',
    ]);
    // '/a/{**}/b' literal segments after {**} are accepted (security.go:166 only rejects a second template)
    expect(istioValidation(ap({ rules: [{ to: [{ operation: { paths: ['/a/{**}/b'] } }] }] }))).toEqual([]);
  });

  test('conditions', () => {
    // validation.go:1558-1575, security.go:199 ValidateAttribute
    const p = ap({
      rules: [
        {
          when: [
            { key: '', values: ['x'] },
            { key: 'request.auth.claims' },
            { key: 'request.auth.claims', values: ['x'] },
            { key: 'destination.namespace', values: ['x'] },
            { key: 'request.method', values: ['GET'] },
            { key: 'source.ip', values: ['1.2.3'] },
          ],
        },
      ],
    });
    expect(errors(p)).toEqual([
      AP + '`key` must not be empty',
      AP + 'at least one of `values` or `notValues` must be set for key request.auth.claims',
      AP + 'invalid `value` for `key` request.auth.claims: bad key (request.auth.claims): should have format a[b]',
      AP + 'invalid `notValue` for `key` request.auth.claims: bad key (request.auth.claims): should have format a[b]',
      AP + 'invalid `value` for `key` destination.namespace: attribute destination.namespace is replaced by the metadata.namespace',
      AP + 'invalid `notValue` for `key` destination.namespace: attribute destination.namespace is replaced by the metadata.namespace',
      AP + 'invalid `value` for `key` request.method: unknown attribute: request.method',
      AP + 'invalid `notValue` for `key` request.method: unknown attribute: request.method',
      AP + 'invalid `value` for `key` source.ip: 1 error occurred:\n\t* bad IP address (1.2.3)\n\n',
    ]);
  });

  test('DENY rules with only HTTP attributes warn about TCP traffic', () => {
    // validation.go:1577
    const p = ap({ action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }, { to: [{ operation: { ports: ['22'] } }] }] });
    expect(errors(p)).toEqual([]);
    expect(warnings(p)).toEqual([
      'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port',
    ]);
  });

  test('selector and targetRef(s)', () => {
    // validation.go:1317-1400
    const p = ap({ selector: { matchLabels: { app: 'a*' } }, targetRef: { kind: 'Deployment', group: 'apps', name: '', namespace: 'other' }, rules: [{}] });
    expect(errors(p)).toEqual([
      AP + 'only one of targetRefs or workloadSelector can be set',
      AP + 'wildcard is not supported in selector: "app=a*"',
      AP + 'targetRef name must be set',
      AP + 'targetRef namespace must not be set; cross namespace referencing is not supported',
      AP +
        'targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1beta1/Gateway gateway.networking.k8s.io/v1beta1/GatewayClass] but was apps/Deployment',
    ]);
    const ok = ap({ targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'edge' }, { kind: 'Service', name: 'api' }], rules: [{}] });
    expect(istioValidation(ok)).toEqual([]);
    expect(warnings(ap({ selector: {}, rules: [{}] }))).toEqual(['workload selector specified without labels']);
  });
});

describe('PeerAuthentication', () => {
  test('strict mTLS with a port exception is accepted', () => {
    // validation.go:1682 ValidatePeerAuthentication
    expect(istioValidation(pa({ selector: { matchLabels: { app: 'db' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { '9000': { mode: 'DISABLE' } } }))).toEqual([]);
  });

  test('port level mTLS rules', () => {
    // validation.go:1690-1706
    expect(errors(pa({ portLevelMtls: { '8080': { mode: 'DISABLE' } } }))).toEqual(['mesh/namespace peer authentication cannot have port level mTLS']);
    expect(errors(pa({ selector: { matchLabels: { app: 'a' } }, portLevelMtls: {} }))).toEqual(['port level mTLS, if defined, must have at least one element']);
    expect(errors(pa({ selector: { matchLabels: { app: 'a' } }, portLevelMtls: { '0': {}, '70000': {} } }))).toEqual([
      'port must be in range 1..65535',
      'port must be in range 1..65535',
    ]);
  });

  test('mode values and selector', () => {
    // jsonpb enum decoding; validation.go:1708
    expect(errors(pa({ mtls: { mode: 'ON' } }))).toEqual([
      'error decoding configuration: unknown value "\\"ON\\"" for enum istio.security.v1beta1.PeerAuthentication.MutualTLS.Mode',
    ]);
    expect(warnings(pa({ selector: { matchLabels: {} }, mtls: { mode: 'PERMISSIVE' } }))).toEqual(['workload selector specified without labels']);
  });
});

describe('RequestAuthentication', () => {
  test('a typical JWT rule is accepted', () => {
    // validation.go:1590 ValidateRequestAuthentication
    const r = ra({
      selector: { matchLabels: { app: 'api' } },
      jwtRules: [
        {
          issuer: 'https://accounts.example.com',
          jwksUri: 'https://accounts.example.com/.well-known/jwks.json',
          audiences: ['api'],
          fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }],
          outputClaimToHeaders: [{ header: 'x-user', claim: 'sub' }],
          timeout: '5s',
        },
      ],
    });
    expect(istioValidation(r)).toEqual([]);
  });

  test('issuer, audiences and jwksUri', () => {
    // validation.go:1615-1629, security.go:76 ParseJwksURI
    expect(errors(ra({ jwtRules: [{ audiences: [''] }] }))).toEqual(['audience must be non-empty string', 'issuer or jwksUri must be non-empty string']);
    expect(errors(ra({ jwtRules: [{ jwksUri: 'ftp://keys.example.com/jwks' }] }))).toEqual(['URI scheme "ftp" is not supported']);
    expect(errors(ra({ jwtRules: [{ issuer: 'x', jwksUri: 'https://[::1/keys' }] }))).toEqual(['parse "https://[::1/keys": missing \']\' in host']);
    expect(errors(ra({ jwtRules: [{ issuer: 'x', jwksUri: 'https://keys.example.com:https/jwks' }] }))).toEqual([
      'parse "https://keys.example.com:https/jwks": invalid port ":https" after host',
    ]);
  });

  test('inline jwks', () => {
    // validation.go:1631, github.com/lestrrat-go/jwx jwk.Parse
    expect(errors(ra({ jwtRules: [{ issuer: 'x', jwks: '{"keys": [' }] }))).toEqual(['jwks parse error: failed to unmarshal JWK set: unexpected end of JSON input']);
    expect(errors(ra({ jwtRules: [{ issuer: 'x', jwks: '{"keys": [{"kty": "DSA"}]}' }] }))).toEqual([
      'jwks parse error: failed to unmarshal JWK set: failed to decode key #0 in "keys": invalid key type from JSON (DSA)',
    ]);
    expect(istioValidation(ra({ jwtRules: [{ issuer: 'x', jwks: '{"keys":[{"kty":"RSA","n":"abc","e":"AQAB"}]}' }] }))).toEqual([]);
  });

  test('token locations, claim headers, timeout', () => {
    // validation.go:1638-1677
    const r = ra({ jwtRules: [{ issuer: 'x', fromHeaders: [{ prefix: 'Bearer ' }], fromParams: [''], fromCookies: [''], outputClaimToHeaders: [{ header: 'x user', claim: 'sub' }, { claim: 'sub' }], timeout: '500us' }] });
    expect(errors(r)).toEqual([
      'location header name must be non-empty string',
      'location query must be non-empty string',
      'cookie name must be non-empty string',
      'header name x user is not a valid header name',
      'outputClaimToHeaders header and claim value must be non-empty string',
      'duration must be greater than 1ms',
    ]);
  });
});

describe('Telemetry', () => {
  test('a typical telemetry resource is accepted', () => {
    // validation.go:3162 ValidateTelemetry
    const t = tm({
      tracing: [{ providers: [{ name: 'otel' }], randomSamplingPercentage: 10, customTags: { team: { literal: { value: 'shop' } } } }],
      accessLogging: [{ providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } }],
      metrics: [{ providers: [{ name: 'prometheus' }], overrides: [{ match: { metric: 'REQUEST_COUNT' }, tagOverrides: { request_host: { operation: 'REMOVE' } } }] }],
    });
    expect(istioValidation(t)).toEqual([]);
  });

  test('tracing', () => {
    // validation.go:3196 validateTelemetryTracing
    const t = tm({ tracing: [{ providers: [{ name: 'a' }, {}], randomSamplingPercentage: 101, customTags: { '': { literal: {} }, h: { header: {} } } }, {}] });
    expect(errors(t)).toEqual([
      'providers.name may not be empty',
      'randomSamplingPercentage must be in range [0.0, 100.0]',
      'tag name may not be empty',
      'literal tag value may not be empty',
      'header tag name may not be empty',
    ]);
    const w = tm({ tracing: [{ providers: [{ name: 'a' }, { name: 'b' }] }, {}] });
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toEqual(['multiple tracing is not currently supported', 'multiple providers is not currently supported']);
  });

  test('access logging filter must be CEL', () => {
    // validation_istiod.go:29 validateTelemetryFilter
    const e = errors(tm({ accessLogging: [{ filter: { expression: 'response.code >=' } }] }));
    expect(e).toHaveLength(1);
    expect(e[0].startsWith('must be a valid CEL expression, ERROR: <input>:1:17: Syntax error: ')).toBe(true);
  });

  test('metrics overrides', () => {
    // validation.go:3238 validateTelemetryMetrics
    const t = tm({ metrics: [{ overrides: [{ tagOverrides: { a: {}, b: { operation: 'REMOVE', value: 'x' }, '': { value: 'y' } }, match: { customMetric: '' } }] }] });
    expect(errors(t)).toEqual([
      'tagOverrides.value must be set when operation is UPSERT',
      'tagOverrides.value may only be set when operation is UPSERT',
      'customMetric may not be empty',
    ]);
    const w = tm({ metrics: [{ overrides: [{ tagOverrides: { '': { operation: 'REMOVE' } } }] }] });
    expect(errors(w)).toEqual([]);
    expect(warnings(w)).toEqual(['tagOverrides.name may not be empty']);
  });

  test('selector and targetRef are exclusive', () => {
    // validation.go:3171 validateOneOfSelectorType
    expect(errors(tm({ selector: { matchLabels: { app: 'a' } }, targetRefs: [{ kind: 'Service', name: 'a' }] }))).toEqual([
      'only one of targetRefs or workloadSelector can be set',
    ]);
  });
});
