/*
 * test_km.c: Kaplan-Meier curve, summary at times and quantiles
 * (analyze/km.c) against R's survival package.
 */
#include "testutil.h"

#include <string.h>

#include <gsl/gsl_errno.h>

#include "dates.h"
#include "km.h"

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* The aml data: Miller (1981), Survival Analysis, p. 49; R survival's
 * `aml` (weeks to relapse of acute myelogenous leukaemia). */
static const double aml_m_time[] = {9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161};
static const int aml_m_status[] = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0};
static const double aml_n_time[] = {5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45};
static const int aml_n_status[] = {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};

static struct km_curve *fit(const double *time, const int *status, size_t n,
                            enum km_conf_type conf)
{
    struct km_curve *c = NULL;
    struct ms_err e = {{0}};

    if (km_fit(time, status, n, conf, &c, &e) != MS_OK)
        fail_msg("km_fit failed: %s", e.msg);
    return c;
}

static const struct km_row *row_at(const struct km_curve *c, double t)
{
    for (size_t i = 0; i < c->n_rows; i++)
        if (c->rows[i].time == t)
            return &c->rows[i];
    fail_msg("no row at time %g", t);
    return NULL;
}

/* One printed line of summary(survfit(Surv(time, status) ~ x, aml)):
 * time n.risk n.event survival std.err lower upper (R's default
 * conf.type = "log"), each to the decimals R prints; NAN for NaN/NA. */
struct printed_row {
    double time;
    size_t n_risk, n_event;
    double surv, surv_tol, std_err, se_tol, lower, upper, ci_tol;
};

/* therneau/survival tests/doaml.Rout.save, summary(fit) of
 * survfit(Surv(aml$time, aml$status) ~ aml$x). */
static const struct printed_row aml_maintained[] = {
    {9, 11, 1, 0.909, 5e-4, 0.0867, 5e-5, 0.7541, 1.000, 5e-4},
    {13, 10, 1, 0.818, 5e-4, 0.1163, 5e-5, 0.6192, 1.000, 5e-4},
    {18, 8, 1, 0.716, 5e-4, 0.1397, 5e-5, 0.4884, 1.000, 5e-4},
    {23, 7, 1, 0.614, 5e-4, 0.1526, 5e-5, 0.3769, 0.999, 5e-4},
    {31, 5, 1, 0.491, 5e-4, 0.1642, 5e-5, 0.2549, 0.946, 5e-4},
    {34, 4, 1, 0.368, 5e-4, 0.1627, 5e-5, 0.1549, 0.875, 5e-4},
    {48, 2, 1, 0.184, 5e-4, 0.1535, 5e-5, 0.0359, 0.944, 5e-4},
};
static const struct printed_row aml_nonmaintained[] = {
    {5, 12, 2, 0.8333, 5e-5, 0.1076, 5e-5, 0.6470, 1.000, 5e-4},
    {8, 10, 2, 0.6667, 5e-5, 0.1361, 5e-5, 0.4468, 0.995, 5e-4},
    {12, 8, 1, 0.5833, 5e-5, 0.1423, 5e-5, 0.3616, 0.941, 5e-4},
    {23, 6, 1, 0.4861, 5e-5, 0.1481, 5e-5, 0.2675, 0.883, 5e-4},
    {27, 5, 1, 0.3889, 5e-5, 0.1470, 5e-5, 0.1854, 0.816, 5e-4},
    {30, 4, 1, 0.2917, 5e-5, 0.1387, 5e-5, 0.1148, 0.741, 5e-4},
    {33, 3, 1, 0.1944, 5e-5, 0.1219, 5e-5, 0.0569, 0.664, 5e-4},
    {43, 2, 1, 0.0972, 5e-5, 0.0919, 5e-5, 0.0153, 0.620, 5e-4},
    {45, 1, 1, 0.0000, 5e-5, NAN, 0, NAN, NAN, 0},
};

static void check_printed(const struct km_curve *c,
                          const struct printed_row *p, size_t n,
                          int check_limits)
{
    for (size_t i = 0; i < n; i++) {
        const struct km_row *r = row_at(c, p[i].time);
        double se_s = r->std_err * r->surv;  /* R prints SE(S) = S SE(log S) */

        assert_int_equal(r->n_risk, p[i].n_risk);
        assert_int_equal(r->n_event, p[i].n_event);
        assert_close(r->surv, p[i].surv, p[i].surv_tol);
        if (isnan(p[i].std_err)) {
            /* S = 0: SE(log S) infinite, R prints NaN; limits NA */
            assert_true(isinf(r->std_err));
            assert_true(isnan(r->lower) && isnan(r->upper));
            continue;
        }
        assert_close(se_s, p[i].std_err, p[i].se_tol);
        if (check_limits) {
            assert_close(r->lower, p[i].lower, p[i].ci_tol);
            assert_close(r->upper, p[i].upper, p[i].ci_tol);
        }
    }
}

static void test_km__aml_matches_r_summary(void **state)
{
    struct km_curve *m = fit(aml_m_time, aml_m_status, 11, KM_CONF_LOG);
    struct km_curve *n = fit(aml_n_time, aml_n_status, 12, KM_CONF_LOG);

    (void)state;
    check_printed(m, aml_maintained, 7, 1);
    check_printed(n, aml_nonmaintained, 9, 1);
    /* censorings are rows too: 13 has one event and one censoring, 28 and
     * 161 only censorings (survfit's time vector) */
    assert_int_equal(m->n_rows, 10);
    assert_int_equal(row_at(m, 13)->n_censor, 1);
    assert_int_equal(row_at(m, 28)->n_event, 0);
    assert_close(row_at(m, 28)->surv, 0.614, 5e-4);
    assert_int_equal(row_at(m, 161)->n_risk, 1);
    km_curve_free(m);
    km_curve_free(n);
}

/* The same curves with conf.type = "log-log": S and SE do not depend on
 * the transformation, and the limits bracket S. */
static void test_km__aml_log_log_keeps_estimate(void **state)
{
    struct km_curve *m = fit(aml_m_time, aml_m_status, 11, KM_CONF_LOG_LOG);
    struct km_curve *n = fit(aml_n_time, aml_n_status, 12, KM_CONF_LOG_LOG);

    (void)state;
    check_printed(m, aml_maintained, 7, 0);
    check_printed(n, aml_nonmaintained, 9, 0);
    for (size_t i = 0; i < m->n_rows; i++) {
        const struct km_row *r = &m->rows[i];
        assert_true(r->lower < r->surv && r->surv < r->upper);
        assert_true(r->lower > 0.0 && r->upper < 1.0);
    }
    km_curve_free(m);
    km_curve_free(n);
}

/* A published worked log-log interval: University of Virginia Library
 * StatLab, "Pointwise Confidence Interval Estimates of Survivor
 * Functions": S(13) = 0.88 with SE 0.0650, log(-log S) = -2.057, its SE
 * 0.5777, interval -2.057 -+ 1.96 * 0.5777 = (-3.1894, -0.9247) on the
 * log(-log) scale.  Here: 25 subjects, 3 events by day 13 (no censoring,
 * so Greenwood's SE of S is the binomial 0.0650). */
static void test_km__log_log_matches_worked_example(void **state)
{
    double time[25];
    int status[25];
    struct km_curve *c;
    const struct km_row *r;

    (void)state;
    for (int i = 0; i < 25; i++) {
        time[i] = 20.0 + i;
        status[i] = 1;
    }
    time[0] = 2;
    time[1] = 5;
    time[2] = 13;
    c = fit(time, status, 25, KM_CONF_LOG_LOG);
    r = row_at(c, 13);
    assert_close(r->surv, 0.88, 1e-12);
    assert_close(r->std_err * r->surv, 0.0650, 5e-5);
    assert_close(log(-log(r->surv)), -2.057, 5e-4);
    assert_close(r->std_err / fabs(log(r->surv)), 0.5777, 5e-5);
    /* the upper survival limit is the lower log(-log) limit */
    assert_close(log(-log(r->upper)), -3.1894, 3e-4);
    assert_close(log(-log(r->lower)), -0.9247, 3e-4);
    km_curve_free(c);
}

/* R's print(survfit(Surv(time, status) ~ x, aml)) in therneau/survival
 * tests/doaml.Rout.save: median 31 (0.95LCL 18, UCL NA) for Maintained,
 * 23 (8, NA) for Nonmaintained, default conf.type = "log".  The lower
 * limit comes from the lower limit curve. */
static void test_km__aml_median_matches_r(void **state)
{
    struct km_curve *m = fit(aml_m_time, aml_m_status, 11, KM_CONF_LOG);
    struct km_curve *n = fit(aml_n_time, aml_n_status, 12, KM_CONF_LOG);
    struct km_quantile q;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(km_median(m, &q, &e), MS_OK);
    assert_true(q.time == 31 && q.lower == 18 && isnan(q.upper));
    assert_int_equal(km_median(n, &q, &e), MS_OK);
    assert_true(q.time == 23 && q.lower == 8 && isnan(q.upper));
    km_curve_free(m);
    km_curve_free(n);
}

/* therneau/survival tests/quantile.R (Rout.save): test1 without its row of
 * missing status; "True survival = (6/7) * (3/5) * (1/2)", and the q's
 * "include a point < first jump, mid, after last jump, and exact
 * intersections with the flats of the curve".  quantile(fit, 1 - qq) for
 * qq = 13/14, 6/7, 2/3, .5, 9/35, .1, default conf.type = "log". */
struct quantile_case {
    const char *name;
    double time[7];
    int status[7];
    size_t n;
    double q[6], lower[6], upper[6];
};

static const struct quantile_case quantile_cases[] = {
    {"overall", {9, 1, 1, 6, 6, 8, 10}, {1, 1, 0, 1, 1, 0, 0}, 7,
     {1, 3.5, 6, 9, 9.5, NAN}, {1, 1, 1, 6, 6, 9},
     {NAN, NAN, NAN, NAN, NAN, NAN}},
    /* curve 0: (t=6, S=3/4), (t=9, S=3/8) */
    {"x=0", {9, 6, 8, 10}, {1, 1, 0, 0}, 4,
     {6, 6, 9, 9, NAN, NAN}, {6, 6, 6, 6, 9, 9},
     {NAN, NAN, NAN, NAN, NAN, NAN}},
    /* curve 1: (t=1, S=2/3), (t=6, S=0) */
    {"x=1", {1, 1, 6}, {1, 0, 1}, 3,
     {1, 1, 3.5, 6, 6, 6}, {1, 1, 1, 1, NAN, NAN},
     {NAN, NAN, NAN, NAN, NAN, NAN}},
};

static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || fabs(a - b) < 1e-12;
}

static void test_km__quantiles_match_survival_tests(void **state)
{
    static const double qq[] = {13.0 / 14, 6.0 / 7, 2.0 / 3, 0.5, 9.0 / 35, 0.1};

    (void)state;
    for (size_t i = 0; i < sizeof quantile_cases / sizeof quantile_cases[0];
         i++) {
        const struct quantile_case *c = &quantile_cases[i];
        struct km_curve *k = fit(c->time, c->status, c->n, KM_CONF_LOG);

        for (size_t j = 0; j < 6; j++) {
            struct km_quantile q;
            struct ms_err e = {{0}};

            assert_int_equal(km_quantile_at(k, 1.0 - qq[j], &q, &e), MS_OK);
            if (!same(q.time, c->q[j]) || !same(q.lower, c->lower[j]) ||
                !same(q.upper, c->upper[j]))
                fail_msg("%s p=%g: %g (%g, %g), expected %g (%g, %g)",
                         c->name, 1.0 - qq[j], q.time, q.lower, q.upper,
                         c->q[j], c->lower[j], c->upper[j]);
        }
        km_curve_free(k);
    }
}

/* quantile.survfit's rule at 0.5 on curves that sit exactly at 0.5:
 * midpoint to the next drop, or to the last time when it never drops. */
static void test_km__median_on_a_flat_at_one_half(void **state)
{
    /* S = 1/2 on [2, 7), drops at 7: median (2 + 7) / 2 */
    static const double t1[] = {2, 2, 7, 9};
    static const int s1[] = {1, 1, 1, 0};
    /* S = 1/2 from 5 to the end (last time 10, a censoring): (5 + 10) / 2 */
    static const double t2[] = {3, 5, 8, 10};
    static const int s2[] = {1, 1, 0, 0};
    struct km_curve *c;
    struct km_quantile q;
    struct ms_err e = {{0}};

    (void)state;
    c = fit(t1, s1, 4, KM_CONF_LOG_LOG);
    assert_true(c->rows[0].surv == 0.5);
    assert_int_equal(km_median(c, &q, &e), MS_OK);
    assert_true(q.time == 4.5);
    km_curve_free(c);

    c = fit(t2, s2, 4, KM_CONF_LOG_LOG);
    assert_close(row_at(c, 5)->surv, 0.5, 1e-15);
    assert_int_equal(km_median(c, &q, &e), MS_OK);
    assert_true(q.time == 7.5);
    km_curve_free(c);
}

/* summary(fit, times = ...) semantics (summary.survfit): surv at the last
 * curve time <= t, n.risk = number with time >= t, n.event and n.censor
 * summed over (previous t, t]; times past the last time dropped
 * (extend = FALSE).  Expected figures are the published aml rows above. */
static void test_km__at_reads_summary_times(void **state)
{
    static const double at[] = {0, 10, 13, 30, 161, 200};
    struct km_curve *m = fit(aml_m_time, aml_m_status, 11, KM_CONF_LOG);
    struct km_row rows[6];
    size_t n_rows = 99;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(km_at(m, at, 6, rows, &n_rows, &e), MS_OK);
    assert_int_equal(n_rows, 5);
    /* day 0: before any event */
    assert_int_equal(rows[0].n_risk, 11);
    assert_int_equal(rows[0].n_event, 0);
    assert_int_equal(rows[0].n_censor, 0);
    assert_true(rows[0].surv == 1 && rows[0].lower == 1 && rows[0].upper == 1);
    assert_true(rows[0].std_err == 0);
    /* day 10: the row of 9; 10 still at risk (n.risk at 13 is 10) */
    assert_int_equal(rows[1].n_risk, 10);
    assert_int_equal(rows[1].n_event, 1);
    assert_int_equal(rows[1].n_censor, 0);
    assert_close(rows[1].surv, 0.909, 5e-4);
    assert_close(rows[1].lower, 0.7541, 5e-4);
    /* day 13: an event and a censoring at 13 itself */
    assert_int_equal(rows[2].n_risk, 10);
    assert_int_equal(rows[2].n_event, 1);
    assert_int_equal(rows[2].n_censor, 1);
    assert_close(rows[2].surv, 0.818, 5e-4);
    /* day 30: events 18 and 23, censoring 28; n.risk at 31 is 5 */
    assert_int_equal(rows[3].n_risk, 5);
    assert_int_equal(rows[3].n_event, 2);
    assert_int_equal(rows[3].n_censor, 1);
    assert_close(rows[3].surv, 0.614, 5e-4);
    assert_close(rows[3].upper, 0.999, 5e-4);
    /* day 161: the last time; events 31 34 48, censorings 45 161 */
    assert_int_equal(rows[4].n_risk, 1);
    assert_int_equal(rows[4].n_event, 3);
    assert_int_equal(rows[4].n_censor, 2);
    assert_close(rows[4].surv, 0.184, 5e-4);
    km_curve_free(m);
}

/* results.md months: day floor(30.4375 m + 0.5), rows while n_risk > 0. */
static void test_km__months_stop_when_nobody_is_at_risk(void **state)
{
    static const double time[] = {10, 40, 75, 100};
    static const int status[] = {1, 2, 0, 1};
    double at[37];
    struct km_row rows[37];
    size_t n_rows = 0;
    struct km_curve *c = fit(time, status, 4, KM_CONF_LOG_LOG);
    struct ms_err e = {{0}};

    (void)state;
    for (int m = 0; m <= 36; m++)
        at[m] = date_months_to_days(m);
    assert_int_equal(km_at(c, at, 37, rows, &n_rows, &e), MS_OK);
    /* days 0, 30, 61, 91 have someone at risk; day 122 has not */
    assert_int_equal(n_rows, 4);
    assert_int_equal(rows[3].n_risk, 1);
    assert_int_equal(rows[3].n_event, 0);
    assert_int_equal(rows[3].n_censor, 1);  /* 75 censored */
    assert_close(rows[3].surv, 0.75, 1e-15);
    assert_int_equal(rows[2].n_censor, 1);   /* status 2 is a censoring */
    km_curve_free(c);
}

/* With no censoring the Kaplan-Meier curve is the empirical survival
 * function 1 - F(t) = #(time > t) / n (Kaplan & Meier 1958, sec. 1). */
static void test_km__without_censoring_is_empirical(void **state)
{
    static const double time[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};
    int status[12];
    struct km_curve *c;

    (void)state;
    for (int i = 0; i < 12; i++)
        status[i] = 1;
    c = fit(time, status, 12, KM_CONF_LOG_LOG);
    for (size_t j = 0; j < c->n_rows; j++) {
        int above = 0;
        for (int i = 0; i < 12; i++)
            above += time[i] > c->rows[j].time;
        assert_close(c->rows[j].surv, above / 12.0, 1e-14);
    }
    assert_int_equal(c->n_rows, 8);
    km_curve_free(c);
}

static void test_km__edge_cases(void **state)
{
    struct km_curve *c;
    struct km_quantile q;
    struct ms_err e = {{0}};
    struct km_row rows[3];
    size_t n_rows;
    static const double at[] = {0, 1, 5};

    (void)state;
    /* one subject with the event: S drops to 0, limits absent; R's
     * quantile gives the median 5 with both limits NA */
    {
        static const double t[] = {5};
        static const int s[] = {1};
        c = fit(t, s, 1, KM_CONF_LOG_LOG);
        assert_int_equal(c->n_rows, 1);
        assert_true(c->rows[0].surv == 0 && isinf(c->rows[0].std_err));
        assert_true(isnan(c->rows[0].lower) && isnan(c->rows[0].upper));
        assert_int_equal(km_median(c, &q, &e), MS_OK);
        assert_true(q.time == 5 && isnan(q.lower) && isnan(q.upper));
        km_curve_free(c);
    }
    /* no events (censored and completed only): S = 1, [1, 1], no median */
    {
        static const double t[] = {4, 2, 7};
        static const int s[] = {0, 2, 0};
        c = fit(t, s, 3, KM_CONF_LOG_LOG);
        for (size_t i = 0; i < c->n_rows; i++) {
            assert_true(c->rows[i].surv == 1 && c->rows[i].std_err == 0);
            assert_true(c->rows[i].lower == 1 && c->rows[i].upper == 1);
            assert_int_equal(c->rows[i].n_event, 0);
        }
        assert_int_equal(km_median(c, &q, &e), MS_OK);
        assert_true(isnan(q.time) && isnan(q.lower) && isnan(q.upper));
        km_curve_free(c);
    }
    /* ties: the two censorings at 2 are still at risk for the event at 2
     * (R: events before censorings), so S(2) = 3/4, then one at risk */
    {
        static const double t[] = {2, 2, 2, 3};
        static const int s[] = {0, 1, 0, 1};
        c = fit(t, s, 4, KM_CONF_LOG_LOG);
        assert_int_equal(c->rows[0].n_risk, 4);
        assert_int_equal(c->rows[0].n_event, 1);
        assert_int_equal(c->rows[0].n_censor, 2);
        assert_close(c->rows[0].surv, 0.75, 1e-15);
        assert_close(c->rows[0].std_err, sqrt(1.0 / 12.0), 1e-15);
        assert_int_equal(c->rows[1].n_risk, 1);
        assert_true(c->rows[1].surv == 0);
        km_curve_free(c);
    }
    /* everything ends at day 0: no row is added before it (survfit0) */
    {
        static const double t[] = {0, 0, 0};
        static const int s[] = {1, 0, 2};
        c = fit(t, s, 3, KM_CONF_LOG_LOG);
        assert_int_equal(km_at(c, at, 3, rows, &n_rows, &e), MS_OK);
        assert_int_equal(n_rows, 1);
        assert_int_equal(rows[0].n_risk, 3);
        assert_int_equal(rows[0].n_event, 1);
        assert_int_equal(rows[0].n_censor, 2);
        assert_close(rows[0].surv, 2.0 / 3.0, 1e-15);
        km_curve_free(c);
    }
    /* no subjects: an empty curve, no rows, no median */
    c = fit(NULL, NULL, 0, KM_CONF_LOG_LOG);
    assert_int_equal(c->n_rows, 0);
    n_rows = 7;
    assert_int_equal(km_at(c, at, 3, rows, &n_rows, &e), MS_OK);
    assert_int_equal(n_rows, 0);
    assert_int_equal(km_median(c, &q, &e), MS_OK);
    assert_true(isnan(q.time) && isnan(q.lower) && isnan(q.upper));
    km_curve_free(c);
    km_curve_free(NULL);
}

/* Refused input: status, error text, and the output left alone. */
struct bad_fit {
    double time;
    int status;
    enum ms_status expect;
    const char *msg;
};

static void test_km__bad_input_refused(void **state)
{
    static const struct bad_fit cases[] = {
        {-1, 1, MS_DATAERR, "subject 1: time -1 is not a number of days >= 0"},
        {NAN, 0, MS_DATAERR, "subject 1: time nan is not a number of days >= 0"},
        {INFINITY, 0, MS_DATAERR,
         "subject 1: time inf is not a number of days >= 0"},
        {3, 3, MS_DATAERR, "subject 1: status 3 is not 0, 1 or 2"},
        {3, -1, MS_DATAERR, "subject 1: status -1 is not 0, 1 or 2"},
    };
    struct km_curve *sentinel = (struct km_curve *)&cases, *c = sentinel;
    struct km_row rows[2];
    size_t n_rows = 5;
    struct km_quantile q = {1, 2, 3};
    struct ms_err e;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double t[2] = {1, cases[i].time};
        int s[2] = {1, cases[i].status};

        err_clear(&e);
        assert_int_equal(km_fit(t, s, 2, KM_CONF_LOG_LOG, &c, &e),
                         cases[i].expect);
        assert_string_equal(e.msg, cases[i].msg);
        assert_ptr_equal(c, sentinel);
    }
    err_clear(&e);
    assert_int_equal(km_fit(NULL, NULL, 1, KM_CONF_LOG_LOG, &c, &e),
                     MS_SOFTWARE);
    assert_int_equal(km_fit(aml_m_time, aml_m_status, 11, (enum km_conf_type)7,
                            &c, &e),
                     MS_SOFTWARE);
    assert_int_equal(km_fit(aml_m_time, aml_m_status, 11, KM_CONF_LOG_LOG,
                            NULL, &e),
                     MS_SOFTWARE);
    assert_ptr_equal(c, sentinel);

    c = fit(aml_m_time, aml_m_status, 11, KM_CONF_LOG_LOG);
    {
        static const double down[] = {5, 3};
        static const double equal[] = {5, 5};
        static const double negative[] = {-1, 3};
        static const double nan_at[] = {0, NAN};

        err_clear(&e);
        assert_int_equal(km_at(c, down, 2, rows, &n_rows, &e), MS_SOFTWARE);
        assert_string_equal(e.msg, "km_at: time 1 (3) is not >= 0 and above "
                                   "the one before");
        assert_int_equal(n_rows, 0);
        assert_int_equal(km_at(c, equal, 2, rows, &n_rows, &e), MS_SOFTWARE);
        assert_int_equal(km_at(c, negative, 2, rows, &n_rows, &e),
                         MS_SOFTWARE);
        assert_int_equal(km_at(c, nan_at, 2, rows, &n_rows, &e), MS_SOFTWARE);
        assert_int_equal(km_at(c, NULL, 2, rows, &n_rows, &e), MS_SOFTWARE);
        assert_int_equal(km_at(NULL, down, 0, rows, &n_rows, &e), MS_SOFTWARE);
    }
    err_clear(&e);
    assert_int_equal(km_quantile_at(c, 0.0, &q, &e), MS_SOFTWARE);
    assert_string_equal(e.msg,
                        "km_quantile_at: share 0 is not between 0 and 1");
    assert_int_equal(km_quantile_at(c, 1.0, &q, &e), MS_SOFTWARE);
    assert_int_equal(km_quantile_at(c, NAN, &q, &e), MS_SOFTWARE);
    assert_int_equal(km_quantile_at(NULL, 0.5, &q, &e), MS_SOFTWARE);
    assert_true(q.time == 1 && q.lower == 2 && q.upper == 3);
    assert_int_equal(km_median(c, NULL, &e), MS_SOFTWARE);
    km_curve_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_km__aml_matches_r_summary),
        cmocka_unit_test(test_km__aml_log_log_keeps_estimate),
        cmocka_unit_test(test_km__log_log_matches_worked_example),
        cmocka_unit_test(test_km__aml_median_matches_r),
        cmocka_unit_test(test_km__quantiles_match_survival_tests),
        cmocka_unit_test(test_km__median_on_a_flat_at_one_half),
        cmocka_unit_test(test_km__at_reads_summary_times),
        cmocka_unit_test(test_km__months_stop_when_nobody_is_at_risk),
        cmocka_unit_test(test_km__without_censoring_is_empirical),
        cmocka_unit_test(test_km__edge_cases),
        cmocka_unit_test(test_km__bad_input_refused),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
