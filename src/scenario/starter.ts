/**
 * The commented starter scenario written by `chipsforequity init` (SPEC §4). It validates as is
 * (a test proves it) and mirrors the shape of the shipped Meta x AMD base case, with round numbers
 * the user is meant to replace.
 */
export const STARTER_SCENARIO = `# A chipsforequity scenario; docs/model.md explains every key and formula.
# Check it with:   chipsforequity validate FILE
# Compute it with: chipsforequity model FILE
# Editors with the YAML language server can check keys with: chipsforequity schema -o scenario.schema.json
# Numbers may be written as 0.15, 1e-3, 160_000_000 or "38000.005"; every digit is kept.
# Every number below is an example: replace it with your own (and say where it comes from).
version: 1
name: My chips-for-equity deal
description: A buyer takes AMD accelerators plus a warrant on AMD shares, against buying Nvidia.
currency: USD                # a display label

timeline:
  start: 2026-07-01          # first day of a month
  periods: 20                # 20 quarters = 5 years (1..1200)
  step: quarter              # month | quarter | year
  valuation_date: 2026-02-24 # present values are taken at this date (default: start)
  discount_rate: 0.09        # annual, for present values (default 0)

deployment:                  # the buyer's cumulative AMD capacity, in GW
  interpolation: linear      # linear | step
  points:                    # dates strictly increasing and after timeline.start
    - { date: 2027-06-30, gw: 1 }
    - { date: 2030-12-31, gw: 6 }

amd:                         # the supplier that grants the warrant
  product: MI450
  unit_price: 35000          # per accelerator, at timeline.start
  price_change: 0            # annual rate (-0.1 = 10 % cheaper every year)
  units_per_gw: 400000       # accelerators per GW
  performance:               # delivered throughput per accelerator (relative): a number, or a dated
    interpolation: linear    #   curve such as ROCm maturing (every installed unit gets faster)
    points:
      - { date: 2026-07-01, value: 0.85 }
      - { date: 2028-06-30, value: 1 }
  kw_per_unit: 2.1           # IT power per accelerator, needed with energy
  other_costs:               # one-off { name, amount, date }, recurring { name, per_year, from, to }
                             #   or per installed accelerator { name, per_unit_year, from, to }
    - { name: ROCm porting, amount: 500000000, date: 2026-09-30 }
    - { name: ROCm support, per_year: 100000000 }
    - { name: ROCm enterprise support, per_unit_year: 300, from: 2027-01-01 }

baseline:                    # the all-Nvidia alternative: the same delivered compute
  name: Nvidia Vera Rubin
  unit_price: 55000
  price_change: 0            # a price war is a negative rate
  performance: 1.2
  kw_per_unit: 2.9
  other_costs: []            # a bundled credit is a negative cost, e.g.
                             #   - { name: software bundle credit, per_unit_year: -1125 }

share_price:                 # the supplier's share price path
  model: cagr                # cagr | points
  start: 213.84              # price on \`date\`
  date: 2026-02-24
  cagr: 0.15                 # annual growth
  volatility: 0.5            # annual, used by \`simulate\` and \`value\`

warrant:
  shares: 160_000_000        # whole shares; the tranches must add up to this exactly
  strike: 0.01               # per share
  expiry: 2031-02-24
  tranches:                  # each vests when its gw and price conditions both hold
    - { shares: 40_000_000, gw: 1 }
    - { shares: 40_000_000, gw: 2, price: 300 }
    - { shares: 40_000_000, gw: 4, price: 450 }
    - { shares: 40_000_000, gw: 6, price: 600 }
  sell: at_horizon           # at_vest | at_horizon
  tax_rate: 0.21             # on the gain of each sale, 0..1

energy:                      # optional: remove this section to leave energy out
  price_per_mwh: 70
  pue: 1.2                   # >= 1
  utilization: 0.8           # 0..1

supply_delay:                # optional: AMD delivers late while the baseline keeps the schedule
  days: 0                    # whole days; the warrant's GW conditions follow AMD's delivered GW
  cost_per_gw_year: 6000000000 # money per GW-year of compute that arrives late

valuation:                   # optional, used by \`value\` (the warrant's risk-neutral fair value)
  risk_free_rate: 0.037      # annual effective, e.g. the 5-year Treasury yield
  dividend_yield: 0          # annual effective; AMD pays no dividend

dilution:                    # optional, used by \`value\`: value x N / (N + warrant shares)
  shares_outstanding: 1_630_000_000  # the supplier's shares before the warrant's

expect:                      # optional: what you claim about the result; \`chipsforequity check FILE\`
  amd_units: { equals: 2_400_000 }            # 6 GW x 400,000 units per GW
  warrant_vested_shares: { min: 40_000_000 }  # at least the first tranche (1 GW) vests

# Optional: inputs that \`simulate\` draws anew on every path (\`model\` ignores them). Each key is a
# numeric path as --set writes it; families: normal/lognormal {mean, sd}, uniform {min, max},
# triangular/pert {min, mode, max}, discrete {values, weights}; min/max outside a family truncate.
# uncertainty:
#   inputs:
#     baseline.unit_price: { normal: { mean: 55000, sd: 6000 }, min: 40000 }
#     amd.unit_price: { pert: { min: 25000, mode: 35000, max: 45000 } }
#     share_price.cagr: { triangular: { min: 0, mode: 0.15, max: 0.3 } }
#   correlations:            # Spearman rank correlations (a Gaussian copula joins them)
#     - { between: [baseline.unit_price, amd.unit_price], rho: 0.5 }
`;
