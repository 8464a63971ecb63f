#!/usr/bin/env python3
"""An independent implementation of SPEC §3, written from the spec alone in another language.

It shares no code with src/engine: Python's exact `fractions.Fraction` (and `decimal` for the
non-integer powers alone) instead of decimal.js, `datetime.date` instead of our day numbers. SPEC §3
"multiplications first, one division last" and "only non-integer powers are approximations" are
taken literally: every value is an exact fraction except a power with a non-integer exponent,
computed to 80 digits, so a half cent behind a division (P(t) on a linear segment, 7.5^−1, a
discount factor 6^−1) is rounded as the exact half it is. tests/oracle/oracle.test.ts feeds it validated scenarios (JSON on
stdin, one per line) and compares every SPEC §3 metric with `runModel`, to the cent.

Input scenario JSON: the validated Scenario with defaults filled, decimals as strings, dates ISO.
Output: one JSON object per input line: {"summary": {metric: text}, "vest": [date or null, ...],
"ties": number of money roundings that met an exact half cent}.
"""
import json
import sys
from datetime import date, timedelta
from decimal import Decimal, getcontext, ROUND_HALF_EVEN
from fractions import Fraction

D = Decimal
F = Fraction

getcontext().prec = 80
getcontext().rounding = ROUND_HALF_EVEN
TIES = [0]


def D(x):
    """An exact fraction from a decimal string or a number (never through a binary float)."""
    return Fraction(str(x)) if not isinstance(x, Fraction) else x


def cents(x):
    if (x * 200).denominator == 1 and (x * 100).denominator != 1:
        TIES[0] += 1
    return Fraction(round(x * 100), 100)  # Fraction rounds half to even


def units(x):
    return Fraction(round(x))


def d(s):
    return date.fromisoformat(s)


def frac_cents(x):
    """cents of an exact fraction: round(x * 100) half to even (Python's round of a Fraction), / 100."""
    return D(round(x * 100)) / 100


def perf_curve(perf):
    """SPEC §2 v1.1: a performance number or { interpolation, points: [{date, value}] } as a function
    of the day returning an exact Fraction. linear: by day between points, flat outside; step: the last
    point on or before t, the first point's value before it."""
    if not isinstance(perf, dict):
        value = F(D(perf))
        return lambda t: value
    pts = [(d(p["date"]), F(D(p["value"]))) for p in perf["points"]]
    if perf.get("interpolation", "linear") == "step":
        def step(t):
            v = pts[0][1]
            for pd, pv in pts:
                if pd <= t:
                    v = pv
            return v
        return step

    def linear(t):
        if t <= pts[0][0]:
            return pts[0][1]
        if t >= pts[-1][0]:
            return pts[-1][1]
        for (d0, v0), (d1, v1) in zip(pts, pts[1:]):
            if d0 <= t <= d1:
                return (v0 * (d1 - t).days + v1 * (t - d0).days) / (d1 - d0).days
    return linear


def add_months(day, months):
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def yf(a, b):
    return Fraction((b - a).days, 365)


def powr(base, exponent):
    if exponent == 0:
        return D(1)
    if exponent.denominator == 1:
        return base ** int(exponent)  # an integer power: exact
    dec = lambda f: Decimal(f.numerator) / Decimal(f.denominator)
    return Fraction(dec(base) ** dec(exponent))


def run(s):
    tl = s["timeline"]
    start = d(tl["start"])
    n = tl["periods"]
    months = {"month": 1, "quarter": 3, "year": 12}[tl.get("step", "quarter")]
    firsts = [add_months(start, (k - 1) * months) for k in range(1, n + 1)]
    ends = [add_months(start, k * months) - timedelta(days=1) for k in range(1, n + 1)]
    val_date = d(tl["valuation_date"])
    rate = D(tl["discount_rate"])

    dep = s["deployment"]
    pts = [(start, D(0))] + [(d(p["date"]), D(p["gw"])) for p in dep["points"]]

    def gw_parts(t):
        """GW(t) as (numerator, denominator) so the division can be done last."""
        if dep["interpolation"] == "step":
            g = D(0)
            for (pd, pg) in pts[1:]:
                if pd <= t:
                    g = pg
            return g, D(1)
        if t >= pts[-1][0]:
            return pts[-1][1], D(1)
        for (d0, g0), (d1, g1) in zip(pts, pts[1:]):
            if d0 <= t <= d1:
                return g0 * (d1 - t).days + g1 * (t - d0).days, D((d1 - d0).days)
        return D(0), D(1)

    amd = s["amd"]
    base = s["baseline"]
    upg = D(amd["units_per_gw"])
    amd_perf = perf_curve(amd.get("performance", "1"))
    base_perf = perf_curve(base.get("performance", "1"))
    # v1.1 supply delay: AMD delivers GW_amd(t) = GW(t - days); the baseline keeps the schedule
    delay = s.get("supply_delay")
    delay_days = int(delay["days"]) if delay else 0

    def GW(t):
        num, den = gw_parts(t)
        return F(num) / F(den)

    def GW_amd(t):
        return GW(t - timedelta(days=delay_days)) if delay_days else GW(t)

    def U(t):
        return D(round(GW_amd(t) * F(upg)))

    def U_scheduled(t):
        return D(round(GW(t) * F(upg)))

    # cumulative units at e_0..e_n; B(e_k) = max(B(e_{k-1}), round(U'(e_k) perf_amd / perf_base))
    Ucum, Bcum = [D(0)], [D(0)]
    for e in ends:
        Ucum.append(U(e))
        matched = F(U_scheduled(e)) * amd_perf(e) / base_perf(e)
        Bcum.append(max(Bcum[-1], D(round(matched))))

    book = []  # (date, side, kind, amount)

    def add(day, side, kind, amount):
        book.append((day, side, kind, amount))

    energy = s.get("energy")
    for k in range(n):
        e, first = ends[k], firsts[k]
        days = (e - first).days + 1
        U_prev, Uk, B_prev, Bk = Ucum[k], Ucum[k + 1], Bcum[k], Bcum[k + 1]
        for side, terms, prev, cur in (("amd", amd, U_prev, Uk), ("baseline", base, B_prev, Bk)):
            bought = cur - prev
            price_factor = powr(D(1) + D(terms.get("price_change", "0")), yf(start, e))
            add(e, side, "hardware", cents(bought * D(terms["unit_price"]) * price_factor))
            if energy:
                add(e, side, "energy", cents((prev + cur) * D(terms["kw_per_unit"]) * D(energy.get("pue", "1"))
                                             * D(energy.get("utilization", "1")) * 24 * days
                                             * D(energy["price_per_mwh"]) / 2000))
        if delay and delay_days:
            e_prev = ends[k - 1] if k > 0 else None
            gap_prev = (GW(e_prev) - GW_amd(e_prev)) if e_prev is not None else F(0)
            gap = GW(e) - GW_amd(e)
            add(e, "amd", "other", frac_cents(F(D(delay.get("cost_per_gw_year", "0"))) * (gap_prev + gap) * days / 730))

    last_end = ends[-1]
    for side, terms, cum in (("amd", amd, Ucum), ("baseline", base, Bcum)):
        for c in terms.get("other_costs", []):
            if "per_unit_year" in c:
                lo = d(c["from"]) if c.get("from") else start
                hi = d(c["to"]) if c.get("to") else last_end
                for k in range(n):
                    a, b = max(firsts[k], lo), min(ends[k], hi)
                    overlap = (b - a).days + 1
                    if overlap > 0:
                        avg2 = cum[k] + cum[k + 1]
                        add(ends[k], side, "other", cents(D(c["per_unit_year"]) * avg2 * overlap / D(730)))
            elif "amount" in c:
                cd = d(c["date"])
                for k in range(n):
                    if firsts[k] <= cd <= ends[k]:
                        add(ends[k], side, "other", cents(D(c["amount"])))
            else:
                lo = d(c["from"]) if c.get("from") else start
                hi = d(c["to"]) if c.get("to") else last_end
                for k in range(n):
                    a, b = max(firsts[k], lo), min(ends[k], hi)
                    overlap = (b - a).days + 1
                    if overlap > 0:
                        add(ends[k], side, "other", cents(D(c["per_year"]) * overlap / D(365)))

    sp = s["share_price"]

    def P(t):
        if sp["model"] == "cagr":
            return D(sp["start"]) * powr(D(1) + D(sp["cagr"]), yf(d(sp["date"]), t))
        ppts = [(d(p["date"]), D(p["price"])) for p in sp["points"]]
        if t <= ppts[0][0]:
            return ppts[0][1]
        if t >= ppts[-1][0]:
            return ppts[-1][1]
        if sp.get("interpolation", "linear") == "step":
            v = ppts[0][1]
            for pd, pp in ppts:
                if pd <= t:
                    v = pp
            return v
        for (d0, p0), (d1, p1) in zip(ppts, ppts[1:]):
            if d0 <= t <= d1:
                return (p0 * (d1 - t).days + p1 * (t - d0).days) / D((d1 - d0).days)

    w = s["warrant"]
    expiry = d(w["expiry"])
    strike = D(w["strike"])
    tax_rate = D(w.get("tax_rate", "0"))
    prices = [P(e) for e in ends]
    vest_out = []
    vested_shares = D(0)
    for tr in w["tranches"]:
        shares = D(tr["shares"])
        price_met = False
        vest = None
        for k in range(n):
            e = ends[k]
            if tr.get("price") is not None and prices[k] >= D(tr["price"]):
                price_met = True
            gw_ok = True
            if tr.get("gw") is not None:
                gw_ok = GW_amd(e) >= F(D(tr["gw"]))
            price_ok = tr.get("price") is None or price_met
            if gw_ok and price_ok:
                if e <= expiry:
                    vest = k
                break
        vest_out.append(ends[vest].isoformat() if vest is not None else None)
        if vest is None:
            continue
        vested_shares += shares
        exercise = cents(shares * strike)
        add(ends[vest], "warrant", "exercise", exercise)
        sale_k = vest if w.get("sell", "at_horizon") == "at_vest" else n - 1
        proceeds = cents(shares * prices[sale_k])
        add(ends[sale_k], "warrant", "sale", -proceeds)
        gain = proceeds - exercise
        add(ends[sale_k], "warrant", "tax", cents(tax_rate * max(gain, D(0))))

    def total(side, kind=None):
        return sum((a for (_, s_, k, a) in book if s_ == side and (kind is None or k == kind)), D(0))

    def pv(sides):
        acc = D(0)
        for (day, s_, _, a) in book:
            if s_ in sides:
                acc += a * powr(D(1) + rate, -yf(val_date, day))
        return cents(acc)

    m = {}
    m["amd_units"] = Ucum[-1]
    m["baseline_units"] = Bcum[-1]
    m["amd_hardware_spend"] = total("amd", "hardware")
    m["amd_other_costs"] = total("amd", "other")
    m["amd_energy_cost"] = total("amd", "energy")
    m["amd_gross_cost"] = m["amd_hardware_spend"] + m["amd_other_costs"] + m["amd_energy_cost"]
    m["warrant_vested_shares"] = vested_shares
    m["warrant_exercise_cost"] = total("warrant", "exercise")
    m["warrant_sale_proceeds"] = -total("warrant", "sale")
    m["warrant_tax"] = total("warrant", "tax")
    m["warrant_net_value"] = m["warrant_sale_proceeds"] - m["warrant_exercise_cost"] - m["warrant_tax"]
    m["amd_net_cost"] = m["amd_gross_cost"] - m["warrant_net_value"]
    m["baseline_hardware_spend"] = total("baseline", "hardware")
    m["baseline_other_costs"] = total("baseline", "other")
    m["baseline_energy_cost"] = total("baseline", "energy")
    m["baseline_cost"] = m["baseline_hardware_spend"] + m["baseline_other_costs"] + m["baseline_energy_cost"]
    m["savings"] = m["baseline_cost"] - m["amd_net_cost"]
    if m["amd_hardware_spend"] == 0:
        eff = D(0)
    else:
        eff = Fraction(round(m["warrant_net_value"] / m["amd_hardware_spend"] * 10**6), 10**6)
    m["amd_net_cost_pv"] = pv(("amd", "warrant"))
    m["baseline_cost_pv"] = pv(("baseline",))
    m["savings_pv"] = m["baseline_cost_pv"] - m["amd_net_cost_pv"]
    # SPEC v1.1 §3 rows, in the spec's order
    m["cost_advantage"] = m["baseline_cost"] - m["amd_gross_cost"]
    m["amd_gross_cost_pv"] = pv(("amd",))
    m["warrant_net_value_pv"] = m["amd_gross_cost_pv"] - m["amd_net_cost_pv"]
    m["cost_advantage_pv"] = m["baseline_cost_pv"] - m["amd_gross_cost_pv"]
    n = m["amd_units"]
    m["amd_net_cost_per_unit"] = D(0) if n == 0 else cents(m["amd_net_cost"] / n)
    m["baseline_cost_per_amd_unit"] = D(0) if n == 0 else cents(m["baseline_cost"] / n)

    counts = {"amd_units", "baseline_units", "warrant_vested_shares"}
    exact = lambda f: Decimal(f.numerator) / Decimal(f.denominator)  # cents and counts: exact at 80 digits
    out = {k: (f"{exact(v):.0f}" if k in counts else f"{exact(v):.2f}") for k, v in m.items()}
    out["effective_discount"] = f"{exact(eff):.6f}"
    return {"summary": out, "vest": vest_out}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        TIES[0] = 0
        answer = run(json.loads(line))
        answer["ties"] = TIES[0]
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
