/*
 * sandwich.c: cluster-robust (sandwich) covariance (see sandwich.h).
 */
#include "sandwich.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>

double sandwich_adjust(size_t n_clusters, size_t n, size_t k)
{
    double g = (double)n_clusters, c;

    if (n_clusters < 2 || (n > 0 && n <= k))
        return NAN;
    c = g / (g - 1);
    if (n > 0)
        c *= ((double)n - 1) / ((double)n - (double)k);
    return c;
}

enum ms_status sandwich_cluster(const double *bread, const double *U,
                                size_t n_clusters, size_t p, double c,
                                double *V, struct ms_err *err)
{
    gsl_matrix *M = NULL, *A = NULL, *R = NULL;
    enum ms_status st = MS_OK;

    if (bread == NULL || U == NULL || V == NULL || p == 0)
        return err_set(err, MS_SOFTWARE, "sandwich_cluster: NULL argument "
                       "or no parameters");
    if (!isfinite(c) || !(c > 0))
        return err_set(err, MS_SOFTWARE, "sandwich_cluster: small-sample "
                       "factor %g is not a finite value > 0 (fewer than two "
                       "clusters?)", c);
    for (size_t i = 0; i < p * p; i++)
        if (!isfinite(bread[i]))
            return err_set(err, MS_NUMERIC, "cannot compute the sandwich "
                           "covariance: the bread is not finite");
    M = gsl_matrix_calloc(p, p);
    A = gsl_matrix_alloc(p, p);
    R = gsl_matrix_alloc(p, p);
    if (M == NULL || A == NULL || R == NULL) {
        st = err_set(err, MS_NOMEM, "cannot compute the sandwich "
                     "covariance: out of memory");
        goto done;
    }
    /* the meat: sum of outer products of the cluster score sums */
    for (size_t g = 0; g < n_clusters; g++) {
        const double *u = U + g * p;
        for (size_t a = 0; a < p; a++) {
            if (!isfinite(u[a])) {
                st = err_set(err, MS_NUMERIC, "cannot compute the sandwich "
                             "covariance: the score sum of cluster %zu is "
                             "not finite", g);
                goto done;
            }
            for (size_t b = a; b < p; b++)
                *gsl_matrix_ptr(M, a, b) += u[a] * u[b];
        }
    }
    for (size_t a = 0; a < p; a++)
        for (size_t b = a + 1; b < p; b++)
            gsl_matrix_set(M, b, a, gsl_matrix_get(M, a, b));
    {
        gsl_matrix_const_view B = gsl_matrix_const_view_array(bread, p, p);
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &B.matrix, M, 0.0,
                       A);
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, c, A, &B.matrix, 0.0, R);
    }
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < p; b++)
            V[a * p + b] = gsl_matrix_get(R, a, b);
done:
    gsl_matrix_free(M);
    gsl_matrix_free(A);
    gsl_matrix_free(R);
    return st;
}
