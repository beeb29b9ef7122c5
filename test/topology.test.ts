// MeshApp orders charts and objects with its own linear topology (src/private/topology.ts); it
// must be exactly cdk8s's DependencyGraph topology, which App.synth() writes in.
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as fc from 'fast-check';
import { topology } from '../src/private/topology';

/** Builds a tree from a plan: each entry adds a chart, construct or ApiObject under an earlier node, and dependencies on earlier nodes. */
function build(plan: ReadonlyArray<{ kind: number; parent: number; id: number; deps: number[] }>): { app: App; nodes: IConstruct[] } {
  const app = new App();
  const nodes: IConstruct[] = [app];
  plan.forEach((step, i) => {
    const parent = nodes[step.parent % nodes.length];
    // Ids that are array indexes (`7`) order first among an object's keys, as cdk8s keys vertices by path.
    const id = step.id % 3 === 0 ? String(i) : `n${i}`;
    const inChart = parent instanceof Chart || parent.node.scopes.some((s) => s instanceof Chart);
    let node: IConstruct;
    if (step.kind % 3 === 0 || !inChart) node = new Chart(parent as Construct, id);
    else if (step.kind % 3 === 1) node = new Construct(parent as Construct, id);
    else node = new ApiObject(parent as Construct, id, { apiVersion: 'v1', kind: 'ConfigMap' });
    // Dependencies on earlier nodes only: no cycle.
    for (const d of step.deps) {
      const target = nodes[d % nodes.length];
      if (target !== app && !node.node.scopes.includes(target)) node.node.addDependency(target);
    }
    nodes.push(node);
  });
  return { app, nodes };
}

describe('topology', () => {
  test('is cdk8s\'s DependencyGraph topology, of the app and of every chart', () => {
    const step = fc.record({ kind: fc.nat(), parent: fc.nat(), id: fc.nat(), deps: fc.array(fc.nat(), { maxLength: 3 }) });
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (plan) => {
      const { app, nodes } = build(plan);
      for (const root of [app, ...nodes.filter((n) => n instanceof Chart)]) {
        expect(topology(root).map((c) => c.node.path)).toEqual(new DependencyGraph(root.node).topology().map((c) => c.node.path));
      }
    }), { numRuns: 300 });
  });

  test('an object with many dependencies, some twice', () => {
    const app = new App();
    const targets = new Chart(app, 'targets');
    const objects = Array.from({ length: 40 }, (_, i) => new ApiObject(targets, `t${i}`, { apiVersion: 'v1', kind: 'ConfigMap' }));
    const chart = new Chart(app, 'c');
    const source = new ApiObject(chart, 's', { apiVersion: 'v1', kind: 'ConfigMap' });
    for (const i of [5, 39, 0, 5, 17, 22, 39, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 0, 30, 31]) source.node.addDependency(objects[i]);
    chart.addDependency(targets);
    expect(topology(app).map((c) => c.node.path)).toEqual(new DependencyGraph(app.node).topology().map((c) => c.node.path));
  });

  test('a dependency cycle fails as cdk8s fails it', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const a = new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap' });
    const b = new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap' });
    a.node.addDependency(b);
    b.node.addDependency(a);
    expect(() => topology(chart)).toThrow(/Dependency cycle detected/);
    // Reached from a root too.
    new ApiObject(chart, 'x', { apiVersion: 'v1', kind: 'ConfigMap' }).node.addDependency(a);
    expect(() => topology(chart)).toThrow(/Dependency cycle detected/);
  });
});
