/**
 * The subgroup gap limits a model is judged by: the gates of its release policy's gate spec that bound
 * `…subgroups.<table>.gaps…` from above. The fairness page flags gaps against these, not against a number of its own.
 */
import type { GateSpec } from '../../../src-core/governance';
import { getGateSpec } from '../../governance/gateSpecs';
import type { ModelRecord } from '../../governance/modelRegistry';
import { resolveReleasePolicy, policyOf } from '../../governance/releasePolicy';
import type { Store } from '../../store/openStore';

export interface SubgroupGapLimit {
  /** `macroAuroc` or `underdiagnosisRate`. */
  table: string;
  value: number;
  gate: string;
  spec: string;
}

export function subgroupGapLimits(store: Store, model: ModelRecord): SubgroupGapLimit[] {
  const policy = resolveReleasePolicy(store, model);
  if (!policy) return [];
  const record = getGateSpec(store, policyOf(policy).gateSpecId);
  const spec = JSON.parse(record.specJson) as GateSpec;
  return spec.gates.flatMap((g) => {
    const match = /subgroups\.(\w+)\.gaps/.exec(g.metric);
    if (!match || (g.op !== '<=' && g.op !== '<')) return [];
    return [{ table: match[1]!, value: g.value, gate: g.id, spec: `${record.name} v${record.version}` }];
  });
}
