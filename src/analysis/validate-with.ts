/**
 * The loader as an analysis sees it: the merged scenario tree (after `extends` and `--set`) plus
 * assignments applied in order, validated in full. Pure: the tree was read by the command.
 */
import { applySetOption, validateTree, type RawScenario } from '../scenario/index.js';
import type { Assignment, Validation, ValidateWith } from './points.js';

/** A {@link ValidateWith} over a loaded tree: each assignment goes through `--set`'s own code. */
export function validatorFor(raw: RawScenario): ValidateWith {
  return (assignments: readonly Assignment[]): Validation => {
    let current = raw;
    for (const a of assignments) {
      const applied = applySetOption(current, `${a.path}=${a.value}`, a.source);
      if ('issues' in applied) return { ok: false, issues: applied.issues };
      current = applied.raw;
    }
    return validateTree(current.root, current.source);
  };
}
