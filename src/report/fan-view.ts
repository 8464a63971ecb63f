/**
 * The share-price fan of a Monte Carlo run as a view (the report's fan chart and its data table):
 * per period end the model's price and P5/P25/P50/P75/P95 over the paths (nearest rank).
 */
import type { FanPoint } from '../analysis/simulate/fan.js';
import { REPORTED_PERCENTILES } from '../analysis/statistics.js';
import { column, type View } from './view.js';

/** Share prices are shown with 4 decimals (display only, half-even). */
export const FAN_PRICE_PLACES = 4;

export function fanView(points: readonly FanPoint[], currency: string): View {
  return {
    name: 'fan',
    title: `Share price per period end over the paths (${currency})`,
    columns: [
      column('period', 'period', 'count'),
      column('end', 'end', 'date'),
      column('model', 'model', 'decimal', FAN_PRICE_PLACES),
      ...REPORTED_PERCENTILES.map((p) => column(`p${p}`, `P${p}`, 'decimal', FAN_PRICE_PLACES)),
    ],
    rows: points.map((point) => [point.period, point.end, point.model, ...point.percentiles]),
  };
}
