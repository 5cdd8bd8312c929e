/*
 * leadership.h: leadership_cohorts.xlsx, yearly cohorts for leadership
 * (reports.md): Summary (res_cohort_year and, per programme, whether its
 * cohorts differ by the log-rank test), Trends (charts across cohorts)
 * and About.  Reads only the figures; shows no ids.
 */
#ifndef MS_LEADERSHIP_H
#define MS_LEADERSHIP_H

#include "figures.h"
#include "status.h"

/* Write the leadership workbook to path (atomically: see book.h) in
 * language lang.  Errors: MS_CANTCREAT (the previous file at path stays),
 * MS_NOMEM, MS_SOFTWARE. */
enum ms_status leadership_write(const struct figures *f, const char *path,
                                int lang, struct ms_err *e);

#endif
