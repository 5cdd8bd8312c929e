/*
 * goals.c: the goal tables of results.md: res_goals, pair_gas and
 * res_goal_levels (the Goals sheet's distribution of attainment levels).
 * Per-pair GAS T-scores come from gas.c (computed when the data is read),
 * the share met's interval from ratio.c (over pairs: goals of one pair are
 * not independent) and the mean's interval from describe.c.
 */
#include <math.h>
#include <stdlib.h>

#include "db.h"
#include "describe.h"
#include "ratio.h"
#include "tables.h"

static enum ms_status pair_gas_write(struct analysis *a, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(a->db, "INSERT INTO pair_gas (pair_id, "
                                  "n_reviewed, t_score) VALUES (?1, ?2, ?3)",
                                  &st, e);

    for (size_t i = 0; s == MS_OK && i < a->d->n_pairs; i++) {
        const struct ds_pair *p = &a->d->pairs[i];
        if (p->n_reviewed == 0 || !isfinite(p->gas_t))
            continue;
        sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, p->n_reviewed);
        sqlite3_bind_double(st, 3, p->gas_t);
        s = step_insert(st, a, "pair_gas", e);
    }
    sqlite3_finalize(st);
    return s;
}

enum ms_status tables_goals(struct analysis *a, struct ms_err *e)
{
    sqlite3_stmt *st = NULL, *lv = NULL;
    size_t cap = a->d->n_pairs + 1;
    double *t = malloc(cap * sizeof *t);
    double *ym = malloc(cap * sizeof *ym), *xr = malloc(cap * sizeof *xr);
    enum ms_status s;

    if (t == NULL || ym == NULL || xr == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory");
        goto done;
    }
    if ((s = db_prepare(a->db, "INSERT INTO res_goals (programme, cohort, "
                        "n_goals, n_reviewed, share_met, share_ci_low, "
                        "share_ci_high, n_pairs_scored, gas_t_mean, "
                        "gas_t_ci_low, gas_t_ci_high, scored_completed, "
                        "scored_ended_early) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                        "?7, ?8, ?9, ?10, ?11, ?12, ?13)", &st, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_goal_levels (programme, "
                        "cohort, level, n) VALUES (?1, ?2, ?3, ?4)", &lv,
                        e)) != MS_OK)
        goto done;
    for (size_t gi = 0; s == MS_OK && gi < a->n_groups; gi++) {
        const struct group *g = &a->groups[gi];
        long goals = 0, reviewed = 0, levels[5] = {0};
        long comp = 0, comp_scored = 0, early = 0, early_scored = 0;
        size_t scored = 0, nr = 0;
        struct ratio_result share;
        struct describe_stats ds;

        for (size_t i = 0; i < a->d->n_pairs; i++) {
            const struct ds_pair *p = &a->d->pairs[i];
            int has_score = p->n_reviewed > 0 && isfinite(p->gas_t);

            if (!group_has(g, p))
                continue;
            goals += p->n_goals;
            reviewed += p->n_reviewed;
            for (int l = 0; l < 5; l++)
                levels[l] += p->levels[l];
            if (p->n_reviewed > 0) {   /* one cluster per pair */
                ym[nr] = p->n_met;
                xr[nr] = p->n_reviewed;
                nr++;
            }
            if (has_score)
                t[scored++] = p->gas_t;
            comp += p->status == DS_COMPLETED;
            comp_scored += p->status == DS_COMPLETED && has_score;
            early += p->status == DS_ENDED_EARLY;
            early_scored += p->status == DS_ENDED_EARLY && has_score;
        }
        if ((s = ratio_interval(ym, xr, nr, 0.95, 0.0, 1.0, &share)) != MS_OK ||
            (s = describe_mean_ci(t, scored, 0.95, &ds)) != MS_OK) {
            s = err_set(e, s, "computing the share of goals met");
            break;
        }
        bind_group(st, a, g);
        sqlite3_bind_int64(st, 3, goals);
        sqlite3_bind_int64(st, 4, reviewed);
        bind_real(st, 5, share.ratio);
        bind_real(st, 6, share.ci_low);
        bind_real(st, 7, share.ci_high);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)scored);
        bind_real(st, 9, ds.mean);
        bind_real(st, 10, ds.ci_low);
        bind_real(st, 11, ds.ci_high);
        bind_real(st, 12, comp > 0 ? (double)comp_scored / (double)comp : NAN);
        bind_real(st, 13, early > 0 ? (double)early_scored / (double)early
                                    : NAN);
        s = step_insert(st, a, "res_goals", e);
        for (int l = 0; s == MS_OK && l < 5; l++) {
            if (levels[l] == 0)
                continue;
            bind_group(lv, a, g);
            sqlite3_bind_int(lv, 3, l - 2);
            sqlite3_bind_int64(lv, 4, levels[l]);
            s = step_insert(lv, a, "res_goal_levels", e);
        }
    }
    if (s == MS_OK)
        s = pair_gas_write(a, e);
done:
    sqlite3_finalize(st);
    sqlite3_finalize(lv);
    free(t);
    free(ym);
    free(xr);
    return s;
}
