import { Construct } from 'constructs';
import { PolicyTarget } from '../mesh/policy-target';
import { fail } from './validation';

/**
 * Checks `targets`: PolicyTargets, at least one, and not with a selector (Istio refuses both at
 * once). Returns the `targetRefs`.
 */
export function checkTargets(scope: Construct, targets: PolicyTarget[] | undefined, selector: Record<string, string> | undefined) {
  if (targets === undefined) return undefined;
  if (!Array.isArray(targets) || targets.length === 0 || targets.some((t) => !(t instanceof PolicyTarget))) {
    fail(scope, 'targets', targets, 'a non-empty list of PolicyTargets (PolicyTarget.gateway(), PolicyTarget.service())');
  }
  if (selector !== undefined) fail(scope, 'targets', targets.map((t) => `${t.kind}/${t.name}`), 'left out with a selector (a policy has a selector or targetRefs, not both)');
  return targets.map((t) => t._toKube());
}
