/*
 * about.h: the About sheet of the HR and leadership workbooks: what the
 * workbook is, the analysis date, the programmes and cohorts covered, the
 * data sources (batches), the definition of every measure shown and the
 * small-group rule.
 */
#ifndef MS_ABOUT_H
#define MS_ABOUT_H

#include "book.h"
#include "figures.h"

/* Write the About sheet ws of b from f.  title_key and purpose_key name
 * the workbook; defs lists the i18n stems of the measures it shows
 * ("def.completion_rate" has ".name" and ".text"), n of them.  Errors are
 * remembered in b. */
void about_write(struct book *b, lxw_worksheet *ws, const struct figures *f,
                 const char *title_key, const char *purpose_key,
                 const char *const *defs, int n);

#endif
