/*
 * hr_outcomes.h: hr_outcomes.xlsx, programme outcomes for HR (reports.md):
 * About, Completion, Early endings, Goals, Evaluations, Attendance, Data
 * quality.  Reads only the figures (results and audit tables); shows no
 * pair, mentor, mentee or coordinator id.
 */
#ifndef MS_HR_OUTCOMES_H
#define MS_HR_OUTCOMES_H

#include "figures.h"
#include "status.h"

/* Write the HR workbook to path (atomically: see book.h) in language lang
 * (i18n index); f holds the audit tables too (figures_audit_load).
 * Errors: MS_CANTCREAT (the previous file at path stays),
 * MS_NOMEM, MS_SOFTWARE. */
enum ms_status hr_outcomes_write(const struct figures *f, const char *path,
                                 int lang, struct ms_err *e);

#endif
