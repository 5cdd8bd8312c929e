#!/bin/sh
# e2e_cli.sh: the command line as a new user meets it (issue 16; cli.md).
# One case per row of the issue, each checking exit status, standard
# output and the message:
#
#   busy database: the summary line says "failed" (README), the reason is
#     on stderr, exit 74, nothing of the file in batches.
#   SIGINT / SIGTERM during ingest of several files: the summary line of a
#     file is printed as it finishes (seen while the process still runs);
#     the message names the files committed and those not; the file being
#     loaded is rolled back; exit 130 / 143.
#   SIGINT during report: no "*.xlsx.tmp-PID" file is left; exit 130.
#   run without pairs: exit 65 "no pairs loaded: give the pairs export
#     too", no workbook written.
#   a [programme NAME] of --config that matches no programme: a warning
#     naming the section and the nearest programme name.
#   a UTF-16 export (Excel's "Unicode text"): "is UTF-16: save as CSV
#     UTF-8".
#   a prose or unrelated CSV file: "header matches no export kind".
#   every row rejected (US dates): the top rules with counts and the first
#     line and column of each, no "rest loaded".
#   run DIR and ingest DIR: the same exit status, 66.
#   report on a database the user may not write (root's folder, run as
#     nobody; or chmod when not root): it reads it.
#   an unwritable --out: only mentorstat's message, naming each workbook.
#   run --help: every option described.
#   make install DESTDIR=... PREFIX=/usr: bin/mentorstat and
#     share/man/man1/mentorstat.1; make uninstall removes them.
set -u
bin=${MENTORSTAT:-./mentorstat}
t=$(mktemp -d)
cleanup() { chmod -R u+rwX "$t" 2> /dev/null; rm -rf "$t"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "e2e_cli: $*" >&2; exit 1; }
chmod 755 "$t"
case $bin in /*) abs=$bin ;; *) abs=$(pwd)/$bin ;; esac
demo=samples/demo
if [ "$(id -u)" = 0 ]; then
  command -v setpriv > /dev/null || fail "setpriv (util-linux) is needed"
  nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
  give() { chown -R nobody:nogroup "$@"; }
  lock() { :; }
else
  nobody() { "$@"; }
  give() { :; }
  lock() { chmod a-w "$@"; }
fi

# run_cmd NAME CODE CMD...: run CMD with stdout in $t/out and stderr in
# $t/err; its exit status must be CODE.
run_cmd() {
  name=$1 code=$2; shift 2
  rc=0; "$@" > "$t/out" 2> "$t/err" || rc=$?
  [ "$rc" -eq "$code" ] || fail "$name: exit $rc, expected $code; stderr: $(cat "$t/err")"
}
# has NAME FILE TEXT...: FILE holds each TEXT (fixed strings).
has() {
  name=$1 file=$2; shift 2
  for w in "$@"; do
    grep -qF -- "$w" "$file" || fail "$name: '$w' not in $(basename "$file"): $(cat "$file")"
  done
}
# lacks NAME FILE TEXT: FILE does not hold TEXT.
lacks() {
  ! grep -qF -- "$3" "$2" || fail "$1: '$3' in $(basename "$2"): $(cat "$2")"
}

# ---------------------------------------------------------- busy -----
"$bin" ingest --quiet --db "$t/busy.db" "$demo/pairs.csv" > /dev/null || fail "busy: first ingest exited $?"
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("begin immediate")
print("locked", flush=True)
time.sleep(30)' "$t/busy.db" > "$t/lock.out" & holder=$!
for i in $(seq 1 500); do [ -s "$t/lock.out" ] && break; sleep 0.01; done
[ -s "$t/lock.out" ] || fail "busy: the lock holder never took the lock"
run_cmd "busy" 74 env MENTORSTAT_BUSY_TIMEOUT_MS=300 "$bin" ingest --db "$t/busy.db" "$demo/goals.csv"
kill "$holder"; wait "$holder" 2> /dev/null
[ "$(cut -f3 "$t/out")" = failed ] || fail "busy: summary line '$(cat "$t/out")', expected status failed"
has "busy" "$t/err" "mentorstat: error:" "in use"
n=$(sqlite3 "$t/busy.db" "select count(*) from batches where file = 'goals.csv'")
[ "$n" = 0 ] || fail "busy: goals.csv left $n batches"

# ---------------------------------------- signals during ingest -----
"$bin" generate --quiet --pairs 20000 --seed 7 --out "$t/big" || fail "generate exited $?"
for sig in INT TERM; do
  db="$t/sig$sig.db"
  # a background job of a script starts with SIGINT ignored: undo that
  env --default-signal=INT,TERM "$bin" ingest --db "$db" "$demo/pairs.csv" "$t/big/meetings.csv" "$demo/goals.csv" \
    > "$t/sig.out" 2> "$t/sig.err" & p=$!
  for i in $(seq 1 3000); do [ -s "$t/sig.out" ] && break; sleep 0.005; done
  kill -0 "$p" 2> /dev/null || fail "SIG$sig: ingest ended before the first summary line was seen: $(cat "$t/sig.out")"
  grep -q "pairs.csv	pairs	loaded" "$t/sig.out" || fail "SIG$sig: no summary line for pairs.csv while the others load"
  kill -"$sig" "$p"
  rc=0; wait "$p" || rc=$?
  want=130; [ "$sig" = TERM ] && want=143
  [ "$rc" -eq "$want" ] || fail "SIG$sig: exit $rc, expected $want; stderr: $(cat "$t/sig.err")"
  has "SIG$sig" "$t/sig.err" "stopped by SIG$sig" "committed: $demo/pairs.csv;" \
    "not committed: $t/big/meetings.csv (rolled back), $demo/goals.csv"
  n=$(sqlite3 "$db" "select ((select count(*) from meetings) + (select count(*) from goals)) || ' ' || (select group_concat(file) from batches)")
  [ "$n" = "0 pairs.csv" ] || fail "SIG$sig: after the signal the database holds '$n', expected only pairs.csv"
  [ "$(sqlite3 "$db" "pragma integrity_check")" = ok ] || fail "SIG$sig: integrity_check failed"
done

# ---------------------------------------- SIGINT during report -----
"$bin" ingest --quiet --db "$t/big.db" "$t"/big/*.csv > /dev/null || fail "big ingest exited $?"
"$bin" analyze --quiet --db "$t/big.db" || fail "big analyze exited $?"
caught=0
for try in 1 2 3 4 5 6 7 8 9 10; do
  rm -rf "$t/books"
  env --default-signal=INT "$bin" report --quiet --db "$t/big.db" --out "$t/books" --per-coordinator > /dev/null 2> "$t/rep.err" & p=$!
  seen=0
  while kill -0 "$p" 2> /dev/null; do
    set -- "$t"/books/*.tmp-*
    if [ -e "$1" ]; then seen=1; break; fi
  done
  kill -INT "$p" 2> /dev/null
  rc=0; wait "$p" || rc=$?
  [ "$seen" = 1 ] || continue
  caught=1
  [ "$rc" -eq 130 ] || fail "report SIGINT: exit $rc, expected 130: $(cat "$t/rep.err")"
  left=$(ls "$t/books" | grep -c '\.tmp-')
  [ "$left" -eq 0 ] || fail "report SIGINT: temporary files left: $(ls "$t/books")"
  break
done
[ "$caught" = 1 ] || fail "report SIGINT: never saw a temporary workbook to interrupt"

# ----------------------------------------------- run without pairs -----
run_cmd "run without pairs" 65 "$bin" run --db "$t/nopairs.db" --out "$t/np" "$demo/meetings.csv"
has "run without pairs" "$t/err" "no pairs loaded: give the pairs export too"
[ ! -e "$t/np" ] || [ -z "$(ls "$t/np")" ] || fail "run without pairs: workbooks written: $(ls "$t/np")"

# --------------------------------------- config naming no programme -----
printf '[programme Leader mentorng]\nk = 6\n[programme Mentor service]\nk = 5\n' > "$t/typo.ini"
run_cmd "config typo" 0 "$bin" ingest --db "$t/cfg.db" --config "$t/typo.ini" "$demo/pairs.csv"
has "config typo" "$t/err" "warning:" "[programme Leader mentorng]" "'Leader mentoring'"
lacks "config typo" "$t/err" "[programme Mentor service]"
run_cmd "config typo, analyze" 0 "$bin" analyze --db "$t/cfg.db" --config "$t/typo.ini"
has "config typo, analyze" "$t/err" "[programme Leader mentorng]" "'Leader mentoring'"

# ------------------------------------------------------------- UTF-16 -----
python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); open(sys.argv[2], "w", encoding="utf-16").write(t)' \
  "$demo/pairs.csv" "$t/unicode.txt"
run_cmd "UTF-16" 65 "$bin" ingest --db "$t/u.db" "$t/unicode.txt"
has "UTF-16" "$t/err" "is UTF-16" "save as CSV UTF-8"
python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); open(sys.argv[2], "w", encoding="utf-16-le").write(t)' \
  "$demo/pairs.csv" "$t/unicode-nobom.txt"
run_cmd "UTF-16 without BOM" 65 "$bin" ingest --db "$t/u.db" "$t/unicode-nobom.txt"
has "UTF-16 without BOM" "$t/err" "is UTF-16"

# ---------------------------------------------------- unrelated CSV -----
printf 'Dear all,\nthe next meeting is on Friday, please bring cake.\n' > "$t/letter.csv"
printf 'invoice,amount,date,paid\n1,100,2025-01-01,yes\n' > "$t/invoices.csv"
for f in letter invoices; do
  run_cmd "unrelated $f" 65 "$bin" ingest --db "$t/x.db" "$t/$f.csv"
  has "unrelated $f" "$t/err" "header matches no export kind"
  lacks "unrelated $f" "$t/err" "looks like"
done

# ------------------------------------------------ every row rejected -----
python3 - "$demo/pairs.csv" "$t/us.csv" << 'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = rows[0]
cols = [head.index(c) for c in ("start_date", "planned_end_date", "end_date")]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    for r in rows[1:]:
        for c in cols:
            if r[c]:
                y, m, d = r[c].split("-")
                r[c] = f"{m}/{d}/{y}"
        w.writerow(r)
EOF
first=$(sed -n 2p "$t/us.csv" | cut -d, -f9)
run_cmd "all rejected" 65 "$bin" ingest --db "$t/us.db" "$t/us.csv"
has "all rejected" "$t/err" "all 300 rows rejected, nothing loaded" \
  "invalid_date: 300 rows, first at line 2, column start_date: '$first'"
lacks "all rejected" "$t/err" "rest loaded"

# --------------------------------------------------- run DIR, ingest DIR -----
run_cmd "ingest DIR" 66 "$bin" ingest --db "$t/dir.db" "$demo"
run_cmd "run DIR" 66 "$bin" run --db "$t/dir.db" --out "$t/dirbooks" "$demo"

# ---------------------------------------------- read-only database -----
mkdir "$t/ro"
"$bin" run --quiet --db "$t/ro/m.db" --out "$t/ro/books" "$demo"/*.csv > /dev/null || fail "read-only: run exited $?"
chmod 755 "$t/ro"; chmod 644 "$t/ro/m.db"; lock "$t/ro" "$t/ro/m.db"
mkdir "$t/rout"; give "$t/rout"
run_cmd "read-only database" 0 nobody "$abs" report --db "$t/ro/m.db" --out "$t/rout"
[ "$(wc -l < "$t/out")" -eq 3 ] || fail "read-only database: expected 3 workbooks: $(cat "$t/out")"
lacks "read-only database" "$t/err" "error"
chmod u+w "$t/ro" "$t/ro/m.db"

# --------------------------------------------------- unwritable --out -----
mkdir "$t/locked"; chmod 555 "$t/locked"
cp "$t/ro/m.db" "$t/nb.db"; give "$t/nb.db"
run_cmd "unwritable --out" 73 nobody "$abs" report --db "$t/nb.db" --out "$t/locked"
lacks "unwritable --out" "$t/err" "[ERROR]"
has "unwritable --out" "$t/err" "mentorstat: error: cannot write" "$t/locked/hr_outcomes.xlsx" \
  "$t/locked/coordinator_risk.xlsx" "$t/locked/leadership_cohorts.xlsx" "Permission denied"
[ "$(wc -l < "$t/err")" -eq 1 ] || fail "unwritable --out: more than one line on stderr: $(cat "$t/err")"

# ------------------------------------------------------------ run --help -----
run_cmd "run --help" 0 "$bin" run --help
for o in --db --out --as-of --config --kind --lang --per-coordinator --quiet; do
  grep -qE "^  $o( |$)" "$t/out" || fail "run --help does not describe $o: $(cat "$t/out")"
done

# ------------------------------------------------- make install, uninstall -----
if [ -f Makefile ] && [ -x ./mentorstat ] && command -v make > /dev/null; then
  make -s install DESTDIR="$t/inst" PREFIX=/usr > "$t/inst.log" 2>&1 || fail "make install failed: $(cat "$t/inst.log")"
  [ -x "$t/inst/usr/bin/mentorstat" ] || fail "make install: no bin/mentorstat"
  [ -f "$t/inst/usr/share/man/man1/mentorstat.1" ] || fail "make install: no share/man/man1/mentorstat.1"
  "$t/inst/usr/bin/mentorstat" --version > /dev/null || fail "make install: the installed binary does not run"
  make -s uninstall DESTDIR="$t/inst" PREFIX=/usr > "$t/inst.log" 2>&1 || fail "make uninstall failed: $(cat "$t/inst.log")"
  [ -z "$(find "$t/inst" -type f)" ] || fail "make uninstall left: $(find "$t/inst" -type f)"
fi
exit 0
