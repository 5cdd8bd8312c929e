/*
 * risk.c: flags, pair-periods, the hazard model and pair_risk (see risk.h).
 *
 * Pair-periods: for a pair started at s, one period at each day
 * t_m = s + floor(30.4375 m + 0.5) + phase, m = 0, 1, ..., where phase in
 * 0..29 comes from a hash of pair_id: periods all on month days would sit
 * in one phase of a monthly meeting cycle (a pair meeting as planned is
 * always a few days past its last meeting), while as_of falls anywhere in
 * it, and the model overestimated the risk at as_of two-fold (issue 14's
 * measurements, README).  Periods continue while the pair is still
 * going at t_m (t_m < its end) and its next 90 days have passed by as_of
 * (t_m + 90 <= as_of, for every pair: an ended pair's recent periods
 * would otherwise be kept and an active pair's dropped, and the event
 * rate would read high).  Outcome: an early ending in (t_m, t_m + 90].
 * Features and flags are those of risk_state_at(t_m): nothing after t_m.
 * The periods as of as_of - 90 days are those with t_m + 90 <= as_of - 90
 * (same features, same outcomes), so the backtest needs no second pass.
 */
#include "risk.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auc.h"
#include "cv.h"
#include "dates.h"
#include "db.h"
#include "folds.h"
#include "logit.h"
#include "sandwich.h"
#include "tables.h"

const char *const risk_flag_names[RISK_N_FLAGS] = {
    "no_recent_meeting", "repeated_cancellations", "low_chemistry",
    "no_goals", "stalled_after_intro", "overdue_closure", "rating_gap",
};

#define RISK_TERM_INFO(e, name, dir, driver, words) {name, dir, driver, words},
const struct risk_term_info risk_terms[RISK_N_TERMS] = {
    RISK_TERMS(RISK_TERM_INFO)
};
#undef RISK_TERM_INFO

#define RISK_TERM_NAME(e, name, dir, driver, words) name,
const char *const risk_term_names[RISK_N_TERMS] = {
    RISK_TERMS(RISK_TERM_NAME)
};
#undef RISK_TERM_NAME

const double risk_lambdas[RISK_N_LAMBDAS] = {0.1, 1, 10, 100};

const char *const risk_band_names[4] = {"low", "medium", "high", "too_early"};

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
    if (chem[0] >= 0 && chem[1] >= 0 && abs(chem[0] - chem[1]) >= 2)
        out->flags |= RISK_RATING_GAP;
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
    {
        int32_t left = h->planned_end - t;
        out->x[TERM_PLAN_LEFT_90D] = (left < 0 ? 0 : left > RISK_HORIZON_DAYS
                                      ? RISK_HORIZON_DAYS : left) /
                                     (double)RISK_HORIZON_DAYS;
    }
}


/* --------------------------------------------------------------- bands -- */

struct ranked {
    double score;
    size_t i;
};

/* Highest score first, then index (deterministic). */
static int ranked_cmp(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

enum ms_status risk_bands(const double *risk, const int *n_flags,
                          const int *days, size_t n, enum risk_band *band,
                          struct ms_err *e)
{
    struct ranked *r = NULL;
    size_t m = 0;

    if (risk == NULL) {
        for (size_t i = 0; i < n; i++)
            band[i] = days[i] < RISK_TOO_EARLY_DAYS ? RISK_BAND_TOO_EARLY :
                      n_flags[i] >= 2 ? RISK_BAND_HIGH :
                      n_flags[i] == 1 ? RISK_BAND_MEDIUM : RISK_BAND_LOW;
        return MS_OK;
    }
    if (n > 0 && (r = malloc(n * sizeof *r)) == NULL)
        return err_set(e, MS_NOMEM, "out of memory banding the pairs");
    for (size_t i = 0; i < n; i++)
        if (days[i] >= RISK_TOO_EARLY_DAYS) {
            r[m].score = risk[i];
            r[m++].i = i;
        }
    if (m > 0)
        qsort(r, m, sizeof *r, ranked_cmp);
    for (size_t i = 0; i < n; i++)
        band[i] = RISK_BAND_TOO_EARLY;
    for (size_t q = 0, rank = 1; q < m; q++) {
        if (q > 0 && r[q].score != r[q - 1].score)
            rank = q + 1;            /* 1 + pairs strictly higher */
        band[r[q].i] = 10 * rank <= m ? RISK_BAND_HIGH :
                       10 * rank <= 3 * m ? RISK_BAND_MEDIUM : RISK_BAND_LOW;
    }
    free(r);
    return MS_OK;
}

/* --------------------------------------------------------- collector -- */

/* An active pair's state as of as_of. */
struct active_pair {
    size_t pair;
    struct risk_state st;
};

/* A pair active at the backtest date: its features then, each as 90 x
 * its value (every feature is a count, an indicator, a score, days / 30
 * or days / 90, so this is an exact integer, and v / 90.0 gives back the
 * very same double: analyze's memory stays within budget at 200,000
 * pairs), and whether it ended early in the 90 days after. */
#define BACK_SCALE 90
struct back_pair {
    int16_t x90[RISK_N_TERMS];
    int16_t ended;
};

/* The periods a model is fitted on (all arrays n long; X n x terms). */
struct design {
    double *X;
    int *y, *group;
    int32_t *early_end;          /* the pair's end when it ended early,
                                  * else INT32_MAX (folds are stratified by
                                  * it, as known at the fit's date) */
    double *n_flags;
    int32_t *t;                  /* the period's day */
    size_t n, cap;
};

/* A fitted model and what is known of it. */
struct fit {
    struct logit_model *model;   /* NULL: flags only */
    struct cv_result *cv;
    double robust_se[RISK_N_TERMS];
    double mean[RISK_N_TERMS];   /* feature means over the periods */
    double calib_a, calib_b;     /* calibration intercept and slope (CV) */
    long events, event_pairs;
    char method[1400];
};

struct risk {
    int32_t as_of;
    uint32_t keep_ppm;           /* pairs sampled for the model, per million */
    struct design d;
    int n_model_pairs;
    struct active_pair *active;
    size_t n_active, active_cap;
    struct back_pair *back;
    size_t n_back, back_cap;
    int fitted;
    struct fit main, bt;         /* as of as_of, and as of as_of - 90 */
    double *prob;                /* n_active risks, or NULL */
    enum risk_band *band;        /* n_active */
    double high_min, medium_min; /* lowest risk in band high, medium */
    size_t bt_events;
    double bt_auc, bt_oe, bt_slope;
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
    r->high_min = r->medium_min = NAN;
    r->bt_auc = r->bt_oe = r->bt_slope = NAN;
    *out = r;
    return MS_OK;
}

static void design_release(struct design *d)
{
    free(d->X);
    free(d->y);
    free(d->group);
    free(d->early_end);
    free(d->n_flags);
    free(d->t);
    memset(d, 0, sizeof *d);
}

static void fit_release(struct fit *f)
{
    logit_model_free(f->model);
    cv_result_free(f->cv);
    f->model = NULL;
    f->cv = NULL;
}

void risk_free(struct risk *r)
{
    if (r == NULL)
        return;
    design_release(&r->d);
    free(r->active);
    free(r->back);
    free(r->prob);
    free(r->band);
    fit_release(&r->main);
    fit_release(&r->bt);
    free(r);
}

/* Room for cap periods in d (at least); -1 when out of memory. */
static int design_reserve(struct design *d, size_t cap)
{
    double *X, *f;
    int *y, *g;
    int32_t *t, *s;

    if (cap <= d->cap)
        return 0;
    if ((X = realloc(d->X, cap * RISK_N_TERMS * sizeof *X)) == NULL)
        return -1;
    d->X = X;
    if ((y = realloc(d->y, cap * sizeof *y)) == NULL)
        return -1;
    d->y = y;
    if ((g = realloc(d->group, cap * sizeof *g)) == NULL)
        return -1;
    d->group = g;
    if ((s = realloc(d->early_end, cap * sizeof *s)) == NULL)
        return -1;
    d->early_end = s;
    if ((f = realloc(d->n_flags, cap * sizeof *f)) == NULL)
        return -1;
    d->n_flags = f;
    if ((t = realloc(d->t, cap * sizeof *t)) == NULL)
        return -1;
    d->t = t;
    d->cap = cap;
    return 0;
}

/* Append period i of from to to, its group shifted by group_offset. */
static void design_copy_row(struct design *to, const struct design *from,
                            size_t i, int group_offset)
{
    size_t k = to->n++;

    memcpy(to->X + k * RISK_N_TERMS, from->X + i * RISK_N_TERMS,
           RISK_N_TERMS * sizeof *to->X);
    to->y[k] = from->y[i];
    to->group[k] = from->group[i] + group_offset;
    to->early_end[k] = from->early_end[i];
    to->n_flags[k] = from->n_flags[i];
    to->t[k] = from->t[i];
}

/* Grow *a (n elements of sz bytes, room for *cap) to hold n + add; -1
 * when out of memory (*a unchanged). */
static int array_grow(void **a, size_t *cap, size_t n, size_t add, size_t sz)
{
    size_t c = *cap ? *cap : 1024;
    void *p;

    if (n + add <= *cap)
        return 0;
    while (c < n + add)
        c *= 2;
    if ((p = realloc(*a, c * sz)) == NULL)
        return -1;
    *a = p;
    *cap = c;
    return 0;
}

enum ms_status risk_merge(struct risk *to, struct risk *from,
                          size_t pair_offset, struct ms_err *e)
{
    if (design_reserve(&to->d, to->d.n + from->d.n) != 0)
        return err_set(e, MS_NOMEM, "out of memory building pair-periods");
    if (array_grow((void **)&to->active, &to->active_cap, to->n_active,
                   from->n_active, sizeof *to->active) != 0 ||
        array_grow((void **)&to->back, &to->back_cap, to->n_back,
                   from->n_back, sizeof *to->back) != 0)
        return err_set(e, MS_NOMEM, "out of memory");
    for (size_t i = 0; i < from->d.n; i++)
        design_copy_row(&to->d, &from->d, i, to->n_model_pairs);
    to->n_model_pairs += from->n_model_pairs;
    for (size_t i = 0; i < from->n_active; i++) {
        to->active[to->n_active + i] = from->active[i];
        to->active[to->n_active + i].pair += pair_offset;
    }
    to->n_active += from->n_active;
    if (from->n_back > 0)
        memcpy(to->back + to->n_back, from->back,
               from->n_back * sizeof *to->back);
    to->n_back += from->n_back;
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

enum ms_status risk_each_pair(void *ctx, const struct dataset *d,
                              size_t pair_index, const struct ds_rows *rows,
                              struct ms_err *e)
{
    struct risk *r = ctx;
    const struct ds_pair *p = &d->pairs[pair_index];
    struct risk_history h;
    struct risk_state st;
    int early = p->status == DS_ENDED_EARLY, any = 0;
    int32_t bt = r->as_of - RISK_HORIZON_DAYS, phase;

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
        if (array_grow((void **)&r->active, &r->active_cap, r->n_active, 1,
                       sizeof *r->active) != 0)
            return err_set(e, MS_NOMEM, "out of memory");
        r->active[r->n_active].pair = pair_index;
        risk_state_at(&h, r->as_of, &r->active[r->n_active].st);
        r->n_active++;
    }
    /* active at the backtest date: started by then, not ended by then */
    if (p->start <= bt && p->end > bt) {
        struct back_pair *b;
        if (array_grow((void **)&r->back, &r->back_cap, r->n_back, 1,
                       sizeof *r->back) != 0)
            return err_set(e, MS_NOMEM, "out of memory");
        b = &r->back[r->n_back++];
        risk_state_at(&h, bt, &st);
        for (int j = 0; j < RISK_N_TERMS; j++) {
            double v = round(st.x[j] * BACK_SCALE);
            if (!(fabs(v) <= INT16_MAX) || v / BACK_SCALE != st.x[j])
                return err_set(e, MS_SOFTWARE, "risk: feature %s is %g, not "
                               "a multiple of 1/%d that fits the backtest's "
                               "store; report this bug", risk_terms[j].name,
                               st.x[j], BACK_SCALE);
            b->x90[j] = (int16_t)v;
        }
        b->ended = (int16_t)early;   /* so in (bt, as_of] */
    }
    if ((uint32_t)(id_hash(p->id) % 1000000u) >= r->keep_ppm)
        return MS_OK;
    phase = (int32_t)((id_hash(p->id) / 1000000u) % RISK_PHASE_DAYS);
    for (int mo = 0;; mo++) {
        int32_t t = p->start + date_months_to_days(mo) + phase;
        size_t k;
        if (t >= p->end || t + RISK_HORIZON_DAYS > r->as_of)
            break;   /* no longer going, or its 90 days not yet passed */
        if (r->d.n == r->d.cap &&
            design_reserve(&r->d, r->d.cap ? 2 * r->d.cap : 4096) != 0)
            return err_set(e, MS_NOMEM, "out of memory building pair-periods");
        risk_state_at(&h, t, &st);
        k = r->d.n++;
        memcpy(r->d.X + k * RISK_N_TERMS, st.x, sizeof st.x);
        r->d.y[k] = early && p->end <= t + RISK_HORIZON_DAYS;
        r->d.group[k] = r->n_model_pairs;
        r->d.early_end[k] = early ? p->end : INT32_MAX;
        r->d.n_flags[k] = st.n_flags;
        r->d.t[k] = t;
        any = 1;
    }
    r->n_model_pairs += any;
    return MS_OK;
}

/* ---------------------------------------------------------------- fit -- */

/* Cluster-robust standard errors by pair of f->model on d (sandwich.h;
 * the bread is the model's covariance, with its ridge penalty). */
static enum ms_status robust_se_compute(const struct design *d,
                                        struct fit *f, struct ms_err *e)
{
    int max_group = -1;
    size_t G = 0;
    double *U = NULL, V[RISK_N_TERMS * RISK_N_TERMS];
    unsigned char *seen = NULL;
    enum ms_status s = MS_OK;

    for (size_t i = 0; i < d->n; i++)
        max_group = d->group[i] > max_group ? d->group[i] : max_group;
    U = calloc(((size_t)max_group + 1) * RISK_N_TERMS, sizeof *U);
    seen = calloc((size_t)max_group + 1, 1);
    if (U == NULL || seen == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory for the robust errors");
        goto done;
    }
    for (size_t i = 0; i < d->n; i++) {
        const double *x = d->X + i * RISK_N_TERMS;
        double eta = 0, res;
        double *u = U + (size_t)d->group[i] * RISK_N_TERMS;
        for (int j = 0; j < RISK_N_TERMS; j++)
            eta += f->model->coef[j] * x[j];
        res = d->y[i] - 1 / (1 + exp(-eta));
        for (int j = 0; j < RISK_N_TERMS; j++)
            u[j] += x[j] * res;
        G += !seen[d->group[i]];
        seen[d->group[i]] = 1;
    }
    /* empty groups add nothing to the meat; G counts the others */
    s = sandwich_cluster(f->model->cov, U, (size_t)max_group + 1,
                         RISK_N_TERMS, sandwich_adjust(G, 0, 0), V, e);
    for (int j = 0; s == MS_OK && j < RISK_N_TERMS; j++)
        f->robust_se[j] = V[j * RISK_N_TERMS + j] >= 0 ?
                          sqrt(V[j * RISK_N_TERMS + j]) : NAN;
done:
    free(U);
    free(seen);
    return s;
}

/* Fit, choose the penalty and validate on d's periods into f (what: "as
 * of <date>" for the method text).  A model that cannot be had leaves
 * f->model NULL and says why in f->method; errors only for memory. */
static enum ms_status design_fit(const struct design *d, int32_t as_of,
                                 struct fit *f, const char *what,
                                 uint32_t keep_ppm, struct ms_err *e)
{
    struct cv_input in;
    struct ms_err fe = {{0}};
    double *yv = NULL;
    int *stratum = NULL;
    unsigned char *seen = NULL;
    int max_group = -1, npairs = 0;
    long need = RISK_MIN_EVENT_PAIRS_PER_TERM * (RISK_N_TERMS - 1);
    enum ms_status s = MS_OK;

    f->calib_a = f->calib_b = NAN;
    for (int j = 0; j < RISK_N_TERMS; j++) {
        f->robust_se[j] = NAN;
        f->mean[j] = 0;
    }
    for (size_t i = 0; i < d->n; i++)
        max_group = d->group[i] > max_group ? d->group[i] : max_group;
    if ((seen = calloc((size_t)max_group + 2, 1)) == NULL)
        return err_set(e, MS_NOMEM, "out of memory fitting the risk model");
    for (size_t i = 0; i < d->n; i++) {
        unsigned char *sg = &seen[d->group[i]];
        f->events += d->y[i];
        npairs += !(*sg & 1);
        f->event_pairs += d->y[i] && !(*sg & 2);
        *sg |= (unsigned char)(1 | (d->y[i] ? 2 : 0));
        for (int j = 0; j < RISK_N_TERMS; j++)
            f->mean[j] += d->X[i * RISK_N_TERMS + j] / (double)d->n;
    }
    free(seen);
    if (f->event_pairs < need) {
        snprintf(f->method, sizeof f->method, "flags only (%s): %ld pairs "
                 "ended early within 90 days of a monthly period whose 90 "
                 "days have passed, fewer than the %ld needed to fit the "
                 "model (%d per term); bands: 2 or more flags high, 1 "
                 "medium", what, f->event_pairs, need,
                 RISK_MIN_EVENT_PAIRS_PER_TERM);
        return MS_OK;
    }
    if ((stratum = malloc((d->n + 1) * sizeof *stratum)) == NULL)
        return err_set(e, MS_NOMEM, "out of memory fitting the risk model");
    for (size_t i = 0; i < d->n; i++)
        stratum[i] = d->early_end[i] <= as_of;   /* ended early by then */
    in.X = d->X;
    in.y = d->y;
    in.group = d->group;
    in.stratum = stratum;
    in.alt_score = d->n_flags;
    in.n = d->n;
    in.p = RISK_N_TERMS;
    s = cv_choose_lambda(&in, RISK_FOLDS, risk_lambdas, RISK_N_LAMBDAS,
                         FOLDS_SEED, &f->cv, &fe);
    free(stratum);
    if (s == MS_OK) {
        if ((yv = malloc(d->n * sizeof *yv)) == NULL) {
            s = MS_NOMEM;
            snprintf(fe.msg, sizeof fe.msg, "out of memory");
        } else {
            for (size_t i = 0; i < d->n; i++)
                yv[i] = d->y[i];
            s = logit_fit(d->X, yv, NULL, d->n, RISK_N_TERMS, f->cv->lambda,
                          &f->model, &fe);
            free(yv);
        }
    }
    if (s == MS_OK && !f->model->converged) {
        s = MS_NUMERIC;
        snprintf(fe.msg, sizeof fe.msg, "IRLS did not converge");
    }
    if (s == MS_OK)
        s = robust_se_compute(d, f, &fe);
    if (s == MS_OK)
        s = calibration_fit(f->cv->oof, d->y, d->n, &f->calib_a, &f->calib_b,
                            &fe);
    if (s == MS_NUMERIC) {
        fit_release(f);
        snprintf(f->method, sizeof f->method, "flags only (%s): the model "
                 "could not be fitted (%.400s); bands: 2 or more flags "
                 "high, 1 medium", what, fe.msg);
        return MS_OK;
    }
    if (s != MS_OK) {
        fit_release(f);
        return err_set(e, s, "fitting the risk model: %s", fe.msg);
    }
    snprintf(f->method, sizeof f->method, "discrete-time hazard model (%s): "
             "logistic regression (IRLS, ridge penalty %g on standardised "
             "terms, chosen from 0.1, 1, 10, 100 by the out-of-fold deviance of "
             "%d-fold cross-validation grouped by pair) over %zu monthly "
             "pair-periods of %d pairs%s whose 90 days have passed; outcome "
             "an early ending within %d days (%ld periods, %ld pairs); "
             "standard errors cluster-robust by pair; bands cut on the "
             "active pairs at least %d days old: high = top 10%%, medium = "
             "next 20%%", what, f->cv->lambda, RISK_FOLDS, d->n, npairs,
             keep_ppm < 1000000u ? " (a sample chosen by a hash of pair_id)"
                                 : "",
             RISK_HORIZON_DAYS, f->events, f->event_pairs,
             RISK_TOO_EARLY_DAYS);
    return MS_OK;
}

/* Swap periods i and k of d. */
static void design_swap(struct design *d, size_t i, size_t k)
{
    double xb[RISK_N_TERMS], f;
    int v;
    int32_t t;

    memcpy(xb, d->X + i * RISK_N_TERMS, sizeof xb);
    memcpy(d->X + i * RISK_N_TERMS, d->X + k * RISK_N_TERMS, sizeof xb);
    memcpy(d->X + k * RISK_N_TERMS, xb, sizeof xb);
    v = d->y[i], d->y[i] = d->y[k], d->y[k] = v;
    v = d->group[i], d->group[i] = d->group[k], d->group[k] = v;
    t = d->early_end[i], d->early_end[i] = d->early_end[k],
    d->early_end[k] = t;
    f = d->n_flags[i], d->n_flags[i] = d->n_flags[k], d->n_flags[k] = f;
    t = d->t[i], d->t[i] = d->t[k], d->t[k] = t;
}

/* Move the periods whose 90 days had passed by day bt to the front of d
 * (a deterministic in-place partition: the same merged periods give the
 * same order); their number. */
static size_t design_partition(struct design *d, int32_t bt)
{
    size_t lo = 0, hi = d->n;

    while (lo < hi) {
        if (d->t[lo] + RISK_HORIZON_DAYS <= bt)
            lo++;
        else
            design_swap(d, lo, --hi);
    }
    return lo;
}

/* Renumber d's groups 0, 1, ... in the order of their numbers (the
 * order of the pairs), as an analysis holding only d's periods numbers
 * them: then folds_assign deals the same folds. */
static enum ms_status groups_renumber(struct design *d, struct ms_err *e)
{
    int max_group = -1, next = 0, *map;

    for (size_t i = 0; i < d->n; i++)
        max_group = d->group[i] > max_group ? d->group[i] : max_group;
    if ((map = malloc(((size_t)max_group + 2) * sizeof *map)) == NULL)
        return err_set(e, MS_NOMEM, "out of memory for the backtest");
    for (int g = 0; g <= max_group; g++)
        map[g] = -1;
    for (size_t i = 0; i < d->n; i++)
        map[d->group[i]] = 0;
    for (int g = 0; g <= max_group; g++)
        if (map[g] == 0)
            map[g] = next++ + 1;
    for (size_t i = 0; i < d->n; i++)
        d->group[i] = map[d->group[i]] - 1;
    free(map);
    return MS_OK;
}

/* The backtest: periods whose 90 days had passed by as_of - 90 (the
 * first nb of r->d), the same fit, the pairs active then scored and
 * compared with what followed. */
static enum ms_status backtest_run(struct risk *r, size_t nb,
                                   struct ms_err *e)
{
    struct design b = r->d;
    int32_t bt = r->as_of - RISK_HORIZON_DAYS;
    double *p = NULL, sum = 0;
    int *y = NULL;
    char what[40], date[11];
    struct auc_result auc;
    double a;
    enum ms_status s = MS_OK;

    for (size_t i = 0; i < r->n_back; i++)
        r->bt_events += (size_t)r->back[i].ended;
    if (nb == 0 || r->n_back == 0)
        return MS_OK;
    b.n = nb;                        /* a view of the first nb periods */
    snprintf(what, sizeof what, "as of %s", date_format(bt, date));
    if ((s = groups_renumber(&b, e)) != MS_OK ||
        (s = design_fit(&b, bt, &r->bt, what, r->keep_ppm, e)) != MS_OK ||
        r->bt.model == NULL)
        return s;
    p = malloc(r->n_back * sizeof *p);
    y = malloc(r->n_back * sizeof *y);
    if (p == NULL || y == NULL) {
        s = err_set(e, MS_NOMEM, "out of memory for the backtest");
        goto done;
    }
    for (size_t i = 0; i < r->n_back && s == MS_OK; i++) {
        double x[RISK_N_TERMS];
        for (int j = 0; j < RISK_N_TERMS; j++)
            x[j] = r->back[i].x90[j] / (double)BACK_SCALE;
        s = logit_predict(r->bt.model, x, 1, &p[i], e);
        y[i] = r->back[i].ended;
        sum += p[i];
    }
    if (s == MS_OK)
        s = auc_compute(p, y, r->n_back, &auc, e);
    if (s == MS_OK)
        s = calibration_fit(p, y, r->n_back, &a, &r->bt_slope, e);
    if (s == MS_OK) {
        r->bt_auc = auc.defined ? auc.auc : NAN;
        r->bt_oe = sum > 0 ? (double)r->bt_events / sum : NAN;
    }
done:
    free(p);
    free(y);
    fit_release(&r->bt);     /* its figures are kept; memory is scarce */
    return s;
}

/* Score and band the pairs active at as_of. */
static enum ms_status active_score(struct risk *r, struct ms_err *e)
{
    int *days = NULL, *nf = NULL;
    enum ms_status s = MS_OK;
    size_t n = r->n_active;

    r->band = malloc((n + 1) * sizeof *r->band);
    days = calloc(n + 1, sizeof *days);
    nf = calloc(n + 1, sizeof *nf);
    if (r->main.model != NULL)
        r->prob = malloc((n + 1) * sizeof *r->prob);
    if (r->band == NULL || days == NULL || nf == NULL ||
        (r->main.model != NULL && r->prob == NULL)) {
        s = err_set(e, MS_NOMEM, "out of memory scoring the pairs");
        goto done;
    }
    for (size_t i = 0; i < n && s == MS_OK; i++) {
        days[i] = r->active[i].st.days_active;
        nf[i] = r->active[i].st.n_flags;
        if (r->prob != NULL)
            s = logit_predict(r->main.model, r->active[i].st.x, 1,
                              &r->prob[i], e);
    }
    if (s == MS_OK)
        s = risk_bands(r->prob, nf, days, n, r->band, e);
    for (size_t i = 0; s == MS_OK && r->prob != NULL && i < n; i++) {
        double *lo = r->band[i] == RISK_BAND_HIGH ? &r->high_min :
                     r->band[i] == RISK_BAND_MEDIUM ? &r->medium_min : NULL;
        if (lo != NULL && !(*lo <= r->prob[i]))
            *lo = r->prob[i];
    }
done:
    free(days);
    free(nf);
    return s;
}

enum ms_status risk_fit(struct risk *r, struct ms_err *e)
{
    enum ms_status s;
    char what[40], date[11];

    size_t nb;

    if (r->fitted)
        return MS_OK;
    nb = design_partition(&r->d, r->as_of - RISK_HORIZON_DAYS);
    snprintf(what, sizeof what, "as of %s", date_format(r->as_of, date));
    if ((s = design_fit(&r->d, r->as_of, &r->main, what, r->keep_ppm,
                        e)) != MS_OK ||
        (s = active_score(r, e)) != MS_OK ||
        (s = backtest_run(r, nb, e)) != MS_OK)
        return s;
    if (strncmp(r->bt.method, "flags only", 10) == 0) {
        size_t len = strlen(r->main.method);
        snprintf(r->main.method + len, sizeof r->main.method - len,
                 "; no backtest: %s", r->bt.method);
    }
    r->fitted = 1;
    return MS_OK;
}

/* ------------------------------------------------------------ writing -- */

/* risk_calibration: the cross-validated predictions in deciles as
 * dplyr::ntile(p, 10) makes them (row q of the ascending order, 0-based,
 * in decile floor(10 q / n) + 1; equal predictions by row order). */
static enum ms_status calibration_write(struct analysis *a,
                                        const struct risk *r,
                                        struct ms_err *e)
{
    const struct fit *f = &r->main;
    sqlite3_stmt *st = NULL;
    size_t n = f->cv->n, *order = NULL;
    enum ms_status s;

    if ((order = malloc((n + 1) * sizeof *order)) == NULL)
        return err_set(e, MS_NOMEM, "out of memory");
    gsl_sort_index(order, f->cv->oof, 1, n);
    s = db_prepare(a->db, "INSERT INTO risk_calibration (decile, n, "
                   "mean_risk, observed_rate) VALUES (?1, ?2, ?3, ?4)",
                   &st, e);
    for (size_t dec = 1; s == MS_OK && dec <= 10; dec++) {
        /* first q with floor(10 q / n) + 1 >= dec: q >= (dec - 1) n / 10 */
        size_t lo = ((dec - 1) * n + 9) / 10, hi = (dec * n + 9) / 10;
        double sp = 0, sy = 0;
        if (hi == lo)
            continue;
        for (size_t q = lo; q < hi; q++) {
            sp += f->cv->oof[order[q]];
            sy += r->d.y[order[q]];
        }
        sqlite3_bind_int(st, 1, (int)dec);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)(hi - lo));
        bind_real(st, 3, sp / (double)(hi - lo));
        bind_real(st, 4, sy / (double)(hi - lo));
        s = step_insert(st, a, "risk_calibration", e);
    }
    sqlite3_finalize(st);
    free(order);
    return s;
}

static enum ms_status model_write(struct analysis *a, const struct risk *r,
                                  struct ms_err *e)
{
    const struct fit *f = &r->main;
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    char bt_date[11];

    if (f->model != NULL) {
        s = db_prepare(a->db, "INSERT INTO risk_model (term, coefficient, "
                       "std_error, robust_se, direction) VALUES (?1, ?2, ?3, "
                       "?4, ?5)", &st, e);
        for (int j = 0; s == MS_OK && j < RISK_N_TERMS; j++) {
            sqlite3_bind_text(st, 1, risk_terms[j].name, -1, SQLITE_STATIC);
            bind_real(st, 2, f->model->coef[j]);
            bind_real(st, 3, f->model->se[j]);
            bind_real(st, 4, f->robust_se[j]);
            sqlite3_bind_int(st, 5, risk_terms[j].direction);
            s = step_insert(st, a, "risk_model", e);
        }
        sqlite3_finalize(st);
        if (s != MS_OK || (s = calibration_write(a, r, e)) != MS_OK)
            return s;
    }
    s = db_prepare(a->db, "INSERT INTO risk_model_fit (n_periods, n_events, "
                   "n_event_pairs, auc_cv, brier_cv, calibration_intercept, "
                   "calibration_slope, lambda, method, backtest_as_of, "
                   "backtest_n, backtest_events, backtest_auc, backtest_oe, "
                   "backtest_slope, auc_cv_flags, band_high_min, "
                   "band_medium_min) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                   "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)", &st, e);
    if (s != MS_OK)
        return s;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)r->d.n);
    sqlite3_bind_int64(st, 2, f->events);
    sqlite3_bind_int64(st, 3, f->event_pairs);
    if (f->model != NULL) {
        bind_real(st, 4, f->cv->auc.defined ? f->cv->auc.auc : NAN);
        bind_real(st, 5, f->cv->brier);
        bind_real(st, 6, f->calib_a);
        bind_real(st, 7, f->calib_b);
        bind_real(st, 8, f->cv->lambda);
        bind_real(st, 16, f->cv->auc_alt.defined ? f->cv->auc_alt.auc : NAN);
        bind_real(st, 17, r->high_min);
        bind_real(st, 18, r->medium_min);
    }
    sqlite3_bind_text(st, 9, f->method, -1, SQLITE_STATIC);
    date_format(r->as_of - RISK_HORIZON_DAYS, bt_date);
    sqlite3_bind_text(st, 10, bt_date, 10, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)r->n_back);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)r->bt_events);
    bind_real(st, 13, r->bt_auc);
    bind_real(st, 14, r->bt_oe);
    bind_real(st, 15, r->bt_slope);
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
 * average period: the largest coef_j (x_j - mean_j) > 0.05 among the
 * terms with a declared direction whose coefficient has that sign and
 * lies at least 2 cluster-robust standard errors from 0, written as their
 * driver keys (risk_terms).  With the declared sign, a positive
 * contribution is always the direction the key names.  A pair too early
 * to tell has none. */
static void drivers_text(const struct fit *f, const struct risk_state *st,
                         char *out, size_t cap)
{
    double contrib[RISK_N_TERMS];
    int used[RISK_N_TERMS] = {0};
    size_t o = 0;

    out[0] = '\0';
    if (f->model == NULL || st->days_active < RISK_TOO_EARLY_DAYS)
        return;
    for (int j = 0; j < RISK_N_TERMS; j++) {
        double c = f->model->coef[j];
        int dir = risk_terms[j].direction;
        contrib[j] = 0;
        if (dir == 0 || (dir > 0 ? !(c > 0) : !(c < 0)) ||
            !(fabs(c) >= 2 * f->robust_se[j]))
            continue;
        contrib[j] = c * (st->x[j] - f->mean[j]);
    }
    for (int k = 0; k < 3; k++) {
        int best = -1;
        for (int j = 0; j < RISK_N_TERMS; j++)
            if (!used[j] && contrib[j] > 0.05 &&
                (best < 0 || contrib[j] > contrib[best]))
                best = j;
        if (best < 0)
            break;
        used[best] = 1;
        o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "," : "",
                              risk_terms[best].driver);
    }
}

static enum ms_status pairs_write(struct analysis *a, const struct risk *r,
                                  struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    char as_of[11], flags[192], drivers[160];

    s = db_prepare(a->db, "INSERT INTO pair_risk (pair_id, programme, cohort, "
                   "coordinator_id, as_of, days_active, risk, band, flags, "
                   "drivers, days_since_last_held, held_90d, not_held_90d, "
                   "latest_chemistry, n_goals) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", &st, e);
    date_format(r->as_of, as_of);
    for (size_t i = 0; s == MS_OK && i < r->n_active; i++) {
        const struct risk_state *rs = &r->active[i].st;
        const struct ds_pair *p = &a->d->pairs[r->active[i].pair];

        flags_text(rs->flags, flags, sizeof flags);
        drivers_text(&r->main, rs, drivers, sizeof drivers);
        sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, a->d->programmes[p->programme], -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(st, 3, a->d->cohorts[p->cohort], -1, SQLITE_STATIC);
        db_bind_text(st, 4, p->coordinator);
        sqlite3_bind_text(st, 5, as_of, 10, SQLITE_STATIC);
        sqlite3_bind_int(st, 6, rs->days_active);
        bind_real(st, 7, r->prob != NULL ? r->prob[i] : NAN);
        sqlite3_bind_text(st, 8, risk_band_names[r->band[i]], -1,
                          SQLITE_STATIC);
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

enum ms_status risk_write(struct risk *r, struct analysis *a, struct ms_err *e)
{
    enum ms_status s = risk_fit(r, e);

    if (s == MS_OK)
        s = model_write(a, r, e);
    if (s == MS_OK)
        s = pairs_write(a, r, e);
    return s;
}
