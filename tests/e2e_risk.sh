#!/bin/sh
# e2e_risk.sh: the risk list means what it says (issue 14).  On 5,000
# generated pairs, analyze as of 2025-10-31 (a year before the export
# date), then read what happened next from the pairs table.  Asserts: the
# model was fitted; no driver is a month term and every driver's term has
# its declared sign and is >= 2 robust SEs from 0; the bands hold 10% and
# 20% (within ties) of the active pairs at least 30 days old and pairs
# younger are too_early; the high band ends early within 90 days at least
# twice as often as the other banded pairs; the backtest and calibration
# columns are filled (observed/expected in [0.3, 3]; README gives the
# figures at 20,000 pairs); the backtest equals an analysis as of
# as_of - 90 days compared with what followed, and rows dated after that
# date do not move it.
set -eu
bin=${MENTORSTAT:-./mentorstat}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "e2e_risk: $*" >&2; exit 1; }
q() { sqlite3 "$t/r.db" "$1"; }

"$bin" generate --quiet --pairs 5000 --seed 11 --out "$t/data"
"$bin" ingest --quiet --db "$t/r.db" "$t"/data/*.csv > /dev/null
"$bin" analyze --quiet --db "$t/r.db" --as-of 2025-10-31
[ "$(q "select count(*) from risk_model")" -gt 0 ] || fail "no model fitted: $(q 'select method from risk_model_fit')"
[ "$(q "select count(*) from pair_risk where drivers like '%month%'")" = 0 ] || fail "a month term is a driver"
# every driver word belongs to a term with the declared sign, >= 2 robust SEs
bad=$(q "with recursive w(pair_id, word, rest) as (
           select pair_id, '', drivers || ',' from pair_risk
           union all select pair_id, substr(rest, 1, instr(rest, ',') - 1),
                            substr(rest, instr(rest, ',') + 1) from w where rest <> '')
         select count(*) from w where word <> '' and not exists (
           select 1 from risk_model m where w.word in (m.term, m.term || '_high', m.term || '_low')
             and m.direction <> 0 and m.coefficient * m.direction > 0
             and abs(m.coefficient) >= 2 * m.robust_se)")
[ "$bad" = 0 ] || fail "$bad drivers without their declared sign or 2 robust SEs"
[ "$(q "select count(*) from pair_risk where (days_active < 30) <> (band = 'too_early')")" = 0 ] || fail "too_early is not exactly the pairs under 30 days"
q "select sum(band = 'high'), sum(band = 'medium'), count(*) from pair_risk where band <> 'too_early'" | tr '|' ' ' > "$t/b"
read nh nm na < "$t/b"
[ $((10 * nh)) -le "$na" ] && [ $((10 * nh)) -ge $((na - 10)) ] || fail "high holds $nh of $na"
[ $((10 * (nh + nm))) -le $((3 * na)) ] && [ $((10 * (nh + nm))) -ge $((3 * na - 10)) ] || fail "high + medium hold $((nh + nm)) of $na"
for c in auc_cv calibration_intercept calibration_slope lambda backtest_auc backtest_oe backtest_slope; do
  [ "$(q "select $c is not null from risk_model_fit")" = 1 ] || fail "risk_model_fit.$c is NULL"
done
[ "$(q "select backtest_as_of from risk_model_fit")" = 2025-08-02 ] || fail "backtest_as_of is not as_of - 90 days"
[ "$(q "select backtest_oe between 0.3 and 3 from risk_model_fit")" = 1 ] || fail "backtest observed/expected $(q 'select backtest_oe from risk_model_fit')"
[ "$(q "select count(*) from risk_calibration")" = 10 ] || fail "risk_calibration does not hold 10 deciles"
q "with o as (
    select r.band = 'high' as high,
           (p.status = 'ended_early' and p.end_date > '2025-10-31'
            and p.end_date <= date('2025-10-31', '+90 days')) as ended
    from pair_risk r join pairs p using (pair_id) where r.band <> 'too_early')
  select sum(high), sum(high * ended), sum(1 - high), sum((1 - high) * ended) from o" | tr '|' ' ' > "$t/rates"
read nh eh nr er < "$t/rates"
echo "e2e_risk: high band $eh of $nh ended early within 90 days; other banded pairs $er of $nr; $(q "select printf('AUC %.3f (flags %.3f), backtest AUC %.3f O/E %.2f slope %.2f', auc_cv, auc_cv_flags, backtest_auc, backtest_oe, backtest_slope) from risk_model_fit")"
[ "$nh" -gt 0 ] && [ "$nr" -gt 0 ] || fail "a band is empty"
[ $((eh * nr)) -ge $((2 * er * nh)) ] || fail "high band not clearly riskier"

# The backtest is what an analysis as of 2025-08-02 gives: its pairs, its
# risks (to float precision of the stored features), compared with what
# happened next.
cp "$t/r.db" "$t/b.db"
"$bin" analyze --quiet --db "$t/b.db" --as-of 2025-08-02
sqlite3 "$t/b.db" "attach '$t/r.db' as r;
  create temp table o as select risk, (p.status = 'ended_early' and p.end_date > '2025-08-02'
    and p.end_date <= '2025-10-31') as e from pair_risk x join r.pairs p using (pair_id);
  select (select count(*) from o) = f.backtest_n, (select sum(e) from o) = f.backtest_events,
    abs((select sum(e) / sum(risk) from o) / f.backtest_oe - 1) < 1e-6,
    abs((select sum(case when a.risk > b.risk then 1.0 when a.risk = b.risk then 0.5 else 0 end) / count(*)
         from o a, o b where a.e = 1 and b.e = 0) - f.backtest_auc) < 1e-4
  from r.risk_model_fit f" > "$t/bt"
[ "$(cat "$t/bt")" = "1|1|1|1" ] || fail "the backtest differs from an analysis as of 2025-08-02 (n, events, O/E, AUC equal: $(cat "$t/bt"))"
# ... and uses nothing dated after 2025-08-02: remove every meeting, goal
# and questionnaire dated after it and the backtest does not move
q "select backtest_n, backtest_events, backtest_auc, backtest_oe, backtest_slope, lambda from risk_model_fit" > "$t/bt1"
q "delete from meetings where date > '2025-08-02'; delete from goals where set_date > '2025-08-02';
   delete from evaluations where date > '2025-08-02'"
"$bin" analyze --quiet --db "$t/r.db" --as-of 2025-10-31
q "select backtest_n, backtest_events, backtest_auc, backtest_oe, backtest_slope, lambda from risk_model_fit" > "$t/bt2"
cmp -s "$t/bt1" "$t/bt2" || fail "rows dated after the backtest date moved the backtest: $(cat "$t/bt1") / $(cat "$t/bt2")"
exit 0
