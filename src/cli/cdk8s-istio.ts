#!/usr/bin/env node
// The cdk8s-istio command: `cdk8s-istio simulate DIR --from NS/SA --to HOST[:PORT] ...` runs
// simulate() on the manifests of a folder. Node only: arguments by node:util parseArgs.
// Exit status: 0 allowed, 3 denied, 2 usage error, 1 any other error.
// `cdk8s-istio run main.ts` runs a cdk8s app fast (./run-app), for the `app:` of cdk8s.yaml.
import { parseArgs } from 'node:util';
import type * as Request from '../checks/simulator/request';
import type * as Simulate from '../checks/simulator/simulate';
import { SimulatedJwt, SimulationResult } from '../checks/simulator/types';

// Loaded for `simulate` only: `run` starts an app, which needs none of the simulator.
const parseRequestTarget: typeof Request.parseRequestTarget = (...args) => require('../checks/simulator/request').parseRequestTarget(...args);
const simulate: typeof Simulate.simulate = (...args) => require('../checks/simulator/simulate').simulate(...args);

/** Where the command writes (injectable, for tests). */
export interface CliIo {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
}

/** Exit statuses of the command. */
export const EXIT = { ALLOWED: 0, ERROR: 1, USAGE: 2, DENIED: 3 } as const;

const USAGE = `Usage: cdk8s-istio simulate DIR --from NS/SA --to HOST[:PORT] [options]

Simulates one HTTP request through the Istio mesh that the manifests of DIR describe
(*.yaml, *.yml, *.json): the route it takes, whether the mesh lets it through, which
policy decides, and the mutual TLS in force.

  DIR                 folder (or file) of manifests, e.g. dist
  --from NS/SA        caller: namespace/serviceaccount; the ingress is
                      istio-system/istio-ingressgateway-service-account, or
                      NS/GATEWAY-istio for a Gateway API Gateway
  --to HOST[:PORT]    host called: reviews:9080, productpage.bookinfo.svc.cluster.local:9080
  --path P            request path, with an optional query (default /)
  --method M          HTTP method in upper case (default GET)
  --header K=V        request header; repeat for several
  --jwt ISS/SUB       the request carries a valid JWT of issuer ISS and subject SUB
  --json              print the result as JSON
  -v, --verbose       also print the enforcement points and notes
  -h, --help          print this help

Exit status: 0 allowed, 3 denied, 2 usage error, 1 other error.

       cdk8s-istio run ENTRY

Runs a cdk8s app (ENTRY: its main.ts) fast, as the app: of cdk8s.yaml: bundled with
the app's esbuild (npm install --save-dev esbuild), no type check, rebuilt only when a
source changed, and run with a V8 code cache (both in node_modules/.cache/cdk8s-istio).
`;

class UsageError extends Error {}

const OPTIONS = '--from, --to, --path, --method, --header, --jwt, --json, --verbose (-v), --help (-h)';

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Runs the command line (`argv` without the node and script paths) and returns the exit status:
 * 0 when the request is allowed, 3 when denied, 2 on a usage error, 1 on any other error.
 */
export function main(argv: readonly string[], io: CliIo = defaultIo): number {
  try {
    return run(argv, io);
  } catch (err: any) {
    if (err instanceof UsageError) {
      io.stderr(`cdk8s-istio: ${err.message}\nRun "cdk8s-istio simulate --help" for the options.\n`);
      return EXIT.USAGE;
    }
    io.stderr(`cdk8s-istio: ${err?.message ?? err}\n`);
    return EXIT.ERROR;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === 'run') {
    if (rest.length !== 1 || rest[0].startsWith('-')) throw new UsageError('run takes the app\'s entry point, e.g. cdk8s-istio run main.ts');
    require('./run-app').runApp(rest[0]);
    return 0;
  }
  if (command === undefined) throw new UsageError('a command is required: simulate');
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return EXIT.ALLOWED;
  }
  if (command !== 'simulate') throw new UsageError(`unknown command ${JSON.stringify(command)}; the command is: simulate`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        'from': { type: 'string' },
        'to': { type: 'string' },
        'path': { type: 'string' },
        'method': { type: 'string' },
        'header': { type: 'string', multiple: true },
        'jwt': { type: 'string' },
        'json': { type: 'boolean' },
        'verbose': { type: 'boolean', short: 'v' },
        'help': { type: 'boolean', short: 'h' },
      },
    });
  } catch (err: any) {
    const message = String(err?.message ?? err).replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `${message}; the options are ${OPTIONS}` : message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT.ALLOWED;
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `one manifests folder is expected, got ${positionals.length}: ${positionals.join(' ')}` : 'the manifests folder (DIR) is required, e.g. cdk8s-istio simulate dist --from NS/SA --to HOST[:PORT]');
  }
  const from = required(values.from, '--from', 'NS/SA');
  const to = required(values.to, '--to', 'HOST[:PORT]');
  try {
    parseRequestTarget({ from, to: 'x' });
  } catch {
    throw new UsageError(`--from must be NAMESPACE/SERVICEACCOUNT (lower-case names, e.g. bookinfo/bookinfo-productpage), got ${JSON.stringify(from)}`);
  }
  try {
    parseRequestTarget({ from: 'a/b', to });
  } catch {
    throw new UsageError(`--to must be HOST or HOST:PORT (a DNS name, a port from 1 to 65535, e.g. reviews:9080), got ${JSON.stringify(to)}`);
  }
  if (values.path !== undefined && !values.path.startsWith('/')) throw new UsageError(`--path must start with "/" (e.g. /productpage), got ${JSON.stringify(values.path)}`);
  if (values.method !== undefined && !/^[A-Z]+$/.test(values.method)) {
    throw new UsageError(`--method must be an HTTP method in upper case (GET, POST, PUT, DELETE...), got ${JSON.stringify(values.method)}`);
  }
  const headers: Record<string, string> = {};
  for (const h of values.header ?? []) {
    const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)=(.*)$/s.exec(h);
    if (!m) throw new UsageError(`--header must be NAME=VALUE (a header name, "=", its value, e.g. end-user=jason), got ${JSON.stringify(h)}`);
    headers[m[1].toLowerCase()] = m[2];
  }
  let jwt: SimulatedJwt | undefined;
  if (values.jwt !== undefined) {
    const i = values.jwt.lastIndexOf('/');
    if (i <= 0 || i === values.jwt.length - 1) {
      throw new UsageError(`--jwt must be ISSUER/SUBJECT (split at the last "/", e.g. testing@secure.istio.io/testing@secure.istio.io), got ${JSON.stringify(values.jwt)}`);
    }
    jwt = { iss: values.jwt.slice(0, i), sub: values.jwt.slice(i + 1) };
  }

  const result = simulate(positionals[0], { from, to, path: values.path, method: values.method, headers, jwt });
  io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : render(result, values.verbose === true));
  return result.allowed ? EXIT.ALLOWED : EXIT.DENIED;
}

function required(value: string | undefined, flag: string, form: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} ${form} is required`);
  return value;
}

const pad = (label: string): string => label.padEnd(10);

/** The human output: route, decision, mTLS, why (and with `verbose`, every enforcement point and the notes). */
export function render(r: SimulationResult, verbose = false): string {
  const lines: string[] = [];
  const route = r.route;
  const where = route.object
    ? `${route.object}${route.rule !== undefined ? ` rule ${route.rule}` : ''}${route.match !== undefined ? ` match ${route.match}` : ''}`
    : r.caller.proxy === 'none' ? 'no routing rules (the caller has no sidecar): the Service\'s endpoints, evenly'
      : r.caller.proxy === 'ztunnel' && r.enforcement.every((e) => e.kind !== 'waypoint') ? 'no routing rules (ztunnel, no waypoint): the Service\'s endpoints, evenly'
      : route.destinations.length && !route.destinations[0].workloads.length && r.allowed ? 'passthrough (not a Service of the manifests)'
        : 'default route (no VirtualService or HTTPRoute): the Service\'s endpoints, evenly';
  lines.push(`${pad('route')}${where}`);
  for (const d of route.destinations) {
    const what = [`${d.host}${d.port ? `:${d.port}` : ''}`, d.subset ? `subset ${d.subset}` : '', d.version ? `version ${d.version}` : ''].filter((x) => x).join(' ');
    const status = d.allowed === false && d.response !== undefined ? `  (${d.response})` : '';
    lines.push(`${pad('')}→ ${what}  ${d.weight}%${status}`);
  }
  if (!route.destinations.length) lines.push(`${pad('')}${route.description}`);
  const extras = [route.timeout ? `timeout ${route.timeout}` : '', route.fault?.abort?.percentage ? `abort ${route.fault.abort.httpStatus} for ${route.fault.abort.percentage}%` : '',
    route.fault?.delay?.percentage ? `delay ${route.fault.delay.fixedDelay} for ${route.fault.delay.percentage}%` : '',
    ...(route.mirror ?? []).map((m) => `mirror to ${m.host}${m.subset ? ` subset ${m.subset}` : ''} ${m.percentage}%`), route.redirect ? `redirect ${route.redirect}` : ''].filter((x) => x);
  if (extras.length) lines.push(`${pad('')}${extras.join('; ')}`);
  const verdict = r.allowed ? 'ALLOWED' : `DENIED${r.response !== undefined ? ` (${r.response})` : ''}`;
  const policy = r.policy === 'no policy' ? 'no policy decides'
    : `${r.policy}${r.rule !== undefined ? ` rule ${r.rule}` : ''}${r.action ? ` (${r.action}${r.rule === undefined && !r.allowed ? ', no rule matches' : ''})` : ''}`;
  lines.push(`${pad('decision')}${verdict}: ${policy}${r.enforcedAt ? ` at ${r.enforcedAt}` : ''}`);
  const m = r.mtls;
  if (m.outcome === 'not reached') {
    lines.push(`${pad('mTLS')}not reached: ${m.source}`);
  } else {
    const mode = m.mode === 'NONE' ? m.source : `${m.mode} from ${m.source}${m.port !== undefined ? `, port ${m.port}` : ''}`;
    const sender = m.clientTls === 'HBONE from the waypoint' ? 'the waypoint' : 'the caller';
    const callerSide = m.callerMtls ? `${sender} sends mTLS as ${m.principal ?? r.caller.principal}` : `the caller sends ${m.transport} (${m.clientTls}), no principal`;
    lines.push(`${pad('mTLS')}${mode}; ${callerSide}${m.outcome !== 'ok' ? `: ${m.outcome}` : ''}`);
  }
  lines.push(`${pad('why')}${r.reason}`);
  if (verbose) {
    for (const e of r.enforcement) {
      lines.push(`${pad('enforced')}${e.at} (${e.layer}, port ${e.port}): ${e.allowed ? 'allow' : 'deny'}, ${e.policy}${e.rule !== undefined ? ` rule ${e.rule}` : ''}${e.matched.length ? `; matched ${e.matched.join(', ')}` : ''}`);
    }
    for (const n of r.notes) lines.push(`${pad('note')}${n}`);
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  if (process.argv[2] === 'run') {
    // No process.exit() after an app: it may still have work queued (and the code cache is
    // written on exit).
    try {
      if (process.argv.length !== 4 || process.argv[3].startsWith('-')) throw new Error('run takes the app\'s entry point, e.g. cdk8s-istio run main.ts');
      require('./run-app').runApp(process.argv[3]);
    } catch (err: any) {
      // The message names the construct, prop or variable at fault; the stack is for bugs.
      process.stderr.write(`${process.env.DEBUG ? err?.stack : `${err?.message ?? err}\n(DEBUG=1 shows the stack trace)`}\n`);
      process.exitCode = 1;
    }
  } else {
    process.exit(main(process.argv.slice(2)));
  }
}
