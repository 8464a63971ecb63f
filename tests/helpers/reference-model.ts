/**
 * A deliberately naive second reading of SPEC §3, written straight from the text without the
 * engine's stages, caches or ledger: totals are summed directly, powers are plain decimal.js
 * `pow`, and every formula is spelled out again. Used only as the reference of a differential
 * test (STYLE: "a fast path is checked against the reference").
 */
import { Decimal, cents, dec, roundRatio, roundUnits } from '../../src/money/index.js';
import { periodSchedule, type Day } from '../../src/time/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { MetricName } from '../../src/engine/types.js';

const yf = (a: Day, b: Day) => dec(b - a).div(365);

/** GW(t) × m, the division last (m = 1 gives GW itself). */
function gwTimes(s: Scenario, t: Day, m: Decimal): Decimal {
  const pts = s.deployment.points;
  if (s.deployment.interpolation === 'step') {
    let g = dec(0);
    for (const p of pts) if (p.date <= t) g = p.gw;
    return g.times(m);
  }
  let d0 = s.timeline.start;
  let g0 = dec(0);
  if (t <= d0) return dec(0);
  for (const p of pts) {
    if (t <= p.date) {
      return g0.times(p.date - t).plus(p.gw.times(t - d0)).times(m).div(p.date - d0);
    }
    d0 = p.date;
    g0 = p.gw;
  }
  return g0.times(m);
}

function gwMet(s: Scenario, t: Day, gw: Decimal): boolean {
  // GW(t) >= gw compared exactly: the segment's numerator against gw x (d1 - d0)
  const pts = s.deployment.points;
  if (s.deployment.interpolation === 'step') return gwTimes(s, t, dec(1)).gte(gw);
  let d0 = s.timeline.start;
  let g0 = dec(0);
  if (t <= d0) return dec(0).gte(gw);
  for (const p of pts) {
    if (t <= p.date) return g0.times(p.date - t).plus(p.gw.times(t - d0)).gte(gw.times(p.date - d0));
    d0 = p.date;
    g0 = p.gw;
  }
  return g0.gte(gw);
}

function price(s: Scenario, t: Day): Decimal {
  const sp = s.share_price;
  if (sp.model === 'cagr') return sp.start.times(dec(1).plus(sp.cagr).pow(yf(sp.date, t)));
  const pts = sp.points;
  if (sp.interpolation === 'step') {
    let p = pts[0]!.price;
    for (const q of pts) if (q.date <= t) p = q.price;
    return p;
  }
  if (t <= pts[0]!.date) return pts[0]!.price;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (t <= b.date) return a.price.times(b.date - t).plus(b.price.times(t - a.date)).div(b.date - a.date);
  }
  return pts[pts.length - 1]!.price;
}

export function referenceSummary(s: Scenario): Record<MetricName, Decimal> {
  const periods = periodSchedule(s.timeline.start, s.timeline.periods, s.timeline.step);
  const n = periods.length;
  const df = (t: Day) => dec(1).plus(s.timeline.discount_rate).pow(yf(s.timeline.valuation_date, t).negated());
  const m: Record<string, Decimal> = {};
  const add = (k: string, v: Decimal) => (m[k] = (m[k] ?? dec(0)).plus(v));
  let amdPv = dec(0);
  let basePv = dec(0);
  let amdGrossPvExact = dec(0);
  const U = (t: Day) => roundUnits(gwTimes(s, t, s.amd.units_per_gw));
  // a v1 reference: constant performances only (the v1.1 levers are checked by tests/oracle)
  if (!Decimal.isDecimal(s.amd.performance) || !Decimal.isDecimal(s.baseline.performance)) throw new Error('reference model: v1 scenarios only');
  const [amdPerformance, baselinePerformance] = [s.amd.performance, s.baseline.performance];
  const B = (t: Day) => roundUnits(U(t).times(amdPerformance).div(baselinePerformance));
  for (let k = 0; k < n; k++) {
    const p = periods[k]!;
    const prev = k === 0 ? s.timeline.start : periods[k - 1]!.end;
    const sides = [
      { key: 'amd', terms: s.amd, units: U, pv: (v: Decimal) => {
        amdPv = amdPv.plus(v.times(df(p.end)));
        amdGrossPvExact = amdGrossPvExact.plus(v.times(df(p.end)));
      } },
      { key: 'baseline', terms: s.baseline, units: B, pv: (v: Decimal) => (basePv = basePv.plus(v.times(df(p.end)))) },
    ];
    for (const side of sides) {
      const bought = side.units(p.end).minus(side.units(prev));
      add(`${side.key}_units`, bought);
      const unitPrice = side.terms.unit_price.times(dec(1).plus(side.terms.price_change).pow(yf(s.timeline.start, p.end)));
      const spend = cents(bought.times(unitPrice));
      add(`${side.key}_hardware_spend`, spend);
      side.pv(spend);
      for (const c of side.terms.other_costs) {
        let amount = dec(0);
        if (c.kind === 'one_off') {
          if (c.date >= p.first && c.date <= p.end) amount = cents(c.amount);
        } else if (c.kind === 'recurring') {
          const overlap = Math.min(c.to, p.end) - Math.max(c.from, p.first) + 1;
          if (overlap > 0) amount = cents(c.per_year.times(overlap).div(365));
        }
        add(`${side.key}_other_costs`, amount);
        side.pv(amount);
      }
      if (s.energy) {
        const e = s.energy;
        const energy = cents(
          side.units(prev).plus(side.units(p.end)).times(side.terms.kw_per_unit!).times(e.pue).times(e.utilization)
            .times(24).times(p.days).times(e.price_per_mwh).div(2000),
        );
        add(`${side.key}_energy_cost`, energy);
        side.pv(energy);
      }
    }
  }
  // warrant
  for (const tr of s.warrant.tranches) {
    let priceMet = false;
    let vest: number | undefined;
    for (let k = 0; k < n; k++) {
      const e = periods[k]!.end;
      if (tr.price === undefined || price(s, e).gte(tr.price)) priceMet = true;
      const gwOk = tr.gw === undefined || gwMet(s, e, tr.gw);
      if (gwOk && priceMet) {
        if (e <= s.warrant.expiry) vest = k;
        break;
      }
    }
    if (vest === undefined) continue;
    const vestDate = periods[vest]!.end;
    const saleDate = s.warrant.sell === 'at_vest' ? vestDate : periods[n - 1]!.end;
    const exercise = cents(tr.shares.times(s.warrant.strike));
    const proceeds = cents(tr.shares.times(price(s, saleDate)));
    const gain = proceeds.minus(exercise);
    const tax = cents(s.warrant.tax_rate.times(Decimal.max(gain, 0)));
    add('warrant_vested_shares', tr.shares);
    add('warrant_exercise_cost', exercise);
    add('warrant_sale_proceeds', proceeds);
    add('warrant_tax', tax);
    amdPv = amdPv.plus(exercise.times(df(vestDate))).minus(proceeds.times(df(saleDate))).plus(tax.times(df(saleDate)));
  }
  const z = (k: string) => m[k] ?? dec(0);
  const gross = z('amd_hardware_spend').plus(z('amd_other_costs')).plus(z('amd_energy_cost'));
  const wnv = z('warrant_sale_proceeds').minus(z('warrant_exercise_cost')).minus(z('warrant_tax'));
  const net = gross.minus(wnv);
  const base = z('baseline_hardware_spend').plus(z('baseline_other_costs')).plus(z('baseline_energy_cost'));
  const amdNetPv = cents(amdPv);
  const basePvCents = cents(basePv);
  const amdGrossPv = cents(amdGrossPvExact);
  return {
    amd_units: z('amd_units'),
    baseline_units: z('baseline_units'),
    amd_hardware_spend: z('amd_hardware_spend'),
    amd_other_costs: z('amd_other_costs'),
    amd_energy_cost: z('amd_energy_cost'),
    amd_gross_cost: gross,
    warrant_vested_shares: z('warrant_vested_shares'),
    warrant_exercise_cost: z('warrant_exercise_cost'),
    warrant_sale_proceeds: z('warrant_sale_proceeds'),
    warrant_tax: z('warrant_tax'),
    warrant_net_value: wnv,
    amd_net_cost: net,
    baseline_hardware_spend: z('baseline_hardware_spend'),
    baseline_other_costs: z('baseline_other_costs'),
    baseline_energy_cost: z('baseline_energy_cost'),
    baseline_cost: base,
    savings: base.minus(net),
    effective_discount: z('amd_hardware_spend').isZero() ? dec(0) : roundRatio(wnv.div(z('amd_hardware_spend'))),
    amd_net_cost_pv: amdNetPv,
    baseline_cost_pv: basePvCents,
    savings_pv: basePvCents.minus(amdNetPv),
    // SPEC v1.1 rows, from their definitions
    cost_advantage: base.minus(gross),
    amd_gross_cost_pv: amdGrossPv,
    warrant_net_value_pv: amdGrossPv.minus(amdNetPv),
    cost_advantage_pv: basePvCents.minus(amdGrossPv),
    amd_net_cost_per_unit: z('amd_units').isZero() ? dec(0) : cents(net.div(z('amd_units'))),
    baseline_cost_per_amd_unit: z('amd_units').isZero() ? dec(0) : cents(base.div(z('amd_units'))),
  };
}
