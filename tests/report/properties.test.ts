/**
 * Property tests (fast-check) over generated valid scenarios, through the real engine and the
 * report layer (issue 4, STYLE habit 7): what a spreadsheet reads from our CSV adds up to what we
 * print. The CSV is parsed back with an independent reader and summed with decimal.js.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, cents, sum } from '../../src/money/index.js';
import { runModel } from '../../src/engine/index.js';
import { METRIC_NAMES } from '../../src/engine/types.js';
import { ledgerView, modelJson, periodsView } from '../../src/report/model-views.js';
import { renderCsv } from '../../src/report/csv.js';
import { arbitraryScenario } from '../oracle/arbitrary.js';
import { parseCsvObjects } from './csv-parse.js';

const PERIOD_MONEY_COLUMNS = [
  'amd_hardware_spend',
  'amd_other_costs',
  'amd_energy_cost',
  'warrant_exercise_cost',
  'warrant_sale_proceeds',
  'warrant_tax',
  'amd_net_cost',
  'baseline_hardware_spend',
  'baseline_other_costs',
  'baseline_energy_cost',
  'baseline_cost',
] as const;

const columnSum = (rows: Record<string, string>[], key: string) => sum(rows.map((r) => new Decimal(r[key]!)));

describe('report properties over generated scenarios', () => {
  it('every money column of the periods CSV sums to its summary total, to the cent', () => {
    fc.assert(
      fc.property(arbitraryScenario(), (scenario) => {
        const result = runModel(scenario);
        const rows = parseCsvObjects(renderCsv(periodsView(result)));
        expect(rows).toHaveLength(scenario.timeline.periods);
        for (const key of PERIOD_MONEY_COLUMNS) {
          expect(columnSum(rows, key).toFixed(2), key).toBe(result.summary[key].toFixed(2));
        }
        expect(columnSum(rows, 'amd_units').toFixed(0)).toBe(result.summary.amd_units.toFixed(0));
        expect(columnSum(rows, 'baseline_units').toFixed(0)).toBe(result.summary.baseline_units.toFixed(0));
      }),
      { numRuns: 60 },
    );
  });

  it('the ledger CSV sums per side to the totals and its present values round to *_pv', () => {
    fc.assert(
      fc.property(arbitraryScenario(), (scenario) => {
        const result = runModel(scenario);
        const rows = parseCsvObjects(renderCsv(ledgerView(result)));
        const of = (sides: string[]) => rows.filter((r) => sides.includes(r['side']!));
        expect(columnSum(of(['amd']), 'amount').toFixed(2)).toBe(result.summary.amd_gross_cost.toFixed(2));
        expect(columnSum(of(['warrant']), 'amount').negated().toFixed(2)).toBe(result.summary.warrant_net_value.toFixed(2));
        expect(columnSum(of(['baseline']), 'amount').toFixed(2)).toBe(result.summary.baseline_cost.toFixed(2));
        // shown with 6 decimals, the present values still round to the printed PV totals
        expect(cents(columnSum(of(['amd', 'warrant']), 'present_value')).toFixed(2)).toBe(result.summary.amd_net_cost_pv.toFixed(2));
        expect(cents(columnSum(of(['baseline']), 'present_value')).toFixed(2)).toBe(result.summary.baseline_cost_pv.toFixed(2));
      }),
      { numRuns: 60 },
    );
  });

  it('the JSON summary writes every metric exactly as its kind demands', () => {
    fc.assert(
      fc.property(arbitraryScenario(), (scenario) => {
        const result = runModel(scenario);
        const summary = modelJson(result, { file: 'x', metrics: METRIC_NAMES, includeLedger: false })['summary'] as Record<string, string>;
        for (const metric of METRIC_NAMES) {
          const text = summary[metric]!;
          expect(new Decimal(text).eq(result.summary[metric]), metric).toBe(true);
          if (metric === 'effective_discount') expect(text).toMatch(/^-?\d+\.\d{6}$/);
          else if (/units|shares/.test(metric)) expect(text).toMatch(/^\d+$/);
          else expect(text, metric).toMatch(/^-?\d+\.\d{2}$/);
        }
      }),
      { numRuns: 60 },
    );
  });
});
