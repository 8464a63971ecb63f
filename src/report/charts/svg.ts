/**
 * Charts to SVG at generation time, in Node, with Apache ECharts' server-side renderer
 * (`renderToSVGString`, no DOM and no browser). ECharts numbers the SVG ids of every chart from a
 * process-wide counter (`zr0-…`, `zr1-…`, `zr1-cls-17`); each chart's ids are renamed after the
 * chart and renumbered, so two charts in one page never share an id and the bytes do not depend on
 * what ran before.
 */
import type { Chart, ChartSize } from './index.js';
import { CHART_SIZES } from './index.js';

/** The ECharts module, loaded by the caller (the command: this layer touches no module loader). */
export type EChartsModule = typeof import('echarts');

/** One chart at one size, as an SVG element (role="img", labelled by the figure's title). */
export function renderChartSvg(echarts: EChartsModule, chart: Chart, size: ChartSize): string {
  const { width } = CHART_SIZES[size];
  const height = chart.height?.[size] ?? CHART_SIZES[size].height;
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption(chart.option(size));
    const svg = instance.renderToSVGString();
    return tidy(svg, `${chart.id}-${size}`, chart.id);
  } finally {
    instance.dispose();
  }
}

function tidy(svg: string, prefix: string, id: string): string {
  // ids and class names carry process-wide counters (`zr3-c0`, `zr3-cls-17`): rename them after
  // the chart and renumber them in order of first appearance, so the bytes are the chart's alone
  const seen = new Map<string, string>();
  const counts = new Map<string, number>();
  const renamed = svg.replace(/\bzr\d+-([a-z]+)-?(\d+)/g, (token: string, kind: string) => {
    let name = seen.get(token);
    if (name === undefined) {
      const count = counts.get(kind) ?? 0;
      counts.set(kind, count + 1);
      name = `${prefix}-${kind}${count}`;
      seen.set(token, name);
    }
    return name;
  });
  // scale with the page: the viewBox keeps the drawing, CSS sets the width
  return renamed.replace(
    /^<svg width="(\d+)" height="(\d+)"/,
    (_, w: string, h: string) => `<svg class="chart-svg" role="img" aria-labelledby="chart-${id}-title" width="${w}" height="${h}"`,
  );
}
