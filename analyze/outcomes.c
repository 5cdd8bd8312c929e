/*
 * outcomes.c: the outcome tables of results.md: res_completion,
 * res_end_reasons, res_survival, res_survival_median, res_incidence and
 * res_logrank.  Reads the pairs of the dataset; the figures come from
 * wilson.c, km.c, aj.c and logrank.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort_double.h>

#include "aj.h"
#include "dates.h"
#include "db.h"
#include "km.h"
#include "logrank.h"
#include "tables.h"
#include "wilson.h"

#define MONTHS 37   /* months 0..36 */

/* What the outcome tables need of a pair, 12 bytes, kept in time order
 * (time_order): every group is a filter over one small array read from
 * start to end, and km, aj and logrank get their subjects already sorted. */
struct outcome {
    int32_t time;        /* days from start to end (or to as_of) */
    uint8_t status;      /* enum ds_status at as_of */
    int8_t reason;       /* end_reason index when ended early, else -1 */
    int16_t programme, cohort;
    uint8_t mature;      /* 1: as_of - start >= planned days + 61 */
};


static int outcome_in(const struct group *g, const struct outcome *o)
{
    return (g->programme < 0 || g->programme == o->programme) &&
           (g->cohort < 0 || g->cohort == o->cohort);
}

static enum ms_status completion_write(struct analysis *a,
                                       const struct outcome *o,
                                       struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(a->db,
        "INSERT INTO res_completion (programme, cohort, n_pairs, n_active, "
        "n_completed, n_ended_early, n_goals_met_early, completion_rate, "
        "ci_low, ci_high, provisional, n_mature, n_mature_completed, "
        "mature_rate, mature_ci_low, mature_ci_high) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", &st, e);

    for (size_t gi = 0; s == MS_OK && gi < a->n_groups; gi++) {
        const struct group *g = &a->groups[gi];
        long n = 0, act = 0, comp = 0, early = 0, met = 0, mat = 0, mcomp = 0;
        double lo = NAN, hi = NAN, mlo = NAN, mhi = NAN;

        for (size_t i = 0; i < a->d->n_pairs; i++) {
            const struct outcome *p = &o[i];
            if (!outcome_in(g, p))
                continue;
            n++;
            act += p->status == DS_ACTIVE;
            comp += p->status == DS_COMPLETED;
            early += p->status == DS_ENDED_EARLY;
            met += p->status == DS_ENDED_EARLY && p->reason == VOCAB_GOALS_MET;
            /* a mature pair still active counts as not completed */
            mat += p->mature;
            mcomp += p->mature && p->status == DS_COMPLETED;
        }
        if ((s = wilson_interval(comp, comp + early, 0.95, &lo, &hi)) != MS_OK ||
            (s = wilson_interval(mcomp, mat, 0.95, &mlo, &mhi)) != MS_OK)
            break;
        bind_group(st, a, g);
        sqlite3_bind_int64(st, 3, n);
        sqlite3_bind_int64(st, 4, act);
        sqlite3_bind_int64(st, 5, comp);
        sqlite3_bind_int64(st, 6, early);
        sqlite3_bind_int64(st, 7, met);
        bind_real(st, 8, comp + early > 0 ? (double)comp / (double)(comp + early)
                                          : NAN);
        bind_real(st, 9, lo);
        bind_real(st, 10, hi);
        /* with active pairs the rate covers only those that ended, and
         * early endings come sooner than completions: it reads too low */
        sqlite3_bind_int(st, 11, act > 0);
        sqlite3_bind_int64(st, 12, mat);
        sqlite3_bind_int64(st, 13, mcomp);
        bind_real(st, 14, mat > 0 ? (double)mcomp / (double)mat : NAN);
        bind_real(st, 15, mlo);
        bind_real(st, 16, mhi);
        s = step_insert(st, a, "res_completion", e);
    }
    sqlite3_finalize(st);
    return s;
}

static enum ms_status end_reasons_write(struct analysis *a,
                                        const struct outcome *o,
                                        struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(a->db,
        "INSERT INTO res_end_reasons (programme, cohort, end_reason, n, share) "
        "VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);

    for (size_t gi = 0; s == MS_OK && gi < a->n_groups; gi++) {
        const struct group *g = &a->groups[gi];
        long count[VOCAB_END_REASON_COUNT] = {0}, early = 0;

        for (size_t i = 0; i < a->d->n_pairs; i++) {
            const struct outcome *p = &o[i];
            if (!outcome_in(g, p) || p->status != DS_ENDED_EARLY)
                continue;
            early++;
            if (p->reason >= 0 && p->reason < VOCAB_END_REASON_COUNT)
                count[p->reason]++;
        }
        for (int r = 0; s == MS_OK && r < VOCAB_END_REASON_COUNT; r++) {
            if (count[r] == 0)
                continue;
            bind_group(st, a, g);
            sqlite3_bind_text(st, 3, vocab_end_reason[r], -1,
                              SQLITE_STATIC);
            sqlite3_bind_int64(st, 4, count[r]);
            bind_real(st, 5, (double)count[r] / (double)early);
            s = step_insert(st, a, "res_end_reasons", e);
        }
    }
    sqlite3_finalize(st);
    return s;
}

/* The pairs' outcomes by time in the programme (end - start), into
 * o[0..n_pairs).  MS_NOMEM. */
static enum ms_status time_order(const struct dataset *d, struct outcome *o,
                                 struct ms_err *e)
{
    double *t = malloc((d->n_pairs + 1) * sizeof *t);
    size_t *order = malloc((d->n_pairs + 1) * sizeof *order);

    if (t == NULL || order == NULL) {
        free(t);
        free(order);
        return err_set(e, MS_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < d->n_pairs; i++)
        t[i] = (double)(d->pairs[i].end - d->pairs[i].start);
    gsl_sort_index(order, t, 1, d->n_pairs);
    for (size_t k = 0; k < d->n_pairs; k++) {
        const struct ds_pair *p = &d->pairs[order[k]];
        o[k].time = p->end - p->start;
        o[k].status = p->status;
        o[k].reason = p->reason;
        o[k].programme = (int16_t)p->programme;
        o[k].cohort = (int16_t)p->cohort;
        o[k].mature = (uint8_t)ds_pair_mature(p, d->as_of);
    }
    free(t);
    free(order);
    return MS_OK;
}

/* The pairs of a group as (time in days, status 0/1/2) for km and aj:
 * 1 ended early (the event), 2 completed (competing), 0 active; in time
 * order. */
static size_t group_times(struct analysis *a, const struct group *g,
                          const struct outcome *o, double *time, int *status)
{
    size_t n = 0;

    for (size_t k = 0; k < a->d->n_pairs; k++) {
        if (!outcome_in(g, &o[k]))
            continue;
        time[n] = (double)o[k].time;
        status[n] = o[k].status == DS_ENDED_EARLY ? 1 :
                    o[k].status == DS_COMPLETED ? 2 : 0;
        n++;
    }
    return n;
}

static enum ms_status survival_write(struct analysis *a,
                                     const struct outcome *order,
                                     struct ms_err *e)
{
    sqlite3_stmt *sv = NULL, *md = NULL, *ci = NULL;
    double *time = malloc((a->d->n_pairs + 1) * sizeof *time);
    int *status = malloc((a->d->n_pairs + 1) * sizeof *status);
    double at[MONTHS];
    struct km_row rows[MONTHS];
    struct aj_row aj[MONTHS];
    enum ms_status s;

    if (time == NULL || status == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory");
        goto done;
    }
    for (int m = 0; m < MONTHS; m++)
        at[m] = (double)date_months_to_days(m);
    if ((s = db_prepare(a->db, "INSERT INTO res_survival (programme, cohort, "
                        "month, n_risk, n_event, n_censor, survival, ci_low, "
                        "ci_high) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        &sv, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_survival_median (programme, "
                        "cohort, median_days, ci_low, ci_high) VALUES (?1, ?2, "
                        "?3, ?4, ?5)", &md, e)) != MS_OK ||
        (s = db_prepare(a->db, "INSERT INTO res_incidence (programme, cohort, "
                        "month, cif_ended_early, cif_completed) VALUES (?1, "
                        "?2, ?3, ?4, ?5)", &ci, e)) != MS_OK)
        goto done;

    for (size_t gi = 0; s == MS_OK && gi < a->n_groups; gi++) {
        const struct group *g = &a->groups[gi];
        size_t n = group_times(a, g, order, time, status), nrows = 0, naj = 0;
        struct km_curve *curve = NULL;
        struct km_quantile q;

        if ((s = km_fit(time, status, n, KM_CONF_LOG_LOG, &curve, e)) != MS_OK)
            break;
        s = km_at(curve, at, MONTHS, rows, &nrows, e);
        if (s == MS_OK)
            s = km_median(curve, &q, e);
        km_curve_free(curve);
        if (s == MS_OK)
            s = aj_at(time, status, n, at, MONTHS, aj, &naj, e);
        for (size_t m = 0; s == MS_OK && m < nrows; m++) {
            if (rows[m].n_risk == 0)
                break;
            bind_group(sv, a, g);
            sqlite3_bind_int(sv, 3, (int)m);
            sqlite3_bind_int64(sv, 4, (sqlite3_int64)rows[m].n_risk);
            sqlite3_bind_int64(sv, 5, (sqlite3_int64)rows[m].n_event);
            sqlite3_bind_int64(sv, 6, (sqlite3_int64)rows[m].n_censor);
            bind_real(sv, 7, rows[m].surv);
            bind_real(sv, 8, rows[m].lower);
            bind_real(sv, 9, rows[m].upper);
            s = step_insert(sv, a, "res_survival", e);
            if (s == MS_OK && m < naj) {
                bind_group(ci, a, g);
                sqlite3_bind_int(ci, 3, (int)m);
                bind_real(ci, 4, aj[m].cif1);
                bind_real(ci, 5, aj[m].cif2);
                s = step_insert(ci, a, "res_incidence", e);
            }
        }
        if (s != MS_OK)
            break;
        bind_group(md, a, g);
        bind_real(md, 3, q.time);
        bind_real(md, 4, q.lower);
        bind_real(md, 5, q.upper);
        s = step_insert(md, a, "res_survival_median", e);
    }
done:
    sqlite3_finalize(sv);
    sqlite3_finalize(md);
    sqlite3_finalize(ci);
    free(time);
    free(status);
    return s;
}

/* One log-rank row: pairs of programme prog (-1: all, stratified by
 * programme into strat), grouped by cohort label.  Cohorts with no pair
 * are left out of the test and the list. */
static enum ms_status logrank_row(struct analysis *a, sqlite3_stmt *st,
                                  int prog, const struct outcome *out,
                                  double *time, int *status, size_t *grp,
                                  int *strat, struct ms_err *e)
{
    const struct dataset *d = a->d;
    int *slot = malloc(((size_t)d->n_cohorts + 1) * sizeof *slot);
    struct logrank_result *r = NULL;
    char *labels = NULL;
    size_t n = 0, k = 0, len = 1, o = 0;
    int events = 0;
    enum ms_status s = MS_OK;

    if (slot == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    for (int c = 0; c < d->n_cohorts; c++)
        slot[c] = -1;
    for (size_t i = 0; i < d->n_pairs; i++) {
        const struct outcome *p = &out[i];
        if (prog >= 0 && p->programme != prog)
            continue;
        if (slot[p->cohort] < 0)
            slot[p->cohort] = 0;
    }
    for (int c = 0; c < d->n_cohorts; c++)
        if (slot[c] >= 0) {
            slot[c] = (int)k++;
            len += strlen(d->cohorts[c]) + 1;
        }
    labels = malloc(len);
    if (labels == NULL) {
        free(slot);
        return err_set(e, MS_NOMEM, "out of memory");
    }
    labels[0] = '\0';
    for (int c = 0; c < d->n_cohorts; c++)
        if (slot[c] >= 0)
            o += (size_t)snprintf(labels + o, len - o, "%s%s", o ? "," : "",
                                  d->cohorts[c]);
    for (size_t i = 0; i < d->n_pairs; i++) {
        const struct outcome *p = &out[i];
        if (prog >= 0 && p->programme != prog)
            continue;
        time[n] = (double)p->time;
        status[n] = p->status == DS_ENDED_EARLY;
        events += status[n];
        grp[n] = (size_t)slot[p->cohort];
        strat[n] = p->programme;
        n++;
    }
    sqlite3_bind_text(st, 1, prog < 0 ? "*" : d->programmes[prog], -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 2, labels, -1, SQLITE_STATIC);
    if (k >= 2 && events > 0) {
        s = logrank_test_strata(time, status, grp, prog < 0 ? strat : NULL,
                                n, k, &r, e);
        if (s == MS_OK) {
            bind_real(st, 3, r->chisq);
            if (r->df > 0)
                sqlite3_bind_int(st, 4, r->df);
            bind_real(st, 5, r->p_value);
        }
    }
    if (s == MS_OK)
        s = step_insert(st, a, "res_logrank", e);
    logrank_result_free(r);
    free(labels);
    free(slot);
    return s;
}

static enum ms_status logrank_write(struct analysis *a,
                                    const struct outcome *order,
                                    struct ms_err *e)
{
    size_t n = a->d->n_pairs + 1;
    double *time = malloc(n * sizeof *time);
    int *status = malloc(n * sizeof *status);
    size_t *grp = malloc(n * sizeof *grp);
    int *strat = malloc(n * sizeof *strat);
    sqlite3_stmt *st = NULL;
    enum ms_status s;

    if (time == NULL || status == NULL || grp == NULL || strat == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory");
        goto done;
    }
    s = db_prepare(a->db, "INSERT INTO res_logrank (programme, cohorts, chisq, "
                   "df, p_value) VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
    for (int p = 0; s == MS_OK && p < a->d->n_programmes; p++)
        s = logrank_row(a, st, p, order, time, status, grp, strat, e);
    if (s == MS_OK && a->d->n_pairs > 0)
        s = logrank_row(a, st, -1, order, time, status, grp, strat, e);
done:
    sqlite3_finalize(st);
    free(strat);
    free(time);
    free(status);
    free(grp);
    return s;
}

enum ms_status tables_outcomes(struct analysis *a, struct ms_err *e)
{
    struct outcome *order = malloc((a->d->n_pairs + 1) * sizeof *order);
    enum ms_status s;

    if (order == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    if ((s = time_order(a->d, order, e)) == MS_OK &&
        (s = completion_write(a, order, e)) == MS_OK &&
        (s = end_reasons_write(a, order, e)) == MS_OK &&
        (s = survival_write(a, order, e)) == MS_OK)
        s = logrank_write(a, order, e);
    free(order);
    return s;
}
