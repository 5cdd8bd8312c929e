/*
 * km.h: the Kaplan-Meier curve of time to an early ending, its Greenwood
 * standard error and log-log 95% limits, read at chosen times and at its
 * median, with the figures of R's survival package (survfit(...,
 * conf.type = "log-log"), summary(fit, times = ...), quantile(fit, 0.5)).
 * Pure functions over arrays: analyze reads the pairs, calls these and
 * writes res_survival and res_survival_median.
 *
 * A figure that cannot be computed is NAN here: the caller stores NULL.
 */
#ifndef MS_KM_H
#define MS_KM_H

#include <stddef.h>

#include "status.h"

/* One row of a curve: a time with at least one event or censoring (from
 * km_fit), or a requested time (from km_at). */
struct km_row {
    double time;      /* days */
    size_t n_risk;    /* subjects whose time is >= time */
    size_t n_event;   /* events (status 1) at time; km_at: in the interval */
    size_t n_censor;  /* status 0 or 2 at time; km_at: in the interval */
    double surv;      /* S(time), the right-continuous step */
    double std_err;   /* Greenwood SE of log S: 0 before the first event,
                       * INFINITY once S = 0 (R prints std.err = SE * S) */
    double lower;     /* 95% limits (km_conf_type): [1, 1] while S = 1, */
    double upper;     /* NAN (store NULL) once S = 0 */
};

/* A fitted curve: one row per distinct time, ascending. */
struct km_curve {
    size_t n;         /* subjects */
    size_t n_rows;
    struct km_row *rows;
};

/* Which transformation the 95% limits use (R: survfit's conf.type).
 * analyze uses KM_CONF_LOG_LOG (results.md); KM_CONF_LOG is R's default,
 * kept so that R's published default output can be reproduced. */
enum km_conf_type {
    KM_CONF_LOG_LOG,  /* "log-log": exp(-exp(log(-log S) -+ z SE / log S)) */
    KM_CONF_LOG       /* "log": S exp(-+ z SE), the upper cut at 1 */
};

/* A quantile (a time) and its 95% interval; each NAN (store NULL) when
 * absent. */
struct km_quantile {
    double time, lower, upper;
};

/*
 * Kaplan-Meier estimate (Kaplan & Meier 1958) of n subjects with time[i]
 * (days, finite, >= 0) and status[i]: 0 censored, 1 the event of interest,
 * 2 the competing outcome, censored here.  At each distinct time t_j with
 * n_j at risk and d_j events:
 *     S(t) = prod_{t_j <= t} (1 - d_j / n_j)
 *     SE(log S(t)) = sqrt(sum_{t_j <= t} d_j / (n_j (n_j - d_j)))
 * (Greenwood 1926; the term is infinite when d_j = n_j), and the log-log
 * limits of conf (Kalbfleisch & Prentice 2002, sec. 1.3; Therneau &
 * Grambsch 2000, sec. 2.1), with z = the 0.975 normal quantile and
 * a = z SE / |log S|:
 *     lower = exp(-exp(log(-log S) + a)) = S^exp(a)
 *     upper = exp(-exp(log(-log S) - a)) = S^exp(-a)
 * or for KM_CONF_LOG lower = S exp(-z SE), upper = min(S exp(z SE), 1);
 * as R's survfit_confint: [S, S] where SE = 0, absent where S = 0.
 * Events at a time come before the censorings at that time.
 * On success *out is a new curve the caller frees with km_curve_free (n = 0
 * gives a curve with no rows).  Fails with MS_DATAERR (a time negative or
 * not finite, a status other than 0, 1, 2; err names the subject's index),
 * MS_SOFTWARE (NULL arguments, an unknown conf) or MS_NOMEM; *out is then
 * untouched.
 */
enum ms_status km_fit(const double *time, const int *status, size_t n,
                      enum km_conf_type conf, struct km_curve **out,
                      struct ms_err *err);

/* Free curve and its rows.  NULL is a no-op. */
void km_curve_free(struct km_curve *curve);

/*
 * The curve read at times at[0] < at[1] < ... < at[n_at - 1] (>= 0), as R's
 * summary(fit, times = at) with extend = FALSE: rows[i] gets time = at[i],
 * surv, std_err and limits of the last curve row at or before at[i] (S = 1,
 * SE 0, [1, 1] before the first), n_risk = subjects with time >= at[i],
 * n_event and n_censor = what happened in (at[i-1], at[i]], for i = 0 in
 * [0, at[0]].  Rows stop before the first at[i] beyond the last time of the
 * curve (where n_risk would be 0): *n_rows gets their number.  rows holds
 * room for n_at rows, owned by the caller.  Fails with MS_SOFTWARE (NULL
 * arguments, times not finite, negative or not strictly increasing), and
 * then *n_rows is 0.
 */
enum ms_status km_at(const struct km_curve *curve, const double *at,
                     size_t n_at, struct km_row *rows, size_t *n_rows,
                     struct ms_err *err);

/*
 * The time by which a share p (0 < p < 1) has had the event, and its 95%
 * interval, exactly as R's quantile(fit, p) (survival's quantile.survfit,
 * its findq): on the curve of 1 - S from (0, 0) through every row, the
 * first time where 1 - S >= p, with tolerance sqrt(DBL_EPSILON); where
 * 1 - S equals p (within it) on an interval, the midpoint between that
 * time and the next time S drops, or the last time of the curve if it
 * never drops again.  The lower limit is the same rule on the lower limit
 * curve, the upper limit on the upper limit curve (absent values, where
 * S = 0, are skipped as R's approx does).  Each figure is NAN where its
 * curve never reaches p.  Fails with MS_SOFTWARE (NULL arguments, p outside
 * (0, 1)) or MS_NOMEM; *out is then untouched.
 */
enum ms_status km_quantile_at(const struct km_curve *curve, double p,
                              struct km_quantile *out, struct ms_err *err);

/* The median: km_quantile_at(curve, 0.5, out, err), R's quantile(fit, 0.5)
 * (results.md res_survival_median). */
enum ms_status km_median(const struct km_curve *curve,
                         struct km_quantile *out, struct ms_err *err);

#endif
