/**
 * The `report` page (SPEC §8, issue 19): one self-contained HTML file — styles inline, charts as
 * inline SVG drawn at generation time, no script, no font, no image, no request to any host (a
 * Content-Security-Policy of `default-src 'none'` makes the browser refuse any that slipped in).
 *
 * Every number on the page is a formatted cell of a view (model-views, simulate-views, the
 * tornado's, the fan's): the same `formatCell` the terminal, csv and markdown renderers use, so
 * the page shows what `model --format json` (and `simulate` with the same seed) prints, grouped in
 * thousands. Deterministic: the same inputs give the same bytes (no date, no random id).
 *
 * Accessible and printable: every chart is a figure with a title, a text description stating its
 * key numbers and its data as a table; Okabe–Ito colours; a narrow rendering of each chart under
 * 640 px (it works at 390 px without horizontal scroll: wide tables scroll in their own box); a
 * print stylesheet; light and dark (prefers-color-scheme).
 */
import type { Decimal } from '../money/index.js';
import type { MetricName } from '../engine/types.js';
import { formatCell, NUMERIC_KINDS, type View } from './view.js';
import type { Chart, ChartSize } from './charts/index.js';

export interface KeyFigure {
  /** SPEC metric name or Monte Carlo item (the element's data-metric) */
  key: string;
  label: string;
  /** the formatted value (grouped) */
  text: string;
  /** a short note under the value */
  note?: string;
}

export interface RenderedChart {
  chart: Chart;
  svg: Record<ChartSize, string>;
}

export interface ReportSection {
  id: string;
  title: string;
  /** paragraphs of plain text */
  intro?: string[];
  figures?: KeyFigure[];
  charts?: RenderedChart[];
  tables?: Array<{ view: View; collapsed?: boolean; summary?: string }>;
}

export interface ReportPage {
  title: string;
  subtitle?: string;
  /** the answer in one sentence */
  headline: string;
  figures: KeyFigure[];
  sections: ReportSection[];
  /** what made this page: the command, version (no date: the page is deterministic) */
  footer: string[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A summary metric as a key figure (text as `model` formats it, grouped). */
export function metricFigure(summary: View, metric: MetricName, label: string, note?: string): KeyFigure {
  const row = summary.rows.find((r) => r[0] === metric);
  if (!row) throw new Error(`report: the summary has no ${metric}`);
  const text = formatCell(row[1] ?? null, summary.columns[1]!, true).text;
  return note === undefined ? { key: metric, label, text } : { key: metric, label, text, note };
}

/** The formatted text (grouped) of one cell of a view, '' when the row does not exist. */
export function tableCellText(view: View, row: number, key: string): string {
  const index = view.columns.findIndex((c) => c.key === key);
  if (row < 0 || index === -1) return '';
  return formatCell(view.rows[row]![index] ?? null, view.columns[index]!, true).text;
}

/** A view as an HTML table (caption = title, numbers right-aligned, negative money marked). */
export function tableHtml(view: View, id?: string): string {
  const head = view.columns.map((c) => `<th scope="col"${NUMERIC_KINDS.has(c.kind) ? ' class="num"' : ''}>${escapeHtml(c.header)}</th>`).join('');
  const body = view.rows
    .map((row) => {
      const tds = view.columns
        .map((c, i) => {
          const cell = formatCell(row[i] ?? null, c, true);
          const classes = [cell.numeric ? 'num' : '', cell.negative && cell.kind === 'money' ? 'neg' : ''].filter(Boolean).join(' ');
          return `<td data-key="${escapeHtml(c.key)}"${classes ? ` class="${classes}"` : ''}>${escapeHtml(cell.text)}</td>`;
        })
        .join('');
      return `<tr>${tds}</tr>`;
    })
    .join('\n');
  const notes = view.notes?.length ? `<p class="notes">${view.notes.map(escapeHtml).join('<br>')}</p>` : '';
  return (
    `<div class="table-wrap"><table${id ? ` id="${escapeHtml(id)}"` : ''} data-view="${escapeHtml(view.name)}">` +
    `<caption>${escapeHtml(view.title)}</caption><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>${notes}`
  );
}

function figuresHtml(figures: readonly KeyFigure[]): string {
  return (
    `<dl class="figures">` +
    figures
      .map(
        (f) =>
          `<div class="figure" data-metric="${escapeHtml(f.key)}"><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.text)}</dd>` +
          (f.note ? `<p class="note">${escapeHtml(f.note)}</p>` : '') +
          `</div>`,
      )
      .join('') +
    `</dl>`
  );
}

function chartHtml({ chart, svg }: RenderedChart): string {
  const id = `chart-${chart.id}`;
  return (
    `<figure class="chart" id="${id}" aria-labelledby="${id}-title" aria-describedby="${id}-desc">` +
    `<h3 id="${id}-title">${escapeHtml(chart.title)}</h3>` +
    `<p class="desc" id="${id}-desc">${escapeHtml(chart.description)}</p>` +
    `<div class="plot wide">${svg.wide}</div><div class="plot narrow">${svg.narrow}</div>` +
    `<details class="data"><summary>Data of this chart</summary>${tableHtml(chart.table, `${id}-data`)}</details>` +
    `</figure>`
  );
}

function sectionHtml(section: ReportSection): string {
  const parts = [`<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>`];
  for (const p of section.intro ?? []) parts.push(`<p>${escapeHtml(p)}</p>`);
  if (section.figures?.length) parts.push(figuresHtml(section.figures));
  for (const chart of section.charts ?? []) parts.push(chartHtml(chart));
  for (const table of section.tables ?? []) {
    const html = tableHtml(table.view, `table-${table.view.name}`);
    parts.push(
      table.collapsed
        ? `<details class="table"><summary>${escapeHtml(table.summary ?? table.view.title)}</summary>${html}</details>`
        : html,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

const STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1b1b;--muted:#4a4a4a;--line:#d6d6d6;--card:#f4f4f2;--neg:#a4330a;--accent:#0072B2}
@media (prefers-color-scheme:dark){:root{--bg:#141414;--fg:#ececec;--muted:#b8b8b8;--line:#3a3a3a;--card:#1f1f1f;--neg:#ff9a66;--accent:#56B4E9}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:1000px;margin:0 auto;padding:0 16px}
header{padding-top:24px}
h1{font-size:1.7rem;line-height:1.2;margin:0 0 4px}
h2{font-size:1.3rem;margin:40px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1.05rem;margin:0 0 4px}
.subtitle{color:var(--muted);margin:0 0 12px}
.headline{font-size:1.15rem;margin:12px 0 16px;padding:12px 16px;border-left:4px solid var(--accent);background:var(--card)}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px;margin:0 0 8px}
.figure{background:var(--card);padding:8px 12px;border-radius:6px;min-width:0}
.figure dt{font-size:.85rem;color:var(--muted)}
.figure dd{margin:0;font-size:1.15rem;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.figure .note{margin:0;font-size:.8rem;color:var(--muted)}
figure.chart{margin:24px 0;padding:0;break-inside:avoid;page-break-inside:avoid}
.desc{margin:0 0 8px;color:var(--muted);font-size:.95rem}
.plot svg{display:block;width:100%;height:auto;max-width:100%}
.plot svg text{fill:var(--muted)}
.plot.narrow{display:none}
@media (max-width:640px){.plot.wide{display:none}.plot.narrow{display:block}h1{font-size:1.4rem}body{font-size:15px}.headline{font-size:1rem;padding:8px 12px}.figures{grid-template-columns:repeat(auto-fill,minmax(150px,1fr))}.figure{padding:6px 8px}.figure dd{font-size:.86rem;white-space:nowrap;overflow-wrap:normal}}
details{margin:8px 0}
summary{cursor:pointer;color:var(--accent)}
.table-wrap{overflow-x:auto;max-width:100%;margin:8px 0}
table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:4px 0;caption-side:top}
th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap;vertical-align:top}
th.num,td.num{text-align:right}
td.neg{color:var(--neg)}
.notes{font-size:.8rem;color:var(--muted);margin:4px 0 0}
footer{color:var(--muted);font-size:.8rem;margin-top:48px;padding-bottom:32px}
footer p{margin:2px 0;overflow-wrap:anywhere}
@media print{
  :root{--bg:#fff;--fg:#000;--muted:#333;--line:#bbb;--card:#f3f3f3}
  body{font-size:11pt}
  header,main,footer{max-width:none;padding:0}
  .plot.wide{display:block!important}.plot.narrow{display:none!important}
  details>summary{display:none}
  details::details-content{content-visibility:visible;display:block}
  .table-wrap{overflow:visible}
  table{font-size:7pt}
  th,td{white-space:normal;padding:1px 3px}
  h2{break-after:avoid;page-break-after:avoid}
  section{break-before:auto}
}
`;

/** The whole page. */
export function renderReportHtml(page: ReportPage): string {
  const out = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${STYLE.trim()}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(page.title)}</h1>`,
    page.subtitle ? `<p class="subtitle">${escapeHtml(page.subtitle)}</p>` : '',
    `<p class="headline" id="headline">${escapeHtml(page.headline)}</p>`,
    figuresHtml(page.figures),
    '</header>',
    '<main>',
    ...page.sections.map(sectionHtml),
    '</main>',
    `<footer>${page.footer.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</footer>`,
    '</body>',
    '</html>',
    '',
  ];
  return out.filter((l) => l !== '').join('\n') + '\n';
}

/** "saves X" / "costs X more" for a signed savings figure. */
export function savingsWords(savings: Decimal, text: string): string {
  if (savings.isZero()) return 'costs exactly the same as';
  return savings.isNegative() ? `costs ${text.replace(/^-/, '')} more than` : `saves ${text} against`;
}
