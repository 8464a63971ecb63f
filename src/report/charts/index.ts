/**
 * The report's charts (SPEC §8, issue 19), each built from the views every other renderer reads
 * (model-views, simulate-views, the tornado's and the fan's views): a title, a text description
 * stating its key numbers (formatted cells of those views), its data as a view (shown as a table
 * under the chart) and an Apache ECharts option, drawn to SVG in Node by ./svg.ts.
 *
 * Colours are the Okabe–Ito palette (distinguishable with every common colour-vision deficiency);
 * the two sides also differ by line style and marker, so nothing depends on colour alone.
 */
import type { EChartsOption, SeriesOption } from 'echarts';
import { formatFixed, groupThousands, type Decimal } from '../../money/index.js';
import { pickColumns, type View } from '../view.js';
import { cells, compactTick, exact, exacts, floats, show, shows, toFloat } from './views.js';

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

export const AMD_COLOR = OKABE_ITO.vermillion;
export const BASELINE_COLOR = OKABE_ITO.blue;
/** axes and grid lines: a grey readable on light and dark backgrounds */
const AXIS_COLOR = '#8a8a8a';
const GRID_COLOR = 'rgba(138,138,138,0.3)';

export type ChartSize = 'wide' | 'narrow';
export const CHART_SIZES: Record<ChartSize, { width: number; height: number }> = {
  wide: { width: 880, height: 380 },
  narrow: { width: 360, height: 320 },
};

export interface Chart {
  /** the figure's id in the page (`chart-<id>`) */
  id: string;
  title: string;
  /** the text alternative: what the chart shows, with its key numbers */
  description: string;
  /** the chart's data, shown as a table under it */
  table: View;
  /** the ECharts option for a size */
  option(size: ChartSize): EChartsOption;
  /** height override per size (e.g. a tornado with many bars) */
  height?: Partial<Record<ChartSize, number>>;
}

/** A crossing of the two cumulative lines at a period end. */
export interface Crossover {
  /** row index in the periods view */
  row: number;
  period: number;
  /** the period end, YYYY-MM-DD */
  end: string;
  /** `below`: the AMD side's cumulative net cost falls below the baseline's from this period end */
  direction: 'below' | 'above';
}

/**
 * Where the order of cumulative AMD net cost and cumulative baseline cost changes, at period ends:
 * a comparison of two columns of the periods view (no new figure). Ties keep the previous order.
 */
export function crossovers(periods: View): Crossover[] {
  const amd = exacts(periods, 'cumulative_amd_net_cost');
  const baseline = exacts(periods, 'cumulative_baseline_cost');
  const ends = shows(periods, 'end');
  const numbers = exacts(periods, 'period');
  const out: Crossover[] = [];
  let order = 0;
  amd.forEach((a, row) => {
    const b = baseline[row];
    if (a === undefined || b === undefined) return;
    const now = a.cmp(b);
    if (now === 0) return;
    if (order !== 0 && now !== order) {
      out.push({ row, period: numbers[row]!.toNumber(), end: ends[row]!, direction: now < 0 ? 'below' : 'above' });
    }
    order = now;
  });
  return out;
}

function base(size: ChartSize): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', fontSize: size === 'wide' ? 13 : 11 },
    // ECharts measures text without a browser; the margins leave room for wider real fonts
    grid: { left: size === 'wide' ? 16 : 26, right: size === 'wide' ? 24 : 14, top: size === 'wide' ? 56 : 76, bottom: size === 'wide' ? 12 : 8, containLabel: true },
    legend: { top: 0, left: 'center', itemGap: size === 'wide' ? 28 : 18, textStyle: { color: AXIS_COLOR, fontSize: size === 'wide' ? 13 : 10 } },
  };
}

function categoryAxis(labels: string[], size: ChartSize, name?: string): EChartsOption['xAxis'] {
  return {
    type: 'category',
    data: labels,
    // narrow: the labels are rotated, so the name sits lower
    ...(name ? { name, nameLocation: 'middle' as const, nameGap: size === 'wide' ? 28 : 58, nameTextStyle: { color: AXIS_COLOR } } : {}),
    axisLine: { lineStyle: { color: AXIS_COLOR } },
    axisTick: { alignWithLabel: true, lineStyle: { color: AXIS_COLOR } },
    axisLabel: { color: AXIS_COLOR, hideOverlap: true, ...(size === 'narrow' ? { rotate: 45 } : {}) },
  };
}

function valueAxis(name: string, format: (v: number) => string = compactTick, extra: Record<string, unknown> = {}) {
  return {
    type: 'value' as const,
    name,
    nameTextStyle: { color: AXIS_COLOR, align: 'left' as const },
    axisLine: { show: true, lineStyle: { color: AXIS_COLOR } },
    axisLabel: { color: AXIS_COLOR, formatter: (v: number) => format(v) },
    splitLine: { lineStyle: { color: GRID_COLOR } },
    scale: false,
    ...extra,
  };
}

/** Cumulative AMD net cost against the baseline, with each crossover marked. */
export function cumulativeChart(periods: View, names: { amd: string; baseline: string; currency: string }): Chart {
  const table = pickColumns(periods, ['period', 'end', 'cumulative_amd_net_cost', 'cumulative_baseline_cost']);
  const ends = shows(periods, 'end');
  const last = periods.rows.length - 1;
  const found = crossovers(periods);
  const crossing = found.length === 0
    ? 'The lines do not cross at any period end.'
    : found
        .map((c, i) =>
          c.direction === 'below'
            ? `Crossing ${i + 1} (dotted line): the AMD line falls below the baseline at the end of period ${c.period} (${c.end}).`
            : `Crossing ${i + 1} (dotted line): the AMD line rises above the baseline at the end of period ${c.period} (${c.end}).`,
        )
        .join(' ');
  const description =
    `Cumulative cost at each period end, in ${names.currency}. By ${ends[last]}, the AMD side (${names.amd}, net of the warrant) ` +
    `has cost ${show(periods, 'cumulative_amd_net_cost', last)} and the baseline (${names.baseline}) ` +
    `${show(periods, 'cumulative_baseline_cost', last)}. ${crossing}`;
  return {
    id: 'cumulative',
    title: 'Cumulative AMD net cost against the baseline',
    description,
    table,
    option(size) {
      return {
        ...base(size),
        xAxis: categoryAxis(ends, size),
        yAxis: valueAxis(names.currency),
        series: [
          {
            name: `AMD net (${names.amd})`,
            type: 'line',
            data: floats(periods, 'cumulative_amd_net_cost'),
            color: AMD_COLOR,
            symbol: 'circle',
            symbolSize: 6,
            lineStyle: { width: 2.5 },
            markLine: {
              symbol: 'none',
              silent: true,
              label: { formatter: (p: { name?: string }) => p.name ?? '', color: AXIS_COLOR, fontSize: size === 'wide' ? 12 : 10 },
              lineStyle: { type: 'dotted', color: AXIS_COLOR, width: 1.5 },
              data: found.map((c, i) => ({ xAxis: c.end, name: `${i + 1} ${c.direction === 'below' ? '▼' : '▲'}` })),
            },
          },
          {
            name: `baseline (${names.baseline})`,
            type: 'line',
            data: floats(periods, 'cumulative_baseline_cost'),
            color: BASELINE_COLOR,
            symbol: 'triangle',
            symbolSize: 7,
            lineStyle: { width: 2.5, type: 'dashed' },
          },
        ],
      };
    },
  };
}

/** The share price at each period end against every tranche's price hurdle, vest dates marked. */
export function sharePriceChart(periods: View, tranches: View, currency: string): Chart {
  const ends = shows(periods, 'end');
  const hurdles = tranches.rows
    .map((_, row) => ({ row, tranche: show(tranches, 'tranche', row), price: exact(tranches, 'price_condition', row) }))
    .filter((h) => h.price !== undefined);
  const vests = vestMarks(tranches, ends);
  const table = pickColumns(tranches, ['tranche', 'price_condition', 'price_met_date', 'vest_date']);
  const last = periods.rows.length - 1;
  const met = hurdles.filter((h) => show(tranches, 'price_met_date', h.row) !== '');
  const description =
    `Share price at each period end (${currency}): ${price(periods, 0)} at ${ends[0]}, ${price(periods, last)} at ${ends[last]}. ` +
    (hurdles.length === 0
      ? 'No tranche has a price condition. '
      : `${met.length} of ${hurdles.length} price hurdles are met: ` +
        hurdles
          .map((h) => `tranche ${h.tranche} at ${show(tranches, 'price_condition', h.row)} ${met.includes(h) ? `met ${show(tranches, 'price_met_date', h.row)}` : 'not met'}`)
          .join('; ') +
        '. ') +
    vestSentence(tranches);
  return {
    id: 'share-price',
    title: 'Share price against each tranche hurdle, with vest dates',
    description,
    table,
    option(size) {
      return {
        ...base(size),
        xAxis: categoryAxis(ends, size),
        // every hurdle in view, also those the price never reaches
        yAxis: valueAxis(`share price (${currency})`, compactTick, { scale: true, max: reach(hurdles.map((h) => toFloat(h.price)!)) }),
        series: [
          {
            name: 'share price',
            type: 'line',
            data: floats(periods, 'share_price'),
            color: AMD_COLOR,
            symbol: 'circle',
            symbolSize: 5,
            lineStyle: { width: 2.5 },
            markLine: hurdleLines(hurdles.map((h) => ({ value: toFloat(h.price)!, label: `T${h.tranche} ${show(tranches, 'price_condition', h.row)}` })), size),
          },
          vestSeries(vests, floats(periods, 'share_price'), ends),
        ],
      };
    },
  };
}

/** The deployment (GW) at each period end against each tranche's GW condition. */
export function deploymentChart(periods: View, tranches: View): Chart {
  const ends = shows(periods, 'end');
  const conditions = tranches.rows
    .map((_, row) => ({ row, tranche: show(tranches, 'tranche', row), gw: exact(tranches, 'gw_condition', row) }))
    .filter((c) => c.gw !== undefined);
  const vests = vestMarks(tranches, ends);
  const last = periods.rows.length - 1;
  const table = pickColumns(tranches, ['tranche', 'gw_condition', 'gw_met_date', 'vest_date']);
  const reached = conditions.filter((c) => show(tranches, 'gw_met_date', c.row) !== '');
  // GW as the terminal table shows it: 3 decimals, half-even (display only)
  const gwText = (row: number) => trimZeros(formatFixed(exact(periods, 'gw', row)!, 3));
  const description =
    `Cumulative AMD deployment at each period end, in GW: ${gwText(0)} at ${ends[0]}, ${gwText(last)} at ${ends[last]}. ` +
    (conditions.length === 0
      ? 'No tranche has a GW condition.'
      : `${reached.length} of ${conditions.length} GW conditions are reached within the timeline: ` +
        conditions
          .map((c) => `tranche ${c.tranche} at ${show(tranches, 'gw_condition', c.row)} GW ${reached.includes(c) ? `on ${show(tranches, 'gw_met_date', c.row)}` : 'not reached'}`)
          .join('; ') +
        '.');
  return {
    id: 'deployment',
    title: 'GW deployed against each tranche’s GW condition',
    description,
    table,
    option(size) {
      return {
        ...base(size),
        xAxis: categoryAxis(ends, size),
        yAxis: valueAxis('GW', (v) => trimZeros(v.toFixed(2)), { max: reach(conditions.map((c) => toFloat(c.gw)!)) }),
        series: [
          {
            name: 'GW deployed',
            type: 'line',
            data: floats(periods, 'gw'),
            color: OKABE_ITO.bluishGreen,
            symbol: 'circle',
            symbolSize: 5,
            lineStyle: { width: 2.5 },
            markLine: hurdleLines(conditions.map((c) => ({ value: toFloat(c.gw)!, label: `T${c.tranche} ${show(tranches, 'gw_condition', c.row)} GW` })), size),
          },
          vestSeries(vests, floats(periods, 'gw'), ends),
        ],
      };
    },
  };
}

/** A share price as the terminal table shows it: 2 decimals, half-even (display only). */
function price(periods: View, row: number): string {
  const value = exact(periods, 'share_price', row);
  return value === undefined ? '' : groupThousands(formatFixed(value, 2));
}

/** An axis maximum that keeps every line in `levels` in view (ECharts calls it with the data's extent). */
function reach(levels: number[]): (extent: { max: number }) => number {
  return (extent) => {
    // the highest hurdle as the axis top: a round number already, and it needs no odd tick
    return Math.max(extent.max, ...levels);
  };
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Per vested tranche: its vest date, as a period end label. */
function vestMarks(tranches: View, ends: string[]): Array<{ tranche: string; end: string }> {
  return tranches.rows
    .map((_, row) => ({ tranche: show(tranches, 'tranche', row), end: show(tranches, 'vest_date', row) }))
    .filter((v) => v.end !== '' && ends.includes(v.end));
}

function vestSentence(tranches: View): string {
  const vested = tranches.rows.map((_, row) => row).filter((row) => show(tranches, 'vest_date', row) !== '');
  if (vested.length === 0) return 'No tranche vests.';
  return `Vest dates (diamonds): ${vested.map((row) => `tranche ${show(tranches, 'tranche', row)} on ${show(tranches, 'vest_date', row)}`).join(', ')}.`;
}

function hurdleLines(lines: Array<{ value: number; label: string }>, size: ChartSize) {
  return {
    symbol: 'none',
    silent: true,
    lineStyle: { type: 'dashed' as const, color: AXIS_COLOR, width: 1 },
    label: { position: 'insideEndTop' as const, color: AXIS_COLOR, fontSize: size === 'wide' ? 11 : 9, formatter: (p: { name?: string }) => p.name ?? '' },
    data: lines.map((l) => ({ yAxis: l.value, name: l.label })),
  };
}

function vestSeries(vests: Array<{ tranche: string; end: string }>, values: Array<number | null>, ends: string[]): SeriesOption {
  // several tranches vesting on one date share one diamond, labelled with all of them
  const byEnd = new Map<string, string[]>();
  for (const v of vests) byEnd.set(v.end, [...(byEnd.get(v.end) ?? []), v.tranche]);
  return {
    name: 'vest date',
    type: 'scatter',
    color: OKABE_ITO.black,
    symbol: 'diamond',
    symbolSize: 13,
    itemStyle: { color: OKABE_ITO.yellow, borderColor: OKABE_ITO.black, borderWidth: 1.5 },
    label: { show: true, position: 'bottom', color: AXIS_COLOR, fontSize: 10, formatter: (p: { name?: string }) => p.name ?? '' },
    data: [...byEnd].map(([end, list]) => ({ value: [end, values[ends.indexOf(end)]], name: `T${list.join(',')}` })),
  };
}

/** Per-period spend by kind: the AMD side (with the warrant's net flow) and the baseline, stacked. */
export function spendChart(periods: View, names: { amd: string; baseline: string; currency: string }): Chart {
  const ends = shows(periods, 'end');
  const table = pickColumns(periods, [
    'period',
    'end',
    'amd_hardware_spend',
    'amd_other_costs',
    'amd_energy_cost',
    'warrant_exercise_cost',
    'warrant_tax',
    'warrant_sale_proceeds',
    'amd_net_cost',
    'baseline_hardware_spend',
    'baseline_other_costs',
    'baseline_energy_cost',
    'baseline_cost',
  ]);
  const negate = (values: Array<number | null>) => values.map((v) => (v === null || v === 0 ? v : -v));
  const proceedsRows = exacts(periods, 'warrant_sale_proceeds')
    .map((v, row) => ({ v, row }))
    .filter((x) => x.v !== undefined && !x.v.isZero());
  const biggest = (key: string) => {
    let best = 0;
    exacts(periods, key).forEach((v, row) => {
      if (v !== undefined && v.gt(exact(periods, key, best)!)) best = row;
    });
    return best;
  };
  const amdTop = biggest('amd_net_cost');
  const baseTop = biggest('baseline_cost');
  const description =
    `Spending booked in each period, by kind, in ${names.currency}: the AMD side (left bar of each pair: hardware, other costs, energy, ` +
    `warrant exercise and tax; warrant sale proceeds below zero) and the baseline (right bar, lighter). ` +
    `The AMD side's largest period is ${ends[amdTop]} (net ${show(periods, 'amd_net_cost', amdTop)}); the baseline's is ${ends[baseTop]} ` +
    `(${show(periods, 'baseline_cost', baseTop)}). ` +
    (proceedsRows.length === 0
      ? 'No warrant shares are sold within the timeline.'
      : `Warrant sale proceeds arrive in ${proceedsRows.map((x) => `${ends[x.row]} (${show(periods, 'warrant_sale_proceeds', x.row)})`).join(', ')}.`);
  const kinds: Array<{ key: string; label: string; color: string; side: 'amd' | 'baseline'; negative?: boolean }> = [
    { key: 'amd_hardware_spend', label: 'AMD hardware', color: OKABE_ITO.vermillion, side: 'amd' },
    { key: 'amd_other_costs', label: 'AMD other', color: OKABE_ITO.orange, side: 'amd' },
    { key: 'amd_energy_cost', label: 'AMD energy', color: OKABE_ITO.yellow, side: 'amd' },
    { key: 'warrant_exercise_cost', label: 'exercise + tax', color: OKABE_ITO.reddishPurple, side: 'amd' },
    { key: 'warrant_sale_proceeds', label: 'warrant proceeds', color: OKABE_ITO.bluishGreen, side: 'amd', negative: true },
    { key: 'baseline_hardware_spend', label: 'baseline hardware', color: OKABE_ITO.blue, side: 'baseline' },
    { key: 'baseline_other_costs', label: 'baseline other', color: OKABE_ITO.skyBlue, side: 'baseline' },
    { key: 'baseline_energy_cost', label: 'baseline energy', color: '#9fd3f0', side: 'baseline' },
  ];
  const exerciseAndTax = floats(periods, 'warrant_exercise_cost').map((v, i) => {
    const tax = floats(periods, 'warrant_tax')[i];
    return v === null ? tax ?? null : v + (tax ?? 0);
  });
  return {
    id: 'spend',
    title: 'Spending per period, by kind',
    description,
    table,
    height: { wide: 420, narrow: 420 },
    option(size) {
      return {
        ...base(size),
        grid: { ...(base(size).grid as object), top: size === 'wide' ? 96 : 126 },
        xAxis: categoryAxis(ends, size),
        yAxis: valueAxis(names.currency),
        series: kinds.map((k) => ({
          name: k.label,
          type: 'bar',
          stack: k.side,
          color: k.color,
          barMaxWidth: 18,
          itemStyle: { color: k.color },
          data:
            k.key === 'warrant_exercise_cost'
              ? exerciseAndTax
              : k.negative
                ? negate(floats(periods, k.key))
                : floats(periods, k.key),
        })),
      };
    },
  };
}

/** The tornado: the metric at each input's low and high value, around the base value. */
export function tornadoChart(tornado: View, metric: string, baseValue: Decimal, baseText: string, currency: string): Chart {
  const lowKey = `${metric}_low`;
  const highKey = `${metric}_high`;
  const rows = tornado.rows.map((_, row) => row).filter((row) => exact(tornado, lowKey, row) !== undefined && exact(tornado, highKey, row) !== undefined);
  const table = pickColumns(tornado, ['rank', 'path', 'low', 'high', lowKey, highKey, 'swing']);
  const top = rows.slice(0, 3);
  const description =
    `How ${metric} (base ${baseText} ${currency}) moves when one input at a time is set to its low or high value; largest swing on top. ` +
    (top.length === 0
      ? 'No input could be moved.'
      : `The largest swings: ${top
          .map((row) => `${show(tornado, 'path', row)} (${show(tornado, 'low', row)} to ${show(tornado, 'high', row)}: ${show(tornado, lowKey, row)} to ${show(tornado, highKey, row)})`)
          .join('; ')}.`);
  const labels = rows.map((row) => show(tornado, 'path', row)).reverse();
  const offset = baseValue.toNumber();
  const bar = (key: string) => rows.map((row) => exact(tornado, key, row)!.toNumber() - offset).reverse();
  return {
    id: 'tornado',
    title: `Tornado: what moves ${metric} most`,
    description,
    table,
    height: { wide: Math.max(240, 90 + rows.length * 30), narrow: Math.max(260, 120 + rows.length * 30) },
    option(size) {
      return {
        ...base(size),
        // the input names get a fixed column (measured text would be cut at the left edge)
        grid: { left: size === 'wide' ? 250 : 118, right: size === 'wide' ? 30 : 16, top: size === 'wide' ? 40 : 48, bottom: 48, containLabel: false },
        xAxis: valueAxis(`${metric} (${currency})`, (v) => compactTick(v + offset), {
          nameLocation: 'middle',
          nameGap: 28,
          scale: false,
          splitNumber: size === 'wide' ? 6 : 3,
        }),
        yAxis: {
          type: 'category',
          data: labels,
          axisLine: { lineStyle: { color: AXIS_COLOR } },
          axisLabel: { color: AXIS_COLOR, width: size === 'wide' ? 230 : 100, overflow: 'truncate', fontSize: size === 'wide' ? 13 : 9 },
        },
        series: [
          { name: 'input at its low value', type: 'bar', stack: 'x', data: bar(lowKey), color: OKABE_ITO.skyBlue, barMaxWidth: 18 },
          {
            name: 'input at its high value',
            type: 'bar',
            stack: 'y',
            barGap: '-100%',
            data: bar(highKey),
            color: OKABE_ITO.vermillion,
            barMaxWidth: 18,
          },
        ],
      };
    },
  };
}

/** The Monte Carlo fan: P5–P95 and P25–P75 bands of the share price, the median and the model path. */
export function fanChart(fan: View, currency: string, paths: string): Chart {
  const ends = shows(fan, 'end');
  const last = fan.rows.length - 1;
  const p = (key: string) => floats(fan, key);
  const diff = (hi: Array<number | null>, lo: Array<number | null>) => hi.map((h, i) => (h === null || lo[i] === null ? null : h - lo[i]!));
  const description =
    `The share price at each period end over ${paths} simulated paths (${currency}). At ${ends[last]}: median ${show(fan, 'p50', last)}, ` +
    `half the paths between ${show(fan, 'p25', last)} and ${show(fan, 'p75', last)}, nine in ten between ${show(fan, 'p5', last)} and ` +
    `${show(fan, 'p95', last)}; the model's own path is at ${show(fan, 'model', last)}.`;
  const band = (name: string, data: Array<number | null>, stack: string, opacity: number, color: string): SeriesOption => ({
    name,
    type: 'line',
    stack,
    data,
    symbol: 'none',
    lineStyle: { opacity: 0 },
    areaStyle: { color, opacity },
    color,
  });
  const invisible = (data: Array<number | null>, stack: string): SeriesOption => ({
    name: `${stack}-base`,
    type: 'line',
    stack,
    data,
    symbol: 'none',
    lineStyle: { opacity: 0 },
    silent: true,
  });
  return {
    id: 'fan',
    title: 'Monte Carlo fan of the share price (P5–P95)',
    description,
    table: fan,
    option(size) {
      return {
        ...base(size),
        legend: { ...(base(size).legend as object), data: ['P5–P95', 'P25–P75', 'median (P50)', 'model path'] },
        xAxis: categoryAxis(ends, size),
        yAxis: valueAxis(`share price (${currency})`),
        series: [
          invisible(p('p5'), 'outer'),
          band('P5–P95', diff(p('p95'), p('p5')), 'outer', 0.25, OKABE_ITO.skyBlue),
          invisible(p('p25'), 'inner'),
          band('P25–P75', diff(p('p75'), p('p25')), 'inner', 0.45, OKABE_ITO.blue),
          { name: 'median (P50)', type: 'line', data: p('p50'), color: OKABE_ITO.blue, symbol: 'circle', symbolSize: 4, lineStyle: { width: 2.5 } },
          { name: 'model path', type: 'line', data: p('model'), color: AMD_COLOR, symbol: 'none', lineStyle: { width: 2, type: 'dashed' } },
        ],
      };
    },
  };
}

/** The savings histogram over the paths. */
export function histogramChart(histogram: View, run: View, currency: string): Chart {
  const lowers = shows(histogram, 'lower');
  const uppers = shows(histogram, 'upper');
  const counts = floats(histogram, 'paths');
  const positive = runItem(run, 'probability_savings_positive');
  const description =
    `How the savings (baseline cost minus AMD net cost, ${currency}) spread over ${runItem(run, 'paths')} paths, in ${histogram.rows.length} bins ` +
    `from ${show(histogram, 'lower', 0)} to ${show(histogram, 'upper', histogram.rows.length - 1)}. ` +
    `${runItem(run, 'savings_positive_paths')} paths (probability ${positive}) save money.`;
  return {
    id: 'histogram',
    title: 'Savings over the Monte Carlo paths',
    description,
    table: histogram,
    option(size) {
      return {
        ...base(size),
        legend: { show: false },
        grid: { ...(base(size).grid as object), top: 36, bottom: size === 'wide' ? 24 : 40 },
        xAxis: {
          ...(categoryAxis(lowers.map((l) => compactTick(Number(l.replace(/,/g, '')))), size, `savings (${currency}), bin lower edge`) as object),
        },
        yAxis: valueAxis('paths', (v) => String(v)),
        series: [
          {
            name: 'paths',
            type: 'bar',
            data: counts.map((c, i) => ({
              value: c,
              itemStyle: { color: Number(uppers[i]!.replace(/,/g, '')) <= 0 ? OKABE_ITO.vermillion : OKABE_ITO.bluishGreen },
            })),
            barCategoryGap: '8%',
          },
        ],
      };
    },
  };
}

function runItem(run: View, item: string): string {
  const row = cells(run, 'item').indexOf(item);
  return row === -1 ? '' : show(run, 'value', row);
}

/** Each tranche's probability of vesting within the timeline. */
export function vestProbabilityChart(tranches: View, paths: string): Chart {
  const labels = shows(tranches, 'tranche').map((t) => `T${t}`);
  const description =
    `The share of ${paths} paths in which each tranche vests within the timeline: ` +
    tranches.rows
      .map((_, row) => {
        const median = show(tranches, 'median_vest_date', row);
        return `tranche ${show(tranches, 'tranche', row)} ${show(tranches, 'probability', row)} (${median === 'not vested' ? 'not vested on the median path' : `median vest date ${median}`})`;
      })
      .join('; ') +
    '.';
  return {
    id: 'vest-probability',
    title: 'Probability that each tranche vests',
    description,
    table: tranches,
    option(size) {
      return {
        ...base(size),
        legend: { show: false },
        grid: { ...(base(size).grid as object), top: 36 },
        xAxis: categoryAxis(labels, size),
        yAxis: valueAxis('probability', (v) => v.toFixed(1), { max: 1, min: 0 }),
        series: [
          {
            name: 'probability',
            type: 'bar',
            data: floats(tranches, 'probability'),
            color: OKABE_ITO.blue,
            barMaxWidth: 48,
            label: { show: true, position: 'top', color: AXIS_COLOR, formatter: (p: { dataIndex: number }) => show(tranches, 'probability', p.dataIndex) },
          },
        ],
      };
    },
  };
}
