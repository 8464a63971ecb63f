/**
 * `valuation` and `dilution` (SPEC §2 v1.1, used by `value`, §7): defaults, exact decimals,
 * `--set`, `extends` (a null removes the inherited section) and the starter.
 */
import { describe, expect, it } from 'vitest';
import { STARTER_SCENARIO } from '../../src/scenario/index.js';
import { VALID, issuesOf, load } from './helpers.js';

describe('valuation and dilution', () => {
  it('are optional: absent sections stay absent', () => {
    const { scenario } = load(VALID);
    expect(scenario?.valuation).toBeUndefined();
    expect(scenario?.dilution).toBeUndefined();
  });

  it('fill both rates with 0 when the section is written empty, and read decimals exactly', () => {
    expect(load(`${VALID}valuation: {}\n`).scenario?.valuation).toEqual({ risk_free_rate: expect.anything(), dividend_yield: expect.anything() });
    const empty = load(`${VALID}valuation: {}\n`).scenario!.valuation!;
    expect([empty.risk_free_rate.toFixed(), empty.dividend_yield.toFixed()]).toEqual(['0', '0']);
    const written = load(`${VALID}valuation: { risk_free_rate: "0.0370000000000000000001", dividend_yield: -0.5 }\ndilution: { shares_outstanding: 1_630_000_000 }\n`).scenario!;
    expect(written.valuation!.risk_free_rate.toFixed()).toBe('0.0370000000000000000001');
    expect(written.valuation!.dividend_yield.toFixed()).toBe('-0.5');
    expect(written.dilution!.shares_outstanding.toFixed()).toBe('1630000000');
  });

  it('take --set paths, creating the section', () => {
    const { scenario } = load(VALID, ['valuation.risk_free_rate=0.04', 'dilution.shares_outstanding=1000']);
    expect(scenario!.valuation!.risk_free_rate.toFixed()).toBe('0.04');
    expect(scenario!.valuation!.dividend_yield.toFixed()).toBe('0');
    expect(scenario!.dilution!.shares_outstanding.toFixed()).toBe('1000');
    expect(issuesOf(VALID, ['valuation.dividend_yield=-1'])).toEqual(['-:- valuation.dividend_yield: must be greater than -1, got -1']);
  });

  it('merge through extends and a null removes the inherited section', () => {
    const base = `${VALID}valuation: { risk_free_rate: 0.04, dividend_yield: 0.01 }\ndilution: { shares_outstanding: 1000 }\n`;
    const child = 'extends: base.yaml\nvaluation: { dividend_yield: 0 }\ndilution: null\n';
    const { scenario } = load(child, [], { 'base.yaml': base });
    expect(scenario!.valuation!.risk_free_rate.toFixed()).toBe('0.04');
    expect(scenario!.valuation!.dividend_yield.toFixed()).toBe('0');
    expect(scenario!.dilution).toBeUndefined();
  });

  it('the starter writes both sections, and they validate', () => {
    const { scenario, issues } = load(STARTER_SCENARIO);
    expect(issues).toEqual([]);
    expect(scenario!.valuation!.risk_free_rate.toFixed()).toBe('0.037');
    expect(scenario!.dilution!.shares_outstanding.toFixed()).toBe('1630000000');
  });
});
