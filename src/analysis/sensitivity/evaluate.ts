/**
 * One-at-a-time evaluation for tornado and breakeven: a list of assignments on the base scenario,
 * validated in full through the loader (so an invalid move is reported, never crashes), then
 * computed with the staged model. Stages a path does not touch are keyed by the base, so moving
 * `baseline.price_change` reuses the warrant and AMD stages of the base.
 */
import type { Summary } from '../../engine/types.js';
import type { ScenarioIssue } from '../../scenario/issues.js';
import type { Decimal } from '../../money/index.js';
import type { Scenario } from '../../scenario/types.js';
import { pathSegments, withLeaf, type Assignment, type ValidateWith } from '../points.js';
import { STAGE_NAMES, StagedModel, stagesAffectedBy, type StageKeys, type StagedPoint } from '../stages.js';

export type PointOutcome = ({ ok: true } & StagedPoint) | { ok: false; issues: ScenarioIssue[] };

/** Evaluates assignment lists on one base scenario, sharing one stage memo. */
export class PointEvaluator {
  private readonly model = new StagedModel(4_096);
  constructor(private readonly validate: ValidateWith) {}

  /** The base scenario's summary (no assignment). */
  base(): PointOutcome {
    return this.at([]);
  }

  /**
   * The point with `path` (a free path, see points.ts) set to `value` by patching the validated
   * base, without validating: the caller has validated values on both sides (the rules on free
   * paths are intervals).
   */
  patched(base: Scenario, path: string, value: Decimal): PointOutcome {
    const scenario = withLeaf(base, pathSegments(path), value);
    const text = value.toString();
    return { ok: true, ...this.model.evaluate(scenario, keysFor([{ path, value: text, source: '' }])) };
  }

  /**
   * Like {@link patched} for a value that is not a single number (v1.1: a whole performance curve
   * scaled by breakeven); `keyText` names the value in the stage keys.
   */
  patchedWith(base: Scenario, path: string, value: unknown, keyText: string): PointOutcome {
    const scenario = withLeaf(base, pathSegments(path), value);
    return { ok: true, ...this.model.evaluate(scenario, keysFor([{ path, value: keyText, source: '' }])) };
  }

  at(assignments: readonly Assignment[]): PointOutcome {
    const checked = this.validate(assignments);
    if (!checked.ok) return { ok: false, issues: checked.issues };
    return { ok: true, ...this.model.evaluate(checked.scenario, keysFor(assignments)) };
  }
}

/** Stage keys of a point: each stage keyed by the assignments of the paths it depends on. */
export function keysFor(assignments: readonly Assignment[]): StageKeys {
  const parts: Record<keyof StageKeys, string[]> = { common: [], amd: [], baseline: [], warrant: [] };
  for (const a of assignments) {
    for (const stage of stagesAffectedBy(a.path)) parts[stage].push(`${a.path}=${a.value}`);
  }
  const keys = {} as StageKeys;
  for (const stage of STAGE_NAMES) keys[stage] = parts[stage].join(';');
  return keys;
}

/** The metric value of an outcome (undefined when invalid). */
export function metricOf(outcome: PointOutcome, metric: keyof Summary) {
  return outcome.ok ? outcome.summary[metric] : undefined;
}
