/**
 * Sweep (issue 5). The differential property: every row of a random grid equals `runModel` on the
 * scenario the loader gives for the same `--set` options (validated in full), for every metric,
 * to the cent. And the memo really saves work: a 100 × 100 grid over share_price.cagr ×
 * baseline.unit_price computes 100 warrant stages and 100 baseline stages, not 10,000 models.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runModel } from '../../src/engine/index.js';
import { METRIC_NAMES } from '../../src/engine/types.js';
import { validateRaw } from '../../src/scenario/index.js';
import { parseAxis, pointIndices, type Axis } from '../../src/analysis/grid.js';
import { prepareGridScenarios } from '../../src/analysis/points.js';
import { DEFAULT_SWEEP_METRICS, pointAssignments, sweepColumns, sweepRows } from '../../src/analysis/sweep/rows.js';
import { StagedModel } from '../../src/analysis/stages.js';
import { formatCell } from '../../src/report/view.js';
import { METRIC_KINDS } from '../../src/engine/types.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedRaw, validatorOf, yamlRaw } from './sensitivity-helpers.js';

const root = join(import.meta.dirname, '..', '..');

const BASE = shippedRaw('meta-amd-base.yaml');
const WAR = shippedRaw('nvidia-price-war.yaml');
// the base deal with a share-price path given by points (step), sold at vest: covers the other
// share-price model, where cagr/start are ignored keys and points' prices are free axes
const POINTS = yamlRaw(
  readFileSync(join(root, 'scenarios', 'meta-amd-base.yaml'), 'utf8').replace(
    /\nshare_price:[\s\S]*?\nwarrant:/,
    `
share_price:
  model: points
  interpolation: step
  points:
    - { date: 2026-02-24, price: 213.84 }
    - { date: 2027-12-31, price: 320 }
    - { date: 2029-12-31, price: 450 }
    - { date: 2031-06-30, price: 640 }
warrant:`,
  ),
  ['warrant.sell=at_vest'],
);

// v1.1 levers (issue 14): dated performance curves on both sides, per-unit costs on both sides and
// a supply delay with a cost, so the differential test draws every new input
const LEVERS = yamlRaw(
  `${readFileSync(join(root, 'scenarios', 'meta-amd-base.yaml'), 'utf8')}
supply_delay: { days: 75, cost_per_gw_year: 6000000000 }
`.replace(
    /\n  performance: 1 .*\n/,
    `
  performance: { interpolation: linear, points: [ { date: 2026-07-01, value: 0.75 }, { date: 2028-06-30, value: 1 } ] }
`,
  )
    .replace(/\n  performance: 1\.2 .*\n/, `\n  performance: { interpolation: step, points: [ { date: 2026-01-01, value: 1.3 }, { date: 2029-01-01, value: 1.1 } ] }\n`)
    .replace(/\n  other_costs: \[\] .*\n/, `\n  other_costs: [ { name: NVAIE bundle credit, per_unit_year: -1125, from: 2027-01-01 } ]\n`)
    .replace(/\n    - \{ name: ROCm support, per_year: 100000000 \}.*\n/, `\n    - { name: ROCm licences, per_unit_year: 300, to: 2030-06-30 }\n`),
);

function axis(option: string): Axis {
  const parsed = parseAxis(option);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.axis;
}

function text(metric: (typeof METRIC_NAMES)[number], value: unknown): string {
  return formatCell(value as never, { key: metric, header: metric, kind: METRIC_KINDS[metric] }).text;
}

/** Axis generators: free paths (patched) and coupled ones (validated per combination). */
const decimalList = (min: number, max: number, places: number) =>
  fc.uniqueArray(fc.integer({ min: min * 10 ** places, max: max * 10 ** places }), { minLength: 1, maxLength: 4 }).map((ns) =>
    ns.map((n) => (n / 10 ** places).toFixed(places)).join(','),
  );
const dateList = fc
  .uniqueArray(fc.integer({ min: 0, max: 1400 }), { minLength: 1, maxLength: 3 })
  .map((ds) => ds.map((d) => new Date(Date.UTC(2026, 7, 1) + d * 86_400_000).toISOString().slice(0, 10)).join(','));
const AXES: Array<[string, fc.Arbitrary<string>]> = [
  ['share_price.cagr', decimalList(-0.3, 0.8, 2)],
  ['share_price.start', decimalList(100, 400, 2)],
  ['baseline.unit_price', decimalList(20000, 90000, 0)],
  ['amd.unit_price', decimalList(20000, 60000, 1)],
  ['amd.price_change', decimalList(-0.2, 0.2, 3)],
  ['baseline.price_change', decimalList(-0.4, 0.1, 3)],
  ['baseline.performance', decimalList(0.5, 2, 2)],
  ['amd.units_per_gw', decimalList(100000, 500000, 0)],
  ['timeline.discount_rate', decimalList(0, 0.2, 3)],
  ['warrant.tax_rate', decimalList(0, 0.5, 2)],
  ['warrant.tranches[0].price', decimalList(150, 400, 0)],
  ['share_price.points[1].price', decimalList(100, 500, 1)],
  ['energy.price_per_mwh', decimalList(20, 120, 1)],
  ['deployment.points[1].gw', decimalList(1, 8, 1)],
  ['deployment.points[0].date', dateList],
  ['timeline.periods', fc.uniqueArray(fc.integer({ min: 8, max: 24 }), { minLength: 1, maxLength: 3 }).map((ns) => ns.join(','))],
  ['warrant.sell', fc.constantFrom('at_vest', 'at_horizon', 'at_vest,at_horizon')],
  ['timeline.valuation_date', dateList],
  // v1.1 levers
  ['amd.performance.points[0].value', decimalList(0.3, 1.5, 2)],
  ['amd.performance.points[1].value', decimalList(0.5, 1.5, 3)],
  ['amd.performance.points[1].date', dateList],
  ['baseline.performance.points[1].value', decimalList(0.5, 2, 2)],
  ['amd.other_costs[1].per_unit_year', decimalList(-500, 5000, 1)],
  ['baseline.other_costs[0].per_unit_year', decimalList(-4500, 0, 0)],
  ['supply_delay.days', fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 3 }).map((ns) => ns.join(','))],
  ['supply_delay.cost_per_gw_year', decimalList(0, 1e10, 0)],
];

const gridArb = fc
  .uniqueArray(fc.integer({ min: 0, max: AXES.length - 1 }), { minLength: 1, maxLength: 3 })
  .chain((picks) => fc.tuple(...picks.map((p) => AXES[p]![1].map((values) => `${AXES[p]![0]}=${values}`))))
  .chain((options) => fc.record({ options: fc.constant(options), scenario: fc.constantFrom(BASE, WAR, POINTS, LEVERS, LEVERS), picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }) }));

describe('sweep rows equal model --set at the same point (differential)', () => {
  it('holds for random points of random grids, every metric, to the cent', () => {
    fc.assert(
      fc.property(gridArb, ({ options, scenario, picks }) => {
        const axes = options.map(axis);
        const prepared = prepareGridScenarios(axes, validatorOf(scenario));
        const total = axes.reduce((p, a) => p * a.size, 1);
        if (!prepared.ok) {
          // refused up front: then some point really is invalid for the loader
          const anyInvalid = Array.from({ length: total }, (_, i) => i).some((i) => {
            const idx = pointIndices(i, axes.map((a) => a.size), axes.map(() => 0));
            return !validateRaw(scenario, axes.map((a, k) => `${a.path}=${a.kind === 'list' ? a.values[idx[k]!] : ''}`)).ok;
          });
          expect(anyInvalid).toBe(true);
          return;
        }
        const model = new StagedModel();
        for (const pick of picks) {
          const index = pick % total;
          const [row] = [...sweepRows(prepared.grid, METRIC_NAMES, index, index + 1, model)];
          const sets = pointAssignments(prepared.grid, index).map((a) => `${a.path}=${a.value}`);
          const reference = validateRaw(scenario, sets);
          expect(reference.ok).toBe(true);
          if (!reference.ok) return;
          const summary = runModel(reference.scenario).summary;
          METRIC_NAMES.forEach((metric, m) => {
            expect(text(metric, row![axes.length + m]), `${metric} at ${sets.join(' ')}`).toBe(text(metric, summary[metric]));
          });
        }
      }),
      { numRuns: 90, seed: 20260224 },
    );
  });

  it('a range axis agrees with the loader at its ends and in the middle', () => {
    const axes = [axis('share_price.cagr=-0.2:0.79:0.01'), axis('baseline.unit_price=30000:79500:500')];
    const prepared = prepareGridScenarios(axes, validatorOf(BASE));
    if (!prepared.ok) throw new Error('grid refused');
    for (const index of [0, 4_321, 9_999]) {
      const [row] = [...sweepRows(prepared.grid, DEFAULT_SWEEP_METRICS, index, index + 1)];
      const sets = pointAssignments(prepared.grid, index).map((a) => `${a.path}=${a.value}`);
      const reference = validateRaw(BASE, sets);
      if (!reference.ok) throw new Error('reference invalid');
      const summary = runModel(reference.scenario).summary;
      DEFAULT_SWEEP_METRICS.forEach((metric, m) => expect(text(metric, row![2 + m])).toBe(text(metric, summary[metric])));
    }
  });
});

describe('sweep recomputes only what a varied path affects', () => {
  it('100 × 100 over share_price.cagr × baseline.unit_price: 1 AMD, 100 baseline, 100 warrant stages', () => {
    const axes = [axis('share_price.cagr=-0.2:0.79:0.01'), axis('baseline.unit_price=30000:79500:500')];
    const prepared = prepareGridScenarios(axes, validatorOf(BASE));
    if (!prepared.ok) throw new Error('grid refused');
    const model = new StagedModel();
    let rows = 0;
    for (const _ of sweepRows(prepared.grid, DEFAULT_SWEEP_METRICS, 0, 10_000, model)) rows++;
    expect(rows).toBe(10_000);
    expect(model.counts()).toEqual({ common: 1, amd: 1, baseline: 100, warrant: 100 });
  });

  it('the axes in the other order compute the same stages: memos found by grid coordinates', () => {
    // baseline.unit_price outermost now: its stage recurs never (1 slot), the warrant's 100 values
    // recur for each of the 100 prices (100 slots) — still 100 baseline and 100 warrant stages
    const axes = [axis('baseline.unit_price=30000:79500:500'), axis('share_price.cagr=-0.2:0.79:0.01')];
    const prepared = prepareGridScenarios(axes, validatorOf(BASE));
    if (!prepared.ok) throw new Error('grid refused');
    const model = new StagedModel();
    for (const _ of sweepRows(prepared.grid, DEFAULT_SWEEP_METRICS, 0, 10_000, model));
    expect(model.counts()).toEqual({ common: 1, amd: 1, baseline: 100, warrant: 100 });
    const slots = prepared.grid.slotsAt([3, 7]);
    expect(slots.baseline).toEqual({ slot: 0, tag: 3, capacity: 1 });
    expect(slots.warrant).toEqual({ slot: 7, tag: 7, capacity: 100 });
  });

  it('5,000 strikes between two other axes: 2 × 5000 × 2 points, 5000 warrant stages', () => {
    // [baseline.unit_price (2), warrant.strike (5,000), amd.unit_price (2)]: the warrant stage
    // depends on the strike only; 5,000 values cycle twice (once per baseline price) — more than the
    // old 4,096-entry memo held, which was cleared whole and recomputed every one of them
    const axes = [
      axis('baseline.unit_price=50000,60000'),
      axis('warrant.strike=0:49.99:0.01'),
      axis('amd.unit_price=40000,41000'),
    ];
    const prepared = prepareGridScenarios(axes, validatorOf(BASE));
    if (!prepared.ok) throw new Error('grid refused');
    const model = new StagedModel();
    let rows = 0;
    for (const _ of sweepRows(prepared.grid, ['savings'], 0, 20_000, model)) rows++;
    expect(rows).toBe(2 * 5000 * 2);
    expect(model.counts()).toEqual({ common: 1, amd: 2, baseline: 2, warrant: 5000 });
  });

  it('v1.1 levers invalidate exactly the stages that read them (STAGE_INPUTS)', () => {
    const counts = (options: string[]) => {
      const prepared = prepareGridScenarios(options.map(axis), validatorOf(LEVERS));
      if (!prepared.ok) throw new Error(`grid refused: ${JSON.stringify(prepared.bad)}`);
      const model = new StagedModel();
      const total = options.map(axis).reduce((p, a) => p * a.size, 1);
      for (const _ of sweepRows(prepared.grid, DEFAULT_SWEEP_METRICS, 0, total, model));
      return model.counts();
    };
    // AMD's curve feeds the baseline only (its units match AMD's delivered compute)
    expect(counts(['amd.performance.points[0].value=0.5,0.6,0.7'])).toEqual({ common: 1, amd: 1, baseline: 3, warrant: 1 });
    // the delay's cost feeds the AMD side only; its days also the warrant (GW conditions), never the baseline
    expect(counts(['supply_delay.cost_per_gw_year=0,1e9,2e9,3e9'])).toEqual({ common: 1, amd: 4, baseline: 1, warrant: 1 });
    expect(counts(['supply_delay.days=0,30,60'])).toEqual({ common: 1, amd: 3, baseline: 1, warrant: 3 });
    // a per-unit cost feeds its own side
    expect(counts(['baseline.other_costs[0].per_unit_year=-4500,-1125'])).toEqual({ common: 1, amd: 1, baseline: 2, warrant: 1 });
  });

  it('columns: one per varied path (header = the path as written), then the metrics', () => {
    const columns = sweepColumns([axis('share_price.cagr=0,1'), axis('deployment.points[1].date=2030-12-31')], ['savings', 'effective_discount']);
    expect(columns.map((c) => c.key)).toEqual(['share_price.cagr', 'deployment.points[1].date', 'savings', 'effective_discount']);
    expect(columns.map((c) => c.kind)).toEqual(['decimal', 'date', 'money', 'ratio']);
  });
});

describe('bad grids are refused before any row', () => {
  it('reports each invalid value with its path and value', () => {
    const prepared = prepareGridScenarios([axis('share_price.cagr=0.1,-2,0.3')], validatorOf(BASE));
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.badCount).toBe(1);
    expect(prepared.bad[0]!.point).toBe('share_price.cagr=-2');
    expect(prepared.bad[0]!.issues[0]!.path).toBe('share_price.cagr');
  });

  it('finds combinations that are only invalid together (two dates crossing)', () => {
    // base points: 2027-06-30 (1 GW) and 2031-06-30 (6 GW). Alone, each value below is valid;
    // point 0 on 2030-01-01 with point 1 on 2029-12-31 is not (dates must increase).
    const axes = [axis('deployment.points[0].date=2027-06-30,2030-01-01'), axis('deployment.points[1].date=2029-12-31,2031-06-30')];
    const prepared = prepareGridScenarios(axes, validatorOf(BASE));
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.badCount).toBe(1);
    expect(prepared.bad[0]!.point).toBe('deployment.points[0].date=2030-01-01, deployment.points[1].date=2029-12-31');
  });

  it('an unknown path is reported once, with a did-you-mean', () => {
    const prepared = prepareGridScenarios([axis('share_price.cgar=0,0.1,0.2')], validatorOf(BASE));
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.bad).toHaveLength(1);
    expect(prepared.bad[0]!.issues[0]!.hint).toContain('cagr');
  });
});

describe('sweep row text', () => {
  it('the fast formatter writes exactly what the report layer writes (csv and json)', async () => {
    const { sweepRowFormatter, rowText } = await import('../../src/analysis/sweep/format.js');
    const { dec } = await import('../../src/money/index.js');
    const columns = sweepColumns([axis('share_price.cagr=-1:1:0.5'), axis('deployment.points[1].date=2030-12-31')], [
      'savings',
      'effective_discount',
      'amd_units',
    ]);
    const csv = sweepRowFormatter('csv', columns, 2);
    const json = sweepRowFormatter('json', columns, 2);
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
        fc.integer({ min: -3_000_000, max: 3_000_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.constantFrom('-1', '-0.5', '0', '0.5', '1'),
        (centsValue, micro, units, cagr) => {
          // money in whole cents, a ratio with 6 places, a count: as the engine produces them
          const cells = [dec(cagr), 20_818, dec(centsValue).div(100), dec(micro).div(1_000_000), dec(units)];
          expect(csv(cells)).toBe(rowText('csv', cells, columns));
          expect(json(cells)).toBe(rowText('json', cells, columns));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
