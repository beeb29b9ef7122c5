// Small collection helpers shared by the checks.

/**
 * Appends `value` to the list of `key`, creating it on first use. (Copying the list on every
 * append, `map.set(k, [...map.get(k), v])`, is quadratic in the size of a group: a namespace of
 * 10 000 services.)
 */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}

/**
 * Items with a label selector (`{ app: 'reviews' }`), found by the labels they select: those whose
 * selector is a subset of given labels, in the order given. Each item is filed under its rarest
 * selector label, so a lookup reads a few small lists instead of every item (a namespace of 10 000
 * Services). Items with an empty selector are not filed: callers decide what selecting everything
 * means for them.
 */
export class SelectorIndex<T> {
  private readonly buckets = new Map<string, Array<{ readonly order: number; readonly item: T; readonly selector: Readonly<Record<string, string>> }>>();

  /**
   * @param items the items, in the order lookups return them
   * @param scopeOf the scope an item selects in (its namespace); lookups name one
   * @param selectorOf an item's selector labels
   */
  constructor(items: readonly T[], scopeOf: (item: T) => string, selectorOf: (item: T) => Readonly<Record<string, string>> | undefined) {
    const key = (scope: string, k: string, v: string) => `${scope}\u0000${k}\u0000${v}`;
    const count = new Map<string, number>();
    for (const item of items) {
      for (const [k, v] of Object.entries(selectorOf(item) ?? {})) {
        const at = key(scopeOf(item), k, String(v));
        count.set(at, (count.get(at) ?? 0) + 1);
      }
    }
    items.forEach((item, order) => {
      const selector = selectorOf(item) ?? {};
      let rarest: string | undefined;
      for (const [k, v] of Object.entries(selector)) {
        const at = key(scopeOf(item), k, String(v));
        if (rarest === undefined || count.get(at)! < count.get(rarest)!) rarest = at;
      }
      if (rarest !== undefined) pushTo(this.buckets, rarest, { order, item, selector });
    });
  }

  /** The items of `scope` with a non-empty selector whose every label is in `labels`, in item order. */
  public matching(scope: string, labels: Readonly<Record<string, string>>): T[] {
    const found: Array<{ readonly order: number; readonly item: T }> = [];
    for (const [k, v] of Object.entries(labels)) {
      for (const entry of this.buckets.get(`${scope}\u0000${k}\u0000${v}`) ?? []) {
        if (Object.entries(entry.selector).every(([sk, sv]) => labels[sk] === sv)) found.push(entry);
      }
    }
    return found.length < 2 ? found.map((e) => e.item) : found.sort((a, b) => a.order - b.order).map((e) => e.item);
  }
}
