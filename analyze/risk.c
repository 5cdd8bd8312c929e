/*
 * risk.c: flags, pair-periods, the hazard model and pair_risk (see risk.h).
 *
 * Pair-periods: for a pair started at s, one period at each day
 * t_m = s + floor(30.4375 m + 0.5), m = 0, 1, ..., while the pair is still
 * going at t_m (t_m < its end) and its next 90 days are observed (an ended
 * pair, or t_m + 90 <= as_of).  Outcome: an early ending in (t_m, t_m + 90].
 * Features and flags are those of risk_state_at(t_m): nothing after t_m.
 */
#include "risk.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cv.h"
#include "dates.h"
#include "db.h"
#include "folds.h"
#include "logit.h"
#include "tables.h"

const char *const risk_flag_names[RISK_N_FLAGS] = {
    "no_recent_meeting", "repeated_cancellations", "low_chemistry",
    "no_goals", "stalled_after_intro", "overdue_closure",
};

const char *const risk_term_names[RISK_N_TERMS] = {
    "intercept", "days_since_held", "held_90d", "cancelled_by_mentor_90d",
    "cancelled_by_mentee_90d", "no_show_90d", "low_chemistry", "chemistry",
    "no_evaluation", "no_goals", "month_1_3", "month_4_6",
    "month_7_12", "cross_org",
};

const char *const risk_driver_words[] = {
    "days_since_held_high", "days_since_held_low", "held_90d_high",
    "held_90d_low", "cancelled_by_mentor_90d_high",
    "cancelled_by_mentor_90d_low", "cancelled_by_mentee_90d_high",
    "cancelled_by_mentee_90d_low", "no_show_90d_high", "no_show_90d_low",
    "chemistry_high", "chemistry_low", "low_chemistry", "no_evaluation",
    "no_goals", "month_1_3", "month_4_6", "month_7_12", "cross_org", NULL,
};

/* 1 for the terms that count or score (their drivers carry a direction),
 * 0 for the indicators. */
static int term_is_count(int j)
{
    return j == TERM_DAYS_SINCE_HELD || j == TERM_HELD_90D ||
           j == TERM_CANCELLED_BY_MENTOR_90D ||
           j == TERM_CANCELLED_BY_MENTEE_90D || j == TERM_NO_SHOW_90D ||
           j == TERM_CHEMISTRY;
}

/* ------------------------------------------------------------- rules -- */

/* The latest score of item for each role among evaluations dated <= t
 * (rows come by date then response_id: the last one wins); -1 when none. */
static void latest_scores(const struct risk_history *h, int32_t t, int item,
                          int out[2])
{
    int32_t latest[2] = {-1, -1};

    out[0] = out[1] = -1;
    for (size_t i = 0; i < h->ne && h->ev[i].date <= t; i++)
        latest[h->ev[i].role] = (int32_t)i;
    if (item < 0)
        return;
    for (int r = 0; r < 2; r++) {
        int8_t v;
        if (latest[r] < 0)
            continue;
        v = h->answers[(size_t)latest[r] * h->stride + (size_t)item];
        out[r] = v == DS_MISSING ? -1 : v;
    }
}

/* Lower of two scores, ignoring -1. */
static int min_score(const int s[2])
{
    if (s[0] < 0)
        return s[1];
    if (s[1] < 0)
        return s[0];
    return s[0] < s[1] ? s[0] : s[1];
}

void risk_state_at(const struct risk_history *h, int32_t t,
                   struct risk_state *out)
{
    int32_t last_held = h->start, intro = 0;
    int have_intro = 0, held_since_intro = 0;
    int cbm = 0, cbe = 0, noshow = 0, any_eval = 0;
    int chem[2], trust[2], month;
    size_t nm = 0, ng = 0;

    memset(out, 0, sizeof *out);
    out->days_active = t - h->start;
    while (nm < h->nm && h->m[nm].date <= t)
        nm++;
    for (size_t i = 0; i < nm; i++) {
        const struct ds_meeting *m = &h->m[i];
        int recent = m->date > t - RISK_HORIZON_DAYS;
        if (m->status == DS_HELD) {
            if (m->date > last_held)
                last_held = m->date;
            out->held_90d += recent;
            if (m->kind == DS_KIND_INTRO) {
                intro = m->date;
                have_intro = 1;
                held_since_intro = 0;
            } else if (m->kind == DS_KIND_REGULAR && have_intro) {
                held_since_intro = 1;
            }
        } else {
            out->not_held_90d += recent;
            if (recent) {
                noshow += m->status == DS_NO_SHOW;
                cbm += m->status == DS_CANCELLED && m->cancelled_by == 1;
                cbe += m->status == DS_CANCELLED && m->cancelled_by == 2;
            }
        }
    }
    out->days_since_last_held = t - last_held;
    for (size_t i = 0; i < h->ng; i++)
        ng += h->g[i].set_date <= t;
    out->n_goals = (int)ng;
    latest_scores(h, t, h->item_chemistry, chem);
    latest_scores(h, t, h->item_trust, trust);
    for (size_t i = 0; i < h->ne && h->ev[i].date <= t; i++)
        any_eval = 1;
    out->latest_chemistry = min_score(chem);

    /* the flags of results.md */
    if ((out->days_active <= 61 && out->days_since_last_held > 28) ||
        (out->days_active > 61 && out->days_since_last_held > 61))
        out->flags |= RISK_NO_RECENT_MEETING;
    if (nm >= 2 && h->m[nm - 1].status != DS_HELD &&
        h->m[nm - 2].status != DS_HELD)
        out->flags |= RISK_REPEATED_CANCELLATIONS;
    if ((chem[0] >= 0 && chem[0] <= 2) || (chem[1] >= 0 && chem[1] <= 2) ||
        (trust[0] >= 0 && trust[0] <= 2) || (trust[1] >= 0 && trust[1] <= 2))
        out->flags |= RISK_LOW_CHEMISTRY;
    if (out->days_active > 60 && ng == 0)
        out->flags |= RISK_NO_GOALS;
    if (have_intro && t - intro >= 45 && !held_since_intro)
        out->flags |= RISK_STALLED_AFTER_INTRO;
    if (t - h->planned_end > 30)
        out->flags |= RISK_OVERDUE_CLOSURE;
    for (int f = 0; f < RISK_N_FLAGS; f++)
        out->n_flags += (out->flags >> f) & 1;

    /* the model's features */
    /* month of the relationship by results.md: month m starts on day
     * floor(30.4375 m + 0.5), so the period of month m is in month m */
    month = 0;
    while (month < 12 && out->days_active >= date_months_to_days(month + 1))
        month++;
    out->x[TERM_INTERCEPT] = 1;
    out->x[TERM_DAYS_SINCE_HELD] = fmin(out->days_since_last_held, 180) / 30.0;
    out->x[TERM_HELD_90D] = out->held_90d;
    out->x[TERM_CANCELLED_BY_MENTOR_90D] = cbm;
    out->x[TERM_CANCELLED_BY_MENTEE_90D] = cbe;
    out->x[TERM_NO_SHOW_90D] = noshow;
    out->x[TERM_LOW_CHEMISTRY] = (out->flags & RISK_LOW_CHEMISTRY) != 0;
    out->x[TERM_CHEMISTRY] = out->latest_chemistry >= 0 ?
                             out->latest_chemistry - 3 : 0;
    out->x[TERM_NO_EVALUATION] = !any_eval;
    out->x[TERM_NO_GOALS] = ng == 0;
    out->x[TERM_MONTH_1_3] = month < 3;
    out->x[TERM_MONTH_4_6] = month >= 3 && month < 6;
    out->x[TERM_MONTH_7_12] = month >= 6 && month < 12;
    out->x[TERM_CROSS_ORG] = h->cross_org == 1;
}

/* --------------------------------------------------------- collector -- */

/* An active pair's state as of as_of. */
struct active_pair {
    size_t pair;
    struct risk_state st;
};

struct risk {
    int32_t as_of;
    uint32_t keep_ppm;           /* pairs sampled for the model, per million */
    double *X;                   /* periods x RISK_N_TERMS */
    int *y, *group, *stratum;
    double *n_flags;
    size_t n, cap;
    int n_model_pairs;
    struct active_pair *active;
    size_t n_active, active_cap;
    struct fit *fit;             /* risk_fit's model, or NULL */
};

enum ms_status risk_new(int32_t as_of, size_t n_pairs, struct risk **out,
                        struct ms_err *e)
{
    struct risk *r = calloc(1, sizeof *r);

    *out = NULL;
    if (r == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    r->as_of = as_of;
    r->keep_ppm = n_pairs <= RISK_MAX_MODEL_PAIRS ? 1000000u :
                  (uint32_t)(1000000.0 * RISK_MAX_MODEL_PAIRS / (double)n_pairs);
    *out = r;
    return MS_OK;
}

static void fit_free(struct fit *f);

void risk_free(struct risk *r)
{
    if (r == NULL)
        return;
    free(r->X);
    free(r->y);
    free(r->group);
    free(r->stratum);
    free(r->n_flags);
    free(r->active);
    fit_free(r->fit);
    free(r);
}

static int periods_reserve(struct risk *r, size_t cap);

enum ms_status risk_merge(struct risk *to, struct risk *from,
                          size_t pair_offset, struct ms_err *e)
{
    if (to->cap < to->n + from->n && periods_reserve(to, to->n + from->n) != 0)
        return err_set(e, MS_NOMEM, "out of memory building pair-periods");
    memcpy(to->X + to->n * RISK_N_TERMS, from->X,
           from->n * RISK_N_TERMS * sizeof *to->X);
    memcpy(to->y + to->n, from->y, from->n * sizeof *to->y);
    memcpy(to->stratum + to->n, from->stratum, from->n * sizeof *to->stratum);
    memcpy(to->n_flags + to->n, from->n_flags, from->n * sizeof *to->n_flags);
    for (size_t i = 0; i < from->n; i++)
        to->group[to->n + i] = from->group[i] + to->n_model_pairs;
    to->n += from->n;
    to->n_model_pairs += from->n_model_pairs;
    if (from->n_active > 0) {
        struct active_pair *a = realloc(to->active, (to->n_active +
                                        from->n_active) * sizeof *a);
        if (a == NULL)
            return err_set(e, MS_NOMEM, "out of memory");
        for (size_t i = 0; i < from->n_active; i++) {
            a[to->n_active + i] = from->active[i];
            a[to->n_active + i].pair += pair_offset;
        }
        to->active = a;
        to->n_active += from->n_active;
        to->active_cap = to->n_active;
    }
    return MS_OK;
}

/* FNV-1a of a pair id: the model's deterministic sample. */
static uint32_t id_hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Room for cap periods in r (at least). */
static int periods_reserve(struct risk *r, size_t cap)
{
    double *X = realloc(r->X, cap * RISK_N_TERMS * sizeof *X);
    int *y, *g, *s;
    double *f;

    if (X == NULL)
        return -1;
    r->X = X;
    if ((y = realloc(r->y, cap * sizeof *y)) == NULL)
        return -1;
    r->y = y;
    if ((g = realloc(r->group, cap * sizeof *g)) == NULL)
        return -1;
    r->group = g;
    if ((s = realloc(r->stratum, cap * sizeof *s)) == NULL)
        return -1;
    r->stratum = s;
    if ((f = realloc(r->n_flags, cap * sizeof *f)) == NULL)
        return -1;
    r->n_flags = f;
    r->cap = cap;
    return 0;
}

static int periods_grow(struct risk *r)
{
    return periods_reserve(r, r->cap ? r->cap * 2 : 4096);
}

enum ms_status risk_each_pair(void *ctx, const struct dataset *d,
                              size_t pair_index, const struct ds_rows *rows,
                              struct ms_err *e)
{
    struct risk *r = ctx;
    const struct ds_pair *p = &d->pairs[pair_index];
    struct risk_history h;
    struct risk_state st;
    int early = p->status == DS_ENDED_EARLY, any = 0;

    h.start = p->start;
    h.planned_end = p->planned_end;
    h.cross_org = p->cross_org == 1;
    h.m = rows->m;
    h.nm = rows->nm;
    h.g = rows->g;
    h.ng = rows->ng;
    h.ev = rows->ev;
    h.stride = dataset_stride(d);
    h.answers = rows->answers;
    h.ne = rows->ne;
    h.item_chemistry = dataset_item_index(d, "q_chemistry");
    h.item_trust = dataset_item_index(d, "q_trust");

    if (p->status == DS_ACTIVE) {
        if (r->n_active == r->active_cap) {
            size_t cap = r->active_cap ? r->active_cap * 2 : 1024;
            struct active_pair *a = realloc(r->active, cap * sizeof *a);
            if (a == NULL)
                return err_set(e, MS_NOMEM, "out of memory");
            r->active = a;
            r->active_cap = cap;
        }
        r->active[r->n_active].pair = pair_index;
        risk_state_at(&h, r->as_of, &r->active[r->n_active].st);
        r->n_active++;
    }
    if ((uint32_t)(id_hash(p->id) % 1000000u) >= r->keep_ppm)
        return MS_OK;
    for (int mo = 0;; mo++) {
        int32_t t = p->start + date_months_to_days(mo);
        if (t >= p->end)
            break;   /* the pair was no longer going */
        if (p->status == DS_ACTIVE && t + RISK_HORIZON_DAYS > r->as_of)
            break;   /* the next 90 days are not observed yet */
        if (r->n == r->cap && periods_grow(r) != 0)
            return err_set(e, MS_NOMEM, "out of memory building pair-periods");
        risk_state_at(&h, t, &st);
        memcpy(r->X + r->n * RISK_N_TERMS, st.x, sizeof st.x);
        r->y[r->n] = early && p->end <= t + RISK_HORIZON_DAYS;
        r->group[r->n] = r->n_model_pairs;
        r->stratum[r->n] = early;
        r->n_flags[r->n] = st.n_flags;
        r->n++;
        any = 1;
    }
    r->n_model_pairs += any;
    return MS_OK;
}

/* ------------------------------------------------------------ writing -- */

struct fit {
    struct logit_model *model;   /* NULL: flags only */
    struct cv_result *cv;
    double high_min, medium_min; /* band thresholds on risk */
    double mean[RISK_N_TERMS];   /* feature means over the periods */
    long events;
    char method[512];
};

/* The share q quantile of the sorted copy of x. */
static double quantile_of(const double *x, size_t n, double q, double *tmp)
{
    memcpy(tmp, x, n * sizeof *x);
    gsl_sort(tmp, 1, n);
    return gsl_stats_quantile_from_sorted_data(tmp, 1, n, q);
}

static enum ms_status model_fit(struct risk *r, struct fit *f, struct ms_err *e)
{
    struct cv_input in;
    struct ms_err fe = {{0}};
    double *tmp;
    double yd;
    enum ms_status s;
    double *yv;

    for (size_t i = 0; i < r->n; i++) {
        f->events += r->y[i];
        for (int j = 0; j < RISK_N_TERMS; j++)
            f->mean[j] += r->X[i * RISK_N_TERMS + j] / (double)r->n;
    }
    if (f->events < RISK_MIN_EVENTS) {
        snprintf(f->method, sizeof f->method, "flags only: %ld early endings "
                 "within 90 days of a pair-month in the history, fewer than "
                 "the %d needed to fit the model", f->events, RISK_MIN_EVENTS);
        return MS_OK;
    }
    yv = malloc(r->n * sizeof *yv);
    tmp = malloc(r->n * sizeof *tmp);
    if (yv == NULL || tmp == NULL) {
        free(yv);
        free(tmp);
        return err_set(e, MS_NOMEM, "out of memory fitting the risk model");
    }
    for (size_t i = 0; i < r->n; i++)
        yv[i] = r->y[i];
    s = logit_fit(r->X, yv, NULL, r->n, RISK_N_TERMS, RISK_LAMBDA, &f->model,
                  &fe);
    if (s == MS_OK && !f->model->converged) {
        s = MS_NUMERIC;
        snprintf(fe.msg, sizeof fe.msg, "IRLS did not converge");
    }
    if (s == MS_OK) {
        in.X = r->X;
        in.y = r->y;
        in.group = r->group;
        in.stratum = r->stratum;
        in.alt_score = r->n_flags;
        in.n = r->n;
        in.p = RISK_N_TERMS;
        s = cv_evaluate(&in, RISK_FOLDS, RISK_LAMBDA, FOLDS_SEED, &f->cv, &fe);
    }
    if (s == MS_NUMERIC) {
        logit_model_free(f->model);
        f->model = NULL;
        snprintf(f->method, sizeof f->method, "flags only: the model could "
                 "not be fitted (%.400s)", fe.msg);
        free(yv);
        free(tmp);
        return MS_OK;
    }
    if (s != MS_OK) {
        free(yv);
        free(tmp);
        return err_set(e, s, "fitting the risk model: %s", fe.msg);
    }
    f->high_min = quantile_of(f->cv->oof, r->n, 0.90, tmp);
    f->medium_min = quantile_of(f->cv->oof, r->n, 0.70, tmp);
    yd = (double)f->events / (double)r->n;
    snprintf(f->method, sizeof f->method, "discrete-time hazard model: "
             "logistic regression (IRLS, ridge lambda %g on standardised "
             "terms) over %zu monthly pair-periods of %d pairs%s; outcome an "
             "early ending within %d days (base rate %.1f%%); %d-fold "
             "cross-validation grouped by pair; bands: high = top 10%%, "
             "medium = next 20%% of cross-validated risk", RISK_LAMBDA, r->n,
             r->n_model_pairs, r->keep_ppm < 1000000u ?
             " (a sample chosen by a hash of pair_id)" : "",
             RISK_HORIZON_DAYS, 100 * yd, RISK_FOLDS);
    free(yv);
    free(tmp);
    return MS_OK;
}

static enum ms_status model_write(struct analysis *a, const struct risk *r,
                                  const struct fit *f, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;

    if (f->model != NULL) {
        s = db_prepare(a->db, "INSERT INTO risk_model (term, coefficient, "
                       "std_error) VALUES (?1, ?2, ?3)", &st, e);
        for (int j = 0; s == MS_OK && j < RISK_N_TERMS; j++) {
            sqlite3_bind_text(st, 1, risk_term_names[j], -1, SQLITE_STATIC);
            bind_real(st, 2, f->model->coef[j]);
            bind_real(st, 3, f->model->se[j]);
            s = step_insert(st, a, "risk_model", e);
        }
        sqlite3_finalize(st);
        if (s != MS_OK)
            return s;
    }
    s = db_prepare(a->db, "INSERT INTO risk_model_fit (n_periods, n_events, "
                   "auc_cv, brier_cv, auc_cv_flags, band_high_min, "
                   "band_medium_min, method) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "?7, ?8)", &st, e);
    if (s != MS_OK)
        return s;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)r->n);
    sqlite3_bind_int64(st, 2, f->events);
    if (f->cv != NULL) {
        bind_real(st, 3, f->cv->auc.defined ? f->cv->auc.auc : NAN);
        bind_real(st, 4, f->cv->brier);
        bind_real(st, 5, f->cv->auc_alt.defined ? f->cv->auc_alt.auc : NAN);
        bind_real(st, 6, f->high_min);
        bind_real(st, 7, f->medium_min);
    }
    sqlite3_bind_text(st, 8, f->method, -1, SQLITE_STATIC);
    s = step_insert(st, a, "risk_model_fit", e);
    sqlite3_finalize(st);
    return s;
}

/* "a,b,c" of the set bits of flags into out. */
static void flags_text(unsigned flags, char *out, size_t cap)
{
    size_t o = 0;

    out[0] = '\0';
    for (int b = 0; b < RISK_N_FLAGS; b++)
        if (flags & (1u << b))
            o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "," : "",
                                  risk_flag_names[b]);
}

/* The (up to) three terms that raise this pair's risk most over the
 * average period: largest positive coef_j (x_j - mean_j) among the terms
 * whose coefficient is at least two standard errors from 0, written as words
 * of risk_driver_words (a count with its direction; an indicator only
 * when it is on: "not a cross-organisation pair" is no warning). */
static void drivers_text(const struct fit *f, const double *x, char *out,
                         size_t cap)
{
    double contrib[RISK_N_TERMS];
    int used[RISK_N_TERMS] = {0};
    size_t o = 0;

    out[0] = '\0';
    if (f->model == NULL)
        return;
    for (int j = 1; j < RISK_N_TERMS; j++) {
        contrib[j] = f->model->coef[j] * (x[j] - f->mean[j]);
        if (!term_is_count(j) && x[j] < 0.5)
            contrib[j] = 0;
        /* only terms the model is sure of: two standard errors from 0 */
        if (!(fabs(f->model->coef[j]) >= 2 * f->model->se[j]))
            contrib[j] = 0;
    }
    for (int k = 0; k < 3; k++) {
        int best = -1;
        for (int j = 1; j < RISK_N_TERMS; j++)
            if (!used[j] && contrib[j] > 0.05 &&
                (best < 0 || contrib[j] > contrib[best]))
                best = j;
        if (best < 0)
            break;
        used[best] = 1;
        o += (size_t)snprintf(out + o, cap - o, "%s%s%s", o ? "," : "",
                              risk_term_names[best], !term_is_count(best) ? ""
                              : x[best] > f->mean[best] ? "_high" : "_low");
    }
}

static enum ms_status pairs_write(struct analysis *a, const struct risk *r,
                                  const struct fit *f, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    char as_of[11], flags[160], drivers[128];
    double prob = NAN;

    s = db_prepare(a->db, "INSERT INTO pair_risk (pair_id, programme, cohort, "
                   "coordinator_id, as_of, days_active, risk, band, flags, "
                   "drivers, days_since_last_held, held_90d, not_held_90d, "
                   "latest_chemistry, n_goals) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", &st, e);
    date_format(r->as_of, as_of);
    for (size_t i = 0; s == MS_OK && i < r->n_active; i++) {
        const struct risk_state *rs = &r->active[i].st;
        const struct ds_pair *p = &a->d->pairs[r->active[i].pair];
        const char *band;
        struct ms_err pe = {{0}};

        if (f->model != NULL) {
            if ((s = logit_predict(f->model, rs->x, 1, &prob, &pe)) != MS_OK)
                return err_set(e, s, "scoring pair risk: %s", pe.msg);
            band = prob >= f->high_min ? "high" :
                   prob >= f->medium_min ? "medium" : "low";
        } else {
            band = rs->n_flags >= 2 ? "high" : rs->n_flags == 1 ? "medium"
                                                                 : "low";
        }
        flags_text(rs->flags, flags, sizeof flags);
        drivers_text(f, rs->x, drivers, sizeof drivers);
        sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, a->d->programmes[p->programme], -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(st, 3, a->d->cohorts[p->cohort], -1, SQLITE_STATIC);
        db_bind_text(st, 4, p->coordinator);
        sqlite3_bind_text(st, 5, as_of, 10, SQLITE_STATIC);
        sqlite3_bind_int(st, 6, rs->days_active);
        bind_real(st, 7, f->model != NULL ? prob : NAN);
        sqlite3_bind_text(st, 8, band, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 9, flags, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, drivers, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 11, rs->days_since_last_held);
        sqlite3_bind_int(st, 12, rs->held_90d);
        sqlite3_bind_int(st, 13, rs->not_held_90d);
        if (rs->latest_chemistry >= 0)
            sqlite3_bind_int(st, 14, rs->latest_chemistry);
        sqlite3_bind_int(st, 15, rs->n_goals);
        s = step_insert(st, a, "pair_risk", e);
    }
    sqlite3_finalize(st);
    return s;
}

static void fit_free(struct fit *f)
{
    if (f == NULL)
        return;
    logit_model_free(f->model);
    cv_result_free(f->cv);
    free(f);
}

enum ms_status risk_fit(struct risk *r, struct ms_err *e)
{
    enum ms_status s;

    if (r->fit != NULL)
        return MS_OK;
    if ((r->fit = calloc(1, sizeof *r->fit)) == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    if ((s = model_fit(r, r->fit, e)) != MS_OK) {
        fit_free(r->fit);
        r->fit = NULL;
    }
    return s;
}

enum ms_status risk_write(struct risk *r, struct analysis *a, struct ms_err *e)
{
    enum ms_status s = risk_fit(r, e);

    if (s == MS_OK)
        s = model_write(a, r, r->fit, e);
    if (s == MS_OK)
        s = pairs_write(a, r, r->fit, e);
    return s;
}
