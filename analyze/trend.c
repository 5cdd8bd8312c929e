/*
 * trend.c: the two Cox-model tables of results.md: res_cohort_trend (is
 * early ending getting rarer from start year to start year?) and
 * res_factors (what the first month predicts, a landmark model at day
 * 30).  One row set per programme and one for '*', stratified by
 * programme; the fits come from cox.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cox.h"
#include "dates.h"
#include "db.h"
#include "works.h"

#define TREND_MIN_EVENTS 5       /* res_cohort_trend: fewer: NULL */
#define FACTORS_LANDMARK 30      /* days */
#define FACTORS_EVENTS_PER_TERM 10
#define FACTORS_TERMS 3
#define Z95 1.959964

static const char *const factor_terms[FACTORS_TERMS] = {
    "cross_org", "goals_by_30", "held_by_30",
};

/* Scratch for one model: n subjects, up to FACTORS_TERMS covariates. */
struct model_data {
    double *time, *x;
    int *event, *stratum;
    size_t n;
};

/* Room for cap subjects in m; 0, or -1 when memory runs out (release m
 * either way). */
static int model_data_init(struct model_data *m, size_t cap)
{
    memset(m, 0, sizeof *m);
    m->time = malloc((cap + 1) * sizeof *m->time);
    m->x = malloc((cap + 1) * FACTORS_TERMS * sizeof *m->x);
    m->event = malloc((cap + 1) * sizeof *m->event);
    m->stratum = malloc((cap + 1) * sizeof *m->stratum);
    return m->time && m->x && m->event && m->stratum ? 0 : -1;
}

/* Free m's arrays (not m). */
static void model_data_release(struct model_data *m)
{
    free(m->time);
    free(m->x);
    free(m->event);
    free(m->stratum);
}

/* The calendar year of p's start_date. */
static int start_year(const struct ds_pair *p)
{
    int y, mo, d;

    date_to_ymd(p->start, &y, &mo, &d);
    return y;
}

/* ------------------------------------------------------------ trend -- */

/* 1 when the pairs of programme prog (-1: any) span two start years or
 * more; for -1, when at least one programme does. */
static int trend_has_years(const struct dataset *d, int prog)
{
    for (int q = 0; q < d->n_programmes; q++) {
        int first = 0, seen = 0;

        if (prog >= 0 && q != prog)
            continue;
        for (size_t i = 0; i < d->n_pairs; i++) {
            const struct ds_pair *p = &d->pairs[i];
            if (p->programme != q)
                continue;
            if (!seen) {
                first = start_year(p);
                seen = 1;
            } else if (start_year(p) != first) {
                return 1;
            }
        }
    }
    return 0;
}

/* One res_cohort_trend row for programme prog (-1: '*', stratified by
 * programme): early ending on the start year, Efron ties; the figures
 * NULL with fewer than TREND_MIN_EVENTS early endings, fewer than two
 * start years (see trend_has_years), or a coefficient that is not usable
 * (cox_term_ok: possibly infinite, no convergence, singular). */
static enum ms_status trend_row(struct analysis *a, sqlite3_stmt *st, int prog,
                                struct model_data *m, struct ms_err *e)
{
    const struct dataset *d = a->d;
    struct cox_fit *f = NULL;
    long events = 0;
    int first = 0, last = 0;
    enum ms_status s = MS_OK;

    m->n = 0;
    for (size_t i = 0; i < d->n_pairs; i++) {
        const struct ds_pair *p = &d->pairs[i];
        int y;

        if (prog >= 0 && p->programme != prog)
            continue;
        y = start_year(p);
        if (m->n == 0 || y < first)
            first = y;
        if (m->n == 0 || y > last)
            last = y;
        m->time[m->n] = (double)(p->end - p->start);
        m->event[m->n] = p->status == DS_ENDED_EARLY;
        m->stratum[m->n] = p->programme;
        m->x[m->n] = (double)y;
        events += m->event[m->n];
        m->n++;
    }
    if (m->n == 0)
        return MS_OK;
    if (events >= TREND_MIN_EVENTS && trend_has_years(d, prog) &&
        (s = cox_fit(m->time, m->event, prog < 0 ? m->stratum : NULL, m->x,
                     m->n, 1, COX_EFRON, &f, e)) != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, prog < 0 ? "*" : d->programmes[prog], -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)m->n);
    sqlite3_bind_int64(st, 3, events);
    sqlite3_bind_int(st, 4, first);
    sqlite3_bind_int(st, 5, last);
    if (f != NULL && cox_term_ok(f, 0)) {
        bind_real(st, 6, exp(f->beta[0]));
        bind_real(st, 7, exp(f->beta[0] - Z95 * f->se[0]));
        bind_real(st, 8, exp(f->beta[0] + Z95 * f->se[0]));
        bind_real(st, 9, cox_wald_p(f, 0));
    }
    cox_fit_free(f);
    return step_insert(st, a, "res_cohort_trend", e);
}

enum ms_status works_trend_write(struct analysis *a, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    struct model_data m;
    enum ms_status s;

    if (model_data_init(&m, a->d->n_pairs) != 0) {
        model_data_release(&m);
        return err_set(e, MS_NOMEM, "out of memory");
    }
    s = db_prepare(a->db, "INSERT INTO res_cohort_trend (programme, n_pairs, "
                   "n_events, first_year, last_year, hr_per_year, ci_low, "
                   "ci_high, p_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                   "?9)", &st, e);
    for (int p = 0; s == MS_OK && p < a->d->n_programmes; p++)
        s = trend_row(a, st, p, &m, e);
    if (s == MS_OK && a->d->n_pairs > 0)
        s = trend_row(a, st, -1, &m, e);
    sqlite3_finalize(st);
    model_data_release(&m);
    return s;
}

/* ---------------------------------------------------------- factors -- */

/* The landmark subjects of programme prog (-1: all): time > 30, cross_org
 * known; all FACTORS_TERMS terms in m->x.  Their events into *events. */
static void factors_subjects(const struct dataset *d,
                             const struct works_tally *t, int prog,
                             struct model_data *m, long *events)
{
    m->n = 0;
    *events = 0;
    for (size_t i = 0; i < d->n_pairs; i++) {
        const struct ds_pair *p = &d->pairs[i];
        double *x = m->x + m->n * FACTORS_TERMS;

        if ((prog >= 0 && p->programme != prog) || p->cross_org < 0 ||
            p->end - p->start <= FACTORS_LANDMARK)
            continue;
        m->time[m->n] = (double)(p->end - p->start - FACTORS_LANDMARK);
        m->event[m->n] = p->status == DS_ENDED_EARLY;
        m->stratum[m->n] = p->programme;
        x[0] = (double)p->cross_org;
        x[1] = (double)t->pairs[i].goals_by_30;
        x[2] = (double)t->pairs[i].held_by_30;
        *events += m->event[m->n];
        m->n++;
    }
}

/* 1 when term j varies within a stratum of m (without strata: at all);
 * strata are programme indices below n_strata; first is scratch. */
static int factors_varies(const struct model_data *m, int j, int stratified,
                          double *first, int n_strata)
{
    for (int k = 0; k < n_strata; k++)
        first[k] = NAN;
    for (size_t i = 0; i < m->n; i++) {
        int k = stratified ? m->stratum[i] : 0;
        double v = m->x[i * FACTORS_TERMS + j];

        if (isnan(first[k]))
            first[k] = v;
        else if (v != first[k])
            return 1;
    }
    return 0;
}

/* Fit the kept terms (keep[j]) of m; *fit NULL when the group gets no
 * statistics (no term left, too few events per term). */
static enum ms_status factors_fit(struct model_data *m, const int *keep,
                                  long events, int stratified,
                                  struct cox_fit **fit, struct ms_err *e)
{
    size_t p = 0;
    double *x;
    enum ms_status s;

    *fit = NULL;
    for (int j = 0; j < FACTORS_TERMS; j++)
        p += keep[j] != 0;
    if (p == 0 || events < (long)(FACTORS_EVENTS_PER_TERM * p))
        return MS_OK;
    x = malloc((m->n + 1) * p * sizeof *x);
    if (x == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    for (size_t i = 0; i < m->n; i++) {
        size_t c = 0;
        for (int j = 0; j < FACTORS_TERMS; j++)
            if (keep[j])
                x[i * p + c++] = m->x[i * FACTORS_TERMS + j];
    }
    s = cox_fit(m->time, m->event, stratified ? m->stratum : NULL, x, m->n, p,
                COX_EFRON, fit, e);
    free(x);
    return s;
}

/* The res_factors rows of programme prog (-1: '*', stratified by
 * programme), one per term in factor_terms order. */
static enum ms_status factors_rows(struct analysis *a,
                                   const struct works_tally *t,
                                   sqlite3_stmt *st, int prog,
                                   struct model_data *m, struct ms_err *e)
{
    struct cox_fit *f = NULL;
    int keep[FACTORS_TERMS], n_strata = a->d->n_programmes + 1;
    double *first = malloc((size_t)n_strata * sizeof *first);
    long events;
    size_t c = 0;
    enum ms_status s;

    if (first == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    factors_subjects(a->d, t, prog, m, &events);
    /* a term constant within the group (for '*': within every programme)
     * leaves the model */
    for (int j = 0; j < FACTORS_TERMS; j++)
        keep[j] = factors_varies(m, j, prog < 0, first, n_strata);
    free(first);
    if ((s = factors_fit(m, keep, events, prog < 0, &f, e)) != MS_OK)
        return s;
    for (int j = 0; s == MS_OK && j < FACTORS_TERMS; j++) {
        sqlite3_bind_text(st, 1, prog < 0 ? "*" : a->d->programmes[prog], -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(st, 2, factor_terms[j], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)m->n);
        sqlite3_bind_int64(st, 4, events);
        if (keep[j] && f != NULL && cox_term_ok(f, c)) {
            bind_real(st, 5, exp(f->beta[c]));
            bind_real(st, 6, exp(f->beta[c] - Z95 * f->se[c]));
            bind_real(st, 7, exp(f->beta[c] + Z95 * f->se[c]));
            bind_real(st, 8, cox_wald_p(f, c));
        }
        c += keep[j] != 0;
        s = step_insert(st, a, "res_factors", e);
    }
    cox_fit_free(f);
    return s;
}

enum ms_status works_factors_write(struct analysis *a,
                                   const struct works_tally *t,
                                   struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    struct model_data m;
    enum ms_status s;

    if (t->n_pairs != a->d->n_pairs)
        return err_set(e, MS_SOFTWARE, "works: %zu pairs tallied of %zu",
                       t->n_pairs, a->d->n_pairs);
    if (model_data_init(&m, a->d->n_pairs) != 0) {
        model_data_release(&m);
        return err_set(e, MS_NOMEM, "out of memory");
    }
    s = db_prepare(a->db, "INSERT INTO res_factors (programme, term, n_pairs, "
                   "n_events, hazard_ratio, ci_low, ci_high, p_value) VALUES "
                   "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, e);
    for (int p = 0; s == MS_OK && p < a->d->n_programmes; p++)
        s = factors_rows(a, t, st, p, &m, e);
    if (s == MS_OK && a->d->n_pairs > 0)
        s = factors_rows(a, t, st, -1, &m, e);
    sqlite3_finalize(st);
    model_data_release(&m);
    return s;
}
