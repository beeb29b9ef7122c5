import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { withFastYaml } from './fast-yaml';

// cdk8s's App.synth() validates the whole app once, then once more for every chart it writes
// (Chart.toJson() validates again), and serializes every object again after our checks did.
// On a large mesh that multiplies the cost of the analyzer and the cross-object checks. Inside one
// app.synth() call nothing changes the tree, so these helpers compute each check and each
// object's JSON once per call, and YAML is written by the byte-identical fast emitter of
// ./fast-yaml. Outside app.synth() (Testing.synth, a second synth after changes) they compute
// every time.

interface Session {
  readonly results: Map<string, unknown>;
  readonly memoized: ApiObject[];
}

const sessions = new WeakMap<IConstruct, Session>();
const wrapped = new WeakSet<IConstruct>();

/** Makes `app.synth()` of the root of `scope` a session in which work is done once. */
export function enableSynthSessions(scope: IConstruct): void {
  const root = scope.node.root as IConstruct & { synth?: (...args: unknown[]) => unknown };
  if (wrapped.has(root) || typeof root.synth !== 'function') return;
  wrapped.add(root);
  const synth = root.synth;
  root.synth = function synthOnce(this: unknown, ...args: unknown[]) {
    const session: Session = { results: new Map(), memoized: [] };
    sessions.set(root, session);
    try {
      return withFastYaml(() => synth.apply(this, args));
    } finally {
      sessions.delete(root);
      for (const obj of session.memoized) delete (obj as { toJson?: unknown }).toJson;
    }
  };
}

/** Runs `compute` once per app.synth() of the root (every time outside of one). */
export function oncePerSynth<T>(scope: IConstruct, key: string, compute: () => T): T {
  const session = sessions.get(scope.node.root);
  if (!session) return compute();
  if (!session.results.has(key)) session.results.set(key, compute());
  return session.results.get(key) as T;
}

/** An object's JSON, computed once per app.synth() (cdk8s then writes the same JSON). */
export function synthJson(obj: ApiObject): any {
  const session = sessions.get(obj.node.root);
  if (!session) return obj.toJson();
  if (!Object.prototype.hasOwnProperty.call(obj, 'toJson')) {
    const json = obj.toJson();
    Object.defineProperty(obj, 'toJson', { value: () => json, configurable: true, writable: true });
    session.memoized.push(obj);
  }
  return obj.toJson();
}
