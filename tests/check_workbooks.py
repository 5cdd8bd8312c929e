#!/usr/bin/env python3
"""check_workbooks.py: read mentorstat's workbooks back and hold them to
reports.md.

usage: check_workbooks.py DATABASE REPORTS_DIR [--lang en|sv|da]

Opens every workbook in REPORTS_DIR with openpyxl and checks, against the
database the workbooks were written from:
  - the sheet names of the language (the hidden chart-data sheet included)
    and the headers of the main tables;
  - no cell holds a formula, text from the data is text;
  - the figures of Completion, Attendance, Goals (HR) and Summary
    (leadership) equal the database where shown; a cell shown as "<k" has
    a count of 1..k-1 in the database, no count of 1..k-1 is shown, NULL is
    an empty cell and a figure is never empty when the database has it;
  - small-cell suppression holds: in every relation of the completion
    counts (active + completed + ended early = pairs; cohorts add up to
    their programme, programmes to all) no single cell is hidden;
  - the HR and leadership workbooks contain no pair, mentor, mentee or
    coordinator id;
  - the coordinator list has every active pair once, sorted by band (high
    first), risk (descending, unknown last), number of flags (descending),
    pair_id, with the database's risk.
Exits 1 with one line per failure ("check_workbooks: ..."), 0 when all hold.
"""
import math
import os
import re
import sqlite3
import sys

try:
    import openpyxl
except ImportError:
    sys.exit("check_workbooks: python3-openpyxl is missing "
             "(make deps DEPS_TEST=1 installs it)")

# What a reader sees, per language: written here independently of
# report/i18n.c, so a missing or changed translation fails.
LANG = {
    "en": {
        "hr": ["About", "Completion", "Early endings", "Goals",
               "Evaluations", "Attendance", "Data quality", "Chart data"],
        "lead": ["Summary", "Trends", "About", "Chart data"],
        "risk": ["At-risk pairs", "How risk is computed"],
        "all_prog": "All programmes", "all_cohort": "All cohorts",
        "hidden": "hidden",
        "bands": {"high": "High", "medium": "Medium", "low": "Low",
                  "too_early": "Too early to tell"},
        "completion_hdr": ["Programme", "Cohort", "Pairs started", "Active",
                           "Completed", "Ended early"],
        "risk_hdr": ["Pair", "Coordinator", "Programme", "Cohort"],
    },
    "sv": {
        "hr": ["Om rapporten", "Fullföljande", "Tidiga avslut", "Mål",
               "Utvärderingar", "Närvaro", "Datakvalitet", "Diagramdata"],
        "lead": ["Sammanfattning", "Trender", "Om rapporten", "Diagramdata"],
        "risk": ["Par i riskzonen", "Så beräknas risken"],
        "all_prog": "Alla program", "all_cohort": "Alla kullar",
        "hidden": "dold",
        "bands": {"high": "Hög", "medium": "Medel", "low": "Låg",
                  "too_early": "För tidigt att säga"},
        "completion_hdr": ["Program", "Kull", "Startade par", "Pågående",
                           "Fullföljda", "Avslutade i förtid"],
        "risk_hdr": ["Par", "Koordinator", "Program", "Kull"],
    },
    "da": {
        "hr": ["Om rapporten", "Gennemførelse", "Tidlige afslutninger", "Mål",
               "Evalueringer", "Fremmøde", "Datakvalitet", "Diagramdata"],
        "lead": ["Sammenfatning", "Tendenser", "Om rapporten", "Diagramdata"],
        "risk": ["Par i risiko", "Sådan beregnes risikoen"],
        "all_prog": "Alle programmer", "all_cohort": "Alle hold",
        "hidden": "skjult",
        "bands": {"high": "Høj", "medium": "Middel", "low": "Lav",
                  "too_early": "For tidligt at sige"},
        "completion_hdr": ["Program", "Hold", "Startede par", "Igangværende",
                           "Gennemførte", "Afsluttet før tid"],
        "risk_hdr": ["Par", "Koordinator", "Program", "Hold"],
    },
}

HDR_ROW = 4          # header row of the table sheets (1-based)
RISK_HDR_ROW = 3     # header row of the coordinators' list

failures = []


def fail(msg):
    failures.append(msg)
    print("check_workbooks: " + msg, file=sys.stderr)


def k_of(db, programme):
    """k of a programme as config_programme_get: '*' is the largest."""
    if programme == "*":
        k = db.execute("SELECT max(k) FROM programme_config").fetchone()[0]
    else:
        row = db.execute("SELECT k FROM programme_config WHERE programme = ?",
                         (programme,)).fetchone()
        k = row[0] if row else db.execute(
            "SELECT k FROM programme_config WHERE programme = '*'").fetchone()[0]
    return max(3, k if k is not None else 5)


def detect_lang(names):
    for code, t in LANG.items():
        if names == t["hr"] or names == t["lead"] or names == t["risk"]:
            return code
    return None


def no_formulas(path, wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    fail("%s: %s!%s is a formula: %r" %
                         (path, ws.title, c.coordinate, c.value))


def ids_of(db):
    ids = set()
    for sql in ("SELECT pair_id FROM pairs", "SELECT mentor_id FROM pairs",
                "SELECT mentee_id FROM pairs",
                "SELECT coordinator_id FROM pairs",
                "SELECT pair_id FROM pair_risk",
                "SELECT coordinator_id FROM pair_risk",
                "SELECT pair_id FROM orphans"):
        for (v,) in db.execute(sql):
            if v:
                ids.add(str(v))
    return ids


def no_ids(path, wb, ids):
    long_ids = [i for i in ids if len(i) >= 4]
    pattern = None
    if long_ids:
        pattern = re.compile(r"(?<![\w-])(" + "|".join(
            re.escape(i) for i in sorted(long_ids, key=len, reverse=True)) +
            r")(?![\w-])")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str):
                    continue
                if c.value in ids or (pattern and pattern.search(c.value)):
                    fail("%s: %s!%s shows an id: %r" %
                         (path, ws.title, c.coordinate, c.value))


def label_to_key(v, word_all):
    if v == word_all:
        return "*"
    return v


def check_table(path, ws, db, lang, sql, ncols, pair_count_cols, what):
    """Rows of the sheet from HDR_ROW + 1 against sql's rows, matched on
    programme and cohort (columns 0, 1); pair_count_cols are the columns
    that count pairs (no count of 1..k-1 may show).  Returns {key: [cells]}.
    """
    t = LANG[lang]
    group_pairs = {(p, c): n for p, c, n in db.execute(
        "SELECT programme, cohort, n_pairs FROM res_completion")}
    want = {}
    for row in db.execute(sql):
        want[(row[0], row[1])] = row
    got = {}
    r = HDR_ROW + 1
    while True:
        prog = ws.cell(row=r, column=1).value
        if prog is None:
            break
        coh = ws.cell(row=r, column=2).value
        key = (label_to_key(prog, t["all_prog"]),
               label_to_key(str(coh), t["all_cohort"]))
        if key in got:
            fail("%s: %s row %d: %r / %r twice" % (path, what, r, prog, coh))
        got[key] = [ws.cell(row=r, column=c + 1).value for c in range(ncols)]
        r += 1
    if set(got) != set(want):
        fail("%s: %s rows differ from the database: missing %s, extra %s" %
             (path, what, sorted(set(want) - set(got))[:5],
              sorted(set(got) - set(want))[:5]))
    for key, cells in got.items():
        if key not in want:
            continue
        db_row = want[key]
        k = k_of(db, key[0])
        for c in range(2, ncols):
            v, d = cells[c], db_row[c]
            where = "%s: %s %s/%s column %d" % (path, what, key[0], key[1],
                                                c + 1)
            if isinstance(v, str):
                if v == "<%d" % k:
                    # a count of 1..k-1, or any figure of a group of
                    # fewer than k pairs
                    if c in pair_count_cols and not (
                            (d is not None and 0 < d < k) or
                            0 < group_pairs.get(key, 0) < k):
                        fail("%s: shown as <%d but the count is %r" %
                             (where, k, d))
                elif v != t["hidden"]:
                    fail("%s: text %r where a number belongs" % (where, v))
            elif v is None:
                if d is not None and not (isinstance(d, float) and
                                          math.isnan(d)):
                    fail("%s: empty, the database has %r" % (where, d))
            else:
                if d is None:
                    fail("%s: %r shown, the database has NULL" % (where, v))
                elif abs(float(v) - float(d)) > 1e-9 * max(1, abs(float(d))):
                    fail("%s: %r, the database has %r" % (where, v, d))
                elif c in pair_count_cols and 0 < d < k:
                    fail("%s: the small count %r is shown (k = %d)" %
                         (where, d, k))
    return got


def hidden(v):
    return isinstance(v, str)


def check_relations(path, got, what):
    """Completion counts: no relation with exactly one hidden cell."""
    # columns: 2 pairs, 3 active, 4 completed, 5 early, 6 goals_met
    for key, cells in got.items():
        n = sum(hidden(cells[c]) for c in (2, 3, 4, 5))
        if n == 1:
            fail("%s: %s %s/%s: one hidden cell in active + completed + "
                 "ended early = pairs" % (path, what, key[0], key[1]))
    for c in (2, 3, 4, 5, 6):
        for free in (0, 1):
            groups = {}
            for key, cells in got.items():
                other = key[1 - free]
                groups.setdefault(other, []).append((key[free], cells[c]))
            for other, members in groups.items():
                if not any(m[0] == "*" for m in members) or len(members) < 2:
                    continue
                n = sum(hidden(m[1]) for m in members)
                if n == 1:
                    fail("%s: %s column %d: one hidden cell among the %s of "
                         "%r" % (path, what, c + 1,
                                 "programmes" if free == 0 else "cohorts",
                                 other))


def check_hr(path, db, lang, ids):
    wb = openpyxl.load_workbook(path)
    t = LANG[lang]
    if wb.sheetnames != t["hr"]:
        fail("%s: sheets %r, expected %r" % (path, wb.sheetnames, t["hr"]))
        return
    no_formulas(path, wb)
    no_ids(path, wb, ids)
    ws = wb[t["hr"][1]]
    hdr = [ws.cell(row=HDR_ROW, column=c + 1).value for c in range(6)]
    if hdr != t["completion_hdr"]:
        fail("%s: completion headers %r, expected %r" %
             (path, hdr, t["completion_hdr"]))
    got = check_table(
        path, ws, db, lang,
        "SELECT programme, cohort, n_pairs, n_active, n_completed,"
        " n_ended_early, n_goals_met_early, completion_rate, ci_low, ci_high"
        " FROM res_completion", 10, {2, 3, 4, 5, 6},
        "Completion")
    check_relations(path, got, "Completion")
    check_table(
        path, wb[t["hr"][5]], db, lang,
        "SELECT programme, cohort, n_pairs, held, cancelled, no_show,"
        " cancel_rate, no_show_rate, hours_per_pair_month, share_on_cadence"
        " FROM res_attendance", 10, {2}, "Attendance")
    check_table(
        path, wb[t["hr"][3]], db, lang,
        "SELECT programme, cohort, n_goals, n_reviewed, share_met,"
        " share_ci_low, share_ci_high, n_pairs_scored, gas_t_mean,"
        " gas_t_ci_low, gas_t_ci_high FROM res_goals", 11, {7}, "Goals")
    if not wb[t["hr"][7]].sheet_state == "hidden":
        fail("%s: the chart-data sheet is not hidden" % path)


def check_leadership(path, db, lang, ids):
    wb = openpyxl.load_workbook(path)
    t = LANG[lang]
    if wb.sheetnames != t["lead"]:
        fail("%s: sheets %r, expected %r" % (path, wb.sheetnames, t["lead"]))
        return
    no_formulas(path, wb)
    no_ids(path, wb, ids)
    check_table(
        path, wb[t["lead"][0]], db, lang,
        "SELECT programme, cohort, n_started, completion_rate, ci_low,"
        " ci_high, cif_ended_early_6m, gas_t_mean, final_usefulness_mean,"
        " nps_final, hours_per_pair_month FROM res_cohort_year", 11, {2},
        "Summary")


def check_risk(path, db, lang, coordinator=None):
    wb = openpyxl.load_workbook(path)
    t = LANG[lang]
    if wb.sheetnames != t["risk"]:
        fail("%s: sheets %r, expected %r" % (path, wb.sheetnames, t["risk"]))
        return
    no_formulas(path, wb)
    ws = wb[t["risk"][0]]
    hdr = [ws.cell(row=RISK_HDR_ROW, column=c + 1).value for c in range(4)]
    if hdr != t["risk_hdr"]:
        fail("%s: headers %r, expected %r" % (path, hdr, t["risk_hdr"]))
    rows = db.execute("SELECT pair_id, coordinator_id, risk, band, flags"
                      " FROM pair_risk").fetchall()
    if coordinator is not None:
        rows = [r for r in rows if (r[1] or "") == coordinator]
    rank = {"high": 0, "medium": 1, "low": 2}

    def order(r):
        nflags = 0 if r[4] == "" else r[4].count(",") + 1
        return (rank.get(r[3], 3), r[2] is None,
                -(r[2] if r[2] is not None else 0), -nflags, r[0])
    want = sorted(rows, key=order)
    got = []
    r = RISK_HDR_ROW + 1
    while ws.cell(row=r, column=1).value is not None:
        got.append((ws.cell(row=r, column=1).value,
                    ws.cell(row=r, column=6).value,
                    ws.cell(row=r, column=7).value))
        r += 1
    if not want:
        return
    if [g[0] for g in got] != [w[0] for w in want]:
        fail("%s: pairs in order %r..., expected %r..." %
             (path, [g[0] for g in got][:6], [w[0] for w in want][:6]))
        return
    for g, w in zip(got, want):
        if w[2] is None:
            if g[1] is not None:
                fail("%s: pair %s: risk %r, the database has NULL" %
                     (path, w[0], g[1]))
        elif g[1] is None or abs(g[1] - w[2]) > 1e-12:
            fail("%s: pair %s: risk %r, the database has %r" %
                 (path, w[0], g[1], w[2]))
        if g[2] != t["bands"].get(w[3]):
            fail("%s: pair %s: band %r, expected %r" %
                 (path, w[0], g[2], t["bands"].get(w[3])))


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    db_path, out = argv[1], argv[2]
    lang = None
    if len(argv) >= 5 and argv[3] == "--lang":
        lang = argv[4]
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    ids = ids_of(db)
    hr = os.path.join(out, "hr_outcomes.xlsx")
    for name in ("hr_outcomes.xlsx", "leadership_cohorts.xlsx",
                 "coordinator_risk.xlsx"):
        if not os.path.exists(os.path.join(out, name)):
            fail("%s: missing" % os.path.join(out, name))
    if failures:
        return 1
    if lang is None:
        lang = detect_lang(openpyxl.load_workbook(hr).sheetnames)
        if lang is None:
            fail("%s: sheet names of no known language" % hr)
            return 1
    check_hr(hr, db, lang, ids)
    check_leadership(os.path.join(out, "leadership_cohorts.xlsx"), db, lang,
                     ids)
    check_risk(os.path.join(out, "coordinator_risk.xlsx"), db, lang)
    for name in sorted(os.listdir(out)):
        m = re.match(r"coordinator_risk-(.*)\.xlsx$", name)
        if not m:
            continue
        # the file name is the sanitised id: find the coordinator it holds
        wb = openpyxl.load_workbook(os.path.join(out, name), read_only=True)
        ws = wb[LANG[lang]["risk"][0]]
        coord = None
        for row in ws.iter_rows(min_row=RISK_HDR_ROW + 1, max_col=2,
                                values_only=True):
            coord = row[1] or ""
            break
        wb.close()
        if coord is not None:
            check_risk(os.path.join(out, name), db, lang, coord)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
