/**
 * Views of one {@link ModelResult} (SPEC §3, §4): the summary metrics, the headline a person reads
 * first, the per-period table, the tranche table and the ledger of bookings. Pure functions of the
 * result; every money cell is a booked amount or an exact sum of booked amounts, so a spreadsheet
 * `SUM` of a money column equals the printed total to the cent.
 *
 * Display choices where SPEC is silent (documented in README / the report):
 * - GW(e_k) is shown with 6 decimals, share and unit prices with 4 (half-even, display only; the
 *   engine compares and multiplies the unrounded values).
 * - Ledger `discount_factor` is shown with 12 decimals and `present_value` (= amount × the
 *   unrounded factor) with 6, so the sum of the shown present values differs from the exact sum by
 *   at most rows × 0.0000005 and reproduces `*_pv` to the cent.
 */
import { leverNotes } from './lever-notes.js';
import { cents, formatCount, formatFixed, formatPlain, formatRatio, groupThousands, product, sum, type Decimal } from '../money/index.js';
import { formatMoneyGlance } from './glance.js';
import { jsonEnvelope, jsonScenario, jsonWarnings } from './envelope.js';
import { formatDay } from '../time/index.js';
import {
  METRIC_KINDS,
  type Booking,
  type MetricName,
  type ModelResult,
  type NotVestedReason,
  type PeriodRow,
  type TrancheResult,
} from '../engine/types.js';
import { column, typed, type Cell, type View } from './view.js';
import { viewToJsonObject, viewToJsonRows, type JsonObject } from './json.js';

/**
 * Decimals shown for unrounded curve values in csv/json/markdown. Ten decimals keep a reader's own
 * arithmetic exact to the cent: shares (up to 1e9) x sale price reproduces the proceeds, and
 * GW x units_per_gw reproduces the rounded unit count, from the printed values alone.
 */
export const GW_PLACES = 10;
export const PRICE_PLACES = 10;
export const DISCOUNT_FACTOR_PLACES = 12;
export const PRESENT_VALUE_PLACES = 6;

/** The views `model --view` can pick. */
export const MODEL_VIEW_NAMES = ['summary', 'periods', 'tranches', 'ledger'] as const;
export type ModelViewName = (typeof MODEL_VIEW_NAMES)[number];

/** A metric's value as a cell of its SPEC kind (count, money or ratio). */
export function metricCell(result: { summary: Record<MetricName, Decimal> }, metric: MetricName): Cell {
  return typed(METRIC_KINDS[metric], result.summary[metric]);
}

/** SPEC §3 metrics, one row each (metric, value), in the order given (METRIC_NAMES order by default). */
export function summaryView(result: ModelResult, metrics: readonly MetricName[]): View {
  return {
    name: 'summary',
    currency: result.scenario.currency,
    title: `Summary: ${result.scenario.name} (${result.scenario.currency})`,
    columns: [column('metric', 'metric', 'text'), column('value', 'value', 'decimal')],
    rows: metrics.map((m) => [m, metricCell(result, m)]),
  };
}

/** The summary as a JSON object `{ metric: "value" }` (every value a string). */
export function summaryJson(result: ModelResult, metrics: readonly MetricName[]): JsonObject {
  return viewToJsonObject(summaryView(result, metrics));
}

/**
 * The answer in one sentence (issue 11): who wins, by how much, and how much of it is the warrant —
 * savings = cost_advantage + warrant_net_value (SPEC v1.1 §3), each part named by its sign. Money
 * at a glance (`$64.0B`): a sentence is read, not summed; the tables carry the cents.
 */
export function answerSentence(result: ModelResult): string {
  const { scenario, summary: s } = result;
  const money = (x: Decimal) => formatMoneyGlance(x.abs(), scenario.currency);
  const amd = `AMD ${scenario.amd.product}`;
  const baseline = scenario.baseline.name;
  const advantage = s.cost_advantage;
  const warrant = s.warrant_net_value;
  const warrantWords = warrant.isZero()
    ? 'the warrant adds nothing'
    : warrant.isPositive()
      ? `the warrant is worth ${money(warrant)}`
      : `the warrant costs ${money(warrant)}`;
  if (s.savings.isPositive() && !s.savings.isZero()) {
    const head = `${amd} saves ${money(s.savings)} against ${baseline}`;
    if (advantage.isNegative() && !advantage.isZero()) {
      return `${head}, thanks to the warrant: it is worth ${money(warrant)}, while ${amd} costs ${money(advantage)} more before it.`;
    }
    const second = warrant.isPositive() && !warrant.isZero() ? `${money(warrant)} the warrant` : warrantWords;
    return `${head}: ${money(advantage)} is the cost advantage before the warrant, ${second}.`;
  }
  if (s.savings.isZero()) {
    return `${amd} and ${baseline} cost the same: a cost advantage before the warrant of ${
      advantage.isNegative() ? '-' : ''
    }${money(advantage)}, and ${warrantWords}.`;
  }
  const head = `${baseline} is ${money(s.savings)} cheaper than ${amd} (negative savings)`;
  const before =
    advantage.isNegative() && !advantage.isZero()
      ? `${amd} costs ${money(advantage)} more before the warrant`
      : `${amd}'s cost advantage before the warrant is ${money(advantage)}`;
  return `${head}: ${before}, and ${warrantWords}.`;
}

/**
 * The headline a person reads first: the answer in one sentence (its title), then AMD's gross
 * cost, the warrant, AMD's net cost, the baseline and the savings with their split, nominal and
 * present value side by side. `glance`: money shown at a glance (a note says how to get cents).
 */
export function headlineView(result: ModelResult, options: { glance?: boolean } = {}): View {
  const { scenario, summary } = result;
  const s = summary;
  const vested = s.warrant_vested_shares;
  const rate = formatPlain(scenario.timeline.discount_rate);
  const negative = s.savings.isNegative() && !s.savings.isZero();
  return {
    name: 'headline',
    title: `${scenario.name} (${scenario.currency})\n${answerSentence(result)}`,
    currency: scenario.currency,
    columns: [
      column('measure', '', 'text'),
      column('nominal', 'nominal', 'money'),
      column('present_value', `PV at ${formatDay(scenario.timeline.valuation_date)}`, 'money'),
    ],
    rows: [
      [`AMD ${scenario.amd.product} gross cost`, s.amd_gross_cost, s.amd_gross_cost_pv],
      ['minus warrant net value', s.warrant_net_value, s.warrant_net_value_pv],
      ['AMD net cost', s.amd_net_cost, s.amd_net_cost_pv],
      [`baseline cost (${scenario.baseline.name})`, s.baseline_cost, s.baseline_cost_pv],
      [negative ? 'savings: NEGATIVE (baseline wins)' : 'savings (baseline - AMD net)', s.savings, s.savings_pv],
      ['  of which: cost advantage', s.cost_advantage, s.cost_advantage_pv],
      ['  of which: warrant', s.warrant_net_value, s.warrant_net_value_pv],
    ],
    notes: [
      'gross cost = hardware + other costs + energy',
      'warrant net value = sale proceeds - exercise cost - tax',
      'savings = cost advantage (baseline cost - AMD gross cost) + warrant net value',
      `effective discount: ${formatRatio(s.effective_discount)} (warrant net value / AMD hardware spend)`,
      `warrant: ${groupedCount(vested)} of ${groupedCount(scenario.warrant.shares)} shares vested (sold ${
        scenario.warrant.sell === 'at_vest' ? 'at vest' : 'at the horizon'
      })`,
      `present values (PV) discounted at ${rate} a year to ${formatDay(scenario.timeline.valuation_date)}`,
      ...leverNotes(result),
      ...(options.glance ? ['money rounded for reading; --exact shows every cent, csv and json always do'] : []),
    ],
  };
}

/**
 * What one accelerator and one GW cost, all-in (SPEC v1.1 `amd_net_cost_per_unit`,
 * `baseline_cost_per_amd_unit`): AMD after the warrant against the baseline buying the same
 * delivered compute. Per GW divides the same totals by the GW AMD delivers, amd_units /
 * units_per_gw (display only, shown to the cent). Undefined when no AMD unit is bought.
 */
export function unitPricesView(result: ModelResult): View | undefined {
  const { scenario, summary: s } = result;
  if (s.amd_units.isZero()) return undefined;
  const gw = s.amd_units.div(scenario.amd.units_per_gw);
  return {
    name: 'unit_prices',
    title: `All-in price per accelerator and per GW (${groupedCount(s.amd_units)} AMD units, ${formatFixed(gw, 3)} GW)`,
    currency: scenario.currency,
    columns: [column('side', '', 'text'), column('per_unit', 'per accelerator', 'money'), column('per_gw', 'per GW', 'money')],
    rows: [
      [`AMD ${scenario.amd.product}, net of the warrant`, s.amd_net_cost_per_unit, cents(s.amd_net_cost.div(gw))],
      [`${scenario.baseline.name}, same compute`, s.baseline_cost_per_amd_unit, cents(s.baseline_cost.div(gw))],
    ],
  };
}

function groupedCount(value: Decimal): string {
  return groupThousands(formatCount(value));
}

/** Every per-period figure (CSV, JSON, markdown). Money columns sum to the summary totals. */
export function periodsView(result: ModelResult): View {
  return {
    name: 'periods',
    currency: result.scenario.currency,
    keyColumns: 2,
    title: `Per period: ${result.scenario.name} (${result.scenario.currency}, booked on each period's end date)`,
    columns: [
      column('period', 'period', 'count'),
      column('start', 'start', 'date'),
      column('end', 'end', 'date'),
      column('gw', 'GW', 'decimal', GW_PLACES),
      column('share_price', 'share price', 'decimal', PRICE_PLACES),
      column('amd_unit_price', 'AMD unit price', 'decimal', PRICE_PLACES),
      column('amd_units', 'AMD units', 'count'),
      column('amd_units_cumulative', 'AMD units cumulative', 'count'),
      column('amd_hardware_spend', 'AMD hardware', 'money'),
      column('amd_other_costs', 'AMD other costs', 'money'),
      column('amd_energy_cost', 'AMD energy', 'money'),
      column('warrant_exercise_cost', 'warrant exercise', 'money'),
      column('warrant_sale_proceeds', 'warrant proceeds', 'money'),
      column('warrant_tax', 'warrant tax', 'money'),
      column('amd_net_cost', 'AMD net cost', 'money'),
      column('cumulative_amd_net_cost', 'AMD net cost cumulative', 'money'),
      column('baseline_unit_price', 'baseline unit price', 'decimal', PRICE_PLACES),
      column('baseline_units', 'baseline units', 'count'),
      column('baseline_units_cumulative', 'baseline units cumulative', 'count'),
      column('baseline_hardware_spend', 'baseline hardware', 'money'),
      column('baseline_other_costs', 'baseline other costs', 'money'),
      column('baseline_energy_cost', 'baseline energy', 'money'),
      column('baseline_cost', 'baseline cost', 'money'),
      column('cumulative_baseline_cost', 'baseline cost cumulative', 'money'),
      column('savings', 'savings', 'money'),
      column('cumulative_savings', 'savings cumulative', 'money'),
    ],
    rows: result.periods.map((p) => [
      p.period.index,
      p.period.first,
      p.period.end,
      p.gw,
      p.share_price,
      p.amd_unit_price,
      p.amd_units,
      p.amd_units_cumulative,
      p.amd_hardware_spend,
      p.amd_other_costs,
      p.amd_energy_cost,
      p.warrant_exercise_cost,
      p.warrant_sale_proceeds,
      p.warrant_tax,
      p.amd_net_cost,
      p.cumulative_amd_net_cost,
      p.baseline_unit_price,
      p.baseline_units,
      p.baseline_units_cumulative,
      p.baseline_hardware_spend,
      p.baseline_other_costs,
      p.baseline_energy_cost,
      p.baseline_cost,
      p.cumulative_baseline_cost,
      ...savingsCells(p),
    ]),
  };
}

/**
 * The per-period table for a terminal: fewer, wider-apart columns. The warrant's three flows are
 * shown as one net flow (exercise + tax - proceeds; negative: money received).
 */
export function periodsTableView(result: ModelResult): View {
  return {
    name: 'periods',
    currency: result.scenario.currency,
    keyColumns: 2,
    title: `Per period (${result.scenario.currency}, booked on each period's end date)`,
    columns: [...PERIOD_KEY_COLUMNS, ...AMD_PERIOD_COLUMNS, ...BASELINE_PERIOD_COLUMNS],
    rows: result.periods.map((p) => [...periodKeyCells(p), ...amdPeriodCells(p), ...baselinePeriodCells(p)]),
    notes: [WARRANT_FLOW_NOTE],
  };
}

/**
 * The same per-period table as {@link periodsTableView}, split in three narrower tables (deployment
 * and units; AMD money with the warrant; the baseline's money) for a terminal too narrow for the
 * whole table.
 */
export function periodsTableViewsSplit(result: ModelResult): View[] {
  const currency = result.scenario.currency;
  const [number, end] = [PERIOD_KEY_COLUMNS[0]!, PERIOD_KEY_COLUMNS[1]!];
  const [amdUnits, ...amdMoney] = AMD_PERIOD_COLUMNS;
  const [baselineUnits, ...baselineMoney] = BASELINE_PERIOD_COLUMNS;
  return [
    {
      name: 'periods',
      currency: result.scenario.currency,
      keyColumns: 2,
      title: "Per period: deployment, share price and units bought (on each period's end date)",
      columns: [...PERIOD_KEY_COLUMNS, amdUnits!, baselineUnits!],
      rows: result.periods.map((p) => [...periodKeyCells(p), amdPeriodCells(p)[0]!, baselinePeriodCells(p)[0]!]),
    },
    {
      name: 'periods_amd',
      currency: result.scenario.currency,
      keyColumns: 2,
      title: `Per period: AMD side with the warrant (${currency})`,
      columns: [number, end, ...amdMoney],
      rows: result.periods.map((p) => [p.period.index, p.period.end, ...amdPeriodCells(p).slice(1)]),
      notes: [WARRANT_FLOW_NOTE],
    },
    {
      name: 'periods_baseline',
      currency: result.scenario.currency,
      keyColumns: 2,
      title: `Per period: baseline, ${result.scenario.baseline.name}, and savings (${currency})`,
      columns: [number, end, ...baselineMoney],
      rows: result.periods.map((p) => [p.period.index, p.period.end, ...baselinePeriodCells(p).slice(1)]),
    },
  ];
}

const WARRANT_FLOW_NOTE =
  'warrant flow = exercise cost + tax - sale proceeds (negative: money received); GW and share price rounded for display';

const PERIOD_KEY_COLUMNS = [
  column('period', '#', 'count'),
  column('end', 'end', 'date'),
  column('gw', 'GW', 'decimal', 3),
  column('share_price', 'share price', 'decimal', 2),
];
const AMD_PERIOD_COLUMNS = [
  column('amd_units', 'AMD units', 'count'),
  column('amd_hardware_spend', 'AMD hardware', 'money'),
  column('amd_other', 'other + energy', 'money'),
  column('warrant_flow', 'warrant flow', 'money'),
  column('amd_net_cost', 'AMD net cost', 'money'),
  column('cumulative_amd_net_cost', 'cumulative', 'money'),
];
const BASELINE_PERIOD_COLUMNS = [
  column('baseline_units', 'baseline units', 'count'),
  column('baseline_cost', 'baseline cost', 'money'),
  column('cumulative_baseline_cost', 'cumulative', 'money'),
  column('savings', 'savings', 'money'),
  column('cumulative_savings', 'cumulative savings', 'money'),
];

/**
 * The period's savings (baseline cost − AMD net cost of the period, so the column sums to
 * `savings`) and the running savings (cumulative baseline − cumulative AMD net cost): exact cents.
 */
function savingsCells(p: PeriodRow): Cell[] {
  return [p.baseline_cost.minus(p.amd_net_cost), p.cumulative_baseline_cost.minus(p.cumulative_amd_net_cost)];
}

function periodKeyCells(p: PeriodRow): Cell[] {
  return [p.period.index, p.period.end, p.gw, p.share_price];
}
function amdPeriodCells(p: PeriodRow): Cell[] {
  return [
    p.amd_units,
    p.amd_hardware_spend,
    p.amd_other_costs.plus(p.amd_energy_cost),
    p.warrant_exercise_cost.plus(p.warrant_tax).minus(p.warrant_sale_proceeds),
    p.amd_net_cost,
    p.cumulative_amd_net_cost,
  ];
}
function baselinePeriodCells(p: PeriodRow): Cell[] {
  return [p.baseline_units, p.baseline_cost, p.cumulative_baseline_cost, ...savingsCells(p)];
}

/**
 * Why a tranche did not vest, in words: every condition that was not met in time is named (a
 * tranche whose GW came after expiry and whose price hurdle was never met says both), with the
 * date it was met when that was too late, e.g. `6 GW met on 2031-06-30, after expiry 2031-02-24;
 * price 600 never met` ("never" within the timeline: the model looks no further). Empty for a
 * vested tranche.
 */
export function describeNotVested(tranche: TrancheResult, result: ModelResult): string {
  const reason: NotVestedReason | undefined = tranche.not_vested_reason;
  if (reason === undefined) return '';
  const expiryDay = result.scenario.warrant.expiry;
  const expiry = formatDay(expiryDay);
  const late = (day: number) => day > expiryDay;
  const parts: string[] = [];
  if (tranche.gw !== undefined) {
    const gw = `${formatPlain(tranche.gw)} GW`;
    if (tranche.gw_met_date === undefined) {
      parts.push(reason === 'gw_never_reached' ? `deployment never reaches ${gw}` : `${gw} never met`);
    } else if (late(tranche.gw_met_date)) {
      parts.push(`${gw} met on ${formatDay(tranche.gw_met_date)}, after expiry ${expiry}`);
    }
  }
  if (tranche.price !== undefined) {
    const price = `price ${formatPlain(tranche.price)}`;
    if (tranche.price_met_date === undefined) {
      parts.push(`${price} never met`);
    } else if (late(tranche.price_met_date)) {
      parts.push(`${price} met on ${formatDay(tranche.price_met_date)}, after expiry ${expiry}`);
    }
  }
  if (parts.length === 0) parts.push(`conditions met only after expiry ${expiry}`);
  if (reason === 'timeline_ended') parts.push(`could vest after the timeline (expiry ${expiry})`);
  return parts.join('; ');
}

function conditionMet(condition: Decimal | undefined, metDate: number | undefined): string {
  if (condition === undefined) return 'no condition';
  return metDate === undefined ? 'no' : 'yes';
}

/** Every tranche figure (CSV, JSON, markdown). */
export function tranchesView(result: ModelResult): View {
  return {
    name: 'tranches',
    currency: result.scenario.currency,
    title: `Warrant tranches: ${result.scenario.name} (${result.scenario.currency})`,
    columns: [
      column('tranche', 'tranche', 'count'),
      column('shares', 'shares', 'count'),
      column('gw_condition', 'GW condition', 'decimal'),
      column('price_condition', 'price condition', 'decimal'),
      column('gw_met', 'GW met', 'text'),
      column('gw_met_date', 'GW met on', 'date'),
      column('price_met', 'price met', 'text'),
      column('price_met_date', 'price met on', 'date'),
      column('vested', 'vested', 'text'),
      column('vest_date', 'vest date', 'date'),
      column('not_vested_reason', 'why not vested', 'text'),
      column('sale_date', 'sale date', 'date'),
      column('sale_price', 'sale price', 'decimal', PRICE_PLACES),
      column('exercise_cost', 'exercise cost', 'money'),
      column('proceeds', 'proceeds', 'money'),
      column('gain', 'gain', 'money'),
      column('tax', 'tax', 'money'),
    ],
    rows: result.tranches.map((t) => [
      t.index,
      t.shares,
      t.gw ?? null,
      t.price ?? null,
      conditionMet(t.gw, t.gw_met_date),
      t.gw === undefined ? null : (t.gw_met_date ?? null),
      conditionMet(t.price, t.price_met_date),
      t.price === undefined ? null : (t.price_met_date ?? null),
      t.vest_date === undefined ? 'no' : 'yes',
      t.vest_date ?? null,
      describeNotVested(t, result),
      t.sale_date ?? null,
      t.sale_price ?? null,
      t.exercise_cost,
      t.proceeds,
      t.gain,
      t.tax,
    ]),
  };
}

function metCell(condition: Decimal | undefined, metDate: number | undefined): Cell {
  if (condition === undefined) return '-';
  return metDate === undefined ? 'no' : typed('date', metDate);
}

/** The tranche table for a terminal: vest date or "not vested: why" in one column. */
export function tranchesTableView(result: ModelResult, options: { reasonsBelow?: boolean } = {}): View {
  const notVested = result.tranches.filter((t) => t.vest_date === undefined);
  return {
    name: 'tranches',
    currency: result.scenario.currency,
    title: `Warrant tranches (${result.scenario.currency}; strike ${formatPlain(result.scenario.warrant.strike)}, expiry ${formatDay(
      result.scenario.warrant.expiry,
    )})`,
    columns: [
      column('tranche', '#', 'count'),
      column('shares', 'shares', 'count'),
      column('gw_condition', 'GW ≥', 'decimal'),
      column('price_condition', 'price ≥', 'decimal'),
      column('gw_met_date', 'GW met', 'text'),
      column('price_met_date', 'price met', 'text'),
      column('vest_date', 'vested', 'text'),
      column('sale_date', 'sold', 'date'),
      column('sale_price', 'sale price', 'decimal', 2),
      column('exercise_cost', 'exercise cost', 'money'),
      column('proceeds', 'proceeds', 'money'),
      column('gain', 'gain', 'money'),
      column('tax', 'tax', 'money'),
    ],
    rows: result.tranches.map((t) => [
      t.index,
      t.shares,
      t.gw ?? null,
      t.price ?? null,
      metCell(t.gw, t.gw_met_date),
      metCell(t.price, t.price_met_date),
      t.vest_date !== undefined
        ? typed('date', t.vest_date)
        : options.reasonsBelow
          ? 'not vested (*)'
          : `not vested: ${describeNotVested(t, result)}`,
      t.sale_date ?? null,
      t.sale_price ?? null,
      t.exercise_cost,
      t.proceeds,
      t.gain,
      t.tax,
    ]),
    ...(options.reasonsBelow && notVested.length > 0
      ? { notes: notVested.map((t) => `(*) tranche ${t.index} not vested: ${describeNotVested(t, result)}`) }
      : {}),
  };
}

/**
 * The tranche table in two narrower tables (conditions and dates; money), with the not-vested
 * reasons below the first, for a terminal too narrow for the whole table.
 */
export function tranchesTableViewsSplit(result: ModelResult): View[] {
  const whole = tranchesTableView(result, { reasonsBelow: true });
  const money = whole.columns.findIndex((c) => c.key === 'exercise_cost');
  const pick = (view: View, from: number, to: number, name: string, title: string): View => ({
    name,
    title,
    currency: result.scenario.currency,
    columns: [view.columns[0]!, ...view.columns.slice(from, to)],
    rows: view.rows.map((row) => [row[0]!, ...row.slice(from, to)]),
  });
  const conditions = pick(whole, 1, money, 'tranches', whole.title);
  if (whole.notes) conditions.notes = whole.notes;
  return [conditions, pick(whole, money, whole.columns.length, 'tranches_money', `Warrant tranches: money (${result.scenario.currency})`)];
}

/** amount × the unrounded discount factor: a booking's exact present value. */
export function presentValue(booking: Booking): Decimal {
  return product(booking.amount, booking.discount_factor);
}

/**
 * Every booked amount (issue 7), sorted as the engine sorts them (date, side, kind). `amount` is
 * signed as a cost to the buyer: warrant sale proceeds and rebates are negative. Per side the
 * amounts sum to amd_gross_cost, baseline_cost and -warrant_net_value.
 */
export function ledgerView(result: ModelResult): View {
  return {
    name: 'ledger',
    currency: result.scenario.currency,
    title: `Ledger: ${result.scenario.name} (${result.scenario.currency})`,
    columns: [
      column('date', 'date', 'date'),
      column('period', 'period', 'count'),
      column('side', 'side', 'text'),
      column('kind', 'kind', 'text'),
      column('label', 'label', 'text'),
      column('units', 'units', 'count'),
      column('amount', 'amount', 'money'),
      column('discount_factor', 'discount factor', 'decimal', DISCOUNT_FACTOR_PLACES),
      column('present_value', 'present value', 'decimal', PRESENT_VALUE_PLACES),
    ],
    rows: result.ledger.map((b) => [
      b.date,
      b.period,
      b.side,
      b.kind,
      b.label,
      b.units ?? null,
      b.amount,
      b.discount_factor,
      presentValue(b),
    ]),
    notes: [
      'amounts are signed as a cost to the buyer: warrant sale proceeds and rebates are negative',
      `present value = amount x discount factor (full precision; shown with ${PRESENT_VALUE_PLACES} decimals); amd + warrant rows sum to amd_net_cost_pv, baseline rows to baseline_cost_pv`,
    ],
  };
}

/** Exact sum of the ledger amounts of one side (a check the tests and callers can use). */
export function ledgerTotal(result: ModelResult, side: Booking['side']): Decimal {
  return sum(result.ledger.filter((b) => b.side === side).map((b) => b.amount));
}

/** The view `model --view NAME` shows in csv/markdown/table form. */
export function modelView(result: ModelResult, name: ModelViewName, metrics: readonly MetricName[], forTerminal: boolean): View {
  switch (name) {
    case 'summary':
      return summaryView(result, metrics);
    case 'periods':
      return forTerminal ? periodsTableView(result) : periodsView(result);
    case 'tranches':
      return forTerminal ? tranchesTableView(result) : tranchesView(result);
    case 'ledger':
      return ledgerView(result);
  }
}

export interface ModelJsonOptions {
  /** the FILE argument as given (`-` for standard input) */
  file: string;
  metrics: readonly MetricName[];
  includeLedger: boolean;
}

/**
 * The `model --format json` document (SPEC §4):
 * `{version: 1, command: "model", scenario: {name, description?, currency, file}, summary, periods,
 * tranches, ledger?, warnings}` (the one envelope of ./envelope.ts); keys are SPEC metric names and snake_case fields, every number a string.
 */
export function modelJson(result: ModelResult, options: ModelJsonOptions): JsonObject {
  const payload: JsonObject = {
    summary: summaryJson(result, options.metrics),
    periods: viewToJsonRows(periodsView(result)),
    tranches: viewToJsonRows(tranchesView(result)),
  };
  if (options.includeLedger) payload['ledger'] = viewToJsonRows(ledgerView(result));
  return jsonEnvelope({
    command: 'model',
    scenario: jsonScenario(result.scenario, options.file),
    payload,
    warnings: jsonWarnings(result.warnings),
  });
}
