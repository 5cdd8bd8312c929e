/*
 * test_aj.c: Aalen-Johansen cumulative incidence (analyze/aj.c).
 */
#include "testutil.h"

#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "aj.h"
#include "km.h"

static int group_setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

static size_t at_rows(const double *time, const int *status, size_t n,
                      const double *at, size_t n_at, struct aj_row *rows)
{
    size_t n_rows = 0;
    struct ms_err e = {{0}};

    if (aj_at(time, status, n, at, n_at, rows, &n_rows, &e) != MS_OK)
        fail_msg("aj_at failed: %s", e.msg);
    return n_rows;
}

/*
 * therneau/survival tests/testci.R, "First trivial test" of the
 * competing-risks Aalen-Johansen curve of survfit(Surv(time,
 * factor(status*event)) ~ 1), worked by hand there (byhand()):
 *     time   1  2  2  3  3  3  5  6
 *     state  0  1  0  2  0  2  0  2     (0 censored)
 * P = (p0, p1, p2): (1, 0, 0) to time 2; (6/7, 1/7, 0) at 2;
 * ((6/7)(3/5), 1/7, 12/35) at 3 and 5; (0, 1/7, 6/7) at 6.  Its
 * summary(fit, times = c(0, 1, 3.5, 6, 7), extend = TRUE) has n.risk
 * 8, 8, 2, 1, 0 and those P; without extend the time 7 is dropped.
 */
static const double tci_time[] = {1, 2, 2, 3, 3, 3, 5, 6};
static const int tci_status[] = {0, 1, 0, 2, 0, 2, 0, 2};

static void test_aj__matches_survival_testci_by_hand(void **state)
{
    static const double at[] = {0, 1, 2, 3, 3.5, 5, 6, 7};
    static const struct {
        size_t n_risk;
        double cif1, cif2;
    } expect[] = {
        {8, 0, 0},
        {8, 0, 0},
        {7, 1.0 / 7, 0},
        {5, 1.0 / 7, 12.0 / 35},
        {2, 1.0 / 7, 12.0 / 35},
        {2, 1.0 / 7, 12.0 / 35},
        {1, 1.0 / 7, 6.0 / 7},
    };
    struct aj_row rows[8];
    size_t n = at_rows(tci_time, tci_status, 8, at, 8, rows);

    (void)state;
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++) {
        assert_true(rows[i].time == at[i]);
        assert_int_equal(rows[i].n_risk, expect[i].n_risk);
        assert_close(rows[i].cif1, expect[i].cif1, 1e-15);
        assert_close(rows[i].cif2, expect[i].cif2, 1e-15);
    }
}

/* A fixed pseudo-random cohort: times 0..59, status 0/1/2, with ties. */
static void cohort(double *time, int *status, size_t n, unsigned seed,
                   int censor)
{
    unsigned x = seed;

    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        time[i] = (double)((x >> 16) % 60);
        x = x * 1103515245u + 12345u;
        status[i] = (int)((x >> 16) % (censor ? 3u : 2u)) + (censor ? 0 : 1);
    }
}

/* The all-cause Kaplan-Meier S at the same times (both outcomes events). */
static void all_cause(const double *time, const int *status, size_t n,
                      const double *at, size_t n_at, double *s)
{
    int *any = malloc(n * sizeof *any);
    struct km_curve *c = NULL;
    struct km_row *rows = malloc(n_at * sizeof *rows);
    size_t n_rows = 0;
    struct ms_err e = {{0}};

    assert_non_null(any);
    assert_non_null(rows);
    for (size_t i = 0; i < n; i++)
        any[i] = status[i] != 0;
    assert_int_equal(km_fit(time, any, n, KM_CONF_LOG_LOG, &c, &e), MS_OK);
    assert_int_equal(km_at(c, at, n_at, rows, &n_rows, &e), MS_OK);
    for (size_t i = 0; i < n_rows; i++)
        s[i] = rows[i].surv;
    km_curve_free(c);
    free(rows);
    free(any);
}

/* Aalen & Johansen (1978): the state probabilities sum to 1, so
 * CIF_1 + CIF_2 = 1 - S(all causes) with or without censoring, each CIF is
 * non-decreasing and their sum never exceeds 1; without censoring the
 * CIFs are the empirical shares of each outcome by t. */
static void test_aj__cifs_add_up_to_all_cause_failure(void **state)
{
    double time[200], at[61], s[61];
    int status[200];
    struct aj_row rows[61];

    (void)state;
    for (int i = 0; i <= 60; i++)
        at[i] = i;
    for (int censor = 0; censor <= 1; censor++) {
        size_t n;

        cohort(time, status, 200, 2024u + (unsigned)censor, censor);
        n = at_rows(time, status, 200, at, 61, rows);
        all_cause(time, status, 200, at, n, s);
        for (size_t i = 0; i < n; i++) {
            assert_close(rows[i].cif1 + rows[i].cif2, 1.0 - s[i], 1e-12);
            assert_true(rows[i].cif1 + rows[i].cif2 <= 1.0 + 1e-12);
            if (i > 0) {
                assert_true(rows[i].cif1 >= rows[i - 1].cif1);
                assert_true(rows[i].cif2 >= rows[i - 1].cif2);
            }
            if (!censor) {
                int d1 = 0, d2 = 0;
                for (size_t j = 0; j < 200; j++) {
                    d1 += time[j] <= at[i] && status[j] == 1;
                    d2 += time[j] <= at[i] && status[j] == 2;
                }
                assert_close(rows[i].cif1, d1 / 200.0, 1e-12);
                assert_close(rows[i].cif2, d2 / 200.0, 1e-12);
            }
        }
    }
}

/* With one outcome only, the cumulative incidence is 1 - Kaplan-Meier. */
static void test_aj__one_outcome_is_one_minus_km(void **state)
{
    double time[150], at[61], s[61];
    int status[150];
    struct aj_row rows[61];
    size_t n;

    (void)state;
    cohort(time, status, 150, 7u, 1);
    for (size_t i = 0; i < 150; i++)
        if (status[i] == 2)
            status[i] = 0;
    for (int i = 0; i <= 60; i++)
        at[i] = i;
    n = at_rows(time, status, 150, at, 61, rows);
    all_cause(time, status, 150, at, n, s);
    assert_true(n > 50);
    for (size_t i = 0; i < n; i++) {
        assert_close(rows[i].cif1, 1.0 - s[i], 1e-12);
        assert_true(rows[i].cif2 == 0);
    }
}

static void test_aj__edge_cases(void **state)
{
    static const double at[] = {0, 10};
    struct aj_row rows[2];

    (void)state;
    /* everything ends at day 0 */
    {
        static const double t[] = {0, 0, 0, 0};
        static const int s[] = {1, 2, 2, 0};
        assert_int_equal(at_rows(t, s, 4, at, 2, rows), 1);
        assert_int_equal(rows[0].n_risk, 4);
        assert_close(rows[0].cif1, 0.25, 1e-15);
        assert_close(rows[0].cif2, 0.5, 1e-15);
    }
    /* all censored (active pairs): no incidence */
    {
        static const double t[] = {3, 12, 12};
        static const int s[] = {0, 0, 0};
        assert_int_equal(at_rows(t, s, 3, at, 2, rows), 2);
        assert_true(rows[1].cif1 == 0 && rows[1].cif2 == 0);
        assert_int_equal(rows[1].n_risk, 2);
    }
    /* one subject, completed on day 10: counted at 10 itself */
    {
        static const double t[] = {10};
        static const int s[] = {2};
        assert_int_equal(at_rows(t, s, 1, at, 2, rows), 2);
        assert_true(rows[0].cif2 == 0);
        assert_true(rows[1].cif2 == 1 && rows[1].cif1 == 0);
        assert_int_equal(rows[1].n_risk, 1);
    }
    /* no subjects, or no times */
    assert_int_equal(at_rows(NULL, NULL, 0, at, 2, rows), 0);
    assert_int_equal(at_rows(tci_time, tci_status, 8, NULL, 0, NULL), 0);
}

static void test_aj__bad_input_refused(void **state)
{
    static const double at[] = {0, 5};
    static const double down[] = {5, 5};
    struct aj_row rows[2];
    size_t n_rows;
    struct ms_err e;
    double t[2] = {1, -2};
    int s[2] = {1, 1};

    (void)state;
    err_clear(&e);
    n_rows = 9;
    assert_int_equal(aj_at(t, s, 2, at, 2, rows, &n_rows, &e), MS_DATAERR);
    assert_string_equal(e.msg,
                        "subject 1: time -2 is not a number of days >= 0");
    assert_int_equal(n_rows, 0);
    t[1] = 2;
    s[0] = 4;
    err_clear(&e);
    assert_int_equal(aj_at(t, s, 2, at, 2, rows, &n_rows, &e), MS_DATAERR);
    assert_string_equal(e.msg, "subject 0: status 4 is not 0, 1 or 2");
    s[0] = 1;
    err_clear(&e);
    assert_int_equal(aj_at(t, s, 2, down, 2, rows, &n_rows, &e), MS_SOFTWARE);
    assert_string_equal(e.msg, "aj_at: time 1 (5) is not >= 0 and above the "
                               "one before");
    assert_int_equal(aj_at(NULL, s, 2, at, 2, rows, &n_rows, &e), MS_SOFTWARE);
    assert_int_equal(aj_at(t, s, 2, at, 2, NULL, &n_rows, &e), MS_SOFTWARE);
    assert_int_equal(aj_at(t, s, 2, at, 2, rows, NULL, &e), MS_SOFTWARE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aj__matches_survival_testci_by_hand),
        cmocka_unit_test(test_aj__cifs_add_up_to_all_cause_failure),
        cmocka_unit_test(test_aj__one_outcome_is_one_minus_km),
        cmocka_unit_test(test_aj__edge_cases),
        cmocka_unit_test(test_aj__bad_input_refused),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
