/** Reading the file (SPEC §2, §6): encodings, size, YAML structure, aliases, tags, polluting keys. */
import { describe, expect, it } from 'vitest';
import { loadScenario, MAX_FILE_BYTES, ScenarioError } from '../../src/scenario/index.js';
import { VALID, issuesOf, memoryHost } from './helpers.js';

function issuesOfBytes(bytes: Uint8Array): string[] {
  try {
    loadScenario('s.yaml', { host: memoryHost({ 's.yaml': bytes }) });
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.issues.map((i) => `${i.location?.line ?? '-'}:${i.location?.col ?? '-'} ${i.path}: ${i.message}`);
  }
}

describe('encodings', () => {
  it('accepts a UTF-8 byte-order mark and CRLF line ends, with the same positions', () => {
    const crlf = VALID.replace(/\n/g, '\r\n');
    expect(issuesOfBytes(new TextEncoder().encode(`\ufeff${crlf}`))).toEqual([]);
    const bad = `\ufeff${crlf.replace('unit_price: 40000', 'unit_price: -1')}`;
    expect(issuesOfBytes(new TextEncoder().encode(bad))).toEqual(['11:15 amd.unit_price: must be greater than 0, got -1']);
  });

  it('refuses UTF-16, with or without a byte-order mark', () => {
    const le = Buffer.from(`\ufeff${VALID}`, 'utf16le');
    const message = '1:1 : the file is UTF-16 encoded; save it as UTF-8 (scenario files must be UTF-8)';
    expect(issuesOfBytes(le)).toEqual([message]);
    expect(issuesOfBytes(Buffer.from(VALID, 'utf16le'))).toEqual([message]);
    expect(issuesOfBytes(Buffer.from(le).swap16())).toEqual([message]);
  });

  it('refuses UTF-32 by name (its byte-order mark starts like UTF-16\'s)', () => {
    const bom = Buffer.from([0xff, 0xfe, 0x00, 0x00]);
    const text = Buffer.from([...'version: 1\n'].flatMap((c) => [c.charCodeAt(0), 0, 0, 0]));
    expect(issuesOfBytes(Buffer.concat([bom, text]))).toEqual(['1:1 : the file is UTF-32 encoded; save it as UTF-8 (scenario files must be UTF-8)']);
  });

  it('refuses invalid UTF-8 at its position', () => {
    // "name: " is 6 bytes, so the bad byte 0xE9 (Latin-1 é) is at offset 6 of line 2: column 7
    const bytes = Buffer.concat([Buffer.from('version: 1\nname: '), Buffer.from([0xe9]), Buffer.from('t\n')]);
    expect(issuesOfBytes(bytes)).toEqual(['2:7 : the file is not valid UTF-8 (bad byte 0xe9 at byte offset 17); save it as UTF-8']);
  });
});

describe('size', () => {
  it('refuses a file over 10 MB before reading it', () => {
    let read = false;
    const host = { ...memoryHost({}), fileSize: () => MAX_FILE_BYTES + 1, readFile: () => ((read = true), new Uint8Array()) };
    expect(() => loadScenario('big.yaml', { host })).toThrow('the file is 10.0 MB; scenario files are limited to 10 MB');
    expect(read).toBe(false);
  });
});

describe('structure', () => {
  it.each<[string, string, string[]]>([
    ['an empty file', '', ['1:1 : the file is empty; a scenario needs at least version, name, timeline, deployment, amd, baseline, share_price and warrant']],
    ['only comments', '# nothing\n', ['1:1 : the file holds only comments; a scenario needs at least version, name, timeline, deployment, amd, baseline, share_price and warrant']],
    ['a list at the top', '- 1\n', ['1:1 : the top level must be a mapping of keys (version: 1, name: ..., timeline: ...), got a list']],
    ['plain text', 'hello world\n', ['1:1 : the top level must be a mapping of keys (version: 1, name: ..., timeline: ...), got the text "hello world"']],
    ['a duplicate key', 'name: a\nname: b\n', ['2:1 : duplicate key "name": each key may appear only once in a mapping']],
    ['a tab indent', 'amd:\n\tunit_price: 1\n', ['2:1 : a tab is used for indentation; YAML allows only spaces for indentation']],
    ['two documents', 'name: a\n---\nname: b\n', ['2:1 : the file holds several YAML documents (separated by ---); a scenario is one document']],
  ])('%s', (_what, text, expected) => {
    expect(issuesOf(text)).toEqual(expected);
  });

  it('refuses __proto__, constructor and prototype keys anywhere, and pollutes nothing', () => {
    const text = VALID.replace('  cagr: 0.2', '  cagr: 0.2\n  __proto__: { polluted: yes }').replace('    - { shares: 60, gw: 1 }', '    - { shares: 60, gw: 1, constructor: 1 }');
    expect(issuesOf(text)).toEqual([
      '19:3 share_price.__proto__: the key "__proto__" is not allowed (it could pollute objects)',
      '25:28 warrant.tranches[0].constructor: the key "constructor" is not allowed (it could pollute objects)',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(issuesOf(`${VALID}prototype: 1\n`)).toEqual(['26:1 prototype: the key "prototype" is not allowed (it could pollute objects)']);
  });

  it('refuses custom tags without running them, and reports the other issues too', () => {
    const text = VALID.replace('unit_price: 40000', 'unit_price: !!js/function "function () { return 1 }"').replace('unit_price: 60000', 'unit_price: -2');
    expect(issuesOf(text)).toEqual([
      '11:15 amd.unit_price: YAML tags such as !!js/function are not allowed in a scenario; write a plain value',
      '14:15 baseline.unit_price: must be greater than 0, got -2',
    ]);
  });

  it('refuses << merge keys (extends is the one way to share values)', () => {
    expect(issuesOf(VALID.replace('baseline:\n', 'baseline:\n  <<: { performance: 2 }\n'))).toEqual([
      '14:3 baseline.<<: YAML merge keys (<<) are not supported; use `extends` to share values between files',
    ]);
  });

  it('allows small aliases and refuses an alias bomb', () => {
    const shared = VALID.replace('  units_per_gw: 250000', '  units_per_gw: 250000\n  other_costs: &costs [{ name: s, per_year: 1 }]').replace('  unit_price: 60000', '  unit_price: 60000\n  other_costs: *costs');
    expect(issuesOf(shared)).toEqual([]);
    // 9 references per level, 6 levels: 9^6 = 531441 values once expanded
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of ['b', 'c', 'd', 'e', 'f']) {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const found = issuesOf(`${levels.join('\n')}\n`);
    expect(found.some((i) => i.includes('YAML aliases expand to more than 10000 values (an alias bomb?)'))).toBe(true);
  });

  it('refuses an alias that contains itself', () => {
    expect(issuesOf('name: &n [*n]\n')).toContain('1:11 name[0]: the alias *n refers to a node that contains it');
  });
});
