/*
 * funnel.h: control limits of a funnel plot for a proportion.
 *
 * analyze uses them for res_coordinators: is one coordinator's share of
 * early endings further from what the programme's share predicts than
 * chance allows?  Pure functions: no database, no allocation.
 */
#ifndef MS_FUNNEL_H
#define MS_FUNNEL_H

#include "status.h"

#define FUNNEL_Z95 1.959964    /* two-sided 95% */
#define FUNNEL_Z998 3.090232   /* two-sided 99.8% */

/*
 * The funnel limits for a proportion (Spiegelhalter 2005, "Funnel plots
 * for comparing institutional performance", Statistics in Medicine
 * 24:1185-1202, sec. 2 and table I, the normal approximation): with target
 * p and n observations,
 *     p -/+ z sqrt(p (1 - p) / n),
 * each clipped to [0, 1].  n = 0 or p not finite: *low and *high are NAN
 * (absent), MS_OK.  Returns MS_SOFTWARE (NULL outputs, n < 0, p outside
 * [0, 1], z < 0) leaving them unchanged.
 */
enum ms_status funnel_limits(double p, long n, double z, double *low,
                             double *high);

/* The signal of res_coordinators for an observed share: "above" when
 * above high998, "watch" when above high95, "below" when under low95,
 * else "".  Absent (NAN) limits never signal.  This function can't fail;
 * the string is static. */
const char *funnel_signal(double share, double low95, double high95,
                          double high998);

#endif
