"""Reference value of a tranche with only a price condition H monitored at two period ends (SPEC 7).

It uses QuantLib's normal and bivariate normal distributions. The tranche vests at the first of
t1 < t2 where S >= H and pays S - K there, discounted to v at r; otherwise it pays 0. Under the
risk-neutral measure Q, ln S_t = ln S_v + (r_c - q_c - sigma^2/2) t + sigma W_t, with
r_c = ln(1 + r) and q_c = ln(1 + q). Under the share measure Q^S the drift is
r_c - q_c + sigma^2/2, and E[D_t S_t 1_A] = S_v e^(-q_c t) Q^S(A). So

  value = shares x ( S_v [e^(-q_c t1) Q^S(S1 >= H) + e^(-q_c t2) Q^S(S1 < H, S2 >= H)]
                   - K [e^(-r_c t1) Q(S1 >= H) + e^(-r_c t2) Q(S1 < H, S2 >= H)] )

with P(S1 < H, S2 >= H) = N(a1) - N2(a1, a2; sqrt(t1/t2)) and a_i = (ln(H/S_v) - drift t_i)/(sigma sqrt(t_i)).
Reads a JSON list of {spot, hurdle, strike, volatility, days1, days2, riskFreeRate, dividendYield,
shares} on stdin and prints the values as a JSON list.
"""
import json
import math
import sys

import QuantLib as ql


def value(item):
    s, h, k, sigma = item["spot"], item["hurdle"], item["strike"], item["volatility"]
    t1, t2 = item["days1"] / 365.0, item["days2"] / 365.0
    rc, qc = math.log1p(item["riskFreeRate"]), math.log1p(item["dividendYield"])
    n = ql.CumulativeNormalDistribution()
    n2 = ql.BivariateCumulativeNormalDistribution(math.sqrt(t1 / t2))

    def first_then_second(drift):
        a1 = (math.log(h / s) - drift * t1) / (sigma * math.sqrt(t1))
        a2 = (math.log(h / s) - drift * t2) / (sigma * math.sqrt(t2))
        return 1.0 - n(a1), n(a1) - n2(a1, a2)

    share1, share2 = first_then_second(rc - qc + sigma * sigma / 2)
    cash1, cash2 = first_then_second(rc - qc - sigma * sigma / 2)
    asset = s * (math.exp(-qc * t1) * share1 + math.exp(-qc * t2) * share2)
    cash = k * (math.exp(-rc * t1) * cash1 + math.exp(-rc * t2) * cash2)
    return item["shares"] * (asset - cash)


print(json.dumps([value(item) for item in json.load(sys.stdin)]))
