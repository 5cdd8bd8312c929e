#!/usr/bin/python3
"""peer_pandas.py: what a user might do instead of mentorstat with pandas
(bench.py times it beside mentorstat; see README, Performance).

    /usr/bin/python3 bench/peer_pandas.py DIR OUT.xlsx

Reads DIR/{pairs,meetings,goals,evaluations}.csv, computes completion, end
reasons, attendance, goals, item means and a Kaplan-Meier curve of early
endings by programme (months 0..36), the same tables as peer_duckdb.mjs,
and writes them to one workbook, a sheet each.  Needs python3-pandas and
python3-openpyxl (Debian).
"""
import sys

import numpy as np
import pandas as pd


def main():
    d, out = sys.argv[1], sys.argv[2]
    dates = {"pairs": ["start_date", "end_date"], "meetings": ["date"],
             "goals": ["set_date"], "evaluations": ["date"]}
    t = {k: pd.read_csv("%s/%s.csv" % (d, k), parse_dates=v)
         for k, v in dates.items()}
    pairs = t["pairs"]
    as_of = max(pairs["start_date"].max(), pairs["end_date"].max())
    g = ["programme", "cohort"]

    st = pairs.assign(active=pairs.status == "active",
                      completed=pairs.status == "completed",
                      ended_early=pairs.status == "ended_early")
    completion = st.groupby(g).agg(n_pairs=("pair_id", "size"),
                                   n_active=("active", "sum"),
                                   n_completed=("completed", "sum"),
                                   n_ended_early=("ended_early", "sum"))
    done = completion.n_completed + completion.n_ended_early
    completion["completion_rate"] = completion.n_completed / done.where(done > 0)

    early = pairs[pairs.status == "ended_early"]
    reasons = early.groupby(g + ["end_reason"]).size().rename("n").to_frame()
    reasons["share"] = reasons.n / reasons.groupby(level=[0, 1]).n.transform("sum")

    m = t["meetings"].merge(pairs[["pair_id"] + g], on="pair_id")
    m = m.assign(held=m.status == "held", cancelled=m.status == "cancelled",
                 no_show=m.status == "no_show")
    att = m.groupby(g).agg(n_pairs=("pair_id", "nunique"), held=("held", "sum"),
                           cancelled=("cancelled", "sum"),
                           no_show=("no_show", "sum"), n=("pair_id", "size"),
                           minutes=("duration_min", "sum"))
    att["cancel_rate"] = att.cancelled / att.n
    att["no_show_rate"] = att.no_show / att.n
    att["hours_per_pair"] = att.minutes / 60.0 / att.n_pairs
    att = att.drop(columns=["n", "minutes"])

    go = t["goals"].merge(pairs[["pair_id"] + g], on="pair_id")
    go["met"] = np.where(go.attainment.isna(), np.nan,
                         (go.attainment >= 0).astype(float))
    goals = go.groupby(g).agg(n_goals=("goal_id", "size"),
                              n_reviewed=("attainment", "count"),
                              share_met=("met", "mean"))

    ev = t["evaluations"]
    q = [c for c in ev.columns if c.startswith("q_")]
    long = ev.melt(id_vars=["response_id", "pair_id", "survey", "role"],
                   value_vars=q, var_name="item", value_name="value")
    long = long.merge(pairs[["pair_id"] + g], on="pair_id")
    items = long.groupby(g + ["survey", "role", "item"]).value.agg(
        n="count", mean="mean", sd="std")

    days = (pairs.end_date.fillna(as_of) - pairs.start_date).dt.days
    sv = pd.DataFrame({"programme": pairs.programme, "days": days,
                       "ev": (pairs.status == "ended_early").astype(int)})
    rows = []
    for prog, s in sv.groupby("programme"):
        by = s.groupby("days").ev.agg(["sum", "size"]).sort_index()
        at_risk = by["size"][::-1].cumsum()[::-1]
        surv = (1 - by["sum"] / at_risk).cumprod()
        for month in range(37):
            day = np.floor(30.4375 * month + 0.5)
            before = surv[surv.index <= day]
            rows.append((prog, month, before.iloc[-1] if len(before) else 1.0))
    survival = pd.DataFrame(rows, columns=["programme", "month", "survival"])

    with pd.ExcelWriter(out, engine="openpyxl") as w:
        completion.to_excel(w, sheet_name="completion")
        reasons.to_excel(w, sheet_name="end_reasons")
        att.to_excel(w, sheet_name="attendance")
        goals.to_excel(w, sheet_name="goals")
        items.to_excel(w, sheet_name="items")
        survival.to_excel(w, sheet_name="survival", index=False)


if __name__ == "__main__":
    main()
