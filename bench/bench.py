#!/usr/bin/env python3
"""bench.py: `make bench` - speed and memory of mentorstat at 20,000 and
200,000 pairs, against the floor a user would compare with: the sqlite3
shell's .import of the same four files into an empty database; and, when
they are installed (`make bench-peers`), against the tools a user would
pick instead: DuckDB (bench/peer_duckdb.mjs, @duckdb/node-api from npm)
and pandas (bench/peer_pandas.py, Debian's python3-pandas), each reading
the four files, computing completion, end reasons, attendance, goals, item
means and a survival curve and writing them out (CSV; one xlsx).  A peer
that is not installed is skipped with a note.

Exports are generated once with `mentorstat generate` and cached outside
the repository (MENTORSTAT_BENCH_CACHE, default /var/tmp/mentorstat-bench).
Every figure is the median of 3 whole-process runs after one warm-up; peak
resident memory comes from getrusage of the child (ru_maxrss).  The table
goes to stdout and to bench/RESULTS.md.  The database each timed ingest
built must pass PRAGMA integrity_check and rows_read = rows_loaded +
rows_rejected for every batch.
"""
import datetime
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "mentorstat")
CACHE = os.environ.get("MENTORSTAT_BENCH_CACHE", "/var/tmp/mentorstat-bench")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "20000 200000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
FILES = ["pairs.csv", "meetings.csv", "goals.csv", "evaluations.csv"]
PYTHON = os.environ.get("BENCH_PYTHON", "/usr/bin/python3")   # with pandas
NODE_PREFIX = os.environ.get("BENCH_NODE_PREFIX", os.path.join(CACHE, "node"))
# Another build of mentorstat (say, the commit before a change) whose
# ingest and run are timed in the same run, as "baseline ingest" and
# "baseline run": before and after, side by side on the same machine.
BASELINE = os.environ.get("BENCH_BASELINE")


def peers():
    """The peers installed here, name -> command maker (data, out), and a
    note for each one skipped."""
    found, notes = {}, []
    ok = subprocess.run([PYTHON, "-c", "import pandas, openpyxl"],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL).returncode == 0
    if ok:
        found["pandas peer"] = lambda data, out: [
            PYTHON, os.path.join(ROOT, "bench", "peer_pandas.py"), data,
            out + ".xlsx"]
    else:
        notes.append("pandas peer skipped: %s cannot import pandas and "
                     "openpyxl (make bench-peers installs python3-pandas)"
                     % PYTHON)
    node = shutil.which("node")
    ok = node is not None and os.path.isdir(NODE_PREFIX) and subprocess.run(
        [node, "-e", "require.resolve('@duckdb/node-api')"], cwd=NODE_PREFIX,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if ok:
        script = os.path.join(ROOT, "bench", "peer_duckdb.mjs")
        found["duckdb peer"] = lambda data, out: [
            "sh", "-c", 'cd "$0" && exec "$1" "$2" "$3" "$4"', NODE_PREFIX,
            node, script, data, out]
    else:
        notes.append("duckdb peer skipped: no node with @duckdb/node-api in "
                     "%s (make bench-peers installs it from npm)" % NODE_PREFIX)
    return found, notes


def measured(cmd, ok=(0,)):
    """Wall time and peak RSS (MiB) of one run of cmd, via a wrapper that
    reports its child's ru_maxrss."""
    wrapper = [sys.executable, "-c",
               "import resource,subprocess,sys,time;"
               "t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,"
               "stderr=subprocess.PIPE);"
               "w=time.perf_counter()-t;"
               "m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
               "sys.stderr.write(r.stderr.decode()[-400:]);"
               "print(r.returncode,w,m)"] + cmd
    p = subprocess.run(wrapper, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rc, wall, kb = p.stdout.decode().split()
    if int(rc) not in ok:
        sys.exit("bench: %s exited %s: %s" % (" ".join(cmd), rc,
                                             p.stderr.decode()))
    return float(wall), int(kb) / 1024.0


def median_of(make_cmd, prepare=None, ok=(0,)):
    walls, mems = [], []
    for i in range(RUNS + 1):          # the first is the warm-up
        if prepare:
            prepare()
        w, m = measured(make_cmd(), ok)
        if i > 0:
            walls.append(w)
            mems.append(m)
    return statistics.median(walls), max(mems)


def rm_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def check_db(path):
    con = sqlite3.connect(path)
    ok = con.execute("PRAGMA integrity_check").fetchone()[0]
    bad = con.execute("SELECT count(*) FROM batches WHERE rows_read != "
                      "rows_loaded + rows_rejected").fetchone()[0]
    rows = con.execute("SELECT sum(rows_read) FROM batches").fetchone()[0]
    con.close()
    if ok != "ok" or bad != 0:
        sys.exit("bench: %s failed its checks (integrity %s, %d batches "
                 "not adding up)" % (path, ok, bad))
    return rows


def bench_size(n, work, peer_cmds):
    data = os.path.join(CACHE, "pairs-%d" % n)
    if not all(os.path.exists(os.path.join(data, f)) for f in FILES):
        print("bench: generating %d pairs into %s" % (n, data), flush=True)
        subprocess.run([BIN, "generate", "--quiet", "--pairs", str(n),
                        "--seed", "1", "--out", data], check=True)
    files = [os.path.join(data, f) for f in FILES]
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    db = os.path.join(work, "bench-%d.db" % n)
    imp = os.path.join(work, "import-%d.db" % n)
    out = os.path.join(work, "reports-%d" % n)

    t_imp, m_imp = median_of(
        lambda: ["sqlite3", imp, ".mode csv"] +
                [".import %s t%d" % (f, i) for i, f in enumerate(files)],
        prepare=lambda: rm_db(imp))
    t_ing, m_ing = median_of(
        lambda: [BIN, "ingest", "--quiet", "--db", db] + files,
        prepare=lambda: rm_db(db))
    rows = check_db(db)
    t_ana, m_ana = median_of(lambda: [BIN, "analyze", "--quiet", "--db", db])
    t_rep, m_rep = median_of(
        lambda: [BIN, "report", "--quiet", "--db", db, "--out", out])
    t_run, m_run = median_of(
        lambda: [BIN, "run", "--quiet", "--db", db, "--out", out] + files,
        prepare=lambda: rm_db(db))
    check_db(db)
    timed = [("sqlite3 .import", t_imp, m_imp), ("ingest", t_ing, m_ing),
             ("analyze", t_ana, m_ana), ("report", t_rep, m_rep),
             ("run", t_run, m_run)]
    if BASELINE:
        t, m = median_of(
            lambda: [BASELINE, "ingest", "--quiet", "--db", db] + files,
            prepare=lambda: rm_db(db))
        timed.append(("baseline ingest", t, m))
        t, m = median_of(
            lambda: [BASELINE, "run", "--quiet", "--db", db, "--out", out] +
            files, prepare=lambda: rm_db(db))
        timed.append(("baseline run", t, m))
    rm_db(db)
    rm_db(imp)
    shutil.rmtree(out, ignore_errors=True)
    for name, make in sorted(peer_cmds.items()):
        pout = os.path.join(work, "%s-%d" % (name.split()[0], n))
        t, m = median_of(lambda: make(data, pout))
        shutil.rmtree(pout, ignore_errors=True)
        if os.path.exists(pout + ".xlsx"):
            os.remove(pout + ".xlsx")
        timed.append((name, t, m))
    res = []
    for name, t, m in timed:
        res.append({"pairs": n, "stage": name, "wall": t, "rows": rows,
                    "mb": mb, "rss": m, "ratio": t / t_imp})
    return res


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit("bench: build ./mentorstat first (make)")
    os.makedirs(CACHE, exist_ok=True)
    work = os.path.join(CACHE, "work")
    os.makedirs(work, exist_ok=True)
    peer_cmds, notes = peers()
    load0 = os.getloadavg()
    rows = []
    for n in SIZES:
        rows += bench_size(n, work, peer_cmds)
    load1 = os.getloadavg()
    lines = ["| pairs | stage | wall s | rows/s | MB/s | peak RSS MiB | x import |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append("| %d | %s | %.2f | %.0f | %.1f | %.1f | %.2f |" % (
            r["pairs"], r["stage"], r["wall"], r["rows"] / r["wall"],
            r["mb"] / r["wall"], r["rss"], r["ratio"]))
    checks = []
    by = {(r["pairs"], r["stage"]): r for r in rows}
    big, small = max(SIZES), min(SIZES)
    if (big, "ingest") in by:
        def chk(name, ok, what):
            checks.append("- %s %s: %s" % ("PASS" if ok else "FAIL", name, what))
        ing, run_, ana, rep = (by[(big, s)] for s in ("ingest", "run", "analyze", "report"))
        chk("ingest <= 0.7 x import", ing["ratio"] <= 0.7, "%.2f x" % ing["ratio"])
        chk("run <= 1.0 x import", run_["ratio"] <= 1.0, "%.2f x" % run_["ratio"])
        chk("run <= 0.6 x import (stretch)", run_["ratio"] <= 0.6,
            "%.2f x" % run_["ratio"])
        for peer in ("duckdb peer", "pandas peer"):
            if (big, peer) in by:
                r = run_["wall"] / by[(big, peer)]["wall"]
                chk("run faster than the %s" % peer, r <= 1.0,
                    "run %.2f s, %s %.2f s: %.2f x" % (
                        run_["wall"], peer.split()[0], by[(big, peer)]["wall"], r))
        chk("analyze < 2 s", ana["wall"] < 2, "%.2f s" % ana["wall"])
        chk("report < 1 s", rep["wall"] < 1, "%.2f s" % rep["wall"])
        peak = max(by[(big, s)]["rss"] for s in ("ingest", "analyze", "report", "run"))
        chk("peak memory <= 64 MiB", peak <= 64, "%.1f MiB" % peak)
        if small != big:
            peak_s = max(by[(small, s)]["rss"] for s in ("ingest", "analyze", "report", "run"))
            chk("memory at %d <= 1.5 x at %d" % (big, small), peak <= 1.5 * peak_s,
                "%.2f x" % (peak / peak_s))
            for s in ("ingest", "analyze", "report", "run"):
                ratio = by[(big, s)]["wall"] / by[(small, s)]["wall"]
                chk("%s time at %d <= 11 x at %d" % (s, big, small), ratio <= 11,
                    "%.1f x" % ratio)
    head = ["# mentorstat benchmark", "",
            "Measured by `make bench` on %s, %d cores, %s." % (
                datetime.date.today().isoformat(), os.cpu_count(),
                os.uname().machine),
            "Median of %d whole-process runs after a warm-up; peak RSS from "
            "getrusage. Exports from `mentorstat generate --seed 1`." % RUNS +
            (" Baseline: %s." % os.environ.get("BENCH_BASELINE_NAME", BASELINE)
             if BASELINE else ""),
            "Load average (1 min) %.1f at the start, %.1f at the end%s." % (
                load0[0], load1[0], " (a machine shared with other jobs: "
                "the ratios, measured side by side, say more than the "
                "seconds)" if max(load0[0], load1[0]) > 1.0 else ""), ""]
    text = "\n".join(head + lines + [""] + checks +
                     (["", "Peers:"] + ["- " + n for n in notes]
                      if notes else [])) + "\n"
    print(text)
    with open(os.path.join(ROOT, "bench", "RESULTS.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
