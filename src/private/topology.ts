// The order in which cdk8s writes charts and the objects of a chart: `new DependencyGraph(node)
// .topology()` (cdk8s lib/dependency.ts), worked out the same way with lighter bookkeeping. On a
// mesh of 70 000 objects cdk8s's own spends a second in it (every vertex keyed by its construct
// path, rebuilt on each lookup; a route search per edge); this is linear. A test compares the two
// on random construct trees and dependencies.
import { DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';

interface Vertex {
  readonly value: IConstruct;
  /** Its dependencies, in the order added (most constructs have none; a Set once they are many). */
  children?: Vertex[];
  childSet?: Set<Vertex>;
  inbound: number;
}

// An id that JavaScript orders before other keys of an object: cdk8s keeps its vertices in an
// object keyed by construct path, whose values it walks in that order (a chart `new Chart(app,
// '7')` has the path `7`).
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;
const isArrayIndex = (path: string) => ARRAY_INDEX.test(path) && Number(path) < 2 ** 32 - 1;

/** `new DependencyGraph(root.node).topology()`: the constructs under `root`, each after what it depends on. */
export function topology(root: IConstruct): IConstruct[] {
  const all = root.node.findAll();
  const vertices = new Map<IConstruct, Vertex>();
  for (const c of all) vertices.set(c, { value: c, inbound: 0 });
  for (const c of all) {
    const source = vertices.get(c)!;
    for (const dep of c.node.dependencies) {
      const target = vertices.get(dep);
      if (!target) continue; // dependencies outside the subtree are left out, as cdk8s does
      const children = (source.children ??= []);
      if (source.childSet ? source.childSet.has(target) : children.includes(target)) continue;
      children.push(target);
      if (source.childSet) source.childSet.add(target);
      else if (children.length > 16) source.childSet = new Set(children);
      target.inbound++;
    }
  }
  // The roots, in the order cdk8s's object of vertices gives them.
  const roots = [...vertices.values()].filter((v) => v.inbound === 0);
  const indexed = roots.filter((v) => v.value.node.scope !== undefined && v.value.node.scope.node.scope === undefined && isArrayIndex(v.value.node.id));
  const ordered = indexed.length
    ? [...indexed.sort((a, b) => Number(a.value.node.id) - Number(b.value.node.id)), ...roots.filter((v) => !indexed.includes(v))]
    : roots;

  // Depth first, each vertex after its children (cdk8s visits shared children again, which adds
  // nothing). A cycle (a vertex met again on its own path, or vertices no root reaches) is left to
  // cdk8s, which throws on it (or recurses without end).
  const found = new Set<Vertex>();
  const onPath = new Set<Vertex>();
  const out: IConstruct[] = [];
  let cycle = false;
  const visit = (v: Vertex) => {
    if (found.has(v)) return;
    if (onPath.has(v)) {
      cycle = true;
      return;
    }
    onPath.add(v);
    for (const c of v.children ?? []) visit(c);
    onPath.delete(v);
    found.add(v);
    out.push(v.value);
  };
  for (const v of ordered) visit(v);
  if (cycle || out.length !== vertices.size) return new DependencyGraph(root.node).topology();
  return out;
}
