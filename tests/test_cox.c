/*
 * test_cox.c: Cox regression (analyze/cox.c) against R's coxph on
 * published data sets (tests/survival_data.h).  Expected figures:
 * computed with R 4.2.2, survival 3.5-3, the calls quoted at each case
 * (the ovarian fit is also the one printed in survival's own
 * documentation: age 0.1615 (se 0.0499), ecog.ps 0.0187 (se 0.599)).
 */
#include "testutil.h"

#include <gsl/gsl_errno.h>

#include "cox.h"
#include "survival_data.h"

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

static struct cox_fit *fit(const double *time, const int *event,
                           const int *stratum, const double *x, size_t n,
                           size_t p, enum cox_ties ties)
{
    struct cox_fit *f = NULL;
    struct ms_err e = {{0}};

    if (cox_fit(time, event, stratum, x, n, p, ties, &f, &e) != MS_OK)
        fail_msg("cox_fit failed: %s", e.msg);
    return f;
}

/* coxph(Surv(futime, fustat) ~ age + ecog.ps, ovarian); no tied event
 * times, so Breslow gives the same. */
static void ovarian_case(enum cox_ties ties)
{
    double time[OVARIAN_N], x[OVARIAN_N * 2];
    int event[OVARIAN_N];
    struct cox_fit *f;

    for (size_t i = 0; i < OVARIAN_N; i++) {
        time[i] = ovarian[i].futime;
        event[i] = ovarian[i].fustat;
        x[i * 2] = ovarian[i].age;
        x[i * 2 + 1] = ovarian[i].ecog_ps;
    }
    f = fit(time, event, NULL, x, OVARIAN_N, 2, ties);
    assert_int_equal(f->outcome, COX_CONVERGED);
    assert_close(f->beta[0], 0.161501220364668, 1e-6);
    assert_close(f->beta[1], 0.018661860233282, 1e-6);
    assert_close(f->se[0], 0.0499225872610138, 1e-6);
    assert_close(f->se[1], 0.5990845877624359, 1e-6);
    assert_close(f->loglik_null, -34.9849403711626, 1e-6);
    assert_close(f->loglik, -27.8376616960132, 1e-6);
    assert_false(f->infinite[0] || f->infinite[1]);
    assert_true(cox_term_ok(f, 0) && cox_term_ok(f, 1));
    /* summary(fit)$coef[, 5]: Wald p of age */
    assert_close(cox_wald_p(f, 0), 0.001216286457, 1e-9);
    cox_fit_free(f);
}

static void test_cox__ovarian_efron(void **state)
{
    (void)state;
    ovarian_case(COX_EFRON);
}

static void test_cox__ovarian_breslow(void **state)
{
    (void)state;
    ovarian_case(COX_BRESLOW);
}

/* The veteran data as arrays, karno and age as covariates. */
static void veteran_arrays(double *time, int *event, int *stratum, double *x)
{
    for (size_t i = 0; i < VETERAN_N; i++) {
        time[i] = veteran[i].time;
        event[i] = veteran[i].status;
        stratum[i] = veteran[i].celltype;
        x[i * 2] = veteran[i].karno;
        x[i * 2 + 1] = veteran[i].age;
    }
}

/* coxph(Surv(time, status) ~ karno + age + strata(celltype), veteran),
 * ties = "efron" (the default) and "breslow": veteran has tied times. */
static void test_cox__veteran_strata_efron_and_breslow(void **state)
{
    double time[VETERAN_N], x[VETERAN_N * 2];
    int event[VETERAN_N], stratum[VETERAN_N];
    struct cox_fit *f;

    (void)state;
    veteran_arrays(time, event, stratum, x);
    f = fit(time, event, stratum, x, VETERAN_N, 2, COX_EFRON);
    assert_int_equal(f->outcome, COX_CONVERGED);
    assert_close(f->beta[0], -0.03681247357513918, 1e-6);
    assert_close(f->beta[1], -0.00859927130076143, 1e-6);
    assert_close(f->se[0], 0.00572323599505670, 1e-6);
    assert_close(f->se[1], 0.00948780030361733, 1e-6);
    assert_close(f->loglik_null, -338.736207226184, 1e-6);
    assert_close(f->loglik, -317.846081542124, 1e-6);
    assert_int_equal(f->iter, 4);    /* fit$iter */
    cox_fit_free(f);

    f = fit(time, event, stratum, x, VETERAN_N, 2, COX_BRESLOW);
    assert_int_equal(f->outcome, COX_CONVERGED);
    assert_close(f->beta[0], -0.03656116531022923, 1e-6);
    assert_close(f->beta[1], -0.00853777235545813, 1e-6);
    assert_close(f->se[0], 0.00571378994339313, 1e-6);
    assert_close(f->se[1], 0.00948617244619176, 1e-6);
    assert_close(f->loglik_null, -339.141598423308, 1e-6);
    assert_close(f->loglik, -318.471568820690, 1e-6);
    cox_fit_free(f);

    /* coxph(Surv(time, status) ~ karno + age, veteran): without strata */
    f = fit(time, event, NULL, x, VETERAN_N, 2, COX_EFRON);
    assert_close(f->beta[0], -0.03370683485016529, 1e-6);
    assert_close(f->beta[1], -0.00239163617321447, 1e-6);
    assert_close(f->se[0], 0.00519852135167535, 1e-6);
    assert_close(f->se[1], 0.00907729808121817, 1e-6);
    cox_fit_free(f);
}

/* The input order does not matter: the veteran data reversed. */
static void test_cox__input_order_does_not_matter(void **state)
{
    double time[VETERAN_N], x[VETERAN_N * 2], rt[VETERAN_N],
        rx[VETERAN_N * 2];
    int event[VETERAN_N], stratum[VETERAN_N], re[VETERAN_N], rs[VETERAN_N];
    struct cox_fit *a, *b;

    (void)state;
    veteran_arrays(time, event, stratum, x);
    for (size_t i = 0; i < VETERAN_N; i++) {
        size_t j = VETERAN_N - 1 - i;
        rt[i] = time[j];
        re[i] = event[j];
        rs[i] = stratum[j];
        rx[i * 2] = x[j * 2];
        rx[i * 2 + 1] = x[j * 2 + 1];
    }
    a = fit(time, event, stratum, x, VETERAN_N, 2, COX_EFRON);
    b = fit(rt, re, rs, rx, VETERAN_N, 2, COX_EFRON);
    assert_close(a->beta[0], b->beta[0], 1e-12);
    assert_close(a->se[1], b->se[1], 1e-12);
    cox_fit_free(a);
    cox_fit_free(b);
}

/*
 * A covariate that separates: every event before time 5 has x = 1.  R:
 *   d <- data.frame(time = 1:8, status = c(1,1,1,0,1,0,0,0),
 *                   x = c(1,1,1,1,0,0,0,0)); coxph(Surv(time, status) ~ x, d)
 * warns "Loglik converged before variable 1; coefficient may be infinite"
 * (coef 21.63 after 20 iterations).  Beside it, a case R fits plainly:
 *   status = c(1,1,0,1,1,0,1,0), x = c(1,0,1,1,0,0,1,0): coef
 *   0.775156450351567, se 0.931388237759753.
 */
static void test_cox__flags_a_possibly_infinite_coefficient(void **state)
{
    static const double time[] = {1, 2, 3, 4, 5, 6, 7, 8};
    static const int ev1[] = {1, 1, 1, 0, 1, 0, 0, 0};
    static const double x1[] = {1, 1, 1, 1, 0, 0, 0, 0};
    static const int ev2[] = {1, 1, 0, 1, 1, 0, 1, 0};
    static const double x2[] = {1, 0, 1, 1, 0, 0, 1, 0};
    struct cox_fit *f;

    (void)state;
    f = fit(time, ev1, NULL, x1, 8, 1, COX_EFRON);
    assert_int_equal(f->outcome, COX_CONVERGED);
    assert_true(f->infinite[0]);
    assert_true(f->beta[0] > 10.0);
    assert_false(cox_term_ok(f, 0));
    assert_true(isnan(cox_wald_p(f, 0)));
    cox_fit_free(f);

    f = fit(time, ev2, NULL, x2, 8, 1, COX_EFRON);
    assert_int_equal(f->outcome, COX_CONVERGED);
    assert_false(f->infinite[0]);
    assert_close(f->beta[0], 0.775156450351567, 1e-6);
    assert_close(f->se[0], 0.931388237759753, 1e-6);
    cox_fit_free(f);
}

/* No event, or a constant covariate: singular, every figure NAN. */
static void test_cox__singular_without_events_or_with_a_constant(void **state)
{
    static const double time[] = {1, 2, 3, 4};
    static const int none[] = {0, 0, 0, 0}, some[] = {1, 0, 1, 0};
    static const double x[] = {1, 0, 1, 0}, c[] = {2, 2, 2, 2};
    struct cox_fit *f;

    (void)state;
    f = fit(time, none, NULL, x, 4, 1, COX_EFRON);
    assert_int_equal(f->outcome, COX_SINGULAR);
    assert_true(isnan(f->beta[0]) && isnan(f->se[0]));
    cox_fit_free(f);
    f = fit(time, some, NULL, c, 4, 1, COX_EFRON);
    assert_int_equal(f->outcome, COX_SINGULAR);
    assert_false(cox_term_ok(f, 0));
    cox_fit_free(f);
}

/* A term that is a linear combination of earlier ones is aliased, as R:
 *   o <- ovarian; o$a2 <- 2 * o$age + o$ecog.ps
 *   coxph(Surv(futime, fustat) ~ age + ecog.ps + a2, o)
 * gives age 0.161501220364668, ecog.ps 0.018661860233282 (the fit
 * without a2) and NA for a2. */
static void test_cox__aliased_term_is_left_out(void **state)
{
    double time[OVARIAN_N], x[OVARIAN_N * 3];
    int event[OVARIAN_N];
    struct cox_fit *f;

    (void)state;
    for (size_t i = 0; i < OVARIAN_N; i++) {
        time[i] = ovarian[i].futime;
        event[i] = ovarian[i].fustat;
        x[i * 3] = ovarian[i].age;
        x[i * 3 + 1] = ovarian[i].ecog_ps;
        x[i * 3 + 2] = 2 * ovarian[i].age + ovarian[i].ecog_ps;
    }
    f = fit(time, event, NULL, x, OVARIAN_N, 3, COX_EFRON);
    assert_int_equal(f->outcome, COX_CONVERGED);
    assert_false(f->aliased[0] || f->aliased[1]);
    assert_true(f->aliased[2]);
    assert_close(f->beta[0], 0.161501220364668, 1e-6);
    assert_close(f->beta[1], 0.018661860233282, 1e-6);
    assert_close(f->se[0], 0.0499225872610138, 1e-6);
    assert_close(f->se[1], 0.5990845877624359, 1e-6);
    assert_true(isnan(f->beta[2]));
    assert_true(cox_term_ok(f, 0) && !cox_term_ok(f, 2));
    assert_true(isnan(cox_wald_p(f, 2)));
    cox_fit_free(f);
}

static void test_cox__refuses_bad_input(void **state)
{
    static const double time[] = {1, 2}, x[] = {0, 1};
    static const int bad[] = {1, 2};
    double nan_time[] = {1, NAN};
    static const int ok[] = {1, 0};
    struct cox_fit *f = NULL;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(cox_fit(time, bad, NULL, x, 2, 1, COX_EFRON, &f, &e),
                     MS_DATAERR);
    assert_string_equal(e.msg, "subject 1: event 2 is not 0 or 1");
    err_clear(&e);
    assert_int_equal(cox_fit(nan_time, ok, NULL, x, 2, 1, COX_EFRON, &f, &e),
                     MS_DATAERR);
    assert_string_equal(e.msg, "subject 1: time is not finite");
    err_clear(&e);
    assert_int_equal(cox_fit(time, ok, NULL, x, 2, 0, COX_EFRON, &f, &e),
                     MS_SOFTWARE);
    assert_null(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cox__ovarian_efron),
        cmocka_unit_test(test_cox__ovarian_breslow),
        cmocka_unit_test(test_cox__veteran_strata_efron_and_breslow),
        cmocka_unit_test(test_cox__input_order_does_not_matter),
        cmocka_unit_test(test_cox__flags_a_possibly_infinite_coefficient),
        cmocka_unit_test(test_cox__singular_without_events_or_with_a_constant),
        cmocka_unit_test(test_cox__aliased_term_is_left_out),
        cmocka_unit_test(test_cox__refuses_bad_input),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
