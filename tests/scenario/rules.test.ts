/**
 * Each schema rule of SPEC §2/§3, one case per rule: the scenario in helpers.ts (VALID) with one
 * line changed, and the one issue it must produce as `line:col path: message`. Line numbers are
 * those of VALID (timeline.start is line 4, amd.unit_price line 11, warrant.tranches line 23...).
 */
import { describe, expect, it } from 'vitest';
import { VALID, issuesOf, load, withLine } from './helpers.js';

describe('the valid scenario', () => {
  it('has no issues and gets every default (SPEC §2)', () => {
    const { scenario, issues } = load(VALID);
    expect(issues).toEqual([]);
    const s = scenario!;
    expect(s.currency).toBe('USD');
    expect(s.timeline.step).toBe('quarter');
    expect(s.timeline.valuation_date).toBe(s.timeline.start);
    expect(s.timeline.discount_rate.toFixed()).toBe('0');
    expect(s.deployment.interpolation).toBe('linear');
    expect(s.amd.product).toBe('MI450');
    expect(s.amd.price_change.toFixed()).toBe('0');
    expect(String(s.amd.performance)).toBe('1');
    expect(s.amd.other_costs).toEqual([]);
    expect(s.baseline.name).toBe('Nvidia');
    expect(s.warrant.sell).toBe('at_horizon');
    expect(s.warrant.tax_rate.toFixed()).toBe('0');
    expect(s.energy).toBeUndefined();
    expect(s.share_price.model).toBe('cagr');
    // share_price.date defaults to valuation_date, which defaults to start (2026-07-01)
    if (s.share_price.model === 'cagr') expect(s.share_price.date).toBe(s.timeline.start);
    expect(s.share_price.volatility.toFixed()).toBe('0');
  });

  it('fills recurring from/to with timeline.start and the last period end', () => {
    // 8 quarters from 2026-07-01: the last period ends the day before 2028-07-01, i.e. 2028-06-30.
    const text = VALID.replace('  units_per_gw: 250000', '  units_per_gw: 250000\n  other_costs: [{ name: support, per_year: 10 }]');
    const cost = load(text).scenario!.amd.other_costs[0]!;
    expect(cost.kind).toBe('recurring');
    if (cost.kind === 'recurring') {
      expect(cost.from).toBe(Date.UTC(2026, 6, 1) / 86_400_000);
      expect(cost.to).toBe(Date.UTC(2028, 5, 30) / 86_400_000);
    }
  });

  it('ignores the keys of the other share price model (SPEC §3)', () => {
    const text = VALID.replace('  cagr: 0.2', '  cagr: 0.2\n  points: [{ date: 2026-01-01, price: 1 }]\n  interpolation: step');
    expect(load(text).issues).toEqual([]);
  });
});

const costLine = (cost: string) => VALID.replace('  units_per_gw: 250000', `  units_per_gw: 250000\n  other_costs:\n    - ${cost}`);
const energy = (body: string) => `${VALID}energy:\n${body}\n`;

describe('one issue per broken rule', () => {
  it.each<[string, string, string]>([
    ['version must be 1', withLine('version: 1', 'version: 2'), '1:10 version: must be 1 (the only scenario format so far), got 2'],
    ['name is required', withLine('name: Test deal', 'currency: USD'), '1:1 name: is required but missing'],
    ['a key typo', withLine('units_per_gw', '  units_per_gwh: 250000'), '12:3 amd.units_per_gwh: unknown key "units_per_gwh" (did you mean "units_per_gw"?)'],
    ['a top-level typo', withLine('share_price:', 'shareprice:'), '15:1 shareprice: unknown key "shareprice" (did you mean "share_price"?)'],
    ['start on the 1st', withLine('start: 2026-07-01', '  start: 2026-07-15'), '4:10 timeline.start: must be the first day of a month, got 2026-07-15 (did you mean 2026-07-01?)'],
    ['periods at most 1200', withLine('periods: 8', '  periods: 1201'), '5:12 timeline.periods: must be a whole number from 1 to 1200, got 1201'],
    ['periods whole', withLine('periods: 8', '  periods: 2.5'), '5:12 timeline.periods: must be a whole number, got 2.5'],
    ['step enum with a hint', withLine('periods: 8', '  periods: 8\n  step: quartr'), '6:9 timeline.step: expected one of month, quarter, year, got "quartr" (did you mean "quarter"?)'],
    ['discount rate >= 0', withLine('periods: 8', '  periods: 8\n  discount_rate: -0.01'), '6:18 timeline.discount_rate: must be 0 or more, got -0.01'],
    ['a real date', withLine('start: 2026-07-01', '  start: 2026-02-30'), '4:10 timeline.start: 2026-02-30 is not a real date: February 2026 has 28 days'],
    ['a date, not a timestamp', withLine('expiry:', '  expiry: 2030-01-01T12:00:00Z'), '22:11 warrant.expiry: expected a date YYYY-MM-DD without a time of day, got "2030-01-01T12:00:00Z"'],
    ['deployment dates increasing', withLine('gw: 2 }', '    - { date: 2026-12-31, gw: 2 }'), '9:15 deployment.points[1].date: dates must be strictly increasing: 2026-12-31 is not after 2026-12-31 (the date of point 0)'],
    ['deployment after start', withLine('gw: 1 }', '    - { date: 2026-07-01, gw: 1 }'), '8:15 deployment.points[0].date: must be after timeline.start 2026-07-01, got 2026-07-01 (deployment is 0 GW at the start)'],
    ['gw non-decreasing', withLine('gw: 2 }', '    - { date: 2027-12-31, gw: 0.5 }'), '9:31 deployment.points[1].gw: gw must not decrease (capacity is cumulative): 0.5 is less than 1 at point 0'],
    ['gw >= 0', withLine('gw: 1 }', '    - { date: 2026-12-31, gw: -1 }'), '8:31 deployment.points[0].gw: must be 0 or more, got -1'],
    ['at least one point', withLine('gw: 1 }', '').replace(/\n    - \{ date: 2027-12-31, gw: 2 \}/, '').replace('  points:', '  points: []'), '7:11 deployment.points: needs at least 1 item, got none'],
    ['unit price > 0', withLine('unit_price: 40000', '  unit_price: 0'), '11:15 amd.unit_price: must be greater than 0, got 0'],
    ['price change > -1', withLine('unit_price: 60000', '  unit_price: 60000\n  price_change: -1'), '15:17 baseline.price_change: must be greater than -1, got -1'],
    ['a rate at most 10', withLine('cagr: 0.2', '  cagr: 11'), '18:9 share_price.cagr: must be at most 10, got 11'],
    ['performance > 0', withLine('unit_price: 60000', '  unit_price: 60000\n  performance: 0'), '15:16 baseline.performance: must be greater than 0, got 0'],
    ['a number, not text', withLine('unit_price: 40000', '  unit_price: forty'), '11:15 amd.unit_price: expected a number, got "forty"'],
    ['NaN refused', withLine('unit_price: 40000', '  unit_price: .nan'), '11:15 amd.unit_price: expected a number, got .nan: NaN and infinity are not numbers a scenario can use'],
    ['Infinity refused', withLine('unit_price: 40000', '  unit_price: -.inf'), '11:15 amd.unit_price: expected a number, got -.inf: NaN and infinity are not numbers a scenario can use'],
    ['hex refused', withLine('unit_price: 40000', '  unit_price: 0x10'), '11:15 amd.unit_price: expected a decimal number, got 0x10: hexadecimal, octal and binary numbers are not allowed'],
    ['1. refused', withLine('unit_price: 40000', '  unit_price: 1.'), '11:15 amd.unit_price: expected a number, got 1.: write digits after the decimal point (e.g. 1.0)'],
    ['1e400 refused', withLine('unit_price: 40000', '  unit_price: 1e400'), '11:15 amd.unit_price: 1e400 is too large: scenario numbers are limited to 1e15 in size'],
    ['text, not a boolean', withLine('name: Test deal', 'name: true'), '2:7 name: expected text, got true (write it in quotes to use it as text)'],
    ['a mapping, not a value', withLine('baseline:', 'baseline: 5').replace('  unit_price: 60000\n', ''), '13:11 baseline: expected a mapping of keys (key: value), got "5"'],
    ['a list, not a value', withLine('tranches:', '  tranches: all').replace(/\n    - \{ shares: 60.*\n    - \{ shares: 40.*/, ''), '23:13 warrant.tranches: expected a list (lines starting with "- " or [a, b]), got "all"'],
    ['a required value left empty', withLine('unit_price: 40000', '  unit_price:'), '11:3 amd.unit_price: has no value; a value is required here'],
    ['tranches add up (one short)', withLine('shares: 60', '    - { shares: 59, gw: 1 }'), '23:3 warrant.tranches: tranche shares add up to 99, 1 less than warrant.shares 100; they must add up exactly'],
    ['tranches add up (one over)', withLine('shares: 60', '    - { shares: 61, gw: 1 }'), '23:3 warrant.tranches: tranche shares add up to 101, 1 more than warrant.shares 100; they must add up exactly'],
    ['whole shares', withLine('shares: 100', '  shares: 100.5'), '20:11 warrant.shares: must be a whole number, got 100.5'],
    ['strike >= 0', withLine('strike:', '  strike: -0.01'), '21:11 warrant.strike: must be 0 or more, got -0.01'],
    ['tax rate at most 1', withLine('expiry:', '  expiry: 2030-01-01\n  tax_rate: 1.5'), '23:13 warrant.tax_rate: must be at most 1, got 1.5'],
    ['sell enum', withLine('expiry:', '  expiry: 2030-01-01\n  sell: at_vesting'), '23:9 warrant.sell: expected one of at_vest, at_horizon, got "at_vesting" (did you mean "at_vest"?)'],
    ['tranche price > 0', withLine('price: 300', '    - { shares: 40, gw: 2, price: 0 }'), '25:35 warrant.tranches[1].price: must be greater than 0, got 0'],
    ['cagr needs cagr', withLine('cagr: 0.2', ''), '15:1 share_price.cagr: is required with model: cagr (the annual growth rate, e.g. 0.15)'],
    ['cagr needs start', withLine('start: 200', ''), '15:1 share_price.start: is required with model: cagr (the share price on `date`)'],
    ['points need points', withLine('model: cagr', '  model: points'), '15:1 share_price.points: is required with model: points (a list of { date, price })'],
    [
      'share price dates increasing',
      withLine('model: cagr', '  model: points\n  points: [{ date: 2027-01-01, price: 1 }, { date: 2026-01-01, price: 2 }]'),
      '17:52 share_price.points[1].date: dates must be strictly increasing: 2026-01-01 is not after 2027-01-01 (the date of point 0)',
    ],
    ['volatility >= 0', withLine('cagr: 0.2', '  cagr: 0.2\n  volatility: -0.1'), '19:15 share_price.volatility: must be 0 or more, got -0.1'],
    ['one-off inside the timeline', costLine('{ name: port, amount: 5, date: 2028-07-01 }'), '14:38 amd.other_costs[0].date: 2028-07-01 is outside the timeline 2026-07-01 .. 2028-06-30'],
    ['one-off needs a date', costLine('{ name: port, amount: 5 }'), '14:7 amd.other_costs[0].date: a one-off cost (amount) needs a date'],
    ['one-off or recurring', costLine('{ name: port, amount: 5, per_year: 5, date: 2027-01-01 }'), '14:42 amd.other_costs[0].per_year: a cost is either one-off (amount, date) or recurring (per_year, from, to), not both'],
    ['a cost needs an amount', costLine('{ name: port }'), '14:7 amd.other_costs[0]: needs amount and date (a one-off cost), per_year (a recurring cost) or per_unit_year (a cost per installed unit)'],
    ['recurring from <= to', costLine('{ name: s, per_year: 5, from: 2027-01-01, to: 2026-12-31 }'), '14:53 amd.other_costs[0].to: from 2027-01-01 is after to 2026-12-31'],
    ['energy needs kw_per_unit (amd)', energy('  price_per_mwh: 70').replace('baseline:\n  unit_price: 60000', 'baseline:\n  unit_price: 60000\n  kw_per_unit: 2'), '10:1 amd.kw_per_unit: is required when energy is given (the energy cost needs the power of each accelerator)'],
    ['pue >= 1', energy('  price_per_mwh: 70\n  pue: 0.9').replace('  unit_price: 40000', '  unit_price: 40000\n  kw_per_unit: 2').replace('  unit_price: 60000', '  unit_price: 60000\n  kw_per_unit: 2'), '30:8 energy.pue: must be 1 or more, got 0.9'],
    ['utilization at most 1', energy('  price_per_mwh: 70\n  utilization: 1.2').replace('  unit_price: 40000', '  unit_price: 40000\n  kw_per_unit: 2').replace('  unit_price: 60000', '  unit_price: 60000\n  kw_per_unit: 2'), '30:16 energy.utilization: must be at most 1, got 1.2'],
  ])('%s', (_rule, text, expected) => {
    expect(issuesOf(text)).toEqual([expected]);
  });
});

describe('every issue at once', () => {
  it('reports issues of several sections together, in file order', () => {
    const text = withLine('unit_price: 60000', '  unit_price: -1', withLine('start: 2026-07-01', '  start: 2026-07-02'));
    expect(issuesOf(text)).toEqual([
      '4:10 timeline.start: must be the first day of a month, got 2026-07-02 (did you mean 2026-07-01?)',
      '14:15 baseline.unit_price: must be greater than 0, got -1',
    ]);
  });
});
