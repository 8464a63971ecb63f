/** `--set PATH=VALUE` (SPEC §4): paths (0-based indexes), YAML scalar values, issues at the option. */
import { describe, expect, it } from 'vitest';
import { applySet, formatPath, loadRawScenario, parseSetPath, ScenarioError, toPlain, validateRaw } from '../../src/scenario/index.js';
import { VALID, issuesOf, load, memoryHost } from './helpers.js';

describe('parseSetPath / formatPath', () => {
  it.each<[string, (string | number)[]]>([
    ['share_price.cagr', ['share_price', 'cagr']],
    ['warrant.tranches[2].price', ['warrant', 'tranches', 2, 'price']],
    ['deployment.points[0].date', ['deployment', 'points', 0, 'date']],
    ['version', ['version']],
  ])('%s', (text, segments) => {
    expect(parseSetPath(text)).toEqual(segments);
    expect(formatPath(segments)).toBe(text);
  });

  it.each(['', 'a..b', 'a.', '.a', 'a[x]', 'a[-1]', 'a b', 'tranches[1]x'])('refuses %j', (text) => {
    expect(() => parseSetPath(text)).toThrow(ScenarioError);
  });
});

describe('--set values', () => {
  it('reads numbers exactly, dates, words and quoted text', () => {
    const s = load(VALID, ['share_price.cagr=0.30000000000000004', 'warrant.tranches[1].price="350.125"', 'warrant.expiry=2031-02-24', 'name=Bull case']).scenario!;
    if (s.share_price.model === 'cagr') expect(s.share_price.cagr.toFixed()).toBe('0.30000000000000004');
    expect(s.warrant.tranches[1]!.price!.toFixed()).toBe('350.125');
    expect(s.name).toBe('Bull case');
  });

  it('uses 0-based indexes: tranches[0] is the first tranche', () => {
    const s = load(VALID, ['warrant.tranches[0].gw=1.5']).scenario!;
    expect(s.warrant.tranches[0]!.gw!.toFixed()).toBe('1.5');
    expect(s.warrant.tranches[1]!.gw!.toFixed()).toBe('2');
  });

  it('null removes a key (as in extends)', () => {
    const s = load(VALID, ['warrant.tranches[1].price=null']).scenario!;
    expect(s.warrant.tranches[1]!.price).toBeUndefined();
  });

  it('creates a missing section', () => {
    const s = load(VALID, ['energy.price_per_mwh=70', 'amd.kw_per_unit=2', 'baseline.kw_per_unit=2.5']).scenario!;
    expect(s.energy?.price_per_mwh.toFixed()).toBe('70');
  });

  it('later options win', () => {
    const s = load(VALID, ['share_price.cagr=0.1', 'share_price.cagr=0.4']).scenario!;
    if (s.share_price.model === 'cagr') expect(s.share_price.cagr.toFixed()).toBe('0.4');
  });
});

describe('--set issues name the option', () => {
  it.each<[string, string]>([
    ['warrant.shares=abc', '-:- warrant.shares: expected a number, got "abc"'],
    ['share_price.cagrr=0.3', '-:- share_price.cagrr: unknown key "cagrr" in share_price (did you mean "cagr"?)'],
    ['warrant.tranches[2].price=1', '-:- warrant.tranches[2].price: index 2 is past the end of warrant.tranches (it has 2 items, indexes 0..1; indexes start at 0)'],
    ['warant.shares=1', '-:- warant.shares: unknown key "warant" at the top level (did you mean "warrant"?)'],
    ['warrant.shares.x=1', '-:- warrant.shares.x: warrant.shares is a single value, so it has no key "x"'],
    ['warrant.tranches.price=1', '-:- warrant.tranches.price: warrant.tranches is a list; select an item first, e.g. [0], so it has no key "price"'],
    ['__proto__.x=1', '-:- __proto__.x: the key "__proto__" is not allowed (it could pollute objects)'],
    ['amd.constructor=1', '-:- amd.constructor: the key "constructor" is not allowed (it could pollute objects)'],
    ['warrant.shares', '-:- warrant.shares: expected PATH=VALUE (there is no =), e.g. --set share_price.cagr=0.3'],
    ['amd.unit_price=[1, 2]', '-:- amd.unit_price: expected a single value (a YAML scalar such as 0.3, "text" or 2030-12-31), got a list'],
    ['amd.unit_price=!!js/function x', '-:- amd.unit_price: YAML tags such as !!js/function are not allowed in a scenario; write a plain value'],
    ['extends=other.yaml', '-:- extends: --set cannot change extends (files are merged before overrides); use another file'],
    ['timeline.start=2026-02-30', '-:- timeline.start: 2026-02-30 is not a real date: February 2026 has 28 days'],
  ])('--set %s', (option, expected) => {
    expect(issuesOf(VALID, [option])).toEqual([expected]);
    expect(load(VALID, [option]).issues[0]!.location).toEqual({ source: `--set ${option}` });
  });
});

describe('applySet and validateRaw (for sweep)', () => {
  const host = memoryHost({ 's.yaml': VALID });

  it('does not change the tree it is given', () => {
    const raw = loadRawScenario('s.yaml', { host });
    const before = JSON.stringify(toPlain(raw.root));
    const changed = applySet(raw, 'warrant.strike', '5');
    expect(JSON.stringify(toPlain(raw.root))).toBe(before);
    expect((toPlain(changed.root) as { warrant: { strike: string } }).warrant.strike).toBe('5');
    // untouched sections are shared, not copied
    expect(changed.root.entries.get('amd')).toBe(raw.root.entries.get('amd'));
  });

  it('validates again with extra overrides, without reading files', () => {
    const raw = loadRawScenario('s.yaml', { host });
    const ok = validateRaw(raw, ['amd.unit_price=41000']);
    expect(ok.ok && ok.scenario.amd.unit_price.toFixed()).toBe('41000');
    const bad = validateRaw(raw, ['amd.unit_price=0']);
    expect(bad.ok ? [] : bad.issues.map((i) => i.message)).toEqual(['must be greater than 0, got 0']);
    expect(validateRaw(raw).ok).toBe(true);
  });
});
