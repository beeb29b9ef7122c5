import * as fc from 'fast-check';
import { pushTo, SelectorIndex } from '../src/private/collections';

describe('pushTo', () => {
  test('groups values by key, in order', () => {
    const map = new Map<string, number[]>();
    [['a', 1], ['b', 2], ['a', 3]].forEach(([k, v]) => pushTo(map, k as string, v as number));
    expect([...map]).toEqual([['a', [1, 3]], ['b', [2]]]);
  });
});

describe('SelectorIndex', () => {
  // Small alphabets, so that selectors share labels and often match.
  const labels = fc.dictionary(fc.constantFrom('app', 'version', 'tier'), fc.constantFrom('a', 'b', 'c'), { maxKeys: 3 });
  const item = fc.record({ ns: fc.constantFrom('x', 'y'), selector: labels });

  test('finds exactly the items whose non-empty selector is a subset of the labels, in item order', () => {
    fc.assert(fc.property(fc.array(item, { maxLength: 30 }), fc.constantFrom('x', 'y'), labels, (items, ns, podLabels) => {
      const index = new SelectorIndex(items, (i) => i.ns, (i) => i.selector);
      const expected = items.filter((i) => i.ns === ns && Object.keys(i.selector).length > 0
        && Object.entries(i.selector).every(([k, v]) => podLabels[k] === v));
      expect(index.matching(ns, podLabels)).toEqual(expected);
    }));
  });

  test('a selector value of another type than the label does not match', () => {
    const index = new SelectorIndex([{ selector: { port: 8080 as unknown as string } }], () => '', (i) => i.selector);
    expect(index.matching('', { port: '8080' })).toEqual([]);
  });
});
