/*
 * agreement.c: res_agreement of results.md, mentor against mentee on each
 * q_* item of each survey, from the per-cell sums of the works tally
 * (works.c): means, the mean difference and quadratic-weighted kappa
 * (kappa.c) per group.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "kappa.h"
#include "works.h"

static const char *const agree_surveys[3] = {"intro", "midpoint", "final"};

/* Sum the cells of group g for (survey s, item i) into *sum and joint
 * (k * k, zeroed here). */
static void agree_group_sum(const struct analysis *a,
                            const struct works_tally *t,
                            const struct group *g, int s, int i,
                            struct works_agree *sum, long *joint, int k)
{
    const struct dataset *d = a->d;
    int p0 = g->programme < 0 ? 0 : g->programme,
        p1 = g->programme < 0 ? d->n_programmes : g->programme + 1,
        c0 = g->cohort < 0 ? 0 : g->cohort,
        c1 = g->cohort < 0 ? d->n_cohorts : g->cohort + 1;

    memset(sum, 0, sizeof *sum);
    memset(joint, 0, (size_t)k * (size_t)k * sizeof *joint);
    for (int p = p0; p < p1; p++) {
        for (int c = c0; c < c1; c++) {
            const struct works_agree *w;

            if (t->cells[p * d->n_cohorts + c] == NULL)
                continue;
            w = &t->cells[p * d->n_cohorts + c][s * t->n_items + i];
            sum->n += w->n;
            sum->sum_mentor += w->sum_mentor;
            sum->sum_mentee += w->sum_mentee;
            for (int j = 0; w->joint != NULL && j < k * k; j++)
                joint[j] += w->joint[j];
        }
    }
}

enum ms_status works_agreement_write(struct analysis *a,
                                     const struct works_tally *t,
                                     struct ms_err *e)
{
    long *joint = malloc(101 * 101 * sizeof *joint);
    sqlite3_stmt *st = NULL;
    enum ms_status s;

    if (joint == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    s = db_prepare(a->db, "INSERT INTO res_agreement (programme, cohort, "
                   "survey, item, n_pairs, mean_mentor, mean_mentee, "
                   "mean_diff, kappa_w) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                   "?8, ?9)", &st, e);
    for (size_t gi = 0; s == MS_OK && t->cells != NULL && gi < a->n_groups;
         gi++)
        for (int sv = 0; s == MS_OK && sv < 3; sv++)
            for (int i = 0; s == MS_OK && i < t->n_items; i++) {
                struct works_agree sum;
                int k = t->scale_k[i] > 0 ? t->scale_k[i] : 1;
                double kappa = NAN, n, mm, me;

                agree_group_sum(a, t, &a->groups[gi], sv, i, &sum, joint, k);
                if (sum.n < 1)
                    continue;
                if (t->scale_k[i] > 0 && sum.n >= 2 &&
                    kappa_quadratic(joint, (size_t)k, &kappa) != MS_OK) {
                    s = err_set(e, MS_SOFTWARE, "res_agreement: bad table");
                    break;
                }
                n = (double)sum.n;
                mm = (double)sum.sum_mentor / n;
                me = (double)sum.sum_mentee / n;
                bind_group(st, a, &a->groups[gi]);
                sqlite3_bind_text(st, 3, agree_surveys[sv], -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 4, a->d->item_names[i], -1,
                                  SQLITE_STATIC);
                sqlite3_bind_int64(st, 5, sum.n);
                bind_real(st, 6, mm);
                bind_real(st, 7, me);
                bind_real(st, 8, (double)(sum.sum_mentee - sum.sum_mentor) / n);
                bind_real(st, 9, kappa);
                s = step_insert(st, a, "res_agreement", e);
            }
    sqlite3_finalize(st);
    free(joint);
    return s;
}

enum ms_status tables_works(struct analysis *a, const struct works_tally *t,
                            struct ms_err *e)
{
    enum ms_status s;

    if ((s = works_trend_write(a, e)) == MS_OK &&
        (s = works_factors_write(a, t, e)) == MS_OK &&
        (s = works_breakdown_write(a, t, e)) == MS_OK &&
        (s = works_coordinators_write(a, e)) == MS_OK)
        s = works_agreement_write(a, t, e);
    return s;
}
