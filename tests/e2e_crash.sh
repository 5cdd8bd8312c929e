#!/bin/sh
# e2e_crash.sh: crash safety (issue: "a test that kills ingest with SIGKILL
# at 30 or more moments during a load of 20,000 pairs and checks after each
# that PRAGMA integrity_check is ok and each file is either wholly in the
# database or wholly absent; the same for analyze (results all old or all
# new) and report (previous workbook or new, never partial)").
#
# For each stage, two uninterrupted runs side by side are timed first (T,
# the shorter), then the stage is started again and again and killed with
# SIGKILL (timeout(1)) after (i-0.5)/N of a run, i = 1..N = 30, plus a
# random jitter of up to +-0.4/N (seed printed; set CRASH_SEED to replay),
# so the kill moments cover the whole run.  Two lanes run side by side on
# separate files (the machine has two cores) to stay well inside the time
# budget.  A kill that comes after the process has exited does not count,
# and shortens the lane's estimate of a run to that run's length; moments
# are added at random until at least 30 kills per stage hit a running
# process.
#
# Each stage prints how many kills it survived, and of what kind.
#
# ingest (20,000 generated pairs, four files, into a new database):
#   after each kill: integrity_check is ok; the schema is either absent
#   (killed before the first migration committed) or complete; every
#   `loaded` batch has rows_loaded = the rows carrying its batch_id in its
#   table and rows_read = rows_loaded + rows_rejected; a table holds no row
#   of a file that has no loaded batch; no batch other than `loaded`.  Then
#   the same ingest is run again: it exits 0 and gives the same counts (and
#   column sums) as an uninterrupted run.
# analyze (--as-of B on a database holding the results as of A):
#   after each kill: integrity_check is ok and every results table (res_*,
#   analysis_run, pair_gas, pair_risk, risk_model, risk_model_fit,
#   risk_calibration and the
#   config tables analyze writes) equals A's snapshot or B's, as a whole.
# report (into a folder holding the workbooks of A, on the database of B):
#   after each kill: each of the three workbooks is byte-identical to A's
#   or B's; no other file ends in .xlsx.  What a kill can leave besides is
#   the temporary file a workbook is written to, "<name>.xlsx.tmp-<pid>"
#   (book.h: written beside the target, renamed into place only after it is
#   complete), which no reader takes for a workbook: it does not end in
#   .xlsx.  The next complete run does not remove such a file of a killed
#   process (its pid is another); the script counts the kills that left
#   one and checks that the next complete run succeeds beside it.
set -u
bin=${MENTORSTAT:-./mentorstat}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "e2e_crash: $*" >&2; exit 1; }
t0=$(date +%s%3N)
say() { echo "e2e_crash: $* [$(( $(date +%s%3N) - t0 )) ms]"; }
seed=${CRASH_SEED:-$$}
npoints=30     # planned kill moments per stage
need=30        # kills that must hit a running process, per stage
lanes=2

now_ms() { date +%s%3N; }

# run_killed MS CMD...: run CMD and SIGKILL it after MS milliseconds.
# Sets krc to its exit status, 137 when the kill hit it, and took to the
# milliseconds it ran.  timeout --foreground kills only CMD and returns
# once CMD is reaped (without it, timeout kills itself too and may return
# while the kernel is still tearing CMD down, its database lock held);
# --preserve-status returns CMD's own status when it ended first.
run_killed() {
  ms=$1; shift
  s0=$(now_ms)
  krc=0
  timeout --foreground --preserve-status -s KILL \
    "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))" "$@" > /dev/null 2>&1 || krc=$?
  took=$(( $(now_ms) - s0 ))
}

# twice NAME CMD0 -- CMD1: run two commands side by side (as the lanes
# will), fail unless both exit 0, and set T to the shorter duration in ms.
twice() {
  name=$1; shift
  n=0; a=""; b=""
  for w in "$@"; do
    if [ "$w" = -- ]; then n=1; continue; fi
    if [ "$n" = 0 ]; then a="$a $w"; else b="$b $w"; fi
  done
  ( s=$(now_ms); r=0; $a > /dev/null 2> "$t/tw0.err" || r=$?; echo "$r $(( $(now_ms) - s ))" > "$t/tw0" ) &
  q0=$!
  ( s=$(now_ms); r=0; $b > /dev/null 2> "$t/tw1.err" || r=$?; echo "$r $(( $(now_ms) - s ))" > "$t/tw1" ) &
  q1=$!
  wait "$q0"; wait "$q1"
  read -r r0 d0 < "$t/tw0"; read -r r1 d1 < "$t/tw1"
  [ "$r0" -eq 0 ] || fail "$name exited $r0: $(cat "$t/tw0.err")"
  [ "$r1" -eq 0 ] || fail "$name exited $r1: $(cat "$t/tw1.err")"
  T=$d0; [ "$d1" -lt "$T" ] && T=$d1
}

# Kill moments are fractions of a run, in units of 1/100000.
# points N FIRST: N moments "index fraction", the i-th at (i - 0.5) / N of
# the run plus a jitter of up to +-0.4 / N.
points() {
  awk -v n="$1" -v first="$2" -v seed="$seed$2" 'BEGIN {
    srand(seed)
    for (i = 1; i <= n; i++)
      printf "%d %d\n", first + i - 1, 100000 * ((i - 0.5) / n + (rand() - 0.5) * 0.8 / n)
  }'
}

# extra N FIRST: N moments at random in (0.02, 0.85) of the run.
extra() {
  awk -v n="$1" -v first="$2" -v seed="$seed$2" 'BEGIN {
    srand(seed)
    for (i = 1; i <= n; i++)
      printf "%d %d\n", first + i - 1, 100000 * (0.02 + 0.83 * rand())
  }'
}

# run_lanes STAGE FUNC LIST: deal the moments of LIST to $lanes background
# lanes.  A lane calls FUNC LANE INDEX MS for each (MS = the fraction of
# its estimate of a run's length, first T), which appends "hit ..." or
# "late INDEX MS TOOK" to $t/STAGE.res.LANE or fails.  A run that ended
# before its kill shows that runs are shorter now: the lane's estimate
# becomes that run's length, so later moments stay inside a run.
run_lanes() {
  stage=$1 func=$2 list=$3
  l=0; pids=""
  while [ "$l" -lt "$lanes" ]; do
    awk -v l="$l" -v n="$lanes" 'NR % n == l' "$list" > "$list.$l"
    (
      est=$T
      while read -r i f; do
        ms=$(( est * f / 100000 )); [ "$ms" -ge 1 ] || ms=1
        krc=""
        "$func" "$l" "$i" "$ms" || { echo "FAIL" >> "$t/$stage.res.$l"; exit 1; }
        if [ "$krc" = 0 ] && [ "$took" -lt "$est" ]; then est=$took; fi
      done < "$list.$l"
    ) &
    pids="$pids $!"
    l=$((l + 1))
  done
  ok=1
  for p in $pids; do wait "$p" || ok=0; done
  cat "$t/$stage".res.* >> "$t/$stage.res" 2> /dev/null
  rm -f "$t/$stage".res.*
  [ "$ok" = 1 ] || { cat "$t/$stage.err" >&2 2> /dev/null; fail "$stage: a kill point failed (seed $seed)"; }
}

# kill_stage STAGE FUNC T: the planned moments, then extra ones until $need
# kills have hit.
kill_stage() {
  stage=$1 func=$2 T=$3
  : > "$t/$stage.res"
  points "$npoints" 1 > "$t/$stage.list"
  run_lanes "$stage" "$func" "$t/$stage.list"
  first=$((npoints + 1))
  for round in 1 2 3 4 5; do
    hits=$(grep -c '^hit' "$t/$stage.res")
    [ "$hits" -ge "$need" ] && break
    # runs that ended before their kill tell how long a run takes now
    T2=$(awk '$1 == "late" { print $4 }' "$t/$stage.res" | sort -n |
         awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
    [ -n "$T2" ] && [ "$T2" -lt "$T" ] && T=$T2
    extra $((need - hits + 1)) "$first" > "$t/$stage.list"
    first=$((first + need))
    run_lanes "$stage" "$func" "$t/$stage.list"
  done
  hits=$(grep -c '^hit' "$t/$stage.res")
  late=$(grep -c '^late' "$t/$stage.res")
  [ "$hits" -ge "$need" ] || fail "$stage: only $hits kills hit a running process ($late came after it exited; T = $T ms)"
}

# lane_err LANE MSG: record why a kill point failed.
lane_err() { echo "e2e_crash: $2" >> "$t/$stage.err"; }

# ------------------------------------------------------------- ingest --
"$bin" generate --quiet --pairs 20000 --seed 7 --out "$t/data" || fail "generate exited $?"
files="$t/data/pairs.csv $t/data/meetings.csv $t/data/goals.csv $t/data/evaluations.csv"
command -v sqlite3 > /dev/null || fail "the sqlite3 command-line shell is needed"

counts() {
  sqlite3 "$1" "
    select 'pairs', count(*), count(distinct cohort), total(cross_org) from pairs;
    select 'meetings', count(*), total(duration_min), count(mode) from meetings;
    select 'goals', count(*), total(weight * coalesce(attainment, 3)) from goals;
    select 'evaluations', count(*), total(length(answers)), total(recommend) from evaluations;
    select 'rejects', count(*) from rejects;
    select 'batches', status, count(*), sum(rows_read), sum(rows_loaded) from batches group by status;"
}

# check_ingest DB: integrity, schema all or nothing, files whole or absent.
check_ingest() {
  ic=$(sqlite3 "$1" "pragma integrity_check" 2>&1)
  [ "$ic" = ok ] || { echo "integrity_check: $ic"; return 1; }
  n=$(sqlite3 "$1" "select count(*) from sqlite_schema" 2>&1)
  [ "$n" = 0 ] && return 0   # killed before the schema was committed
  v=$(sqlite3 "$1" "select (select user_version from pragma_user_version) > 0
    and (select count(*) from sqlite_schema where name in ('batches', 'pairs', 'meetings',
         'goals', 'evaluations', 'rejects', 'res_cohort_year')) = 7" 2>&1)
  [ "$v" = 1 ] || { echo "half a schema: $(sqlite3 "$1" "pragma user_version; select name from sqlite_schema" 2>&1 | tr '\n' ' ')"; return 1; }
  bad=$(sqlite3 "$1" "
    with b as (
      select batch_id, file, kind, status, rows_read, rows_loaded, rows_rejected,
        case kind
          when 'pairs' then (select count(*) from pairs x where x.batch_id = b.batch_id)
          when 'meetings' then (select count(*) from meetings x where x.batch_id = b.batch_id)
          when 'goals' then (select count(*) from goals x where x.batch_id = b.batch_id)
          when 'evaluations' then (select count(*) from evaluations x where x.batch_id = b.batch_id)
        end as n,
        (select count(*) from rejects r where r.batch_id = b.batch_id) as nr
      from batches b)
    select file || ': batch ' || batch_id || ' ' || status || ' rows_loaded ' || rows_loaded
           || ' rows_rejected ' || rows_rejected || ' rows_read ' || rows_read
           || ', but ' || n || ' rows and ' || nr || ' rejects carry its batch_id'
    from b where status != 'loaded' or n != rows_loaded or nr != rows_rejected
              or rows_read != rows_loaded + rows_rejected
    union all
    select k || ': ' || (select count(*) from (select 1 from pairs where k = 'pairs'
        union all select 1 from meetings where k = 'meetings'
        union all select 1 from goals where k = 'goals'
        union all select 1 from evaluations where k = 'evaluations'))
        || ' rows, but loaded batches account for ' || (select coalesce(sum(rows_loaded), 0)
           from batches where kind = k and status = 'loaded')
    from (select 'pairs' as k union all select 'meetings' union all select 'goals' union all select 'evaluations')
    where (select count(*) from (select 1 from pairs where k = 'pairs'
        union all select 1 from meetings where k = 'meetings'
        union all select 1 from goals where k = 'goals'
        union all select 1 from evaluations where k = 'evaluations'))
       != (select coalesce(sum(rows_loaded), 0) from batches where kind = k and status = 'loaded')
    union all
    select file || ': ' || count(*) || ' batches' from batches group by file having count(*) > 1" 2>&1)
  [ -z "$bad" ] || { echo "$bad"; return 1; }
  return 0
}

ingest_point() {
  lane=$1 i=$2 ms=$3
  db="$t/ing$lane.db"
  rm -f "$db" "$db-wal" "$db-shm"
  run_killed "$ms" "$bin" ingest --quiet --db "$db" $files
  if [ "$krc" -ne 137 ]; then
    [ "$krc" -eq 0 ] || { lane_err "$lane" "ingest point $i ($ms ms): exited $krc before the kill"; return 1; }
    echo "late $i $ms $took" >> "$t/ingest.res.$lane"
    return 0
  fi
  if ! why=$(check_ingest "$db"); then
    lane_err "$lane" "ingest killed at $ms ms (point $i): $why"
    return 1
  fi
  loaded=$(sqlite3 "$db" "select count(*) from batches" 2> /dev/null || echo 0)
  r=0; "$bin" ingest --quiet --db "$db" $files > /dev/null 2> "$t/rerun.$lane.err" || r=$?
  [ "$r" -eq 0 ] || { lane_err "$lane" "ingest re-run after a kill at $ms ms exited $r: $(cat "$t/rerun.$lane.err")"; return 1; }
  counts "$db" > "$t/counts.$lane"
  if ! cmp -s "$t/counts.$lane" "$t/counts.ref"; then
    lane_err "$lane" "ingest re-run after a kill at $ms ms: counts differ from an uninterrupted run: $(diff "$t/counts.ref" "$t/counts.$lane" | tr '\n' ' ')"
    return 1
  fi
  echo "hit $i $ms $loaded" >> "$t/ingest.res.$lane"
}

# The uninterrupted run, twice side by side (as the lanes will run): the
# reference counts and T.
twice "uninterrupted ingest" "$bin" ingest --quiet --db "$t/ref0.db" $files -- \
  "$bin" ingest --quiet --db "$t/ref1.db" $files
counts "$t/ref0.db" > "$t/counts.ref"
counts "$t/ref1.db" > "$t/counts.ref1"
cmp -s "$t/counts.ref" "$t/counts.ref1" || fail "two uninterrupted ingests differ"
grep -q '^pairs|20000|' "$t/counts.ref" || fail "uninterrupted ingest: not 20000 pairs: $(head -1 "$t/counts.ref")"
check_ingest "$t/ref0.db" > "$t/why" || fail "uninterrupted ingest fails the checks: $(cat "$t/why")"
rm -f "$t"/ref1.db*

kill_stage ingest ingest_point "$T"
partial=$(awk '$1 == "hit" && $4 > 0 && $4 < 4' "$t/ingest.res" | wc -l)
say "ingest: $hits kills survived over a ${T} ms load of 20000 pairs ($partial with some files committed and some not, $late came after the end; seed $seed)"
[ "$partial" -gt 0 ] || fail "ingest: no kill fell between two files' commits"

# ------------------------------------------------------------ analyze --
A=2025-03-31 B=2025-09-30
# results tables as one sorted text, by table
snapshot() {
  sql=$(sqlite3 "$1" "select group_concat('select ''' || name || ''', * from ' || name, '; ')
    from sqlite_schema where type = 'table' and (name like 'res\_%' escape '\\' or name in
    ('analysis_run', 'pair_gas', 'pair_risk', 'risk_model', 'risk_model_fit',
     'risk_calibration',
     'programme_config', 'item_config'))")
  sqlite3 "$1" "$sql;" | LC_ALL=C sort | md5sum
}
cp "$t/ref0.db" "$t/A.db"
"$bin" analyze --quiet --db "$t/A.db" --as-of "$A" || fail "analyze --as-of $A exited $?"
sqlite3 "$t/A.db" "pragma wal_checkpoint(truncate)" > /dev/null
snapA=$(snapshot "$t/A.db")
cp "$t/A.db" "$t/B.db"
cp "$t/A.db" "$t/B1.db"
twice "analyze --as-of $B" "$bin" analyze --quiet --db "$t/B.db" --as-of "$B" -- \
  "$bin" analyze --quiet --db "$t/B1.db" --as-of "$B"
snapB=$(snapshot "$t/B.db")
[ "$snapA" != "$snapB" ] || fail "analyze: the results as of $A and $B are the same"
[ "$(snapshot "$t/B1.db")" = "$snapB" ] || fail "analyze: two runs as of $B differ"
rm -f "$t"/B1.db*

analyze_point() {
  lane=$1 i=$2 ms=$3
  db="$t/an$lane.db"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$t/A.db" "$db"
  run_killed "$ms" "$bin" analyze --quiet --db "$db" --as-of "$B"
  if [ "$krc" -ne 137 ]; then
    [ "$krc" -eq 0 ] || { lane_err "$lane" "analyze point $i ($ms ms): exited $krc before the kill"; return 1; }
    echo "late $i $ms $took" >> "$t/analyze.res.$lane"
    return 0
  fi
  ic=$(sqlite3 "$db" "pragma integrity_check" 2>&1)
  [ "$ic" = ok ] || { lane_err "$lane" "analyze killed at $ms ms: integrity_check: $ic"; return 1; }
  s=$(snapshot "$db")
  if [ "$s" = "$snapA" ]; then which=old
  elif [ "$s" = "$snapB" ]; then which=new
  else lane_err "$lane" "analyze killed at $ms ms: the results are neither all as of $A nor all as of $B"; return 1
  fi
  echo "hit $i $ms $which" >> "$t/analyze.res.$lane"
}
kill_stage analyze analyze_point "$T"
old=$(grep -c '^hit.* old$' "$t/analyze.res"); new=$(grep -c '^hit.* new$' "$t/analyze.res")
say "analyze: $hits kills survived over a ${T} ms analysis ($old left the old results, $new the new; $late came after the end)"

# ------------------------------------------------------------- report --
books="hr_outcomes.xlsx leadership_cohorts.xlsx coordinator_risk.xlsx"
"$bin" report --quiet --db "$t/A.db" --out "$t/old" > /dev/null || fail "report on $A exited $?"
twice "report on $B" "$bin" report --quiet --db "$t/B.db" --out "$t/new" -- \
  "$bin" report --quiet --db "$t/B.db" --out "$t/new1"
for b in $books; do
  [ -s "$t/old/$b" ] && [ -s "$t/new/$b" ] || fail "report: $b not written"
  cmp -s "$t/old/$b" "$t/new/$b" && fail "report: $b as of $A and $B are the same"
  cmp -s "$t/new1/$b" "$t/new/$b" || fail "report: two reports of one database differ ($b)"
done

report_point() {
  lane=$1 i=$2 ms=$3
  out="$t/rep$lane"
  rm -rf "$out"; cp -r "$t/old" "$out"
  run_killed "$ms" "$bin" report --quiet --db "$t/B.db" --out "$out"
  if [ "$krc" -ne 137 ]; then
    [ "$krc" -eq 0 ] || { lane_err "$lane" "report point $i ($ms ms): exited $krc before the kill"; return 1; }
    echo "late $i $ms $took" >> "$t/report.res.$lane"
    return 0
  fi
  nnew=0
  for b in $books; do
    if cmp -s "$out/$b" "$t/new/$b"; then nnew=$((nnew + 1))
    elif ! cmp -s "$out/$b" "$t/old/$b"; then
      lane_err "$lane" "report killed at $ms ms: $b is neither the old workbook nor the new one"; return 1
    fi
  done
  for f in "$out"/*; do
    n=${f##*/}
    case " $books " in *" $n "*) continue ;; esac
    case $n in
      *.xlsx.tmp-[0-9]*) ;;
      *) lane_err "$lane" "report killed at $ms ms: left '$n', which is not a workbook nor a workbook's temporary file"; return 1 ;;
    esac
  done
  echo "hit $i $ms $nnew $(ls "$out" | grep -c '\.tmp-')" >> "$t/report.res.$lane"
}
kill_stage report report_point "$T"
stale=$(awk '$1 == "hit" && $5 > 0' "$t/report.res" | wc -l)
# the next complete run succeeds beside what the last kill left
out="$t/rep0"
r=0; "$bin" report --quiet --db "$t/B.db" --out "$out" > /dev/null 2> "$t/rr" || r=$?
[ "$r" -eq 0 ] || fail "report after the kills exited $r: $(cat "$t/rr")"
for b in $books; do
  cmp -s "$out/$b" "$t/new/$b" || fail "report after the kills: $b is not the new workbook"
done
say "report: $hits kills survived over a ${T} ms report ($stale left a workbook's temporary file *.xlsx.tmp-PID, never a partial .xlsx; $late came after the end)"
exit 0
