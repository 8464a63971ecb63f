/** Grid parsing (issue 5): exact decimal steps, list axes, refusals, mixed-radix order. */
import { describe, expect, it } from 'vitest';
import { axisValues, gridSize, MAX_GRID_POINTS, parseAxis, pointIndices, type Axis } from '../../src/analysis/grid.js';

function axis(option: string): Axis {
  const parsed = parseAxis(option);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.axis;
}

function problem(option: string) {
  const parsed = parseAxis(option);
  if (parsed.ok) throw new Error(`expected ${option} to be refused`);
  return parsed.problem;
}

describe('parseAxis: ranges A:B:STEP', () => {
  it('0:1:0.1 gives 11 exact values, no float drift', () => {
    // (1 - 0) / 0.1 = 10 steps, + 1 = 11 values; in binary floats 0.1 * 3 = 0.30000000000000004
    const a = axis('share_price.cagr=0:1:0.1');
    expect(a.size).toBe(11);
    expect(axisValues(a)).toEqual(['0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1']);
  });

  it('0:0.3:0.1 gives exactly 0, 0.1, 0.2, 0.3', () => {
    expect(axisValues(axis('x.y=0:0.3:0.1'))).toEqual(['0', '0.1', '0.2', '0.3']);
  });

  it('negative starts and exponents are exact: -0.2:0.79:0.01 has 100 values ending at 0.79', () => {
    // (0.79 - (-0.2)) / 0.01 = 99 steps -> 100 values
    const a = axis('share_price.cagr=-0.2:0.79:0.01');
    expect(a.size).toBe(100);
    const values = axisValues(a);
    expect(values[0]).toBe('-0.2');
    expect(values[20]).toBe('0');
    expect(values[99]).toBe('0.79');
    expect(axisValues(axis('p=1e3:2e3:5e2'))).toEqual(['1000', '1500', '2000']);
  });

  it('A = B is one value', () => {
    expect(axisValues(axis('p=5:5:1'))).toEqual(['5']);
  });

  it('refuses a step of 0, a negative step, B below A and a step that does not land on B, naming path and value', () => {
    const zero = problem('share_price.cagr=0:1:0');
    expect(zero.severity).toBe('invalid');
    expect(zero.message).toContain('share_price.cagr');
    expect(zero.message).toContain('STEP is 0');
    expect(problem('p=0:1:-0.1').message).toContain('negative');
    expect(problem('p=1:0:0.1').message).toContain('below A');
    const off = problem('share_price.cagr=0:1:0.3');
    // 0, 0.3, 0.6, 0.9: the last value reached is 0.9, not 1
    expect(off.severity).toBe('invalid');
    expect(off.message).toContain('does not land on 1');
    expect(off.message).toContain('0.9');
    expect(problem('p=0:x:1').message).toContain('not a number');
  });

  it('refuses a range longer than the grid limit without enumerating it', () => {
    // 0..1e8 by 1 is 100,000,001 values
    expect(problem('p=0:1e8:1').message).toContain('100000001 values');
  });

  it('malformed options are usage errors', () => {
    expect(problem('share_price.cagr').severity).toBe('usage');
    expect(problem('=1,2').severity).toBe('usage');
    expect(problem('p=1,,2').severity).toBe('usage');
  });
});

describe('parseAxis: lists', () => {
  it('keeps values as written and knows numbers from dates from text', () => {
    const dates = axis('deployment.points[1].date=2029-12-31,2030-12-31');
    expect(dates.valueKind).toBe('date');
    expect(axisValues(dates)).toEqual(['2029-12-31', '2030-12-31']);
    expect(axis('p=1,2.50,-3').valueKind).toBe('decimal');
    expect(axis('warrant.sell=at_vest,at_horizon').valueKind).toBe('text');
    expect(axis('p=7').size).toBe(1);
  });
});

describe('grid size and order', () => {
  it('multiplies axis sizes and refuses more than 10,000,000 points', () => {
    const a = axis('a=1:1000:1');
    const b = axis('b=1:1000:1');
    expect(gridSize([a, b])).toEqual({ ok: true, size: 1_000_000 });
    const c = axis('c=1:11:1');
    const refused = gridSize([a, b, c]);
    // 1000 * 1000 * 11 = 11,000,000 > 10,000,000
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem.message).toContain('11,000,000');
    expect(MAX_GRID_POINTS).toBe(10_000_000);
  });

  it('the last axis varies fastest', () => {
    const sizes = [2, 3];
    const order = Array.from({ length: 6 }, (_, i) => [...pointIndices(i, sizes, [0, 0])]);
    expect(order).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
  });
});
