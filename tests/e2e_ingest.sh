#!/bin/sh
# e2e_ingest.sh: the real binary on samples/demo and samples/messy.
# Checks: every batch has rows_read = rows_loaded + rows_rejected; demo
# loads without a reject (exit 0); messy gives exactly the rejects listed
# in samples/messy/expected_rejects.csv, line by line (exit 65); the files
# of samples/pii are each refused whole (exit 65, nothing loaded);
# re-ingest is a no-op; children loaded before the roster in one command
# are orphans on their summary lines, and a note says none are left once
# the roster is in.
set -eu
bin=${MENTORSTAT:-./mentorstat}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "e2e_ingest: $*" >&2; exit 1; }

# demo: everything loads
"$bin" ingest --quiet --db "$t/demo.db" samples/demo/pairs.csv \
  samples/demo/meetings.csv samples/demo/goals.csv samples/demo/evaluations.csv \
  > "$t/demo.out" || fail "demo ingest exited $?"
[ "$(wc -l < "$t/demo.out")" -eq 4 ] || fail "demo: expected 4 summary lines"
bad=$(sqlite3 "$t/demo.db" "select count(*) from batches where rows_read != rows_loaded + rows_rejected or rows_rejected > 0 or status != 'loaded'")
[ "$bad" -eq 0 ] || fail "demo: $bad batches not wholly loaded"

# orphans: children before the roster in one command: each summary line,
# printed as its file finishes (cli.md), gives the orphans then (all of
# them); once the roster is in, a note says none are left; alone they are
# all orphans
"$bin" ingest --db "$t/order.db" samples/demo/meetings.csv \
  samples/demo/goals.csv samples/demo/pairs.csv > "$t/order.out" 2> "$t/order.err" || fail "children-first ingest exited $?"
n=$(awk -F'\t' '$2 != "pairs" && $5 != "loaded 0" && $7 == "orphans " substr($5, 8)' "$t/order.out" | wc -l)
[ "$n" -eq 2 ] || fail "children first: the summary lines do not give the orphans when each file loaded"
for f in meetings goals; do
  grep -q "^mentorstat: samples/demo/$f.csv: 0 orphans now that the later files are in" "$t/order.err" ||
    fail "children first: no note that $f.csv has no orphans left after the roster came in: $(cat "$t/order.err")"
done
"$bin" ingest --quiet --db "$t/alone.db" samples/demo/meetings.csv > "$t/alone.out" || fail "meetings alone exited $?"
loaded=$(cut -f5 "$t/alone.out"); orphans=$(cut -f7 "$t/alone.out")
[ "${loaded#loaded }" -gt 0 ] && [ "${orphans#orphans }" = "${loaded#loaded }" ] || \
  fail "meetings alone: '$orphans' for '$loaded', expected every row an orphan"

# re-ingest: same sha256, nothing changes
before=$(sqlite3 "$t/demo.db" "select count(*) from batches; select total_changes()")
"$bin" ingest --quiet --db "$t/demo.db" samples/demo/pairs.csv > "$t/again.out" || fail "re-ingest exited $?"
grep -q unchanged "$t/again.out" || fail "re-ingest not reported as unchanged"
after=$(sqlite3 "$t/demo.db" "select count(*) from batches; select total_changes()")
[ "$before" = "$after" ] || fail "re-ingest changed batches"

# messy: the expected rejects, line by line
rc=0
"$bin" ingest --quiet --db "$t/messy.db" samples/messy/pairs.csv \
  samples/messy/meetings.csv samples/messy/goals.csv \
  samples/messy/evaluations.csv > "$t/messy.out" || rc=$?
[ "$rc" -eq 65 ] || fail "messy ingest exited $rc, expected 65 (rows rejected)"
bad=$(sqlite3 "$t/messy.db" "select count(*) from batches where rows_read != rows_loaded + rows_rejected")
[ "$bad" -eq 0 ] || fail "messy: $bad batches do not add up"
sqlite3 -csv "$t/messy.db" "select b.file, r.line, r.\"column\", r.rule from rejects r join batches b using (batch_id) order by b.file, r.line" > "$t/got.csv"
tail -n +2 samples/messy/expected_rejects.csv | tr -d '\r' | sort -t, -k1,1 -k2,2n > "$t/want.csv"
sort -t, -k1,1 -k2,2n "$t/got.csv" > "$t/got.sorted"
if ! diff -u "$t/want.csv" "$t/got.sorted"; then
  fail "messy: rejects differ from samples/messy/expected_rejects.csv"
fi

# pii: every file refused whole
for f in samples/pii/*.csv; do
  rc=0
  "$bin" ingest --quiet --db "$t/pii.db" "$f" > /dev/null 2> "$t/pii.err" || rc=$?
  [ "$rc" -eq 65 ] || fail "$f: exit $rc, expected 65 (refused)"
  grep -q "refused" "$t/pii.err" || fail "$f: no refusal message"
done
n=$(sqlite3 "$t/pii.db" "select (select count(*) from pairs) + (select count(*) from rejects)")
[ "$n" -eq 0 ] || fail "pii: $n rows stored from refused files"
n=$(sqlite3 "$t/pii.db" "select count(*) from batches where status = 'refused' and rows_loaded = 0")
[ "$n" -eq "$(ls samples/pii/*.csv | wc -l)" ] || fail "pii: expected one refused batch per file"
exit 0
