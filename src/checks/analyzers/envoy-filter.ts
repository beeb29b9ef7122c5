import { Analyzer } from './analyzer';
import { arr, rec, str } from './util';

const ROUTE_TARGETS = ['ROUTE_CONFIGURATION', 'HTTP_ROUTE'];

/**
 * envoyfilter.EnvoyPatchAnalyzer (IST0151-IST0155): EnvoyFilter patches whose operation does not
 * fit what they apply to, and relative operations (INSERT_BEFORE/AFTER, REPLACE, REMOVE) without
 * a priority, which may then apply in the wrong order, the more so when an earlier EnvoyFilter
 * patches the same filter for one proxy version only
 * (pkg/config/analysis/analyzers/envoyfilter/envoyfilter.go:47-175). EnvoyFilters are read in
 * manifest order (istioctl's is random).
 */
export const envoyPatches: Analyzer = {
  name: 'envoyfilter.EnvoyPatchAnalyzer',
  codes: ['IST0151', 'IST0152', 'IST0153', 'IST0154', 'IST0155'],
  analyze({ resources, report }) {
    // The filter names patched for one proxy version, by the EnvoyFilters seen so far.
    const versioned: string[] = [];
    for (const r of resources.list('EnvoyFilter')) {
      const ef = rec(r.spec);
      for (const [index, p] of arr(ef.configPatches).entries()) {
        const patch = p?.patch;
        if (patch === undefined || patch === null) break;
        const line = `{.spec.configPatches[${index}].patch.value}`;
        // The patched filter: the value's name (as protobuf text, to tell it from a plain name), else the filter chain's filter.
        let instanceName = '';
        const value = patch.value;
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          if (value.name !== undefined && value.name !== null) instanceName = `value:${JSON.stringify(value.name)}`;
          else if (p.match?.listener?.filterChain) instanceName = str(p.match.listener.filterChain.filter?.name);
        }
        const relative = () => {
          if (ef.priority) return;
          report(versioned.includes(instanceName) ? 'IST0155' : 'IST0151', r, [], { line });
        };
        const applyTo = str(p.applyTo);
        switch (patch.operation) {
          case 'ADD':
            if (ROUTE_TARGETS.includes(applyTo)) report('IST0153', r, [], { line });
            break;
          case 'REMOVE':
            if (ROUTE_TARGETS.includes(applyTo)) report('IST0154', r, [], { line }); else relative();
            break;
          case 'REPLACE':
            if (applyTo !== 'NETWORK_FILTER' && applyTo !== 'HTTP_FILTER') report('IST0152', r, [], { line }); else relative();
            break;
          case 'INSERT_BEFORE':
          case 'INSERT_AFTER':
            relative();
            break;
          default:
        }
        if (str(p.match?.proxy?.proxyVersion) !== '') versioned.push(instanceName);
      }
    }
  },
};
