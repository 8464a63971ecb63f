/**
 * `explain` (SPEC §9, issue 17) on a three-file chain held in memory: every leaf's winning
 * position and the definitions it overrode, exact (line and column counted in the texts below);
 * `--set` wins over files; a `null` removal shows as removed and where; defaults are named.
 */
import { describe, expect, it } from 'vitest';
import { loadRawScenario, validateRaw } from '../../src/scenario/index.js';
import { formatDay } from '../../src/time/index.js';
import { explainPaths, type LeafExplanation } from '../../src/scenario/explain.js';
import { memoryHost, VALID } from './helpers.js';

// base.yaml is VALID plus energy; line numbers of VALID: 17 `  start: 200`, 18 `  cagr: 0.2`.
const BASE = `${VALID}energy:
  price_per_mwh: 70
  pue: 1.3
`;
// mid.yaml: line 3 `share_price:`, line 4 `  cagr: 0.25` (value at column 9)
const MID = `extends: base.yaml
name: Mid
share_price:
  cagr: 0.25
energy:
  pue: 1.2
`;
// top.yaml: line 4 `  cagr: 0.3`; line 6 `  pue: null` (the null at column 8); line 8: a list that replaces
const TOP = `extends: mid.yaml
name: Top
share_price:
  cagr: 0.3
energy:
  pue: null
warrant:
  tranches: [{ shares: 100, gw: 2 }]
`;

function load(sets: string[] = []) {
  return loadRawScenario('top.yaml', { host: memoryHost({ 'base.yaml': BASE, 'mid.yaml': MID, 'top.yaml': TOP }), sets });
}

function explain(paths: string[], sets: string[] = []): LeafExplanation[] {
  const result = explainPaths(load(sets), paths);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.leaves;
}

const at = (file: string, line: number, col: number, value: string | null) => ({ kind: 'file', value, file, line, col });

describe('explain on a three-file chain', () => {
  it('names the winning definition, then each one it overrode, nearest first', () => {
    expect(explain(['share_price.cagr'])).toEqual([
      { path: 'share_price.cagr', value: '0.3', definitions: [at('top.yaml', 4, 9, '0.3'), at('mid.yaml', 4, 9, '0.25'), at('base.yaml', 18, 9, '0.2')] },
    ]);
  });

  it('a leaf written once has one definition, at its own line and column', () => {
    expect(explain(['share_price.start'])).toEqual([{ path: 'share_price.start', value: '200', definitions: [at('base.yaml', 17, 10, '200')] }]);
    expect(explain(['name'])).toEqual([{ path: 'name', value: 'Top', definitions: [at('top.yaml', 2, 7, 'Top'), at('mid.yaml', 2, 7, 'Mid'), at('base.yaml', 2, 7, 'Test deal')] }]);
  });

  it('--set wins over every file and lists the files it overrode', () => {
    expect(explain(['share_price.cagr'], ['share_price.cagr=0.4'])).toEqual([
      {
        path: 'share_price.cagr',
        value: '0.4',
        definitions: [
          { kind: 'set', value: '0.4', option: '--set share_price.cagr=0.4' },
          at('top.yaml', 4, 9, '0.3'),
          at('mid.yaml', 4, 9, '0.25'),
          at('base.yaml', 18, 9, '0.2'),
        ],
      },
    ]);
  });

  it('a null removal shows as removed, where it was written; the default then applies', () => {
    expect(explain(['energy.pue'])).toEqual([
      {
        path: 'energy.pue',
        value: '1',
        definitions: [{ kind: 'default', value: '1' }, at('top.yaml', 6, 8, null), at('mid.yaml', 6, 8, '1.2'), at('base.yaml', 28, 8, '1.3')],
      },
    ]);
  });

  it('a removed key without a default keeps the removal as its winning definition', () => {
    const leaves = explain(['share_price.start'], ['share_price.start=null']);
    expect(leaves).toEqual([
      { path: 'share_price.start', value: null, definitions: [{ kind: 'set', value: null, option: '--set share_price.start=null' }, at('base.yaml', 17, 10, '200')] },
    ]);
  });

  it('a list replaces whole: its leaves override the leaves at the same index of the list it replaced', () => {
    expect(explain(['warrant.tranches'])).toEqual([
      { path: 'warrant.tranches[0].shares', value: '100', definitions: [at('top.yaml', 8, 24, '100'), at('base.yaml', 24, 17, '60')] },
      { path: 'warrant.tranches[0].gw', value: '2', definitions: [at('top.yaml', 8, 33, '2'), at('base.yaml', 24, 25, '1')] },
    ]);
  });

  it('a map lists every leaf beneath it, then the keys left to their defaults, named as defaults', () => {
    const leaves = explain(['timeline']);
    expect(leaves.map((l) => [l.path, l.value, l.definitions[0]])).toEqual([
      ['timeline.start', '2026-07-01', at('base.yaml', 4, 10, '2026-07-01')],
      ['timeline.periods', '8', at('base.yaml', 5, 12, '8')],
      ['timeline.step', 'quarter', { kind: 'default', value: 'quarter' }],
      ['timeline.valuation_date', '2026-07-01', { kind: 'default', value: '2026-07-01', note: 'timeline.start' }],
      ['timeline.discount_rate', '0', { kind: 'default', value: '0' }],
    ]);
  });

  it('a default that follows another value follows its --set too', () => {
    const [leaf] = explain(['share_price.date'], ['timeline.valuation_date=2026-03-01']);
    expect(leaf).toEqual({ path: 'share_price.date', value: '2026-03-01', definitions: [{ kind: 'default', value: '2026-03-01', note: 'timeline.valuation_date' }] });
  });

  it('the whole scenario with no path: every leaf once, extends never among them', () => {
    const paths = explain(['']).map((l) => l.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toContain('energy.price_per_mwh');
    expect(paths.some((p) => p.startsWith('extends'))).toBe(false);
  });

  it('an unknown path gets the usual "did you mean", every bad path at once', () => {
    const result = explainPaths(load(), ['share_price.cgar', 'warrant.tranches[3]', 'timeline.start.x']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.path, i.message, i.hint])).toEqual([
      ['share_price.cgar', 'unknown key "cgar" in share_price', 'did you mean "cagr"?'],
      ['warrant.tranches[3]', 'index 3 is past the end of warrant.tranches (it has 1 item, indexes 0..0; indexes start at 0)', undefined],
      ['timeline.start.x', 'timeline.start is a single value, so it has no key "x"', undefined],
    ]);
  });
});

describe('explain names the defaults the validator applies', () => {
  it('every leaf explain calls a default has that value in the validated scenario', () => {
    const text = `${VALID.replace('  units_per_gw: 250000\n', '  units_per_gw: 250000\n  kw_per_unit: 2\n  other_costs:\n    - { name: support, per_year: 1000 }\n').replace('  unit_price: 60000\n', '  unit_price: 60000\n  kw_per_unit: 2\n')}energy:\n  price_per_mwh: 70\n`;
    const raw = loadRawScenario('s.yaml', { host: memoryHost({ 's.yaml': text }) });
    const validated = validateRaw(raw);
    if (!validated.ok) throw new Error(validated.issues.map((i) => i.message).join('; '));
    const result = explainPaths(raw, ['']);
    if (!result.ok) throw new Error('explain failed');
    const defaulted = result.leaves.filter((leaf) => leaf.definitions[0]?.kind === 'default');
    // timeline.step, valuation_date, discount_rate, deployment.interpolation, amd.product,
    // amd.price_change, amd.performance, the cost's from and to, baseline.name, price_change,
    // performance, other_costs, share_price.date, volatility, warrant.sell, tax_rate, energy.pue,
    // utilization, currency
    expect(defaulted.map((l) => l.path).sort()).toEqual(
      [
        'currency',
        'timeline.step',
        'timeline.valuation_date',
        'timeline.discount_rate',
        'deployment.interpolation',
        'amd.product',
        'amd.price_change',
        'amd.performance',
        'amd.other_costs[0].from',
        'amd.other_costs[0].to',
        'baseline.name',
        'baseline.price_change',
        'baseline.performance',
        'baseline.other_costs',
        'share_price.date',
        'share_price.volatility',
        'warrant.sell',
        'warrant.tax_rate',
        'energy.pue',
        'energy.utilization',
      ].sort(),
    );
    const plain = (value: unknown): string => {
      if (typeof value === 'number') return formatDay(value);
      if (Array.isArray(value)) return value.length === 0 ? '[]' : 'a list';
      if (typeof value === 'string') return value;
      return (value as { toFixed(): string }).toFixed();
    };
    for (const leaf of defaulted) {
      const segments = leaf.path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '');
      let value: unknown = validated.scenario;
      for (const segment of segments) value = (value as Record<string, unknown>)[segment];
      expect([leaf.path, plain(value)]).toEqual([leaf.path, leaf.value]);
    }
  });
});
