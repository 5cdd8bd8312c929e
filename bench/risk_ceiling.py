#!/usr/bin/python3
"""How high can the risk list's AUC go on generated data?  (issue 14)

Simulates the early endings exactly as samples/generate.c draws them
(monthly hazard base_hazard[k] x exp(programme + cohort + 0.6 z + 0.3
no_goals + 0.1 cross_org + coordinator), goals_met 0.004 from month 6, the
end day uniform in its month, warning signs from end - U(30, 90) days for
about 3 in 4 endings), puts as_of at a uniform point of each pair's planned
length, keeps the pairs active at as_of for at least 30 days, and scores
them with the TRUE probability of an early ending in the 90 days after:

  - knowing everything the generator knows but the warning signs (the
    frailty z included, which no export shows): what no model of pair and
    month level features can beat;
  - the same without z (what programme, cohort, month, plan and goals
    alone give);
  - either, plus an oracle that sees whether the warning signs have begun
    by as_of without error (an upper bound: the exports show them only
    through a few meetings skipped or not held and a questionnaire shift).

Usage: /usr/bin/python3 bench/risk_ceiling.py  (numpy, scikit-learn)
"""
import numpy as np
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(1)
N = 400000
BASE = np.array([0.043, 0.049, 0.044, 0.036, 0.026, 0.020, 0.016, 0.013,
                 0.011, 0.010, 0.009, 0.008])
MONTHS = np.array([12, 9, 12, 6])            # programmes' planned length
LOG_HAZ = np.array([0.00, 0.30, 0.10, -0.10])
SHARE = np.array([0.36, 0.24, 0.25, 0.15])
COHORT = np.array([0.10, 0.40, 0.00, -0.35, -0.05, 0.00])


def month_day(k):
    return np.floor(30.4375 * k + 0.5)


prog = rng.choice(4, N, p=SHARE / SHARE.sum())
months = MONTHS[prog]
z = rng.normal(size=N)
no_goals = rng.random(N) < 1 / (1 + np.exp(2.5 - 0.3 * z))
cross = rng.random(N) < 1 / 3
fixed = (LOG_HAZ[prog] + rng.choice(COHORT, N) + 0.3 * no_goals +
         0.1 * cross + rng.choice([-0.12, 0.0, 0.12], N))
mult = np.exp(fixed + 0.6 * z)

end = np.full(N, np.inf)
for k in range(12):
    h = BASE[k] * mult + (0.004 if k >= 5 else 0.0)
    alive = np.isinf(end) & (k < months)
    ev = alive & (rng.random(N) < 1 - np.exp(-h))
    lo, hi = max(month_day(k), 3), month_day(k + 1) - 1
    end[ev] = (lo + np.floor(rng.random(N) * (hi - lo + 1)))[ev]

age = np.floor(rng.random(N) * month_day(months))     # as_of - start
keep = (end > age) & (age >= 30)
y = (end > age) & (end <= age + 90)
warned = np.isfinite(end) & (rng.random(N) < 0.75)
signs_by_as_of = warned & (end - rng.integers(30, 91, N) <= age)


def true_risk(m):
    """P(early ending in (age, age + 90] | going at age) for multiplier m."""
    surv, p = np.ones(N), np.zeros(N)
    for k in range(12):
        h = np.where(k < months, BASE[k] * m + (0.004 if k >= 5 else 0), 0)
        lo, hi = max(month_day(k), 3), month_day(k + 1) - 1
        frac = np.clip((np.minimum(hi, age + 90) - np.maximum(lo, age + 1) +
                        1) / (hi - lo + 1), 0, 1)
        pk = 1 - np.exp(-h)
        ahead = hi > age
        p += np.where(ahead, surv * pk * frac, 0)
        surv = np.where(ahead, surv * (1 - pk), surv)
    return p


with_z = true_risk(mult)
without_z = true_risk(np.exp(fixed + 0.18))   # E exp(0.6 z) = exp(0.18)
print(f"pairs active >= 30 days at as_of: {keep.sum()}, "
      f"ending early within 90 days: {y[keep].mean():.3f}")
for label, score in (
        ("true risk, z known, no warning signs", with_z),
        ("true risk without z", without_z),
        ("z known + warning signs seen perfectly", with_z + signs_by_as_of),
        ("no z + warning signs seen perfectly", without_z + signs_by_as_of)):
    print(f"{label:42s} AUC {roc_auc_score(y[keep], score[keep]):.3f}")
