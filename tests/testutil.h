/*
 * testutil.h: what every cmocka test binary includes first.
 * cmocka needs these standard headers before its own.
 */
#ifndef MS_TESTUTIL_H
#define MS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

/* Assert |a - b| <= tol, printing both values on failure. */
#define assert_close(a, b, tol)                                              \
    do {                                                                     \
        double assert_close_a = (a), assert_close_b = (b);                   \
        if (!(fabs(assert_close_a - assert_close_b) <= (tol)))               \
            fail_msg("%s = %.10g, expected %.10g (tolerance %g)", #a,        \
                     assert_close_a, assert_close_b, (double)(tol));         \
    } while (0)

#endif
