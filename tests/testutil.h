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

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Assert |a - b| <= tol, printing both values on failure. */
#define assert_close(a, b, tol)                                              \
    do {                                                                     \
        double assert_close_a = (a), assert_close_b = (b);                   \
        if (!(fabs(assert_close_a - assert_close_b) <= (tol)))               \
            fail_msg("%s = %.10g, expected %.10g (tolerance %g)", #a,        \
                     assert_close_a, assert_close_b, (double)(tol));         \
    } while (0)

/* Make a new directory /tmp/<name>.XXXXXX (mkdtemp's template) into dir
 * (cap bytes).  0, or -1 when it cannot be made. */
static inline int test_dir_make(char *dir, size_t cap, const char *name)
{
    snprintf(dir, cap, "/tmp/%s.XXXXXX", name);
    return mkdtemp(dir) == NULL ? -1 : 0;
}

/* Remove dir and what it holds (files and empty subdirectories).  0, or
 * -1 when dir cannot be read or removed. */
static inline int test_dir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    char p[512];

    if (d == NULL)
        return -1;
    while ((ent = readdir(d)) != NULL) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, ent->d_name);
        if (unlink(p) != 0)
            rmdir(p);
    }
    closedir(d);
    return rmdir(dir);
}

#endif
