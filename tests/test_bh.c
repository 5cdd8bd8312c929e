/*
 * test_bh.c: Benjamini-Hochberg adjusted p-values (analyze/bh.c).
 */
#include "testutil.h"

#include "bh.h"

/* Benjamini & Hochberg (1995), JRSS B 57(1):289-300, section 4: the 15
 * p-values of the myocardial infarction study; at q = 0.05 the procedure
 * rejects the four smallest (p_(4) = 0.0095 <= 4/15 0.05, and no larger
 * k has p_(k) <= k/15 0.05).  The adjusted values are R 4.2.2's
 * p.adjust(p, "BH"), which equal min_{k >= i} 15 p_(k) / k (hand-checked:
 * 15 0.0001 / 1 = 0.0015; p_(6), p_(7): 15 0.0298 / 7 = 0.063857142...). */
static void test_bh__the_1995_papers_fifteen_p_values(void **state)
{
    static const double p[15] = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201,
                                 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
                                 0.4262, 0.5719, 0.6528, 0.7590, 1.000};
    static const double expect[15] = {
        0.0015, 0.0030, 0.0095, 0.035625, 0.0603, 0.0638571428571429,
        0.0638571428571429, 0.0645, 0.0765, 0.4860, 0.5811818181818181,
        0.7148749999999999, 0.7532307692307693, 0.8132142857142857, 1.0};
    double adj[15];
    int rejected = 0;

    (void)state;
    assert_int_equal(bh_adjust(p, 15, adj), MS_OK);
    for (int i = 0; i < 15; i++) {
        assert_close(adj[i], expect[i], 1e-15);
        rejected += adj[i] <= 0.05;
    }
    assert_int_equal(rejected, 4);
}

/* The same values in another order give the same adjusted value to each
 * p (the adjustment depends on ranks, not on positions), also in place. */
static void test_bh__order_of_the_input_does_not_matter(void **state)
{
    static const double p[6] = {0.04, 0.01, 0.03, 0.01, 0.5, 0.02};
    /* by hand: sorted 0.01 0.01 0.02 0.03 0.04 0.5, n = 6:
     * 6 p / k = 0.06 0.03 0.04 0.045 0.048 0.5; running minimum from the
     * top: 0.03 0.03 0.04 0.045 0.048 0.5 */
    static const double expect[6] = {0.048, 0.03, 0.045, 0.03, 0.5, 0.04};
    double adj[6];

    (void)state;
    assert_int_equal(bh_adjust(p, 6, adj), MS_OK);
    for (int i = 0; i < 6; i++)
        assert_close(adj[i], expect[i], 1e-15);
    memcpy(adj, p, sizeof adj);
    assert_int_equal(bh_adjust(adj, 6, adj), MS_OK);
    for (int i = 0; i < 6; i++)
        assert_close(adj[i], expect[i], 1e-15);
}

/* Property: p <= adjusted <= 1, and the order of the p-values is kept,
 * over many pseudo-random sets (a fixed linear congruential sequence). */
static void test_bh__adjusted_is_at_least_p_and_keeps_the_order(void **state)
{
    unsigned long seed = 12345;
    double p[40], adj[40];

    (void)state;
    for (int round = 0; round < 200; round++) {
        size_t n = 1 + (size_t)(round % 40);
        for (size_t i = 0; i < n; i++) {
            seed = (seed * 1103515245UL + 12345UL) % 2147483648UL;
            p[i] = (double)(seed % 100001) / 100000.0;
            if (round % 3 == 0)
                p[i] = floor(p[i] * 20.0) / 20.0;   /* many ties */
        }
        assert_int_equal(bh_adjust(p, n, adj), MS_OK);
        for (size_t i = 0; i < n; i++) {
            assert_true(adj[i] >= p[i] && adj[i] <= 1.0);
            for (size_t j = 0; j < n; j++)
                if (p[i] <= p[j])
                    assert_true(adj[i] <= adj[j]);
        }
    }
}

static void test_bh__edges_and_refusals(void **state)
{
    static const double one[] = {0.2}, bad[] = {0.2, 1.5}, nan_[] = {NAN};
    double adj[2] = {9, 9};

    (void)state;
    assert_int_equal(bh_adjust(NULL, 0, NULL), MS_OK);
    assert_int_equal(bh_adjust(one, 1, adj), MS_OK);
    assert_true(adj[0] == 0.2);
    adj[0] = 9;
    assert_int_equal(bh_adjust(bad, 2, adj), MS_SOFTWARE);
    assert_int_equal(bh_adjust(nan_, 1, adj), MS_SOFTWARE);
    assert_int_equal(bh_adjust(NULL, 1, adj), MS_SOFTWARE);
    assert_int_equal(bh_adjust(one, 1, NULL), MS_SOFTWARE);
    assert_true(adj[0] == 9 && adj[1] == 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bh__the_1995_papers_fifteen_p_values),
        cmocka_unit_test(test_bh__order_of_the_input_does_not_matter),
        cmocka_unit_test(test_bh__adjusted_is_at_least_p_and_keeps_the_order),
        cmocka_unit_test(test_bh__edges_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
