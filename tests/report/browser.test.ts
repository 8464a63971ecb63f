/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report in a real browser (issue 19): Debian's Chromium (/usr/bin/chromium, installed by
 * .ci/system-deps; never a browser download) driven by playwright-core. For every shipped scenario
 * and one run with --paths: no request beyond the file itself, no console or page error, every
 * chart's SVG drawn, the numbers read from the DOM equal to `model --format json` (and `simulate
 * --format json` with the same seed) to the cent, no horizontal scroll at 390 px. Screenshots at
 * 1280 and 390 px (light and dark) and a PDF print go to test-artifacts/report/ (gitignored).
 *
 * Needs the built CLI (`npm run build`).
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root, runCli } from '../cli/run-cli.js';
import { shippedScenarios } from '../golden/cases.mjs';

const ARTIFACTS = join(root, 'test-artifacts', 'report');
const work = mkdtempSync(join(tmpdir(), 'cfe-report-'));
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
});
afterAll(async () => {
  await browser?.close();
});

function ok(args: string[]): string {
  const run = runCli(args);
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** Writes the report and returns its path. */
function report(scenario: string, extra: string[], name: string): string {
  const out = join(work, `${name}.html`);
  ok(['report', scenario, '--output', out, ...extra]);
  return out;
}

/** "53,100,583,625.99" -> "53100583625.99" (the page groups thousands; JSON does not). */
const plain = (text: string) => text.trim().replace(/,/g, '');

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
}

async function open(file: string, width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors };
}

/** Checks shared by every report; returns the page at 1280 px for more checks. */
async function checkReport(file: string, name: string, expectedCharts: string[]): Promise<Page> {
  const wide = await open(file, 1280);
  const { page } = wide;
  // every chart present, both renderings drawn (an svg with marks in it)
  const charts = await page.$$eval('figure.chart', (figures) =>
    figures.map((f) => ({
      id: f.id,
      title: f.querySelector('h3')?.textContent ?? '',
      desc: f.querySelector('.desc')?.textContent ?? '',
      svgs: [...f.querySelectorAll('.plot svg')].map((svg) => ({
        marks: svg.querySelectorAll('path, rect, text').length,
        box: (svg as SVGSVGElement).getBoundingClientRect().width,
      })),
      tableRows: f.querySelectorAll('details.data tbody tr').length,
    })),
  );
  expect(charts.map((c) => c.id)).toEqual(expectedCharts.map((c) => `chart-${c}`));
  for (const chart of charts) {
    expect(chart.title.length, chart.id).toBeGreaterThan(5);
    expect(chart.desc, chart.id).toMatch(/\d/);
    expect(chart.svgs, chart.id).toHaveLength(2);
    for (const svg of chart.svgs) expect(svg.marks, chart.id).toBeGreaterThan(5);
    expect(chart.svgs[0]!.box, `${chart.id} wide rendering shown at 1280`).toBeGreaterThan(600);
    expect(chart.tableRows, chart.id).toBeGreaterThan(0);
  }
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1280.png`), fullPage: true });
  await page.pdf({ path: join(ARTIFACTS, `${name}.pdf`), format: 'A4', printBackground: true });

  const narrow = await open(file, 390);
  const scroll = await narrow.page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    narrowShown: [...document.querySelectorAll('.plot.narrow svg')].every((s) => s.getBoundingClientRect().width > 300),
  }));
  expect(scroll.scrollWidth, 'horizontal scroll at 390 px').toBeLessThanOrEqual(scroll.clientWidth);
  expect(scroll.narrowShown).toBe(true);
  await narrow.page.screenshot({ path: join(ARTIFACTS, `${name}-390.png`), fullPage: true });
  const dark = await open(file, 1280, 'dark');
  await dark.page.screenshot({ path: join(ARTIFACTS, `${name}-1280-dark.png`) });

  for (const opened of [wide, narrow, dark]) {
    // the file itself is the only request; no console message of error or warning level
    expect(opened.requests).toEqual([pathToFileURL(file).href]);
    expect(opened.errors).toEqual([]);
  }
  await narrow.page.close();
  await dark.page.close();
  return page;
}

/** The cells of column `key` in the table with id `id`. */
async function column(page: Page, id: string, key: string): Promise<string[]> {
  return page.$$eval(`#${id} tbody td[data-key="${key}"]`, (tds) => tds.map((td) => td.textContent ?? ''));
}

const MODEL_CHARTS = ['cumulative', 'spend', 'share-price', 'deployment', 'tornado'];
const HEADLINE = ['amd_net_cost', 'baseline_cost', 'savings', 'amd_net_cost_pv', 'baseline_cost_pv', 'savings_pv', 'warrant_net_value', 'effective_discount', 'warrant_vested_shares'];

describe('report in Chromium: every shipped scenario', () => {
  for (const scenario of shippedScenarios()) {
    const name = basename(scenario, '.yaml');
    it(`${name}: offline, no errors, charts drawn, numbers equal model --format json`, async () => {
      const file = report(scenario, [], name);
      const model = JSON.parse(ok(['model', scenario, '--format', 'json']));
      const page = await checkReport(file, name, MODEL_CHARTS);

      // the key figures in the header, to the cent
      const figures = await page.$$eval('header [data-metric]', (divs) =>
        divs.map((d) => [d.getAttribute('data-metric')!, d.querySelector('dd')!.textContent!]),
      );
      expect(figures.map(([k]) => k)).toEqual(HEADLINE);
      for (const [metric, text] of figures) expect(plain(text!), metric).toBe(model.summary[metric!]);
      // the headline sentence states the three totals
      const headline = (await page.textContent('#headline'))!.replace(/,/g, '');
      for (const metric of ['amd_net_cost', 'baseline_cost', 'savings_pv']) {
        expect(headline).toContain(model.summary[metric].replace(/^-/, ''));
      }
      // the summary table holds every metric
      const names = await column(page, 'table-summary', 'metric');
      const values = await column(page, 'table-summary', 'value');
      expect(Object.fromEntries(names.map((n, i) => [n, plain(values[i]!)]))).toEqual(model.summary);

      // the cumulative lines end at amd_net_cost and baseline_cost; every point is the period table's
      const amd = (await column(page, 'chart-cumulative-data', 'cumulative_amd_net_cost')).map(plain);
      const base = (await column(page, 'chart-cumulative-data', 'cumulative_baseline_cost')).map(plain);
      expect(amd.at(-1)).toBe(model.summary.amd_net_cost);
      expect(base.at(-1)).toBe(model.summary.baseline_cost);
      expect(amd).toEqual(model.periods.map((p: Record<string, string>) => p['cumulative_amd_net_cost']));
      expect(base).toEqual(model.periods.map((p: Record<string, string>) => p['cumulative_baseline_cost']));
      // the cumulative chart's SVG has its two lines
      expect(await page.$$eval('#chart-cumulative .plot.wide svg path[stroke="#D55E00"]', (p) => p.length)).toBeGreaterThan(0);
      expect(await page.$$eval('#chart-cumulative .plot.wide svg path[stroke="#0072B2"]', (p) => p.length)).toBeGreaterThan(0);

      // the tranche table and the ledger (collapsed) are there, row for row
      expect(await page.$$eval('#table-tranches tbody tr', (r) => r.length)).toBe(model.tranches.length);
      expect(await page.$eval('#table-ledger', (t) => t.closest('details')?.open)).toBe(false);
      const ledger = JSON.parse(ok(['model', scenario, '--format', 'json', '--view', 'ledger'])).ledger;
      expect(await page.$$eval('#table-ledger tbody tr', (r) => r.length)).toBe(ledger.length);
      expect((await column(page, 'table-ledger', 'amount')).map(plain)).toEqual(ledger.map((b: Record<string, string>) => b['amount']));
      // the inputs carry where each value came from
      const sources = await column(page, 'table-inputs', 'source');
      expect(sources.length).toBeGreaterThan(10);
      for (const s of sources) expect(s).toMatch(/\.yaml:\d+$/);
      await page.close();
    });
  }
});

describe('report in Chromium: with --paths', () => {
  it('adds the fan, the histogram and the vest probabilities, equal to simulate --format json (same seed)', async () => {
    const scenario = 'scenarios/meta-amd-base.yaml';
    const args = ['--paths', '3000', '--seed', '7'];
    const file = report(scenario, args, 'meta-amd-base-paths');
    const sim = JSON.parse(ok(['simulate', scenario, ...args, '--format', 'json']));
    const page = await checkReport(file, 'meta-amd-base-paths', [...MODEL_CHARTS, 'fan', 'histogram', 'vest-probability']);

    const figures = Object.fromEntries(
      await page.$$eval('#monte-carlo [data-metric]', (divs) => divs.map((d) => [d.getAttribute('data-metric')!, d.querySelector('dd')!.textContent!])),
    );
    expect(plain(figures['mc.probability_savings_positive']!)).toBe(sim.probability_savings_positive);
    expect(plain(figures['mc.savings.mean']!)).toBe(sim.statistics.savings.mean);
    expect(plain(figures['mc.savings.p5']!)).toBe(sim.statistics.savings.p5);
    expect(plain(figures['mc.savings.p50']!)).toBe(sim.statistics.savings.p50);
    expect(plain(figures['mc.savings.p95']!)).toBe(sim.statistics.savings.p95);
    // histogram and vest probabilities, bin for bin and tranche for tranche
    expect((await column(page, 'chart-histogram-data', 'paths')).map(plain)).toEqual(sim.histogram.map((b: Record<string, string>) => b['paths']));
    expect((await column(page, 'chart-histogram-data', 'lower')).map(plain)).toEqual(sim.histogram.map((b: Record<string, string>) => b['lower']));
    expect((await column(page, 'chart-vest-probability-data', 'probability')).map(plain)).toEqual(
      sim.tranches.map((t: Record<string, string>) => t['probability']),
    );
    // the statistics table is simulate's
    const metrics = await column(page, 'table-statistics', 'metric');
    const means = (await column(page, 'table-statistics', 'mean')).map(plain);
    expect(Object.fromEntries(metrics.map((m, i) => [m, means[i]]))).toEqual(
      Object.fromEntries(Object.entries(sim.statistics).map(([m, s]) => [m, (s as Record<string, string>)['mean']])),
    );
    // the fan: one row per period; P5 <= P25 <= P50 <= P75 <= P95 at every period end
    const fan = await Promise.all(['p5', 'p25', 'p50', 'p75', 'p95'].map((k) => column(page, 'chart-fan-data', k)));
    const model = JSON.parse(ok(['model', scenario, '--format', 'json']));
    expect(fan[0]).toHaveLength(model.periods.length);
    for (let i = 0; i < fan[0]!.length; i++) {
      const row = fan.map((c) => Number(plain(c[i]!)));
      expect([...row].sort((a, b) => a - b)).toEqual(row);
    }
    await page.close();
  });
});

describe('report: deterministic bytes', () => {
  it('the same inputs give the same file, with and without --paths', () => {
    for (const extra of [[], ['--paths', '500', '--seed', '3']]) {
      const a = readFileSync(report('scenarios/openai-amd.yaml', extra, 'same-a'));
      const b = readFileSync(report('scenarios/openai-amd.yaml', extra, 'same-b'));
      expect(a.equals(b)).toBe(true);
    }
  });
});
