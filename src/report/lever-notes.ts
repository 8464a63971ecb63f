/**
 * Lines under the headline that say which v1.1 levers a scenario uses (issue 14), so a reader of
 * the summary knows the figures include a supply delay or a maturing performance. Nothing is said
 * when a lever is absent or has no effect — a constant curve, a 0-day delay — so such a scenario
 * prints what its v1 form prints.
 */
import { ZERO, formatMoney, formatPlain, groupThousands } from '../money/index.js';
import { formatDay } from '../time/index.js';
import { SUPPLY_DELAY_LABEL, type ModelResult } from '../engine/index.js';
import type { Performance } from '../scenario/types.js';

function describeCurve(performance: Performance): string | undefined {
  if (!('points' in performance)) return undefined;
  // a constant curve is the number (its output must not differ from the number's)
  if (performance.points.every((p) => p.value.eq(performance.points[0]!.value))) return undefined;
  const points = performance.points.map((p) => `${formatPlain(p.value)} on ${formatDay(p.date)}`).join(', ');
  return `${performance.interpolation === 'step' ? 'steps' : 'a line'} through ${points}`;
}

export function leverNotes(result: ModelResult): string[] {
  const { scenario } = result;
  const notes: string[] = [];
  const amdCurve = describeCurve(scenario.amd.performance);
  const baselineCurve = describeCurve(scenario.baseline.performance);
  if (amdCurve !== undefined) notes.push(`AMD performance: ${amdCurve}`);
  if (baselineCurve !== undefined) notes.push(`baseline performance: ${baselineCurve}`);
  const delay = scenario.supply_delay;
  if (delay !== undefined && delay.days > 0) {
    const cost = result.ledger.filter((b) => b.side === 'amd' && b.label === SUPPLY_DELAY_LABEL).reduce((acc, b) => acc.plus(b.amount), ZERO);
    notes.push(`supply delay: AMD ${delay.days} days late, booked as "${SUPPLY_DELAY_LABEL}": ${groupThousands(formatMoney(cost))}`);
    notes.push("  (baseline on schedule; the warrant's GW conditions follow AMD's delivered GW)");
  }
  return notes;
}
