/*
 * charts.h: the native Excel charts of the workbooks.
 *
 * Each function writes its numbers to the workbook's hidden chart-data
 * sheet (book_data_sheet), so the chart references cells the workbook
 * holds, and inserts the chart at row, col of ws.  A value NAN is no point
 * (a figure that is NULL or suppressed is never plotted).  Charts carry a
 * title, axis titles with units, light value gridlines and a legend only
 * when there is more than one series.
 *
 * libxlsxwriter 1.1.4 has no custom error bars and LibreOffice draws no
 * high-low lines on line charts, so an interval around a rate is drawn as
 * a box: a stacked column whose invisible base reaches the lower limit and
 * whose two visible parts meet at the estimate (a "crossbar").
 */
#ifndef MS_CHARTS_H
#define MS_CHARTS_H

#include "book.h"

struct chart_spec {
    const char *title;     /* i18n key */
    const char *x_title;   /* i18n key of the x axis title (with unit) */
    const char *y_title;   /* i18n key of the y axis title (with unit) */
    const char *y_format;  /* number format of the value axis ("0%") */
    double y_min, y_max;   /* NAN: automatic */
    int zero_line;         /* 1: the category axis crosses at 0, drawn dark */
};

/* Estimates with their 95% intervals by category: a box from lo to hi
 * with a line at est, per label.  Returns the chart or NULL (error
 * remembered in b). */
lxw_chart *charts_interval(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                           lxw_col_t col, const struct chart_spec *spec,
                           int n, const char *const *labels,
                           const double *est, const double *lo,
                           const double *hi);

/* One value per category as horizontal bars, the first at the bottom. */
lxw_chart *charts_bars(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, const struct chart_spec *spec, int n,
                       const char *const *labels, const double *v);

/* A curve y(x) with its interval lo(x)..hi(x) (dashed), x numeric:
 * name_key names the curve and band_key the interval in the legend. */
lxw_chart *charts_curve(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                        lxw_col_t col, const struct chart_spec *spec, int n,
                        const double *x, const double *y, const double *lo,
                        const double *hi, const char *name_key,
                        const char *band_key);

/* n_series lines over n categories (values v[s * n + i]) with markers;
 * names are shown as written (programme names come from the data).  With
 * several series the last is drawn black and heavier: all programmes. */
lxw_chart *charts_lines(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                        lxw_col_t col, const struct chart_spec *spec, int n,
                        const char *const *labels, int n_series,
                        const char *const *names, const double *v);

/* A forest plot: for each of n terms (labels, the first at the top) its
 * hazard ratio est with the interval lo..hi as a horizontal line, on a
 * logarithmic x axis with a dashed line at 1 (no difference).  Terms
 * with a NAN are left out. */
lxw_chart *charts_forest(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                         lxw_col_t col, const struct chart_spec *spec, int n,
                         const char *const *labels, const double *est,
                         const double *lo, const double *hi);

/* A funnel plot: n points (x[i] mature pairs, y[i] share ended early),
 * point own (or -1) drawn apart, and the limits p0 +- z sqrt(p0 (1 - p0)
 * / x) for z = 1.96 and 3.09 drawn as lines from x = 1 to the largest x. */
lxw_chart *charts_funnel(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                         lxw_col_t col, const struct chart_spec *spec, int n,
                         const double *x, const double *y, int own,
                         double p0);

#endif
