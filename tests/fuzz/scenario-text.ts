/**
 * fast-check generators for the fuzz tests: valid scenario files as YAML *text* (the loader's real
 * input), and mutations of such text that a user, an editor or a broken transfer could produce.
 */
import fc from 'fast-check';

/** A decimal written as text from an integer and a scale (never through a JS float). */
function decimalText(min: number, max: number, places: number): fc.Arbitrary<string> {
  const scale = 10 ** places;
  return fc.integer({ min: min * scale, max: max * scale }).map((n) => {
    const negative = n < 0;
    const digits = String(Math.abs(n)).padStart(places + 1, '0');
    const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return negative ? `-${text}` : text;
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A valid scenario as YAML text: random sizes, prices, rates, tranche split, optional energy and costs. */
export const validScenarioText: fc.Arbitrary<string> = fc
  .record({
    year: fc.integer({ min: 2024, max: 2030 }),
    month: fc.integer({ min: 1, max: 12 }),
    periods: fc.integer({ min: 1, max: 24 }),
    step: fc.constantFrom('month', 'quarter', 'year'),
    rate: decimalText(0, 1, 3),
    amdPrice: decimalText(1, 100_000, 2),
    basePrice: decimalText(1, 100_000, 2),
    // a rate in (-1, 1]: -1 itself is invalid (SPEC §2: > -1)
    priceChange: decimalText(0, 1, 3).chain((up) => fc.constantFrom(up, up === '1.000' ? '-0.999' : `-${up}`)),
    unitsPerGw: fc.integer({ min: 1, max: 500_000 }),
    performance: decimalText(1, 3, 2),
    gw1: decimalText(0, 3, 2),
    gw2: decimalText(3, 8, 2),
    sharePrice: decimalText(1, 1000, 2),
    cagr: decimalText(-0, 1, 3),
    shares: fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 1, maxLength: 4 }),
    trancheGw: fc.array(fc.option(decimalText(0, 8, 1), { nil: undefined }), { minLength: 4, maxLength: 4 }),
    tranchePrice: fc.array(fc.option(decimalText(1, 2000, 0), { nil: undefined }), { minLength: 4, maxLength: 4 }),
    sell: fc.constantFrom('at_vest', 'at_horizon'),
    tax: decimalText(0, 1, 2),
    energy: fc.boolean(),
    cost: fc.option(decimalText(-1_000_000, 1_000_000_000, 2), { nil: undefined }),
    points: fc.boolean(),
  })
  .map((v) => {
    const start = `${v.year}-${pad(v.month)}-01`;
    const later = (years: number) => `${v.year + years}-${pad(v.month)}-15`;
    const total = v.shares.reduce((a, b) => a + b, 0);
    const tranches = v.shares
      .map((s, i) => {
        const gw = v.trancheGw[i] !== undefined ? `, gw: ${v.trancheGw[i]}` : '';
        const price = v.tranchePrice[i] !== undefined ? `, price: ${v.tranchePrice[i]}` : '';
        return `    - { shares: ${s}${gw}${price} }`;
      })
      .join('\n');
    const sharePrice = v.points
      ? `share_price:\n  model: points\n  points:\n    - { date: ${later(0)}, price: ${v.sharePrice} }\n    - { date: ${later(2)}, price: ${v.cagr === '0.000' ? '1' : v.cagr}00 }\n`
      : `share_price:\n  model: cagr\n  start: ${v.sharePrice}\n  date: ${start}\n  cagr: ${v.cagr}\n`;
    return [
      'version: 1',
      'name: "Fuzz scenario"',
      'timeline:',
      `  start: ${start}`,
      `  periods: ${v.periods}`,
      `  step: ${v.step}`,
      `  discount_rate: ${v.rate}`,
      'deployment:',
      '  points:',
      `    - { date: ${later(1)}, gw: ${v.gw1} }`,
      `    - { date: ${later(3)}, gw: ${v.gw2} }`,
      'amd:',
      '  product: MI450',
      `  unit_price: ${v.amdPrice}`,
      `  price_change: ${v.priceChange}`,
      `  units_per_gw: ${v.unitsPerGw}`,
      ...(v.energy ? ['  kw_per_unit: 2.5'] : []),
      ...(v.cost !== undefined ? ['  other_costs:', `    - { name: porting, amount: ${v.cost}, date: ${start} }`, `    - { name: support, per_year: ${v.cost}, from: ${start} }`] : []),
      'baseline:',
      '  name: Nvidia',
      `  unit_price: ${v.basePrice}`,
      `  performance: ${v.performance}`,
      ...(v.energy ? ['  kw_per_unit: 2.3'] : []),
      sharePrice.trimEnd(),
      'warrant:',
      `  shares: ${total}`,
      '  strike: 0.01',
      `  expiry: ${later(5)}`,
      `  sell: ${v.sell}`,
      `  tax_rate: ${v.tax}`,
      '  tranches:',
      tranches,
      ...(v.energy ? ['energy:', '  price_per_mwh: 70', '  pue: 1.2', '  utilization: 0.8'] : []),
      '',
    ].join('\n');
  });

/** Text a hostile or careless edit might insert. */
const garbage = fc.constantFrom(
  '\t', ':', ': :', '- ', '[', ']', '{', '}', '"', "'", '#', '&a ', '*a', '!!js/function ', '!tag ', '<<: {}',
  '__proto__: 1', 'constructor: {}', 'prototype: x', '~', 'null', '.nan', '.inf', '-.inf', '1e400', '1e-400',
  '0x1F', '0o17', '1_000', '1__0', '\u0000', '\ufeff', '\u00e9', '\u202e', '😀', '\r', '\r\n', '\n', '---\n', '...\n',
  '%YAML 1.2\n', '? ', '|', '>', '@', '`', '%', '2026-02-30', '9999999999999999999999999999999999999999999999999999999999',
);

export type Mutation =
  | { kind: 'drop-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'retype'; at: number; value: string }
  | { kind: 'nest'; depth: number; open: string }
  | { kind: 'swap-lines'; a: number; b: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(garbage, fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('retype' as const),
    at: fc.nat(),
    value: fc.constantFrom('abc', '"12"', '[1, 2]', '{ a: 1 }', 'true', '', '-1', '0', '1e400', '"1e-400"', '2026-02-30', 'null', '12.5', '"  7 "'),
  }),
  fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 3000 }), open: fc.constantFrom('[', '{a: ', '- ') }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
);

/** Applies one mutation to the text (positions are taken modulo the text's size). */
export function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (n: number) => n % lines.length;
  switch (m.kind) {
    case 'drop-line':
      return lines.filter((_, i) => i !== line(m.at)).join('\n');
    case 'duplicate-line': {
      const i = line(m.at);
      return [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)].join('\n');
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'retype': {
      const i = line(m.at);
      const colon = lines[i]!.indexOf(': ');
      if (colon < 0) return text;
      lines[i] = `${lines[i]!.slice(0, colon + 2)}${m.value}`;
      return lines.join('\n');
    }
    case 'nest': {
      const close = m.open === '[' ? ']' : m.open === '{a: ' ? '}' : '';
      return `${text}deep: ${m.open.repeat(m.depth)}1${close.repeat(m.depth)}\n`;
    }
    case 'swap-lines': {
      const a = line(m.a);
      const b = line(m.b);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
  }
}

/**
 * A valid scenario with 0..3 mutations applied, as the bytes of a file; sometimes cut at a random
 * byte (which may split a multi-byte character, as an interrupted transfer would).
 */
export const mutatedScenarioBytes: fc.Arbitrary<{ bytes: Buffer; mutations: Mutation[]; cutAt: number | undefined }> = fc
  .tuple(validScenarioText, fc.array(mutation, { maxLength: 3 }), fc.option(fc.nat(), { freq: 8, nil: undefined }))
  .map(([text, mutations, cut]) => {
    const full = Buffer.from(mutations.reduce(mutate, text), 'utf8');
    const cutAt = cut === undefined ? undefined : cut % (full.length + 1);
    return { bytes: cutAt === undefined ? full : full.subarray(0, cutAt), mutations, cutAt };
  });
