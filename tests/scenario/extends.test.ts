/** SPEC §2 `extends`: merge rules, paths, chains, cycles, depth, positions in the base file. */
import { describe, expect, it } from 'vitest';
import { loadScenario, loadRawScenario, ScenarioError, toPlain } from '../../src/scenario/index.js';
import { VALID, memoryHost } from './helpers.js';

function issues(files: Record<string, string>, top = 'dir/top.yaml', stdin = ''): string[] {
  try {
    loadScenario(top, { host: memoryHost(files, stdin) });
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.issues.map((i) => `${i.location?.source}:${i.location?.line ?? '-'}:${i.location?.col ?? '-'} ${i.path}: ${i.message}`);
  }
}

describe('extends merging', () => {
  it('merges maps key by key, replaces lists and scalars, removes keys set to null', () => {
    const files = {
      'dir/base.yaml': VALID.replace('  cagr: 0.2', '  cagr: 0.2\n  volatility: 0.5'),
      'dir/top.yaml': [
        'extends: base.yaml',
        'name: Top',
        'share_price: { cagr: 0.3, volatility: null }', // map merge: start/model kept, volatility removed
        'deployment: { points: [{ date: 2027-06-30, gw: 3 }] }', // list replaced whole
        'warrant: { shares: 100, tranches: [{ shares: 100 }] }',
      ].join('\n'),
    };
    const s = loadScenario('dir/top.yaml', { host: memoryHost(files) });
    expect(s.name).toBe('Top');
    expect(s.share_price.model).toBe('cagr');
    if (s.share_price.model === 'cagr') {
      expect(s.share_price.cagr.toFixed()).toBe('0.3');
      expect(s.share_price.start.toFixed()).toBe('200');
      // volatility: null removed the inherited 0.5, so the default 0 applies
      expect(s.share_price.volatility.toFixed()).toBe('0');
    }
    expect(s.deployment.points.map((p) => p.gw.toFixed())).toEqual(['3']);
    expect(s.warrant.tranches).toHaveLength(1);
    expect(s.warrant.strike.toFixed()).toBe('0.01'); // inherited
  });

  it('follows chains, relative to each extending file', () => {
    const files = {
      'a/base.yaml': VALID,
      'a/b/mid.yaml': 'extends: ../base.yaml\nname: Mid\n',
      'top.yaml': 'extends: a/b/mid.yaml\ncurrency: EUR\n',
    };
    const s = loadScenario('top.yaml', { host: memoryHost(files) });
    expect([s.name, s.currency]).toEqual(['Mid', 'EUR']);
  });

  it('resolves extends from stdin against the working directory', () => {
    const s = loadScenario('-', { host: memoryHost({ 'dir/base.yaml': VALID }, 'extends: dir/base.yaml\nname: From stdin\n') });
    expect(s.name).toBe('From stdin');
  });

  it('does not keep the extends key in the merged tree', () => {
    const raw = loadRawScenario('dir/top.yaml', { host: memoryHost({ 'dir/base.yaml': VALID, 'dir/top.yaml': 'extends: base.yaml\n' }) });
    expect(Object.keys(toPlain(raw.root) as object)).not.toContain('extends');
  });
});

describe('extends errors', () => {
  it('points an issue at the base file line where the value was written', () => {
    const files = { 'dir/base.yaml': VALID.replace('unit_price: 40000', 'unit_price: -1'), 'dir/top.yaml': 'extends: base.yaml\nname: Top\n' };
    expect(issues(files)).toEqual(['dir/base.yaml:11:15 amd.unit_price: must be greater than 0, got -1']);
  });

  it('reports a required key removed with null at the line that removed it', () => {
    const files = { 'dir/base.yaml': VALID, 'dir/top.yaml': 'extends: base.yaml\namd: { unit_price: null }\n' };
    expect(issues(files)).toEqual(['dir/top.yaml:2:8 amd.unit_price: has no value; a value is required here']);
  });

  it('names the chain of a cycle', () => {
    const files = { 'dir/top.yaml': 'extends: a.yaml\n', 'dir/a.yaml': 'extends: b.yaml\n', 'dir/b.yaml': 'extends: top.yaml\n' };
    expect(issues(files)).toEqual(['dir/b.yaml:1:10 extends: extends forms a cycle: dir/top.yaml -> dir/a.yaml -> dir/b.yaml -> dir/top.yaml']);
  });

  it('refuses a file extending itself', () => {
    expect(issues({ 'dir/top.yaml': 'extends: ./top.yaml\n' })).toEqual(['dir/top.yaml:1:10 extends: extends forms a cycle: dir/top.yaml -> dir/top.yaml']);
  });

  it('allows 16 extends links and refuses the 17th', () => {
    // f0 extends f1 ... f(n-1) extends f(n); f(n) is the complete scenario.
    const chain = (links: number) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < links; i++) files[`c/f${i}.yaml`] = `extends: f${i + 1}.yaml\n`;
      files[`c/f${links}.yaml`] = VALID;
      return files;
    };
    expect(issues(chain(16), 'c/f0.yaml')).toEqual([]);
    expect(issues(chain(17), 'c/f0.yaml')).toEqual([
      'c/f16.yaml:1:10 extends: extends chain is too deep: c/f0.yaml reaches c/f17.yaml through 17 extends links; at most 16 are allowed',
    ]);
  });

  it('reports a missing base and a directory at the extends line', () => {
    expect(issues({ 'dir/top.yaml': 'name: x\nextends: nope.yaml\n' })).toEqual(['dir/top.yaml:2:10 extends: cannot extend dir/nope.yaml: no such file']);
    expect(issues({ 'dir/top.yaml': 'extends: sub\n', 'dir/sub/x.yaml': '' })).toEqual(['dir/top.yaml:1:10 extends: cannot extend dir/sub: it is a directory, not a scenario file']);
  });

  it('wants a path', () => {
    expect(issues({ 'dir/top.yaml': 'extends: [a.yaml]\n' })).toEqual(['dir/top.yaml:1:10 extends: expected the path of the scenario file to extend, e.g. extends: base.yaml']);
  });
});
