#!/usr/bin/env python3
"""check_workbooks.py: read mentorstat's workbooks back and hold them to
reports.md.

usage: check_workbooks.py DATABASE REPORTS_DIR [--lang en|sv|da]
       check_workbooks.py --layout WORKBOOK...

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
  - the layout rules (also alone with --layout, from the XML, without
    openpyxl): one table per autofilter, wrapped text with the row height
    it needs, no table row made tall by a note beside it, the GAS axis
    around 50 and the NPS axis -100..100 with its zero line.
Exits 1 with one line per failure ("check_workbooks: ..."), 0 when all hold.
"""
import math
import os
import re
import sqlite3
import sys

openpyxl = None   # imported by main: --layout needs only zipfile

# What a reader sees, per language: written here independently of
# report/i18n.c, so a missing or changed translation fails.
LANG = {
    "en": {
        "hr": ["Summary", "What works", "Mentor and mentee", "Completion",
               "Early endings", "Goals", "Evaluations", "Attendance",
               "Data quality", "Detail by cohort", "About", "Chart data"],
        "lead": ["Summary", "Trends", "About", "Chart data"],
        "risk": ["At-risk pairs", "How risk is computed",
                 "Coordinators compared", "Chart data"],
        "all_prog": "All programmes", "all_cohort": "All cohorts",
        "hidden": "hidden",
        "bands": {"high": "High", "medium": "Medium", "low": "Low",
                  "too_early": "Too early to tell"},
        "completion_hdr": ["Programme", "Cohort", "Pairs started", "Active",
                           "Completed", "Ended early"],
        "risk_hdr": ["Pair", "Coordinator", "Programme", "Cohort"],
    },
    "sv": {
        "hr": ["Sammanfattning", "Vad som fungerar", "Mentor och adept",
               "Fullföljande", "Tidiga avslut", "Mål", "Utvärderingar",
               "Närvaro", "Datakvalitet", "Detaljer per kull", "Om rapporten",
               "Diagramdata"],
        "lead": ["Sammanfattning", "Trender", "Om rapporten", "Diagramdata"],
        "risk": ["Par i riskzonen", "Så beräknas risken",
                 "Koordinatorer jämförda", "Diagramdata"],
        "all_prog": "Alla program", "all_cohort": "Alla kullar",
        "hidden": "dold",
        "bands": {"high": "Hög", "medium": "Medel", "low": "Låg",
                  "too_early": "För tidigt att säga"},
        "completion_hdr": ["Program", "Kull", "Startade par", "Pågående",
                           "Fullföljda", "Avslutade i förtid"],
        "risk_hdr": ["Par", "Koordinator", "Program", "Kull"],
    },
    "da": {
        "hr": ["Sammenfatning", "Hvad der virker", "Mentor og mentee",
               "Gennemførelse", "Tidlige afslutninger", "Mål", "Evalueringer",
               "Fremmøde", "Datakvalitet", "Detaljer pr. hold", "Om rapporten",
               "Diagramdata"],
        "lead": ["Sammenfatning", "Tendenser", "Om rapporten", "Diagramdata"],
        "risk": ["Par i risiko", "Sådan beregnes risikoen",
                 "Koordinatorer sammenlignet", "Diagramdata"],
        "all_prog": "Alle programmer", "all_cohort": "Alle hold",
        "hidden": "skjult",
        "bands": {"high": "Høj", "medium": "Middel", "low": "Lav",
                  "too_early": "For tidligt at sige"},
        "completion_hdr": ["Program", "Hold", "Startede par", "Igangværende",
                           "Gennemførte", "Afsluttet før tid"],
        "risk_hdr": ["Par", "Koordinator", "Program", "Hold"],
    },
}

RISK_HDR_ROW = 8     # header row of the coordinators' list (1-based)
GAS_TITLE = {"en": "Mean GAS T-score"}
NPS_TITLE = {"en": "NPS at the end"}

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


def find_header(ws, first, after=1):
    """The 1-based row from after on whose first cells are the texts
    first (tables are stacked under one another), or None."""
    for r in range(after, ws.max_row + 1):
        if [ws.cell(row=r, column=c + 1).value
                for c in range(len(first))] == first:
            return r
    return None


def check_table(path, ws, db, lang, sql, ncols, pair_count_cols, what,
                hdr=None, skip=(), keep=None):
    """Rows of the table whose header is on row hdr (found by the
    completion headers' first two when None) against sql's rows, matched
    on programme and cohort (columns 0, 1); pair_count_cols are the
    columns that count pairs (no count of 1..k-1 may show); columns in
    skip are not compared; keep(db_row) says which database rows the
    table shows.  Returns {key: [cells]}.
    """
    t = LANG[lang]
    if hdr is None:
        hdr = find_header(ws, t["completion_hdr"][:2])
    if hdr is None:
        fail("%s: %s: no table header found" % (path, what))
        return {}
    HDR_ROW = hdr
    group_pairs = {(p, c): n for p, c, n in db.execute(
        "SELECT programme, cohort, n_pairs FROM res_completion")}
    want = {}
    for row in db.execute(sql):
        if keep is None or keep(row):
            want[(row[0], row[1])] = row
    got = {}
    r = HDR_ROW + 1
    while True:
        prog = ws.cell(row=r, column=1).value
        coh = ws.cell(row=r, column=2).value
        if prog is None or coh is None:
            break   # the end of the table, or a note under it
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
            if c in skip:
                continue
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
    ws = wb[t["hr"][3]]
    hdr = find_header(ws, t["completion_hdr"][:2])
    cells = [ws.cell(row=hdr, column=c + 1).value for c in range(6)] \
        if hdr else None
    if cells != t["completion_hdr"]:
        fail("%s: completion headers %r, expected %r" %
             (path, cells, t["completion_hdr"]))
        return
    got = check_table(
        path, ws, db, lang,
        "SELECT programme, cohort, n_pairs, n_active, n_completed,"
        " n_ended_early, n_goals_met_early, n_mature, mature_rate,"
        " mature_ci_low, mature_ci_high FROM res_completion", 11,
        {2, 3, 4, 5, 6, 7}, "Completion", hdr)
    check_relations(path, got, "Completion")
    check_table(
        path, wb[t["hr"][7]], db, lang,
        "SELECT programme, cohort, n_pairs, held, cancelled, no_show,"
        " cancel_rate, no_show_rate, hours_per_pair_month, hours_ci_low,"
        " hours_ci_high, share_on_cadence FROM res_attendance", 12, {2},
        "Attendance")
    check_table(
        path, wb[t["hr"][5]], db, lang,
        "SELECT programme, cohort, n_goals, n_reviewed, share_met,"
        " share_ci_low, share_ci_high, n_pairs_scored, gas_t_mean,"
        " gas_t_ci_low, gas_t_ci_high, scored_completed, scored_ended_early"
        " FROM res_goals", 13, {7}, "Goals")
    check_hr_summary(path, wb[t["hr"][0]], db, lang)
    if not wb[t["hr"][-1]].sheet_state == "hidden":
        fail("%s: the chart-data sheet is not hidden" % path)


def check_hr_summary(path, ws, db, lang):
    """The Summary's table, one row per programme and all: each figure
    equals the table it comes from (or is hidden, or empty for NULL)."""
    t = LANG[lang]
    hdr = find_header(ws, [t["completion_hdr"][0], t["completion_hdr"][2]])
    if hdr is None:
        fail("%s: Summary: no table of programmes" % path)
        return
    q = {
        1: "SELECT n_pairs FROM res_completion WHERE programme = ?1"
           " AND cohort = '*'",
        2: "SELECT n_active FROM res_completion WHERE programme = ?1"
           " AND cohort = '*'",
        3: "SELECT mature_rate FROM res_completion WHERE programme = ?1"
           " AND cohort = '*'",
        4: "SELECT mature_ci_low FROM res_completion WHERE programme = ?1"
           " AND cohort = '*'",
        5: "SELECT mature_ci_high FROM res_completion WHERE programme = ?1"
           " AND cohort = '*'",
        8: "SELECT cif_ended_early FROM res_incidence WHERE programme = ?1"
           " AND cohort = '*' AND month = 6",
        9: "SELECT gas_t_mean FROM res_cohort_year WHERE programme = ?1"
           " AND cohort = '*'",
        10: "SELECT final_usefulness_mean FROM res_cohort_year"
            " WHERE programme = ?1 AND cohort = '*'",
        11: "SELECT nps FROM res_nps WHERE programme = ?1 AND cohort = '*'"
            " AND survey = 'final' AND role = 'mentee'",
        12: "SELECT ci_low FROM res_nps WHERE programme = ?1 AND cohort = '*'"
            " AND survey = 'final' AND role = 'mentee'",
        13: "SELECT ci_high FROM res_nps WHERE programme = ?1"
            " AND cohort = '*' AND survey = 'final' AND role = 'mentee'",
        14: "SELECT hours_per_pair_month FROM res_attendance"
            " WHERE programme = ?1 AND cohort = '*'",
    }
    r, seen = hdr + 1, 0
    while ws.cell(row=r, column=1).value is not None:
        prog = label_to_key(ws.cell(row=r, column=1).value, t["all_prog"])
        seen += 1
        for c, sql in q.items():
            v = ws.cell(row=r, column=c + 1).value
            row = db.execute(sql, (prog,)).fetchone()
            d = row[0] if row else None
            where = "%s: Summary %s column %d" % (path, prog, c + 1)
            if isinstance(v, str):
                if v != t["hidden"] and not v.startswith("<"):
                    fail("%s: text %r where a number belongs" % (where, v))
            elif v is None:
                if d is not None:
                    fail("%s: empty, the database has %r" % (where, d))
            elif d is None or abs(float(v) - float(d)) > \
                    1e-9 * max(1, abs(float(d))):
                fail("%s: %r, the database has %r" % (where, v, d))
        r += 1
    want = db.execute("SELECT count(*) FROM res_completion"
                      " WHERE cohort = '*'").fetchone()[0]
    if seen != want:
        fail("%s: Summary: %d programme rows, the database has %d" %
             (path, seen, want))


def check_leadership(path, db, lang, ids):
    wb = openpyxl.load_workbook(path)
    t = LANG[lang]
    if wb.sheetnames != t["lead"]:
        fail("%s: sheets %r, expected %r" % (path, wb.sheetnames, t["lead"]))
        return
    no_formulas(path, wb)
    no_ids(path, wb, ids)
    ws = wb[t["lead"][0]]
    sql = ("SELECT programme, cohort, n_started, completion_rate, ci_low,"
           " ci_high, NULL, cif_ended_early_6m, gas_t_mean,"
           " final_usefulness_mean, nps_final, hours_per_pair_month"
           " FROM res_cohort_year")
    first = find_header(ws, t["completion_hdr"][:2])
    second = find_header(ws, t["completion_hdr"][:2], (first or 0) + 1)
    if first is None or second is None:
        fail("%s: Summary: the two tables are not found" % path)
        return
    check_table(path, ws, db, lang, sql, 12, {2}, "Summary (programmes)",
                first, skip={6}, keep=lambda r: r[1] == "*")

    def shown_cohort(r):
        # groups under k pairs are folded into their programme's total
        return r[1] != "*" and not (0 < r[2] < k_of(db, r[0]))
    check_table(path, ws, db, lang, sql, 12, {2}, "Summary (cohorts)",
                second, skip={6}, keep=shown_cohort)


def check_risk(path, db, lang, coordinator=None):
    wb = openpyxl.load_workbook(path)
    t = LANG[lang]
    # the chart-data sheet is there when the funnel has points
    if wb.sheetnames not in (t["risk"], t["risk"][:-1]):
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
    # the pairs per band above the list (rows 3..6, columns J and K)
    for i, band in enumerate(("high", "medium", "low", "too_early")):
        word = ws.cell(row=3 + i, column=10).value
        n = ws.cell(row=3 + i, column=11).value
        want_n = sum(1 for r in rows if r[3] == band)
        if word != t["bands"][band] or n != want_n:
            fail("%s: pairs per band: %r %r, expected %r %r" %
                 (path, word, n, t["bands"][band], want_n))
    rank = {"high": 0, "medium": 1, "low": 2, "too_early": 3}

    def order(r):
        nflags = 0 if r[4] == "" else r[4].count(",") + 1
        return (rank.get(r[3], 3), r[2] is None,
                -(r[2] if r[2] is not None else 0), -nflags, r[0])
    want = sorted(rows, key=order)
    got = []
    r = RISK_HDR_ROW + 1
    while ws.cell(row=r, column=1).value is not None:
        got.append((ws.cell(row=r, column=1).value,
                    ws.cell(row=r, column=8).value,
                    ws.cell(row=r, column=9).value))
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


# ------------------------------------------------------------- layout --
# Read from the xlsx XML with zipfile alone (no openpyxl), so the unit
# tests can run them: python3 tests/check_workbooks.py --layout FILE...

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def col_index(ref):
    """0-based column and 1-based row of a cell reference like "AB12"."""
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    c = 0
    for ch in m.group(1):
        c = c * 26 + ord(ch) - 64
    return c - 1, int(m.group(2))


def sheets_of(z):
    """[(name, path of its XML)] in workbook order."""
    import xml.etree.ElementTree as ET
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = []
    for sh in wb.iter(NS + "sheet"):
        t = target[sh.get(RNS + "id")]
        out.append((sh.get("name"), "xl/" + t.lstrip("/").replace("xl/", "")))
    return out


def layout_check(path):
    """The layout rules of reports.md on one workbook: one table per
    autofilter, wrapped text with the row height it needs, table rows not
    made tall by something beside them; on the leadership trends, the GAS
    axis around 50 and the NPS axis -100..100 with the zero line."""
    import zipfile
    import xml.etree.ElementTree as ET
    z = zipfile.ZipFile(path)
    names = z.namelist()
    strings = []
    if "xl/sharedStrings.xml" in names:
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(
                NS + "si"):
            strings.append("".join(t.text or "" for t in si.iter(NS + "t")))
    wraps = []
    styles = ET.fromstring(z.read("xl/styles.xml"))
    for xfs in styles.iter(NS + "cellXfs"):
        for xf in xfs.findall(NS + "xf"):
            al = xf.find(NS + "alignment")
            wraps.append(al is not None and al.get("wrapText") == "1")
    for name, xml in sheets_of(z):
        root = ET.fromstring(z.read(xml))
        widths = {}
        for col in root.iter(NS + "col"):
            for c in range(int(col.get("min")) - 1, int(col.get("max"))):
                widths[c] = float(col.get("width"))
        merged = {}
        for mc in root.iter(NS + "mergeCell"):
            a, b = mc.get("ref").split(":")
            (c0, r0), (c1, _) = col_index(a), col_index(b)
            merged[(r0, c0)] = sum(widths.get(c, 8.43)
                                   for c in range(c0, c1 + 1))
        cells = {}
        heights = {}
        for row in root.iter(NS + "row"):
            r = int(row.get("r"))
            heights[r] = float(row.get("ht", "15"))
            for c in row.findall(NS + "c"):
                v = c.find(NS + "v")
                is_ = c.find(NS + "is")
                if v is None and is_ is None:
                    continue
                col, _ = col_index(c.get("r"))
                text = None
                if c.get("t") == "s":
                    text = strings[int(v.text)]
                elif c.get("t") == "inlineStr":
                    text = "".join(t.text or "" for t in is_.iter(NS + "t"))
                style = int(c.get("s", "0"))
                cells[(r, col)] = (text, style < len(wraps) and wraps[style])
        where = "%s: %s" % (path, name)
        # one table per autofilter
        for af in root.iter(NS + "autoFilter"):
            a, b = af.get("ref").split(":")
            (c0, r0), (c1, r1) = col_index(a), col_index(b)
            for (r, c) in cells:
                if r0 <= r <= r1 and not c0 <= c <= c1:
                    fail("%s: the autofilter %s also covers the row of %s%d,"
                         " outside its table" % (where, af.get("ref"),
                                                 chr(65 + c) if c < 26
                                                 else "?", r))
                    break
        for (r, c), (text, wrap) in cells.items():
            if text is None or not wrap:
                continue
            width = merged.get((r, c), widths.get(c, 8.43))
            lines = math.ceil(len(text) / (width * 1.15))
            # wrapped text gets the row height it needs
            if lines >= 2 and heights.get(r, 15) < 12 * lines:
                fail("%s: row %d is %.0f pt high, its wrapped text needs "
                     "about %d lines: %r" % (where, r, heights.get(r, 15),
                                             lines, text[:60]))
        # a table row (label in A, a value in B) is tall only for a
        # wrapped cell of its own, never for a note merged beside it
        for r, h in heights.items():
            a, b = cells.get((r, 0)), cells.get((r, 1))
            if h <= 18 or a is None or b is None or a[0] is None or \
                    not any(rr == r and t is None
                            for (rr, c), (t, w) in cells.items()):
                continue   # not a data row: no number in it
            # a cell of the table itself: not a paragraph merged over
            # columns beside it (a merged cell counts from A or B only)
            ok = False
            for (rr, c), (text, wrap) in cells.items():
                if rr == r and wrap and text and \
                        ((rr, c) not in merged or c <= 1) and \
                        len(text) > 0.9 * merged.get((rr, c),
                                                     widths.get(c, 8.43)):
                    ok = True
                    break
            if not ok:
                fail("%s: table row %d is %.0f pt high with nothing of its "
                     "own to wrap" % (where, r, h))
    # the leadership trends: axes fitted to their measures
    for n in names:
        if not re.match(r"xl/charts/chart\d+\.xml$", n):
            continue
        x = z.read(n).decode("utf-8")
        title = re.search(r"<a:t>([^<]*)</a:t>", x)
        title = title.group(1) if title else ""
        mx = re.search(r'<c:valAx>.*?<c:max val="([^"]+)"/>', x, re.S)
        mn = re.search(r'<c:valAx>.*?<c:min val="([^"]+)"/>', x, re.S)
        if title in GAS_TITLE.values():
            if not (mx and mn and float(mx.group(1)) + float(mn.group(1)) ==
                    100 and float(mx.group(1)) - float(mn.group(1)) <= 40):
                fail("%s: %s: the GAS axis is not fitted around 50" %
                     (path, n))
        if title in NPS_TITLE.values():
            if not (mx and mn and float(mx.group(1)) == 100 and
                    float(mn.group(1)) == -100 and
                    '<c:crossesAt val="0"/>' in x):
                fail("%s: %s: the NPS axis is not -100..100 with the zero "
                     "line" % (path, n))


def main(argv):
    if len(argv) >= 3 and argv[1] == "--layout":
        for f in argv[2:]:
            layout_check(f)
        return 1 if failures else 0
    if len(argv) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    global openpyxl
    try:
        import openpyxl
    except ImportError:
        sys.exit("check_workbooks: python3-openpyxl is missing "
                 "(make deps DEPS_TEST=1 installs it)")
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
    for name in sorted(os.listdir(out)):
        if name.endswith(".xlsx"):
            layout_check(os.path.join(out, name))
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
