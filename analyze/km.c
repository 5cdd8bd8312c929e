/*
 * km.c: Kaplan-Meier curve, Greenwood SE, log-log limits, summary at given
 * times and median (see km.h).  The arithmetic follows R's survival
 * package step by step (survfitkm.c, survfit_confint, summary.survfit,
 * quantile.survfit) so that medians decided by its tolerance agree.
 */
#include "km.h"
#include "survdata.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

/* R: quantile.survfit(tolerance = sqrt(.Machine$double.eps)), 2^-26 */
#define KM_QUANTILE_TOL 1.4901161193847656e-08

/* A subject as km_fit sorts them. */
struct km_obs {
    double time;
    int event;        /* 1 for status 1, else 0 */
};

/* Ascending time, events first within a time (R's order(time, -status)).
 * km_fit counts a time's events and censorings together, so its events
 * always come before its censorings, whatever the order within. */
static int km_obs_cmp(const void *pa, const void *pb)
{
    const struct km_obs *a = pa, *b = pb;

    if (a->time < b->time)
        return -1;
    if (a->time > b->time)
        return 1;
    return b->event - a->event;
}

/* Limits of S with Greenwood SE se (of log S), as R's survfit_confint:
 * [S, S] where se = 0, NAN where S = 0 (there se is infinite). */
static void km_limits(enum km_conf_type conf, double s, double se, double z,
                      double *lower, double *upper)
{
    double se2;

    if (se == 0.0) {
        *lower = s;
        *upper = s;
        return;
    }
    if (s == 0.0 || !isfinite(se) || (conf == KM_CONF_LOG_LOG && s == 1.0)) {
        *lower = NAN;
        *upper = NAN;
        return;
    }
    if (conf == KM_CONF_LOG) {
        se2 = z * se;
        *lower = exp(log(s) - se2);
        *upper = fmin(exp(log(s) + se2), 1.0);
        return;
    }
    se2 = z * se / log(s);
    *lower = exp(-exp(log(-log(s)) - se2));
    *upper = exp(-exp(log(-log(s)) + se2));
}

enum ms_status km_fit(const double *time, const int *status, size_t n,
                      enum km_conf_type conf, struct km_curve **out,
                      struct ms_err *err)
{
    struct km_obs *obs = NULL;
    struct km_curve *c = NULL;
    enum ms_status st = MS_OK;
    double z, s = 1.0, v = 0.0;
    size_t i, j, nr;

    if (out == NULL || (n > 0 && (time == NULL || status == NULL)))
        return err_set(err, MS_SOFTWARE, "km_fit: NULL argument");
    if (conf != KM_CONF_LOG_LOG && conf != KM_CONF_LOG)
        return err_set(err, MS_SOFTWARE, "km_fit: unknown conf type %d",
                       (int)conf);
    if (survdata_check(time, status, n, err) != MS_OK)
        return MS_DATAERR;
    c = calloc(1, sizeof *c);
    if (c == NULL || (n > 0 && (obs = malloc(n * sizeof *obs)) == NULL)) {
        st = err_set(err, MS_NOMEM, "km_fit: out of memory for %zu subjects",
                     n);
        goto done;
    }
    c->n = n;
    for (i = 0; i < n; i++) {
        obs[i].time = time[i];
        obs[i].event = status[i] == 1;
    }
    if (n > 0 && !survdata_time_sorted(time, n))
        qsort(obs, n, sizeof *obs, km_obs_cmp);
    /* one row per distinct time: a few thousand days, not n subjects */
    for (i = 0, nr = 0; i < n; i++)
        nr += i == 0 || obs[i].time != obs[i - 1].time;
    if (nr > 0 && (c->rows = malloc(nr * sizeof *c->rows)) == NULL) {
        st = err_set(err, MS_NOMEM, "km_fit: out of memory for %zu times", nr);
        goto done;
    }

    z = gsl_cdf_ugaussian_Pinv(0.975);
    nr = 0;
    for (i = 0; i < n; i = j) {
        struct km_row *r = &c->rows[nr++];
        size_t d = 0, cens = 0;

        for (j = i; j < n && obs[j].time == obs[i].time; j++) {
            if (obs[j].event)
                d++;
            else
                cens++;
        }
        r->time = obs[i].time;
        r->n_risk = n - i;
        r->n_event = d;
        r->n_censor = cens;
        if (d > 0) {
            double nrisk = (double)r->n_risk, d1 = (double)d;

            /* survfitkm.c: km *= (nrisk-d1)/nrisk; v1 += d1/(nrisk*(nrisk-d1)) */
            s *= (nrisk - d1) / nrisk;
            if (d == r->n_risk)
                v = INFINITY;
            else
                v += d1 / (nrisk * (nrisk - d1));
        }
        r->surv = s;
        r->std_err = sqrt(v);
        km_limits(conf, r->surv, r->std_err, z, &r->lower, &r->upper);
    }
    c->n_rows = nr;
    *out = c;
    c = NULL;
done:
    free(obs);
    km_curve_free(c);
    return st;
}

void km_curve_free(struct km_curve *curve)
{
    if (curve == NULL)
        return;
    free(curve->rows);
    free(curve);
}

enum ms_status km_at(const struct km_curve *curve, const double *at,
                     size_t n_at, struct km_row *rows, size_t *n_rows,
                     struct ms_err *err)
{
    size_t i, r = 0, n_out = 0;
    double last;

    if (n_rows != NULL)
        *n_rows = 0;
    if (curve == NULL || n_rows == NULL ||
        (n_at > 0 && (at == NULL || rows == NULL)))
        return err_set(err, MS_SOFTWARE, "km_at: NULL argument");
    if (survdata_check_times(at, n_at, "km_at", err) != MS_OK)
        return MS_SOFTWARE;
    if (curve->n_rows == 0)
        return MS_OK;
    last = curve->rows[curve->n_rows - 1].time;
    for (i = 0; i < n_at && at[i] <= last; i++) {
        struct km_row *o = &rows[n_out++];
        size_t d = 0, cens = 0;

        while (r < curve->n_rows && curve->rows[r].time <= at[i]) {
            d += curve->rows[r].n_event;
            cens += curve->rows[r].n_censor;
            r++;
        }
        o->time = at[i];
        o->n_event = d;
        o->n_censor = cens;
        if (r == 0) {
            /* survfit0: the curve starts at (0, 1) with SE 0 */
            o->surv = 1.0;
            o->std_err = 0.0;
            o->lower = 1.0;
            o->upper = 1.0;
        } else {
            const struct km_row *p = &curve->rows[r - 1];

            o->surv = p->surv;
            o->std_err = p->std_err;
            o->lower = p->lower;
            o->upper = p->upper;
        }
        /* subjects with time >= at[i]: at the row at at[i], else the next */
        if (r > 0 && curve->rows[r - 1].time == at[i])
            o->n_risk = curve->rows[r - 1].n_risk;
        else
            o->n_risk = curve->rows[r].n_risk;
    }
    *n_rows = n_out;
    return MS_OK;
}

/* A value of a curve with its (1-based) position, for sorting. */
struct km_knot {
    double x;
    double index;
};

/* Ascending x with NAN last and NAN equal to NAN, then ascending index. */
static int km_knot_cmp(const void *pa, const void *pb)
{
    const struct km_knot *a = pa, *b = pb;
    int an = isnan(a->x), bn = isnan(b->x);

    if (an != bn)
        return an - bn;
    if (!an && a->x < b->x)
        return -1;
    if (!an && a->x > b->x)
        return 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* R's approx(y + shift, 1:n, p, method = "constant", f = 1, rule = 1,
 * ties = mean) over the non-NAN y: the index of the smallest knot >= p,
 * NAN when p is outside the knots.  knots has room for n entries. */
static double km_approx_index(const double *y, size_t n, double shift,
                              double p, struct km_knot *knots)
{
    size_t m = 0, i, j;

    for (i = 0; i < n; i++) {
        if (isnan(y[i]))
            continue;
        knots[m].x = y[i] + shift;
        knots[m].index = (double)(i + 1);
        m++;
    }
    if (m == 0)
        return NAN;
    qsort(knots, m, sizeof *knots, km_knot_cmp);
    /* ties = mean: equal x collapse to one knot at the mean index */
    for (i = 0, j = 0; i < m; j++) {
        size_t k = i;
        double sum = 0.0;

        while (k < m && knots[k].x == knots[i].x)
            sum += knots[k++].index;
        knots[j].x = knots[i].x;
        knots[j].index = sum / (double)(k - i);
        i = k;
    }
    m = j;
    if (p < knots[0].x || p > knots[m - 1].x)
        return NAN;
    for (i = 0; i < m; i++)
        if (knots[i].x >= p)
            return knots[i].index;
    return NAN;
}

/* R's x[i] for a 1-based, possibly fractional index (truncated). */
static double km_pick(const double *x, double index)
{
    if (isnan(index))
        return NAN;
    return x[(size_t)index - 1];
}

/* Equal as duplicated() sees doubles: NAN equals NAN. */
static int km_same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* Scratch space of km_findq, each with room for the curve's rows + 1. */
struct km_scratch {
    double *xs, *ys;
    struct km_knot *knots;
    unsigned char *keep;
};

/*
 * survival's findq(x, y, p, tol) for one curve: x = (0, row times), y =
 * (0, 1 - curve values); which: 0 the estimate, 1 the lower, 2 the upper
 * limit.
 */
static double km_findq(const struct km_curve *c, int which, double p,
                       struct km_scratch *w)
{
    size_t m = c->n_rows + 1, n, i;
    double ymax = -INFINITY, xmax, i1, i2, q;
    const double tol = KM_QUANTILE_TOL;

    w->xs[0] = 0.0;
    w->ys[0] = 0.0;
    for (i = 1; i < m; i++) {
        const struct km_row *r = &c->rows[i - 1];
        double v = which == 0 ? r->surv : which == 1 ? r->lower : r->upper;

        w->xs[i] = r->time;
        w->ys[i] = 1.0 - v;
    }
    for (i = 0; i < m; i++)
        if (!isnan(w->ys[i]) && w->ys[i] > ymax)
            ymax = w->ys[i];
    /* max(y, na.rm = TRUE) < p: the curve never reaches p */
    if (ymax < p)
        return NAN;
    xmax = w->xs[m - 1];

    /* duplicated(y): keep the first of equal values (NAN equals NAN) */
    for (i = 0; i < m; i++) {
        w->knots[i].x = w->ys[i];
        w->knots[i].index = (double)i;
        w->keep[i] = 0;
    }
    qsort(w->knots, m, sizeof *w->knots, km_knot_cmp);
    for (i = 0; i < m; i++)
        if (i == 0 || !km_same(w->knots[i].x, w->knots[i - 1].x))
            w->keep[(size_t)w->knots[i].index] = 1;
    for (i = 0, n = 0; i < m; i++) {
        if (!w->keep[i])
            continue;
        w->xs[n] = w->xs[i];
        w->ys[n] = w->ys[i];
        n++;
    }

    i1 = km_approx_index(w->ys, n, tol, p, w->knots);
    i2 = km_approx_index(w->ys, n, -tol, p, w->knots);
    q = (km_pick(w->xs, i1) + km_pick(w->xs, i2)) / 2.0;
    /* a flat at p at the end of the curve: midpoint to the last time */
    if (!isnan(w->ys[n - 1]) && fabs(p - w->ys[n - 1]) < tol)
        q = (km_pick(w->xs, i1) + xmax) / 2.0;
    return q;
}

enum ms_status km_quantile_at(const struct km_curve *curve, double p,
                              struct km_quantile *out, struct ms_err *err)
{
    struct km_scratch w;
    enum ms_status st = MS_OK;
    size_t m;

    if (curve == NULL || out == NULL ||
        (curve->n_rows > 0 && curve->rows == NULL))
        return err_set(err, MS_SOFTWARE, "km_quantile_at: NULL argument");
    if (!(p > 0.0 && p < 1.0))
        return err_set(err, MS_SOFTWARE,
                       "km_quantile_at: share %g is not between 0 and 1", p);
    m = curve->n_rows + 1;
    w.xs = malloc(m * sizeof *w.xs);
    w.ys = malloc(m * sizeof *w.ys);
    w.knots = malloc(m * sizeof *w.knots);
    w.keep = malloc(m);
    if (w.xs == NULL || w.ys == NULL || w.knots == NULL || w.keep == NULL) {
        st = err_set(err, MS_NOMEM,
                     "km_quantile_at: out of memory for %zu rows",
                     curve->n_rows);
        goto done;
    }
    out->time = km_findq(curve, 0, p, &w);
    out->lower = km_findq(curve, 1, p, &w);
    out->upper = km_findq(curve, 2, p, &w);
done:
    free(w.xs);
    free(w.ys);
    free(w.knots);
    free(w.keep);
    return st;
}

enum ms_status km_median(const struct km_curve *curve,
                         struct km_quantile *out, struct ms_err *err)
{
    return km_quantile_at(curve, 0.5, out, err);
}
