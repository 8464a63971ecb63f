"""Independent pricer for SPEC section 7's one-date check, with QuantLib (Debian python3-quantlib).

Reads a JSON list of {spot, hurdle, strike, volatility, days, riskFreeRate, dividendYield, shares}
on stdin and prints, per item, shares x (asset-or-nothing call on the hurdle - strike x
cash-or-nothing call paying 1 above the hurdle), both European and priced by QuantLib's
AnalyticEuropeanEngine. The scenario's annual effective rates become QuantLib's continuous ones,
ln(1 + r) and ln(1 + q), on Actual/365 Fixed, so the forward is S ((1 + r)/(1 + q))^T and the
discount factor (1 + r)^-T, exactly as in SPEC section 7.
Run with the system interpreter: /usr/bin/python3.11 tests/analysis/quantlib_one_date.py
"""
import json
import math
import sys

import QuantLib as ql


def price(item):
    today = ql.Date(1, 1, 2026)
    ql.Settings.instance().evaluationDate = today
    day_count = ql.Actual365Fixed()
    maturity = today + int(item["days"])
    spot = ql.QuoteHandle(ql.SimpleQuote(item["spot"]))
    rates = ql.YieldTermStructureHandle(ql.FlatForward(today, math.log1p(item["riskFreeRate"]), day_count, ql.Continuous))
    dividends = ql.YieldTermStructureHandle(ql.FlatForward(today, math.log1p(item["dividendYield"]), day_count, ql.Continuous))
    volatility = ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), item["volatility"], day_count))
    process = ql.BlackScholesMertonProcess(spot, dividends, rates, volatility)
    engine = ql.AnalyticEuropeanEngine(process)
    exercise = ql.EuropeanExercise(maturity)
    asset = ql.VanillaOption(ql.AssetOrNothingPayoff(ql.Option.Call, item["hurdle"]), exercise)
    cash = ql.VanillaOption(ql.CashOrNothingPayoff(ql.Option.Call, item["hurdle"], 1.0), exercise)
    asset.setPricingEngine(engine)
    cash.setPricingEngine(engine)
    return item["shares"] * (asset.NPV() - item["strike"] * cash.NPV())


print(json.dumps([price(item) for item in json.load(sys.stdin)]))
