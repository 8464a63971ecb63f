/**
 * SPEC §2: numbers are read exactly from their source text, never through a binary float.
 * Each expected value is the literal digits written in the YAML, so a float round trip
 * (0.1 -> 0.1000000000000000055511151231257827) or a lost digit would fail.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VALID, load, withLine } from './helpers.js';

function unitPrice(yamlValue: string): string {
  const { scenario, issues } = load(withLine('unit_price: 40000', `  unit_price: ${yamlValue}`));
  expect(issues).toEqual([]);
  return scenario!.amd.unit_price.toFixed();
}

describe('exact numbers', () => {
  it.each([
    ['0.1', '0.1'],
    ['1e-3', '0.001'],
    ['1E3', '1000'],
    ['160_000_000', '160000000'],
    ['"38000.005"', '38000.005'],
    ["'38000.005'", '38000.005'],
    ['38000.005', '38000.005'],
    // 31 significant digits: a double keeps about 17
    ['1.000000000000000000000000000001', '1.000000000000000000000000000001'],
    ['0.30000000000000004', '0.30000000000000004'],
    ['+12.50', '12.5'],
    ['1_000.000_1', '1000.0001'],
  ])('%s is read as %s', (written, exact) => {
    expect(unitPrice(written)).toBe(exact);
  });

  it('reads the largest allowed whole number exactly and refuses one more (limit 1e15)', () => {
    // 999_999_999_999_999 = 1e15 - 1 shares: tranches 999_999_999_999_000 + 999.
    const text = (shares: string) =>
      VALID.replace('shares: 100', `shares: ${shares}`)
        .replace('{ shares: 60, gw: 1 }', '{ shares: 999_999_999_999_000, gw: 1 }')
        .replace('{ shares: 40, gw: 2, price: 300 }', '{ shares: 999, gw: 2, price: 300 }');
    const { scenario, issues } = load(text('999_999_999_999_999'));
    expect(issues).toEqual([]);
    expect(scenario!.warrant.shares.toFixed()).toBe('999999999999999');
    expect(load(text('1_000_000_000_000_001')).issues.map((i) => i.message)).toContain(
      '1_000_000_000_000_001 is too large: scenario numbers are limited to 1e15 in size',
    );
  });

  it('reads any decimal text in the grammar exactly (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), fc.nat({ max: 12 }), (digits, scale) => {
        // value = digits / 10^scale, written as plain decimal text
        const s = digits.toString().padStart(scale + 1, '0');
        const text = scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
        const expected = text.replace(/^0+(?=\d)/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
        expect(unitPrice(text)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('reads periods as a whole number, also when written 2e1', () => {
    const { scenario } = load(withLine('periods: 8', '  periods: 2e1'));
    expect(scenario!.timeline.periods).toBe(20);
  });
});
