/*
 * goals.c: the goal tables of results.md: res_goals, pair_gas and
 * res_goal_levels (the Goals sheet's distribution of attainment levels).
 * Per-pair GAS T-scores come from gas.c (computed when the data is read),
 * the share met from wilson.c and the mean's interval from describe.c.
 */
#include <math.h>
#include <stdlib.h>

#include "db.h"
#include "describe.h"
#include "tables.h"
#include "wilson.h"

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
    double *t = malloc((a->d->n_pairs + 1) * sizeof *t);
    enum ms_status s;

    if (t == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    if ((s = db_prepare(a->db, "INSERT INTO res_goals (programme, cohort, "
                        "n_goals, n_reviewed, share_met, share_ci_low, "
                        "share_ci_high, n_pairs_scored, gas_t_mean, "
                        "gas_t_ci_low, gas_t_ci_high) VALUES (?1, ?2, ?3, ?4, "
                        "?5, ?6, ?7, ?8, ?9, ?10, ?11)", &st, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_goal_levels (programme, "
                        "cohort, level, n) VALUES (?1, ?2, ?3, ?4)", &lv,
                        e)) != MS_OK)
        goto done;
    for (size_t gi = 0; s == MS_OK && gi < a->n_groups; gi++) {
        const struct group *g = &a->groups[gi];
        long goals = 0, reviewed = 0, met = 0, levels[5] = {0};
        size_t scored = 0;
        double lo = NAN, hi = NAN;
        struct describe_stats ds;

        for (size_t i = 0; i < a->d->n_pairs; i++) {
            const struct ds_pair *p = &a->d->pairs[i];
            if (!group_has(g, p))
                continue;
            goals += p->n_goals;
            reviewed += p->n_reviewed;
            met += p->n_met;
            for (int l = 0; l < 5; l++)
                levels[l] += p->levels[l];
            if (p->n_reviewed > 0 && isfinite(p->gas_t))
                t[scored++] = p->gas_t;
        }
        if ((s = wilson_interval(met, reviewed, 0.95, &lo, &hi)) != MS_OK ||
            (s = describe_mean_ci(t, scored, 0.95, &ds)) != MS_OK)
            break;
        bind_group(st, a, g);
        sqlite3_bind_int64(st, 3, goals);
        sqlite3_bind_int64(st, 4, reviewed);
        bind_real(st, 5, reviewed > 0 ? (double)met / (double)reviewed : NAN);
        bind_real(st, 6, lo);
        bind_real(st, 7, hi);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)scored);
        bind_real(st, 9, ds.mean);
        bind_real(st, 10, ds.ci_low);
        bind_real(st, 11, ds.ci_high);
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
    return s;
}
