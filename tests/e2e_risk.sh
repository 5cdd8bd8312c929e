#!/bin/sh
# e2e_risk.sh: the risk model predicts (issue: "the pairs banded high as
# of a past date end early in the following 90 days clearly more often
# than the rest").  On 5,000 generated pairs, analyze as of 2025-10-31
# (a year before the export date), then read what happened next from the
# pairs table.  Asserts: the model was fitted, its cross-validated AUC beats
# the flags alone, and high-band pairs end early within 90 days at least
# twice as often as the other pairs.
set -eu
bin=${MENTORSTAT:-./mentorstat}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "e2e_risk: $*" >&2; exit 1; }

"$bin" generate --quiet --pairs 5000 --seed 11 --out "$t/data"
"$bin" ingest --quiet --db "$t/r.db" "$t"/data/*.csv > /dev/null
"$bin" analyze --quiet --db "$t/r.db" --as-of 2025-10-31
sqlite3 "$t/r.db" "select count(*) from risk_model" | grep -qv '^0$' || fail "no model fitted"
better=$(sqlite3 "$t/r.db" "select auc_cv > auc_cv_flags from risk_model_fit")
[ "$better" = 1 ] || fail "the model's AUC does not beat the flags: $(sqlite3 "$t/r.db" 'select auc_cv, auc_cv_flags from risk_model_fit')"
sqlite3 -separator ' ' "$t/r.db" "
  with o as (
    select r.band = 'high' as high,
           (p.status = 'ended_early' and p.end_date > '2025-10-31'
            and p.end_date <= date('2025-10-31', '+90 days')) as ended
    from pair_risk r join pairs p using (pair_id))
  select sum(high), sum(high * ended), sum(1 - high), sum((1 - high) * ended) from o" > "$t/rates"
read nh eh nr er < "$t/rates"
echo "e2e_risk: high band $eh of $nh ended early within 90 days; other bands $er of $nr; AUC $(sqlite3 "$t/r.db" "select printf('%.3f vs flags %.3f', auc_cv, auc_cv_flags) from risk_model_fit")"
[ "$nh" -gt 0 ] && [ "$nr" -gt 0 ] || fail "a band is empty"
# high rate >= 2 x the rest: eh/nh >= 2 er/nr
[ $((eh * nr)) -ge $((2 * er * nh)) ] || fail "high band not clearly riskier"
exit 0
