#!/bin/sh
# e2e_report.sh: the real binary's report stage on samples/demo.
# For en, sv and da: the whole pipeline into a temporary folder, the
# workbooks (with --per-coordinator) checked by tests/check_workbooks.py
# against the database, a second run byte-identical to the first, and each
# workbook converted to PDF by LibreOffice (a file Calc cannot open fails).
# The checker itself must catch a workbook with a wrong figure.  On 2,000
# generated pairs: the page budgets, no blank page.
# Skips (exit 0, with a message) only when the binary has no report stage.
set -eu
bin=${MENTORSTAT:-./mentorstat}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "e2e_report: $*" >&2; exit 1; }

if ! "$bin" report --help >/dev/null 2>&1; then
  echo "e2e_report: SKIPPED: '$bin report --help' does not run (no report stage yet)"
  exit 0
fi

# a python3 that has openpyxl (pyenv's python3 may not see Debian's)
py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' 2>/dev/null; then
    py=$p; break
  fi
done
[ -n "$py" ] || fail "no python3 with openpyxl: make deps DEPS_TEST=1 installs python3-openpyxl"
command -v soffice >/dev/null 2>&1 || fail "no soffice: make deps DEPS_TEST=1 installs libreoffice-calc-nogui"

"$bin" run --quiet --db "$t/ms.db" --out "$t/first" samples/demo/*.csv \
  > "$t/run.out" || fail "run on samples/demo exited $?"
grep -q 'hr_outcomes.xlsx$' "$t/run.out" || fail "run did not print the workbook paths"

for lang in en sv da; do
  "$bin" report --quiet --db "$t/ms.db" --out "$t/$lang" --lang "$lang" \
    --per-coordinator > "$t/$lang.out" || fail "report --lang $lang exited $?"
  n=$(ls "$t/$lang" | wc -l)
  [ "$(wc -l < "$t/$lang.out")" -eq "$n" ] || fail "$lang: $n files but $(wc -l < "$t/$lang.out") paths printed"
  "$py" tests/check_workbooks.py "$t/ms.db" "$t/$lang" --lang "$lang" \
    || fail "$lang: check_workbooks.py failed"
  # the same database gives the same bytes
  "$bin" report --quiet --db "$t/ms.db" --out "$t/$lang-again" --lang "$lang" \
    --per-coordinator > /dev/null || fail "second report --lang $lang exited $?"
  for f in "$t/$lang"/*.xlsx; do
    cmp -s "$f" "$t/$lang-again/$(basename "$f")" \
      || fail "$lang: $(basename "$f") differs between two runs"
  done
  # LibreOffice opens and converts every workbook (one start for three)
  mkdir -p "$t/pdf-$lang"
  soffice --headless "-env:UserInstallation=file://$t/lo" --convert-to pdf \
    --outdir "$t/pdf-$lang" "$t/$lang/hr_outcomes.xlsx" \
    "$t/$lang/leadership_cohorts.xlsx" "$t/$lang/coordinator_risk.xlsx" \
    > "$t/soffice.log" 2>&1 \
    || { cat "$t/soffice.log" >&2; fail "$lang: soffice exited with an error"; }
  for b in hr_outcomes leadership_cohorts coordinator_risk; do
    [ -s "$t/pdf-$lang/$b.pdf" ] \
      || { cat "$t/soffice.log" >&2; fail "$lang: soffice could not convert $b.xlsx"; }
  done
done

# page budgets (reports.md, Layout) on 2,000 generated pairs, in each
# language: HR at most 25 printed pages, leadership at most 6, and no page
# without text (a blank page)
command -v pdfinfo >/dev/null 2>&1 || fail "no pdfinfo: poppler-utils is needed"
"$bin" generate --pairs 2000 --out "$t/gen" > /dev/null 2>&1 || fail "generate exited $?"
"$bin" run --quiet --db "$t/gen.db" --out "$t/gen-en" "$t/gen"/*.csv > /dev/null \
  || fail "run on 2,000 generated pairs exited $?"
for lang in en sv da; do
  "$bin" report --quiet --db "$t/gen.db" --out "$t/gen-$lang" --lang "$lang" > /dev/null \
    || fail "report --lang $lang on 2,000 pairs exited $?"
  "$py" tests/check_workbooks.py "$t/gen.db" "$t/gen-$lang" --lang "$lang" \
    || fail "$lang: check_workbooks.py failed on 2,000 pairs"
  mkdir -p "$t/gpdf-$lang"
  soffice --headless "-env:UserInstallation=file://$t/lo" --convert-to pdf \
    --outdir "$t/gpdf-$lang" "$t/gen-$lang/hr_outcomes.xlsx" \
    "$t/gen-$lang/leadership_cohorts.xlsx" > "$t/soffice.log" 2>&1 \
    || { cat "$t/soffice.log" >&2; fail "$lang: soffice exited with an error"; }
  for b in hr_outcomes:25 leadership_cohorts:6; do
    name=${b%%:*} max=${b##*:}
    pdf="$t/gpdf-$lang/$name.pdf"
    [ -s "$pdf" ] || fail "$lang: soffice could not convert $name.xlsx"
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    [ "$pages" -le "$max" ] || fail "$lang: $name prints $pages pages (at most $max)"
    i=1
    while [ "$i" -le "$pages" ]; do
      # the footer alone (sheet name and "n / N") is a blank page
      words=$(pdftotext -f "$i" -l "$i" "$pdf" - | grep -v "[0-9] / [0-9]" | tr -s ' \n' ' ' | wc -w)
      [ "$words" -gt 0 ] || fail "$lang: $name page $i is blank"
      i=$((i + 1))
    done
  done
done

# the checker is not blind: a wrong figure in a copy must fail it
cp -r "$t/en" "$t/broken"
"$py" - "$t/broken/hr_outcomes.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[wb.sheetnames[3]]
r = next(r for r in range(1, ws.max_row + 1)
         if ws.cell(row=r, column=1).value == "Programme"
         and ws.cell(row=r, column=2).value == "Cohort")
ws.cell(row=r + 1, column=5).value = 123456
wb.save(sys.argv[1])
EOF
if "$py" tests/check_workbooks.py "$t/ms.db" "$t/broken" --lang en 2>/dev/null; then
  fail "check_workbooks.py accepted a workbook with a wrong figure"
fi
exit 0
