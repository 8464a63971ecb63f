/**
 * Charts to SVG at generation time, in Node, with Apache ECharts' server-side renderer
 * (`renderToSVGString`, no DOM and no browser). ECharts numbers the SVG ids of every chart from a
 * process-wide counter (`zr0-…`, `zr1-…`); each chart's ids are renamed after the chart, so two
 * charts in one page never share an id and the bytes do not depend on what ran before.
 */
import { createRequire } from 'node:module';
import type { Chart, ChartSize } from './index.js';
import { CHART_SIZES } from './index.js';

type EChartsModule = typeof import('echarts');

let echartsModule: EChartsModule | undefined;

/**
 * ECharts through `require`: the CLI bundle keeps it external (scripts/bundle.mjs) and runs in a
 * vm.Script, where a dynamic `import()` of a package is not available.
 */
async function loadECharts(): Promise<EChartsModule> {
  echartsModule ??= createRequire(import.meta.url)('echarts') as EChartsModule;
  return echartsModule;
}

/** One chart at one size, as an SVG element (role="img", labelled by the figure's title). */
export async function renderChartSvg(chart: Chart, size: ChartSize): Promise<string> {
  const echarts = await loadECharts();
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
  const renamed = svg.replace(/\bzr\d+-/g, `${prefix}-`);
  // scale with the page: the viewBox keeps the drawing, CSS sets the width
  return renamed.replace(
    /^<svg width="(\d+)" height="(\d+)"/,
    (_, w: string, h: string) => `<svg class="chart-svg" role="img" aria-labelledby="chart-${id}-title" width="${w}" height="${h}"`,
  );
}
