/**
 * Properties of the loader (fast-check): whatever a user writes, loading either succeeds or
 * throws a ScenarioError whose every issue points at a line of the file (never an internal error,
 * never an issue without a position); and tranche shares are accepted exactly when they add up.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenario, ScenarioError } from '../../src/scenario/index.js';
import { VALID, load, memoryHost } from './helpers.js';

const lines = VALID.split('\n');

describe('robustness', () => {
  it('any line replaced by arbitrary text gives a scenario or located issues', () => {
    fc.assert(
      fc.property(fc.nat({ max: lines.length - 1 }), fc.string({ maxLength: 30 }), fc.boolean(), (index, text, keepKey) => {
        const copy = lines.slice();
        const key = /^(\s*[-{ ]*[a-z_]+:)/.exec(copy[index]!)?.[1];
        copy[index] = keepKey && key ? `${key} ${text}` : text;
        try {
          loadScenario('s.yaml', { host: memoryHost({ 's.yaml': copy.join('\n') }) });
        } catch (error) {
          expect(error).toBeInstanceOf(ScenarioError);
          for (const issue of (error as ScenarioError).issues) {
            expect(issue.location?.source).toBe('s.yaml');
            expect(issue.location?.line).toBeGreaterThanOrEqual(1);
            expect(issue.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('tranches are accepted exactly when their shares add up to warrant.shares', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: -2, max: 2 }), (a, b, offset) => {
        const total = a + b + offset; // off by -2..2 shares, or exact
        const text = VALID.replace('shares: 100', `shares: ${total}`)
          .replace('{ shares: 60, gw: 1 }', `{ shares: ${a}, gw: 1 }`)
          .replace('{ shares: 40, gw: 2, price: 300 }', `{ shares: ${b}, gw: 2, price: 300 }`);
        const { issues } = load(text);
        expect(issues.length === 0).toBe(offset === 0);
      }),
      { numRuns: 100 },
    );
  });
});
