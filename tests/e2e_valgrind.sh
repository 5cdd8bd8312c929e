#!/bin/sh
# e2e_valgrind.sh: no memory errors and no leaks in the real binary, under
# valgrind --leak-check=full --error-exitcode=1 (definite and possible
# leaks count as errors): `mentorstat run` over samples/demo (exit 0, also
# --per-coordinator in Swedish) and over samples/messy (exit 65, rows
# rejected), generate (plain and --messy), and the error paths: refused
# files (samples/pii, 65), a missing export (66), --out that is a file
# (73), a --db that is not SQLite (74).  mentorstat never exits 1, so exit
# 1 is valgrind's verdict; its log is printed then.
#
# Skipped (exit 0 with a note) when MENTORSTAT is the sanitizer build:
# AddressSanitizer and valgrind do not mix.
set -u
bin=${MENTORSTAT:-./mentorstat}
case $bin in
  *build-san*) echo "e2e_valgrind: skipped: $bin is the sanitizer build (ASan and valgrind do not mix)"; exit 0 ;;
esac
if ldd "$bin" 2> /dev/null | grep -q 'libasan\|libubsan'; then
  echo "e2e_valgrind: skipped: $bin is built with sanitizers (ASan and valgrind do not mix)"; exit 0
fi
command -v valgrind > /dev/null || { echo "e2e_valgrind: valgrind is needed (make deps DEPS_TEST=1 installs it)" >&2; exit 1; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "e2e_valgrind: $*" >&2; exit 1; }

# vg CODE NAME ARGS...: mentorstat ARGS under valgrind must exit CODE.
vg() {
  code=$1 name=$2; shift 2
  rc=0
  valgrind -q --leak-check=full --error-exitcode=1 --log-file="$t/vg.log" \
    "$bin" "$@" > /dev/null 2> "$t/err" || rc=$?
  if [ "$rc" -ne "$code" ]; then
    [ "$rc" -eq 1 ] && fail "$name: valgrind found errors or leaks:
$(cat "$t/vg.log")"
    fail "$name: exit $rc, expected $code: $(cat "$t/err")"
  fi
  [ ! -s "$t/vg.log" ] || fail "$name: valgrind reported:
$(cat "$t/vg.log")"
}

vg 0 "run samples/demo" run --quiet --db "$t/demo.db" --out "$t/demo" samples/demo/*.csv
[ -s "$t/demo/hr_outcomes.xlsx" ] || fail "run samples/demo wrote no workbook"
vg 0 "report --per-coordinator --lang sv" report --quiet --db "$t/demo.db" --out "$t/sv" --lang sv --per-coordinator
vg 65 "run samples/messy" run --quiet --db "$t/messy.db" --out "$t/messy" samples/messy/*.csv
[ -s "$t/messy/coordinator_risk.xlsx" ] || fail "run samples/messy wrote no workbook"
vg 0 "generate" generate --quiet --pairs 200 --seed 3 --out "$t/gen"
vg 0 "generate --messy" generate --quiet --pairs 200 --seed 3 --messy --out "$t/genmessy"
[ -s "$t/gen/meetings.csv" ] && [ -s "$t/genmessy/meetings.csv" ] || fail "generate wrote no exports"

# error paths
vg 65 "ingest samples/pii (refused)" ingest --quiet --db "$t/pii.db" samples/pii/*.csv
vg 66 "ingest a missing export" ingest --quiet --db "$t/demo.db" "$t/nothere.csv"
: > "$t/afile"
vg 73 "report --out a file" report --quiet --db "$t/demo.db" --out "$t/afile"
printf 'not a database\n' > "$t/text.db"
vg 74 "ingest --db not SQLite" ingest --quiet --db "$t/text.db" samples/demo/pairs.csv
exit 0
