#!/bin/sh
# e2e_faults.sh: I/O faults and concurrency (issues: "disk full (a small
# tmpfs, or RLIMIT_FSIZE), a read-only database, an unwritable output
# directory, a missing file, a directory given as a file, a database that
# is not SQLite: a clear message, the right exit code, and nothing lost";
# "two mentorstat processes on one database never corrupt it; the second
# waits for a bounded time and then refuses with a clear message").
#
# Every case checks the exit code (cli.md, sysexits.h), that stderr holds
# one "mentorstat: error: ..." line saying what went wrong, and that what
# was there before is still there: the database passes integrity_check and
# its dump is unchanged (or, for files that are not mentorstat's, the file
# is byte-identical), and the previous workbooks are byte-identical.
#
#   analyze --as-of more than 31 days after the data's latest date
#     (results.md): 64, naming that date; 31 days after it is accepted.
#   disk full, RLIMIT_FSIZE (ulimit -f with SIGXFSZ ignored, so writes fail
#     with EFBIG): ingest 74, analyze 74, report 73 (an output cannot be
#     written) leaving no temporary file; the same commands succeed once
#     the limit is gone.
#   disk full, a tmpfs 512 KiB larger than the database (ENOSPC; only
#     when mount(8) is allowed, which needs root, else skipped with a
#     note): ingest 74 "disk full", the database unchanged.
#   read-only database (root's file, run as nobody): ingest 74, analyze 74.
#   unwritable output directory (as nobody): report 73, also when the
#     folder cannot be created, and 73 when --out is a file.
#   missing export: 66, recorded as a refused batch, the other files of the
#     command still load; an export nobody may read: 66; a directory given
#     as an export: 66.
#   --db not SQLite (random bytes, text), another program's SQLite file,
#     a database of a newer schema, a directory: 74 for ingest, analyze and
#     report, the file untouched.
#   busy: while an ingest of 20,000 pairs holds the write lock, a second
#     ingest with MENTORSTAT_BUSY_TIMEOUT_MS=300 exits 74 within a bounded
#     time saying the database is in use, and loads nothing; the first
#     completes; integrity ok; the second succeeds when run again.  Two
#     ingests started together with the default wait both succeed (one
#     waits for the other) and every row is loaded once.
#
# Root bypasses file permissions: run as root, the permission cases run as
# nobody through setpriv(1) (util-linux) on root's files; run as another
# user, they run as that user on files chmod'ed read-only.
set -u
bin=${MENTORSTAT:-./mentorstat}
t=$(mktemp -d)
mnt=""
cleanup() {
  [ -n "$mnt" ] && umount "$mnt" 2> /dev/null
  chmod -R u+rwX "$t" 2> /dev/null
  rm -rf "$t"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "e2e_faults: $*" >&2; exit 1; }
chmod 755 "$t"
case $bin in /*) abs=$bin ;; *) abs=$(pwd)/$bin ;; esac
command -v sqlite3 > /dev/null || fail "the sqlite3 command-line shell is needed"
if [ "$(id -u)" = 0 ]; then
  command -v setpriv > /dev/null || fail "setpriv (util-linux) is needed"
  nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
  give() { chown -R nobody:nogroup "$@"; }
else
  nobody() { "$@"; }
  give() { :; }
fi

# expect CODE NAME CMD...: run CMD; its exit status must be CODE and its
# stderr must hold a "mentorstat: error:" line; that line is left in $msg.
expect() {
  code=$1 name=$2; shift 2
  rc=0; "$@" > "$t/out" 2> "$t/err" || rc=$?
  [ "$rc" -eq "$code" ] || fail "$name: exit $rc, expected $code; stderr: $(cat "$t/err")"
  msg=$(grep '^mentorstat: error: ' "$t/err" | head -1)
  [ -n "$msg" ] || fail "$name: no 'mentorstat: error:' message; stderr: $(cat "$t/err")"
}
# says NAME WORDS...: the message names each of WORDS (fixed strings).
says() {
  name=$1; shift
  for w in "$@"; do
    case $msg in *"$w"*) ;; *) fail "$name: the message does not say '$w': $msg" ;; esac
  done
}
# state DB: the whole content of a database, as one checksum.
state() {
  ic=$(sqlite3 "$1" "pragma integrity_check" 2>&1)
  [ "$ic" = ok ] || fail "integrity_check of $1: $ic"
  sqlite3 "$1" .dump | md5sum
}
# fresh NAME: a copy of the demo database (ingested and analyzed), closed
# cleanly (no -wal, no -shm), at $t/NAME.
fresh() {
  rm -f "$t/$1" "$t/$1-wal" "$t/$1-shm"
  cp "$t/base.db" "$t/$1"
}
sum() { md5sum < "$1"; }

mkdir "$t/demo"
cp samples/demo/*.csv "$t/demo/"
chmod 755 "$t/demo"; chmod 644 "$t/demo"/*.csv
"$bin" generate --quiet --pairs 20000 --seed 5 --out "$t/big" || fail "generate exited $?"
chmod 755 "$t/big"; chmod 644 "$t/big"/*.csv
"$bin" ingest --quiet --db "$t/base.db" "$t"/demo/*.csv > /dev/null || fail "demo ingest exited $?"
"$bin" analyze --quiet --db "$t/base.db" || fail "demo analyze exited $?"
sqlite3 "$t/base.db" "pragma wal_checkpoint(truncate); pragma journal_mode" > /dev/null
rm -f "$t/base.db-wal" "$t/base.db-shm"
base=$(state "$t/base.db")
"$bin" report --quiet --db "$t/base.db" --out "$t/books" > /dev/null || fail "demo report exited $?"
books="hr_outcomes.xlsx leadership_cohorts.xlsx coordinator_risk.xlsx"
# same_books DIR NAME: DIR holds exactly the demo workbooks, unchanged.
same_books() {
  for b in $books; do
    cmp -s "$t/books/$b" "$1/$b" || fail "$2: $b changed"
  done
  extra=$(ls "$1" | grep -v -x -e hr_outcomes.xlsx -e leadership_cohorts.xlsx -e coordinator_risk.xlsx)
  [ -z "$extra" ] || fail "$2: left $(echo $extra) in the output folder"
}

# ------------------------------------------------ disk full: ulimit -f --
# limited BLOCKS CMD...: CMD with files limited to BLOCKS 512-byte blocks
# and SIGXFSZ ignored, so a write past the limit fails with EFBIG.
limited() {
  blocks=$1; shift
  ( trap '' XFSZ; ulimit -f "$blocks" && exec "$@" )
}
fresh full.db
expect 74 "ingest, disk full" limited 1024 "$bin" ingest --quiet --db "$t/full.db" "$t/big/meetings.csv"
says "ingest, disk full" meetings.csv disk
[ "$(state "$t/full.db")" = "$base" ] || fail "ingest, disk full: the database changed"
fresh full.db
# analyze rewrites every results table: far more than 64 blocks of WAL
expect 74 "analyze, disk full" limited 64 "$bin" analyze --quiet --db "$t/full.db" --as-of 2024-12-31
says "analyze, disk full" disk
[ "$(state "$t/full.db")" = "$base" ] || fail "analyze, disk full: the results changed"
"$bin" analyze --quiet --db "$t/full.db" --as-of 2024-12-31 || fail "analyze after a full disk exited $?"
cp -r "$t/books" "$t/fullbooks"
expect 73 "report, disk full" limited 64 "$bin" report --quiet --db "$t/full.db" --out "$t/fullbooks"
says "report, disk full" "cannot write" "$t/fullbooks/" .xlsx
same_books "$t/fullbooks" "report, disk full"
"$bin" report --quiet --db "$t/full.db" --out "$t/fullbooks" > /dev/null || fail "report after a full disk exited $?"
fresh full.db
"$bin" ingest --quiet --db "$t/full.db" "$t/big/meetings.csv" > /dev/null || fail "ingest after a full disk exited $?"

# ------------------------------- --as-of far after the data's last date --
# samples/demo's latest date is 2026-10-31
fresh asof.db
expect 64 "analyze --as-of 2026-12-02" "$bin" analyze --quiet --db "$t/asof.db" --as-of 2026-12-02
says "analyze --as-of 2026-12-02" --as-of 2026-10-31 2026-12-01
[ "$(state "$t/asof.db")" = "$base" ] || fail "analyze --as-of 2026-12-02: the database changed"
"$bin" analyze --quiet --db "$t/asof.db" --as-of 2026-12-01 || fail "analyze --as-of 2026-12-01 exited $?"

# -------------------------------------------- disk full: a small tmpfs --
mkdir "$t/mnt"
# room for the database and 512 KiB more: far less than meetings.csv needs
kb=$(( $(wc -c < "$t/base.db") / 1024 + 512 ))
if mount -t tmpfs -o size=${kb}k tmpfs "$t/mnt" 2> /dev/null; then
  mnt="$t/mnt"
  cp "$t/base.db" "$mnt/full.db"
  expect 74 "ingest, tmpfs full" "$bin" ingest --quiet --db "$mnt/full.db" "$t/big/meetings.csv"
  says "ingest, tmpfs full" meetings.csv "disk full"
  [ "$(state "$mnt/full.db")" = "$base" ] || fail "ingest, tmpfs full: the database changed"
  umount "$mnt"; mnt=""
else
  echo "e2e_faults: note: cannot mount a tmpfs here (needs root): the ENOSPC case is skipped, the EFBIG case ran"
fi

# --------------------------------------------- read-only database -------
mkdir "$t/ro"; fresh ro.db; mv "$t/ro.db" "$t/ro/ro.db"
chmod 555 "$t/ro"; chmod 444 "$t/ro/ro.db"
before=$(sum "$t/ro/ro.db")
expect 74 "ingest, read-only database" nobody "$abs" ingest --quiet --db "$t/ro/ro.db" "$t/big/pairs.csv"
says "ingest, read-only database" read-only "$t/ro/ro.db"
expect 74 "analyze, read-only database" nobody "$abs" analyze --quiet --db "$t/ro/ro.db"
says "analyze, read-only database" read-only
[ "$(sum "$t/ro/ro.db")" = "$before" ] || fail "read-only database: the file changed"
[ "$(state "$t/ro/ro.db")" = "$base" ] || fail "read-only database: the content changed"

# ------------------------------------------ unwritable output folder -----
mkdir "$t/nb"; fresh nb.db; mv "$t/nb.db" "$t/nb/nb.db"
give "$t/nb"
cp -r "$t/books" "$t/locked"; chmod 555 "$t/locked"
expect 73 "report, unwritable folder" nobody "$abs" report --quiet --db "$t/nb/nb.db" --out "$t/locked"
says "report, unwritable folder" "cannot write" "$t/locked/" "Permission denied"
same_books "$t/locked" "report, unwritable folder"
expect 73 "report, folder cannot be created" nobody "$abs" report --quiet --db "$t/nb/nb.db" --out "$t/locked/sub"
says "report, folder cannot be created" "cannot create" "$t/locked/sub" "Permission denied"
same_books "$t/locked" "report, folder cannot be created"
: > "$t/afile"
expect 73 "report, --out is a file" nobody "$abs" report --quiet --db "$t/nb/nb.db" --out "$t/afile"
says "report, --out is a file" "$t/afile" "not a directory"
[ ! -s "$t/afile" ] || fail "report, --out is a file: the file was written"

# ------------------------------------ missing, unreadable, a directory ---
fresh in.db
data() { sqlite3 "$1" "select * from pairs; select * from meetings; select * from goals;
  select * from evaluations; select * from analysis_run; select * from res_completion" | md5sum; }
want=$(data "$t/in.db")
expect 66 "missing export" "$bin" ingest --quiet --db "$t/in.db" "$t/nothere.csv"
says "missing export" "cannot open" "$t/nothere.csv" "No such file or directory"
[ "$(data "$t/in.db")" = "$want" ] || fail "missing export: the data changed"
n=$(sqlite3 "$t/in.db" "select count(*) from batches where file = 'nothere.csv' and status = 'refused' and rows_loaded = 0")
[ "$n" = 1 ] || fail "missing export: no refused batch recorded"
expect 66 "directory as an export" "$bin" ingest --quiet --db "$t/in.db" "$t/demo"
says "directory as an export" "$t/demo" directory
[ "$(data "$t/in.db")" = "$want" ] || fail "directory as an export: the data changed"
cp "$t/big/goals.csv" "$t/secret.csv"; chmod 000 "$t/secret.csv"
expect 66 "unreadable export" nobody "$abs" ingest --quiet --db "$t/nb/nb.db" "$t/secret.csv"
says "unreadable export" "$t/secret.csv" "Permission denied"
[ "$(data "$t/nb/nb.db")" = "$want" ] || fail "unreadable export: the data changed"
# the other files of the command still load, and the exit status says 66
expect 66 "missing export beside a good one" "$bin" ingest --quiet --db "$t/in.db" "$t/nothere.csv" "$t/big/pairs.csv"
grep -q "pairs.csv	pairs	loaded	read 20000	loaded 20000" "$t/out" || fail "missing export beside a good one: the good file did not load: $(cat "$t/out")"

# ------------------------------------------- --db that is not ours ------
head -c 8192 /dev/urandom > "$t/random.db"
printf 'pair_id,programme\nP1,x\n' > "$t/text.db"
sqlite3 "$t/other.db" "create table notes (id integer primary key, body text);
  insert into notes (body) values ('keep me')"
fresh newer.db; sqlite3 "$t/newer.db" "pragma user_version = 999"
rm -f "$t/newer.db-wal" "$t/newer.db-shm"
for f in random text other newer; do
  db="$t/$f.db"
  before=$(sum "$db")
  case $f in
    random|text) words="not an SQLite database" ;;
    other) words="not mentorstat's" ;;
    newer) words="newer mentorstat" ;;
  esac
  expect 74 "ingest --db $f.db" "$bin" ingest --quiet --db "$db" "$t/demo/pairs.csv"
  says "ingest --db $f.db" "$db" "$words"
  expect 74 "analyze --db $f.db" "$bin" analyze --quiet --db "$db"
  says "analyze --db $f.db" "$db" "$words"
  expect 74 "report --db $f.db" "$bin" report --quiet --db "$db" --out "$t/nobooks"
  says "report --db $f.db" "$db" "$words"
  [ "$(sum "$db")" = "$before" ] || fail "--db $f.db: the file changed"
  [ ! -e "$t/nobooks" ] || fail "--db $f.db: report created its output folder"
done
[ "$(sqlite3 "$t/other.db" "pragma journal_mode; select body from notes")" = "delete
keep me" ] || fail "--db other.db: the other program's database changed"
expect 74 "--db a directory" "$bin" ingest --quiet --db "$t/demo" "$t/demo/pairs.csv"
says "--db a directory" "$t/demo" directory

# ------------------------------------------------------- concurrency ----
big="$t/big/meetings.csv $t/big/pairs.csv $t/big/goals.csv $t/big/evaluations.csv"
lines() { echo $(($(wc -l < "$1") - 1)); }   # generated files: one record a line
expected="pairs|$(lines "$t/big/pairs.csv")
meetings|$(lines "$t/big/meetings.csv")
goals|$(lines "$t/big/goals.csv")
evaluations|$(lines "$t/big/evaluations.csv")"
counts() {
  sqlite3 "$1" "select 'pairs', count(*) from pairs; select 'meetings', count(*) from meetings;
    select 'goals', count(*) from goals; select 'evaluations', count(*) from evaluations"
}
now_ms() { date +%s%3N; }

# the first ingest holds the write lock while it loads meetings.csv
db="$t/busy.db"
"$bin" ingest --quiet --db "$db" $big > "$t/first.out" 2> "$t/first.err" &
first=$!
locked=0
for i in $(seq 1 1500); do
  if [ -e "$db-wal" ] &&
     [ "$(sqlite3 "$db" "select count(*) from sqlite_schema where name = 'batches'" 2> /dev/null)" = 1 ] &&
     sqlite3 "$db" "begin immediate; rollback" 2>&1 | grep -q locked; then
    locked=1; break
  fi
  kill -0 "$first" 2> /dev/null || break
  sleep 0.01
done
[ "$locked" = 1 ] || fail "busy: never saw the first ingest hold the write lock"
s0=$(now_ms)
expect 74 "busy: second ingest" env MENTORSTAT_BUSY_TIMEOUT_MS=300 "$bin" ingest --quiet --db "$db" "$t/demo/goals.csv"
waited=$(( $(now_ms) - s0 ))
says "busy: second ingest" "in use"
[ "$waited" -ge 300 ] || fail "busy: the second ingest gave up after ${waited} ms, before its 300 ms wait"
[ "$waited" -lt 10000 ] || fail "busy: the second ingest waited ${waited} ms for a 300 ms timeout"
wait "$first" || fail "busy: the first ingest exited $?: $(cat "$t/first.err")"
[ "$(sqlite3 "$db" "pragma integrity_check")" = ok ] || fail "busy: integrity_check failed"
[ "$(counts "$db")" = "$expected" ] || fail "busy: counts $(counts "$db" | tr '\n' ' '), expected $(echo "$expected" | tr '\n' ' ')"
n=$(sqlite3 "$db" "select count(*) from batches where file = 'goals.csv' and sha256 = '$(sha256sum < "$t/demo/goals.csv" | cut -c1-64)'")
[ "$n" = 0 ] || fail "busy: the refused second ingest left a batch"
"$bin" ingest --quiet --db "$db" "$t/demo/goals.csv" > /dev/null || fail "busy: the second ingest, run again, exited $?"

# two ingests side by side, default wait: both load, one after the other
db="$t/both.db"
"$bin" ingest --quiet --db "$db" "$t/big/meetings.csv" "$t/big/pairs.csv" > "$t/a.out" 2> "$t/a.err" & pa=$!
"$bin" ingest --quiet --db "$db" "$t/big/evaluations.csv" "$t/big/goals.csv" > "$t/b.out" 2> "$t/b.err" & pb=$!
wait "$pa" || fail "concurrent ingest A exited $?: $(cat "$t/a.err")"
wait "$pb" || fail "concurrent ingest B exited $?: $(cat "$t/b.err")"
[ "$(sqlite3 "$db" "pragma integrity_check")" = ok ] || fail "concurrent ingests: integrity_check failed"
[ "$(counts "$db")" = "$expected" ] || fail "concurrent ingests: counts $(counts "$db" | tr '\n' ' '), expected $(echo "$expected" | tr '\n' ' ')"
n=$(sqlite3 "$db" "select count(*) from batches where status = 'loaded' and rows_read = rows_loaded")
[ "$n" = 4 ] || fail "concurrent ingests: $n of 4 batches wholly loaded"
exit 0
