/*
 * kappa.c: Cohen's quadratic-weighted kappa (see kappa.h).  The margins
 * are summed once; both weighted sums are formed over the k x k cells.
 */
#include "kappa.h"

#include <math.h>
#include <stddef.h>

enum ms_status kappa_quadratic(const long *joint, size_t k, double *kappa)
{
    double n = 0.0, wo = 0.0, we = 0.0;

    if (joint == NULL || kappa == NULL || k == 0)
        return MS_SOFTWARE;
    for (size_t i = 0; i < k * k; i++) {
        if (joint[i] < 0)
            return MS_SOFTWARE;
        n += (double)joint[i];
    }
    *kappa = NAN;
    if (n < 2.0)
        return MS_OK;
    for (size_t i = 0; i < k; i++) {
        double row = 0.0;

        for (size_t j = 0; j < k; j++)
            row += (double)joint[i * k + j];
        for (size_t j = 0; j < k; j++) {
            double col = 0.0, w = ((double)i - (double)j) *
                                  ((double)i - (double)j);

            for (size_t l = 0; l < k; l++)
                col += (double)joint[l * k + j];
            wo += w * (double)joint[i * k + j] / n;
            we += w * (row / n) * (col / n);
        }
    }
    if (we > 0.0)
        *kappa = 1.0 - wo / we;
    return MS_OK;
}
