#!/bin/sh
# run.sh: run every cmocka binary, then every end-to-end script, and print
# one closing line "N passed, N failed".
# Usage: sh tests/run.sh BUILD_DIR MENTORSTAT_BINARY TEST_BINARY...
build=$1; bin=$2; shift 2
passed=0; failed=0; failures=""
for t in "$@"; do
  if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures="$failures $t"; fi
done
for e in tests/e2e_*.sh; do
  [ -f "$e" ] || continue
  if MENTORSTAT="$bin" BUILD="$build" sh "$e"; then
    echo "ok: $e"; passed=$((passed + 1))
  else
    echo "FAILED: $e"; failed=$((failed + 1)); failures="$failures $e"
  fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
