/*
 * aj.h: Aalen-Johansen cumulative incidence of two competing outcomes, an
 * early ending and a completion, with active pairs censored: the figures
 * of R's survfit(Surv(time, factor(status)) ~ 1) read with summary(fit,
 * times = ...).  A pure function over arrays: analyze reads the pairs,
 * calls it on the months of res_survival and writes res_incidence.
 */
#ifndef MS_AJ_H
#define MS_AJ_H

#include <stddef.h>

#include "status.h"

/* The cumulative incidences at one requested time. */
struct aj_row {
    double time;      /* days, as requested */
    size_t n_risk;    /* subjects whose time is >= time */
    double cif1;      /* P(outcome 1 by time): early ending */
    double cif2;      /* P(outcome 2 by time): completion */
};

/*
 * Aalen-Johansen estimate (Aalen & Johansen 1978; Kalbfleisch & Prentice
 * 2002, sec. 8.2) for n subjects with time[i] (days, finite, >= 0) and
 * status[i]: 0 censored, 1 or 2 the outcome that ended the subject.  At
 * each distinct time t_j with n_j at risk and d_kj outcomes k:
 *     CIF_k(t) = sum_{t_j <= t} S(t_j-) d_kj / n_j
 * with S the all-cause Kaplan-Meier curve (both outcomes are events), so
 * CIF_1 + CIF_2 = 1 - S.  Censorings at t_j count as at risk at t_j.
 * rows[i] gets the step functions at at[i] (0 before the first outcome),
 * for at[0] < at[1] < ... (>= 0); rows stop before the first at[i] beyond
 * the last time of the data (where n_risk would be 0, as R's summary with
 * extend = FALSE): *n_rows gets their number.  rows holds room for n_at
 * rows, owned by the caller.  n = 0 gives no rows.  Fails with MS_DATAERR
 * (a time negative or not finite, a status other than 0, 1, 2; err names
 * the subject's index), MS_SOFTWARE (NULL arguments; times not finite,
 * negative or not strictly increasing) or MS_NOMEM; *n_rows is then 0.
 */
enum ms_status aj_at(const double *time, const int *status, size_t n,
                     const double *at, size_t n_at, struct aj_row *rows,
                     size_t *n_rows, struct ms_err *err);

#endif
