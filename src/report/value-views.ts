/**
 * Views of a fair-value result (SPEC §7, `value`): the tranche table (fair value, standard error,
 * risk-neutral vest probability, median vest date), the summary (total, per GW, share of AMD
 * hardware spend, dilution-adjusted) and the inputs a reader needs to reproduce it (S_v, r, q, σ,
 * v, paths, seed, method). Pure functions of {@link FairValueResult}; the HTML report reuses them.
 *
 * Display rules: fair values are cents (the mean rounded half-even); standard errors are exact and
 * shown rounded half-even to cents; probabilities with 6 decimals beside the exact path counts.
 */
import type { Decimal } from '../money/index.js';
import { formatDay } from '../time/index.js';
import type { FairValueResult } from '../analysis/simulate/value.js';
import { column, typed, type Cell, type View } from './view.js';
import { viewToJsonObject, viewToJsonRows, type JsonObject } from './json.js';

export const VALUE_VIEW_NAMES = ['tranches', 'summary', 'inputs'] as const;
export type ValueViewName = (typeof VALUE_VIEW_NAMES)[number];

const PROBABILITY_PLACES = 6;
/** S_v is shown rounded half-even to 6 decimals (a cagr curve gives it with 60 digits). */
const SPOT_PLACES = 6;

/** Per tranche: fair value at v, its standard error, the risk-neutral vest probability and median date. */
export function valueTranchesView(result: FairValueResult): View {
  return {
    name: 'tranches',
    title: `Fair value per tranche at ${formatDay(result.inputs.valuationDate)} (${result.currency})`,
    columns: [
      column('tranche', 'tranche', 'count'),
      column('shares', 'shares', 'count'),
      column('gw', 'GW', 'decimal'),
      column('price', 'price', 'decimal'),
      column('fair_value', 'fair value', 'money'),
      column('standard_error', 'std error', 'decimal', 2),
      column('vested_paths', 'vested paths', 'count'),
      column('probability', 'P(vest)', 'decimal', PROBABILITY_PLACES),
      column('median_vest_date', 'median vest', 'text'),
    ],
    rows: result.tranches.map((t) => [
      t.index,
      t.shares,
      t.gw ?? null,
      t.price ?? null,
      t.fairValue,
      t.standardError ?? null,
      t.vestedPaths,
      t.probability,
      t.medianVestDate === undefined ? 'not vested' : formatDay(t.medianVestDate),
    ]),
    notes: [
      'fair value: mean over paths of shares x (price at vest - strike) x (1 + r)^-years, in cents.',
      'P(vest) is risk-neutral (drift r - q), not a forecast.',
      'median vest: the date by which half of the paths have vested.',
    ],
  };
}

/**
 * The tranche table in two narrower parts (value, then vesting), for a terminal too narrow for
 * {@link valueTranchesView}.
 */
export function valueTranchesViewsSplit(result: FairValueResult): View[] {
  const whole = valueTranchesView(result);
  const pick = (keys: readonly string[], title: string, notes: string[]): View => {
    const indexes = keys.map((key) => whole.columns.findIndex((c) => c.key === key));
    return {
      name: whole.name,
      title,
      columns: indexes.map((i) => whole.columns[i]!),
      rows: whole.rows.map((row) => indexes.map((i) => row[i] ?? null)),
      notes,
    };
  };
  return [
    pick(['tranche', 'shares', 'gw', 'price', 'fair_value', 'standard_error'], whole.title, [whole.notes![0]!]),
    pick(['tranche', 'vested_paths', 'probability', 'median_vest_date'], 'Tranches: risk-neutral vesting', whole.notes!.slice(1)),
  ];
}

/** The totals: fair value, per GW, share of AMD hardware spend, dilution-adjusted. */
export function valueSummaryView(result: FairValueResult): View {
  const money = (v: Decimal | null): Cell => (v === null ? null : typed('money', v));
  const error = (v: Decimal | null): Cell => (v === null ? null : typed('decimal', v, 2));
  const rows: Cell[][] = [
    ['fair_value', money(result.total)],
    ['fair_value_standard_error', error(result.totalStandardError ?? null)],
    ['fair_value_per_gw', money(result.perGw ?? null)],
    ['fair_value_per_gw_standard_error', error(result.perGwStandardError ?? null)],
    ['fair_value_share_of_hardware_spend', result.shareOfHardwareSpend === undefined ? null : typed('ratio', result.shareOfHardwareSpend)],
  ];
  if (result.dilution !== undefined) {
    rows.push(
      ['dilution_factor', typed('decimal', result.dilution.factor, 6)],
      ['dilution_adjusted_value', money(result.dilution.value)],
      ['dilution_adjusted_standard_error', error(result.dilution.standardError ?? null)],
    );
  }
  const notes = [
    'fair_value: the sum of the tranche rows; per GW: over the largest GW of the deployment.',
    'share of hardware spend: over amd_hardware_spend (nominal, as in `model`).',
  ];
  if (result.dilution !== undefined) notes.push('dilution adjusted: fair_value x N / (N + M), N shares outstanding, M warrant shares.');
  if (result.exact) notes.push('volatility is 0: every path is the forward path, the value is exact.');
  return {
    name: 'summary',
    title: `Warrant fair value: ${result.scenarioName}`,
    columns: [column('item', 'item', 'text'), column('value', 'value', 'decimal')],
    rows,
    notes,
  };
}

/** The inputs used, so a reader can reproduce the value. */
export function valueInputsView(result: FairValueResult): View {
  const i = result.inputs;
  const rows: Cell[][] = [
    ['valuation_date', typed('date', i.valuationDate)],
    ['spot_price', typed('decimal', i.spot, SPOT_PLACES)],
    ['risk_free_rate', typed('decimal', i.riskFreeRate)],
    ['dividend_yield', typed('decimal', i.dividendYield)],
    ['volatility', typed('decimal', i.volatility)],
    ['strike', typed('decimal', i.strike)],
    ['warrant_shares', typed('count', i.warrantShares)],
    ['max_gw', typed('decimal', i.maxGw)],
    ['amd_hardware_spend', typed('money', i.amdHardwareSpend)],
  ];
  if (result.dilution !== undefined) rows.push(['shares_outstanding', typed('count', result.dilution.sharesOutstanding)]);
  rows.push(
    ['paths', typed('count', result.paths)],
    ['seed', typed('count', result.seed)],
    ['method', typed('text', result.antithetic ? 'antithetic pairs' : 'plain Monte Carlo')],
  );
  return {
    name: 'inputs',
    title: 'Inputs (risk-neutral measure)',
    columns: [column('item', 'item', 'text'), column('value', 'value', 'decimal')],
    rows,
    notes: [
      'spot_price: the scenario\'s share price on the valuation date, shown to 6 decimals.',
      'After it the price drifts at (1 + r)/(1 + q) a year, with volatility sigma.',
    ],
  };
}

/** Any view by name. */
export function valueView(result: FairValueResult, name: ValueViewName): View {
  switch (name) {
    case 'tranches':
      return valueTranchesView(result);
    case 'summary':
      return valueSummaryView(result);
    case 'inputs':
      return valueInputsView(result);
  }
}

/** Every view, in reading order (table and markdown). */
export function valueViews(result: FairValueResult): View[] {
  return [valueInputsView(result), valueTranchesView(result), valueSummaryView(result)];
}

/** The JSON document: every decimal a string, empty values null. */
export function valueJson(result: FairValueResult): JsonObject {
  // the payload: the command wraps it in the one JSON envelope (version, command, scenario, warnings)
  return {
    currency: result.currency,
    inputs: viewToJsonObject(valueInputsView(result)),
    tranches: viewToJsonRows(valueTranchesView(result)).map((row) => ({
      ...row,
      median_vest_date: row['median_vest_date'] === 'not vested' ? null : row['median_vest_date'] ?? null,
    })),
    summary: viewToJsonObject(valueSummaryView(result)),
  };
}
