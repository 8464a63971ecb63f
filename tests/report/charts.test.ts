/**
 * The chart module (src/report/charts/, issue 19) in-process: crossings found from the periods
 * view by hand, the heatmap's bands in exact decimals, the fan's percentiles equal to sorting each
 * path's own prices (the engine's noisyPrices) by hand, and the SVG rendering deterministic with
 * ids of its own per chart.
 */
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/index.js';
import { column, type View } from '../../src/report/view.js';
import { crossovers, cumulativeChart, type Chart } from '../../src/report/charts/index.js';
import { heatmapLevels, lineChart } from '../../src/report/charts/terminal.js';
import { createRequire } from 'node:module';
import { renderChartSvg, type EChartsModule } from '../../src/report/charts/svg.js';
import { compactTick } from '../../src/report/charts/views.js';
import { sharePriceFan } from '../../src/analysis/simulate/fan.js';
import { noiseFactors, noisyPrices, planSimulation, runPaths } from '../../src/analysis/simulate/paths.js';
import { runModel } from '../../src/engine/index.js';
import { periodsView } from '../../src/report/model-views.js';
import { dec as d } from '../../src/money/index.js';
import { metaBaseScenario } from '../helpers/scenario-builders.js';

function periods(pairs: Array<[string, string]>): View {
  return {
    name: 'periods',
    title: 't',
    columns: [column('period', 'p', 'count'), column('end', 'end', 'text'), column('cumulative_amd_net_cost', 'a', 'money'), column('cumulative_baseline_cost', 'b', 'money')],
    rows: pairs.map(([a, b], i) => [i + 1, `2030-0${i + 1}-01`, dec(a), dec(b)]),
  };
}

describe('crossovers', () => {
  it('are the period ends where the order of the two cumulative columns changes; ties keep the order', () => {
    // amd - baseline: +1, +1, 0 (tie), -2 (below), -1, +3 (above), 0, +1
    const view = periods([
      ['11', '10'],
      ['21', '20'],
      ['30', '30'],
      ['38', '40'],
      ['49', '50'],
      ['63', '60'],
      ['70', '70'],
      ['81', '80'],
    ]);
    expect(crossovers(view)).toEqual([
      { row: 3, period: 4, end: '2030-04-01', direction: 'below' },
      { row: 5, period: 6, end: '2030-06-01', direction: 'above' },
    ]);
    expect(crossovers(periods([['1', '2'], ['2', '4']]))).toEqual([]);
  });

  it('are named in the chart description with their dates', () => {
    const chart = cumulativeChart(periods([['11', '10'], ['19', '20']]), { amd: 'MI450', baseline: 'Rubin', currency: 'USD' });
    expect(chart.description).toContain('has cost 19.00 and the baseline (Rubin) 20.00');
    expect(chart.description).toContain('Crossing 1 (dotted line): the AMD line falls below the baseline at the end of period 2 (2030-02-01).');
    expect(chart.table.columns.map((c) => c.key)).toEqual(['period', 'end', 'cumulative_amd_net_cost', 'cumulative_baseline_cost']);
  });
});

describe('heatmap bands', () => {
  it('are five equal bands of [min, max] in exact decimals, the max in the top one', () => {
    // min 0, max 10: band width 2; 1.99 -> 0, 2 -> 1, 5.99 -> 2, 8 -> 4, 10 -> 4
    const { levels, min, max } = heatmapLevels(['0', '1.99', '2', '5.99', '6', '7.99', '8', '10'].map(dec));
    expect(levels).toEqual([0, 0, 1, 2, 3, 3, 4, 4]);
    expect([min.toFixed(), max.toFixed()]).toEqual(['0', '10']);
    // 0.1 + 0.2 is exactly 0.3 here: no float edge effects
    expect(heatmapLevels(['0', '0.3', '0.5'].map(dec)).levels).toEqual([0, 3, 4]);
    expect(heatmapLevels(['7', '7'].map(dec)).levels).toEqual([4, 4]);
  });
});

describe('terminal line chart', () => {
  it('puts one marker per point, highest at the top row, lowest at the bottom', () => {
    const lines = lineChart([{ label: 'a', values: [0, 5, 10], glyph: '●' }], { labels: ['x', 'y', 'z'], width: 40, height: 5 });
    const plot = lines.slice(0, 5).map((l) => l.split('┤')[1]!);
    expect(plot[0]!.trimEnd().endsWith('●')).toBe(true);
    expect(plot[4]!.startsWith('●')).toBe(true);
    expect(plot.join('').split('●').length - 1).toBe(3);
    expect(lines[0]!.startsWith('10 ┤')).toBe(true);
    expect(lines.at(-1)).toMatch(/^\s+x\s+y\s+z$/);
  });

  it('stays within the width when there are more points than columns', () => {
    const values = Array.from({ length: 1200 }, (_, i) => i);
    const lines = lineChart([{ label: 'a', values, glyph: '●' }], { labels: values.map((i) => `d${i}`), width: 80, height: 6 });
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines.at(-1)).toMatch(/^\s+d0\s+d599\s+d1199$/);
  });

  it('writes ticks short', () => {
    expect([compactTick(117_076_649_217.81), compactTick(45_000), compactTick(-19_400_000_000), compactTick(0), compactTick(2.5)]).toEqual([
      '117 bn',
      '45 k',
      '-19.4 bn',
      '0',
      '2.5',
    ]);
  });
});

describe('the share-price fan', () => {
  it('equals, per period end, the nearest-rank percentiles of every path’s own prices', () => {
    const scenario = metaBaseScenario();
    const withNoise = { ...scenario, share_price: { ...scenario.share_price, volatility: d('0.5') } };
    const plan = planSimulation(withNoise, ['savings']);
    const paths = 101;
    const batches = [runPaths(plan, 9, 1, 40, { keepFactors: true }), runPaths(plan, 9, 40, paths + 1, { keepFactors: true })];
    const fan = sharePriceFan(plan, batches, paths);
    const n = plan.prepared.schedule.length;
    // by hand: every path's prices through the engine's noisyPrices, sorted per period end
    const prices = Array.from({ length: paths }, (_, i) => noisyPrices(plan, noiseFactors(plan, 9, i + 1, new Float64Array(n))));
    // nearest rank over 101 values: ceil(p * 101 / 100)-th smallest -> indexes 5, 26, 51, 76, 96 (0-based: 5, 25, 50, 75, 95)
    const ranks = [6, 26, 51, 76, 96].map((r) => r - 1);
    expect(fan).toHaveLength(n);
    fan.forEach((point, k) => {
      const sorted = prices.map((p) => p[k]!).sort((a, b) => a.comparedTo(b));
      expect(point.percentiles.map((p) => p.toFixed())).toEqual(ranks.map((r) => sorted[r]!.toFixed()));
      expect(point.model.toFixed()).toBe(plan.prepared.sharePriceAtEnds[k]!.toFixed());
    });
    expect(() => sharePriceFan(plan, [runPaths(plan, 9, 1, 3)], 2)).toThrow(/keepFactors/);
  });
});

const echarts = createRequire(import.meta.url)('echarts') as EChartsModule;

describe('SVG rendering', () => {
  const view = periodsView(runModel(metaBaseScenario()));
  const chart: Chart = cumulativeChart(view, { amd: 'MI450', baseline: 'Rubin', currency: 'USD' });

  it('is deterministic, and each chart and size has ids of its own', async () => {
    const a = await renderChartSvg(echarts, chart, 'wide');
    const b = await renderChartSvg(echarts, chart, 'wide');
    expect(a).toBe(b);
    expect(a).toMatch(/^<svg class="chart-svg" role="img" aria-labelledby="chart-cumulative-title" width="880"/);
    expect(a).not.toMatch(/\bzr\d+-/);
    // a different chart rendered in between changes nothing
    await renderChartSvg(echarts, chart, "narrow");
    expect(await renderChartSvg(echarts, chart, "wide")).toBe(a);
    const ids = [...a.matchAll(/id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id.startsWith('cumulative-wide-')).toBe(true);
    const narrow = await renderChartSvg(echarts, chart, 'narrow');
    expect(narrow).toMatch(/width="360"/);
    for (const m of narrow.matchAll(/id="([^"]+)"/g)) expect(m[1]!.startsWith('cumulative-narrow-')).toBe(true);
  });
});

describe('the chart modules stay pure', () => {
  it('import no Node built-in, no cli module, and touch neither the process nor the console', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../src/report/charts/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(['index.ts', 'svg.ts', 'terminal.ts', 'views.ts']);
    for (const file of files) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      expect(source, file).not.toMatch(/from '(node:|fs'|path')|\.\.\/\.\.\/cli\//);
      expect(source, file).not.toMatch(/\bprocess\.|console\.|require\(/);
    }
  });
});
