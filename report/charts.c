/*
 * charts.c: native charts over data on the hidden chart-data sheet (see
 * charts.h).  Each chart takes the next free columns of that sheet: a
 * header row naming the chart, then one row per point.
 */
#include "charts.h"

#include <math.h>
#include <string.h>

#include "i18n.h"

#define INK 0x1F4E79        /* dark blue: lines, borders */
#define BOX 0xBDD7EE        /* light blue: interval boxes */
#define GRID 0xD9D9D9       /* light grey gridlines */

/* Reserve w columns of the data sheet; *c0 is the first.  0 on error. */
static int data_columns(struct book *b, int w, lxw_col_t *c0)
{
    if (book_data_sheet(b) == NULL)
        return 0;
    *c0 = b->data_col;
    b->data_col = (lxw_col_t)(b->data_col + w + 1);
    return 1;
}

/* Write v at r, c of the data sheet, nothing for NAN. */
static void data_number(struct book *b, lxw_row_t r, lxw_col_t c, double v)
{
    if (!isnan(v))
        book_number(b, b->data, r, c, v, NULL);
}

/* Title, axis titles and formats common to every chart. */
static void chart_dress(struct book *b, lxw_chart *ch,
                        const struct chart_spec *spec)
{
    lxw_chart_font title_font = { .size = 12, .bold = LXW_TRUE };
    lxw_chart_font axis_font = { .size = 10, .bold = LXW_TRUE };
    lxw_chart_line grid = { .color = GRID, .width = 0.75 };
    lxw_chart_axis *x = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_X);
    lxw_chart_axis *y = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_Y);

    chart_title_set_name(ch, i18n_get(b->lang, spec->title));
    chart_title_set_name_font(ch, &title_font);
    if (x != NULL && spec->x_title != NULL) {
        chart_axis_set_name(x, i18n_get(b->lang, spec->x_title));
        chart_axis_set_name_font(x, &axis_font);
    }
    if (y != NULL) {
        if (spec->y_title != NULL) {
            chart_axis_set_name(y, i18n_get(b->lang, spec->y_title));
            chart_axis_set_name_font(y, &axis_font);
        }
        if (spec->y_format != NULL)
            chart_axis_set_num_format(y, spec->y_format);
        if (!isnan(spec->y_min))
            chart_axis_set_min(y, spec->y_min);
        if (!isnan(spec->y_max))
            chart_axis_set_max(y, spec->y_max);
        chart_axis_major_gridlines_set_visible(y, LXW_TRUE);
        chart_axis_major_gridlines_set_line(y, &grid);
        if (spec->zero_line && x != NULL) {
            lxw_chart_line zero = { .color = LXW_COLOR_BLACK, .width = 1.5 };

            chart_axis_set_crossing(y, 0);
            chart_axis_set_line(x, &zero);
        }
    }
}

/* Insert ch at row, col of ws, 1.1 times the default size (528 x 317
 * pixels: two side by side fit a landscape page at 75%). */
static void chart_place(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                        lxw_col_t col, lxw_chart *ch)
{
    lxw_chart_options opt;

    memset(&opt, 0, sizeof opt);
    opt.x_scale = b->chart_scale > 0 ? b->chart_scale : 1.1;
    opt.y_scale = 1.1;
    opt.x_offset = 4 + b->chart_dx;
    opt.y_offset = 4;
    if (book_ok(b) && ws != NULL)
        book_check(b, worksheet_insert_chart_opt(ws, row, col, ch, &opt),
                   "inserting a chart");
}

/* A new, empty series of ch; NULL (and b's error set) when b has failed
 * already or the series cannot be allocated. */
static lxw_chart_series *series_new(struct book *b, lxw_chart *ch)
{
    lxw_chart_series *s;

    if (!book_ok(b))
        return NULL;
    s = chart_add_series(ch, NULL, NULL);
    if (s == NULL)
        book_check(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a series");
    return s;
}

/* A series of ch over data-sheet rows 1..n: categories in column cc (or
 * none when cc < 0), values in column vc. */
static lxw_chart_series *series_add(struct book *b, lxw_chart *ch, int n,
                                    int cc, lxw_col_t vc)
{
    lxw_chart_series *s = series_new(b, ch);

    if (s == NULL)
        return NULL;
    if (cc >= 0)
        chart_series_set_categories(s, b->data_name, 1, (lxw_col_t)cc,
                                    (lxw_row_t)n, (lxw_col_t)cc);
    chart_series_set_values(s, b->data_name, 1, vc, (lxw_row_t)n, vc);
    return s;
}

lxw_chart *charts_interval(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                           lxw_col_t col, const struct chart_spec *spec,
                           int n, const char *const *labels,
                           const double *est, const double *lo,
                           const double *hi)
{
    lxw_chart *ch;
    lxw_chart_series *s;
    lxw_chart_fill none_fill = { .none = LXW_TRUE };
    lxw_chart_line none_line = { .none = LXW_TRUE };
    lxw_chart_fill box = { .color = BOX };
    lxw_chart_line border = { .color = INK, .width = 1.5 };
    lxw_col_t c0;

    if (n <= 0 || !data_columns(b, 7, &c0))
        return NULL;
    book_label(b, b->data, 0, c0, spec->title, NULL);
    for (int i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        int ok = !isnan(est[i]) && !isnan(lo[i]) && !isnan(hi[i]);

        book_string(b, b->data, r, c0, labels[i], NULL);
        data_number(b, r, c0 + 1, est[i]);
        data_number(b, r, c0 + 2, lo[i]);
        data_number(b, r, c0 + 3, hi[i]);
        if (ok) {
            data_number(b, r, c0 + 4, lo[i]);
            data_number(b, r, c0 + 5, est[i] - lo[i]);
            data_number(b, r, c0 + 6, hi[i] - est[i]);
        }
    }
    ch = book_chart_add(b, LXW_CHART_COLUMN_STACKED);
    if (ch == NULL)
        return NULL;
    /* invisible base up to the lower limit */
    if ((s = series_add(b, ch, n, (int)c0, c0 + 4)) != NULL) {
        chart_series_set_fill(s, &none_fill);
        chart_series_set_line(s, &none_line);
    }
    /* lower limit to estimate, estimate to upper limit: their common edge
     * is the estimate */
    for (lxw_col_t c = c0 + 5; c <= c0 + 6; c++)
        if ((s = series_add(b, ch, n, (int)c0, c)) != NULL) {
            chart_series_set_fill(s, &box);
            chart_series_set_line(s, &border);
        }
    chart_set_series_gap(ch, 120);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    chart_dress(b, ch, spec);
    chart_place(b, ws, row, col, ch);
    return ch;
}

lxw_chart *charts_bars(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                       lxw_col_t col, const struct chart_spec *spec, int n,
                       const char *const *labels, const double *v)
{
    lxw_chart *ch;
    lxw_chart_series *s;
    lxw_chart_fill fill = { .color = INK };
    lxw_chart_line grid = { .color = GRID, .width = 0.75 };
    lxw_chart_axis *cat, *val;
    lxw_col_t c0;

    if (n <= 0 || !data_columns(b, 2, &c0))
        return NULL;
    book_label(b, b->data, 0, c0, spec->title, NULL);
    for (int i = 0; i < n; i++) {
        book_string(b, b->data, (lxw_row_t)(i + 1), c0, labels[i], NULL);
        data_number(b, (lxw_row_t)(i + 1), c0 + 1, v[i]);
    }
    ch = book_chart_add(b, LXW_CHART_BAR);
    if (ch == NULL)
        return NULL;
    if ((s = series_add(b, ch, n, (int)c0, c0 + 1)) != NULL)
        chart_series_set_fill(s, &fill);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    chart_set_series_gap(ch, 60);
    /* in a bar chart the x axis is the horizontal (value) axis and the y
     * axis the vertical (category) one */
    chart_title_set_name(ch, i18n_get(b->lang, spec->title));
    {
        lxw_chart_font title_font = { .size = 12, .bold = LXW_TRUE };
        lxw_chart_font axis_font = { .size = 10, .bold = LXW_TRUE };

        chart_title_set_name_font(ch, &title_font);
        val = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_X);
        cat = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_Y);
        if (val != NULL) {
            chart_axis_set_name(val, i18n_get(b->lang, spec->x_title));
            chart_axis_set_name_font(val, &axis_font);
            chart_axis_set_min(val, 0);
            if (spec->y_format != NULL)
                chart_axis_set_num_format(val, spec->y_format);
            chart_axis_major_gridlines_set_visible(val, LXW_TRUE);
            chart_axis_major_gridlines_set_line(val, &grid);
        }
        if (cat != NULL)
            chart_axis_major_gridlines_set_visible(cat, LXW_FALSE);
    }
    chart_place(b, ws, row, col, ch);
    return ch;
}

lxw_chart *charts_curve(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                        lxw_col_t col, const struct chart_spec *spec, int n,
                        const double *x, const double *y, const double *lo,
                        const double *hi, const char *name_key,
                        const char *band_key)
{
    lxw_chart *ch;
    lxw_chart_series *s;
    lxw_chart_line curve = { .color = INK, .width = 2.25 };
    lxw_chart_line band = { .color = 0x7F7F7F, .width = 1.0,
                              .dash_type = LXW_CHART_LINE_DASH_DASH };
    lxw_col_t c0;

    if (n <= 0 || !data_columns(b, 4, &c0))
        return NULL;
    book_label(b, b->data, 0, c0, spec->title, NULL);
    for (int i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);

        data_number(b, r, c0, x[i]);
        data_number(b, r, c0 + 1, y[i]);
        data_number(b, r, c0 + 2, lo[i]);
        data_number(b, r, c0 + 3, hi[i]);
    }
    ch = book_chart_add(b, LXW_CHART_SCATTER_STRAIGHT);
    if (ch == NULL)
        return NULL;
    if ((s = series_add(b, ch, n, (int)c0, c0 + 1)) != NULL) {
        chart_series_set_name(s, i18n_get(b->lang, name_key));
        chart_series_set_line(s, &curve);
        chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
    }
    for (lxw_col_t c = c0 + 2; c <= c0 + 3; c++)
        if ((s = series_add(b, ch, n, (int)c0, c)) != NULL) {
            chart_series_set_name(s, i18n_get(b->lang, band_key));
            chart_series_set_line(s, &band);
            chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
        }
    chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    {
        int16_t del[] = { 2, -1 };   /* the upper limit: one legend entry */

        book_check(b, chart_legend_delete_series(ch, del),
                   "setting the legend");
    }
    chart_dress(b, ch, spec);
    {
        lxw_chart_axis *xa = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_X);

        if (xa != NULL) {
            chart_axis_set_min(xa, 0);
            chart_axis_set_max(xa, x[n - 1] > 0 ? x[n - 1] : 1);
            chart_axis_set_major_unit(xa, x[n - 1] > 12 ? 6 : 1);
        }
    }
    chart_place(b, ws, row, col, ch);
    return ch;
}

lxw_chart *charts_lines(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                        lxw_col_t col, const struct chart_spec *spec, int n,
                        const char *const *labels, int n_series,
                        const char *const *names, const double *v)
{
    static const lxw_color_t palette[] = { INK,      0xC55A11, 0x548235,
                                           0x7030A0, 0xBF9000, 0x2E75B6,
                                           0x843C0C, 0x375623 };
    lxw_chart *ch;
    lxw_col_t c0;

    if (n <= 0 || n_series <= 0 || !data_columns(b, 1 + n_series, &c0))
        return NULL;
    book_label(b, b->data, 0, c0, spec->title, NULL);
    for (int i = 0; i < n; i++)
        book_string(b, b->data, (lxw_row_t)(i + 1), c0, labels[i], NULL);
    for (int s = 0; s < n_series; s++) {
        book_string(b, b->data, 0, (lxw_col_t)(c0 + 1 + s), names[s], NULL);
        for (int i = 0; i < n; i++)
            data_number(b, (lxw_row_t)(i + 1), (lxw_col_t)(c0 + 1 + s),
                        v[(size_t)s * (size_t)n + (size_t)i]);
    }
    /* the header cell of the first column names the chart; series names
     * come from the row-0 cells of their columns */
    ch = book_chart_add(b, LXW_CHART_LINE);
    if (ch == NULL)
        return NULL;
    for (int s = 0; s < n_series; s++) {
        lxw_col_t vc = (lxw_col_t)(c0 + 1 + s);
        lxw_chart_series *ser = series_add(b, ch, n, (int)c0, vc);
        /* the last of several series is all programmes: black, heavier */
        int all = n_series > 1 && s == n_series - 1;
        lxw_color_t colour = all ? LXW_COLOR_BLACK : palette[s % 8];
        lxw_chart_line line = { .color = colour, .width = all ? 3.0 : 1.75 };
        lxw_chart_fill mfill = { .color = colour };

        if (ser == NULL)
            continue;
        chart_series_set_name_range(ser, b->data_name, 0, vc);
        chart_series_set_line(ser, &line);
        chart_series_set_marker_type(ser, LXW_CHART_MARKER_CIRCLE);
        chart_series_set_marker_size(ser, 6);
        chart_series_set_marker_fill(ser, &mfill);
        chart_series_set_marker_line(ser, &line);
    }
    chart_show_blanks_as(ch, LXW_CHART_BLANKS_AS_GAP);
    chart_legend_set_position(ch, n_series > 1 ? LXW_CHART_LEGEND_BOTTOM
                                               : LXW_CHART_LEGEND_NONE);
    chart_dress(b, ch, spec);
    {
        /* cohort labels below the plot even when values go negative */
        lxw_chart_axis *xa = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_X);

        if (xa != NULL)
            chart_axis_set_label_position(xa,
                                          LXW_CHART_AXIS_LABEL_POSITION_LOW);
    }
    chart_place(b, ws, row, col, ch);
    return ch;
}

/* A scatter series over data-sheet cells: x in row range r0..r1 of
 * column xc (or the row r0, columns xc..xc + 1 when across), y alike. */
static lxw_chart_series *xy_series(struct book *b, lxw_chart *ch,
                                   lxw_row_t r0, lxw_row_t r1, lxw_col_t xc,
                                   lxw_col_t yc, int across)
{
    lxw_chart_series *s = series_new(b, ch);

    if (s == NULL)
        return NULL;
    if (across) {
        chart_series_set_categories(s, b->data_name, r0, xc, r0, xc + 1);
        chart_series_set_values(s, b->data_name, r0, yc, r0, yc + 1);
    } else {
        chart_series_set_categories(s, b->data_name, r0, xc, r1, xc);
        chart_series_set_values(s, b->data_name, r0, yc, r1, yc);
    }
    return s;
}

lxw_chart *charts_forest(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                         lxw_col_t col, const struct chart_spec *spec, int n,
                         const char *const *labels, const double *est,
                         const double *lo, const double *hi)
{
    lxw_chart *ch;
    lxw_chart_series *s;
    lxw_chart_line ink = { .color = INK, .width = 2.25 };
    lxw_chart_line none_line = { .none = LXW_TRUE };
    lxw_chart_line ref = { .color = 0x7F7F7F, .width = 1.25,
                           .dash_type = LXW_CHART_LINE_DASH_DASH };
    lxw_chart_fill ink_fill = { .color = INK };
    lxw_chart_data_label dl[16];
    const lxw_chart_data_label *dlp[17];
    double xmin = 0.1, xmax = 10;
    lxw_col_t c0;
    int m = 0;

    if (n <= 0 || n > 16 || !data_columns(b, 7, &c0))
        return NULL;
    book_label(b, b->data, 0, c0, spec->title, NULL);
    /* c0: label, c0+1 lo, c0+2 hi, c0+3 y, c0+4 y, c0+5 est, c0+6 y */
    for (int i = 0; i < n; i++) {
        lxw_row_t r;

        if (isnan(est[i]) || isnan(lo[i]) || isnan(hi[i]) || lo[i] <= 0)
            continue;
        r = (lxw_row_t)(m + 1);
        book_string(b, b->data, r, c0, labels[i], NULL);
        data_number(b, r, c0 + 1, lo[i]);
        data_number(b, r, c0 + 2, hi[i]);
        data_number(b, r, c0 + 3, n - i);
        data_number(b, r, c0 + 4, n - i);
        data_number(b, r, c0 + 5, est[i]);
        data_number(b, r, c0 + 6, n - i);
        memset(&dl[m], 0, sizeof dl[m]);
        dl[m].value = (char *)labels[i];
        dlp[m] = &dl[m];
        while (lo[i] < xmin && xmin > 0.001)
            xmin /= 10;
        while (hi[i] > xmax && xmax < 1000)
            xmax *= 10;
        m++;
    }
    dlp[m] = NULL;
    /* the line at 1: rows m + 1, m + 2 */
    data_number(b, (lxw_row_t)(m + 1), c0 + 5, 1);
    data_number(b, (lxw_row_t)(m + 1), c0 + 6, 0);
    data_number(b, (lxw_row_t)(m + 2), c0 + 5, 1);
    data_number(b, (lxw_row_t)(m + 2), c0 + 6, n + 1);
    ch = book_chart_add(b, LXW_CHART_SCATTER_STRAIGHT);
    if (ch == NULL)
        return NULL;
    for (int i = 0; i < m; i++)
        if ((s = xy_series(b, ch, (lxw_row_t)(i + 1), 0, c0 + 1, c0 + 3,
                           1)) != NULL) {
            chart_series_set_line(s, &ink);
            chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
        }
    if (m > 0 &&
        (s = xy_series(b, ch, 1, (lxw_row_t)m, c0 + 5, c0 + 6, 0)) != NULL) {
        chart_series_set_line(s, &none_line);
        chart_series_set_marker_type(s, LXW_CHART_MARKER_DIAMOND);
        chart_series_set_marker_size(s, 9);
        chart_series_set_marker_fill(s, &ink_fill);
        chart_series_set_labels(s);
        book_check(b, chart_series_set_labels_custom(
                          s, (lxw_chart_data_label **)dlp),
                   "labelling a chart");
        chart_series_set_labels_position(s, LXW_CHART_LABEL_POSITION_ABOVE);
    }
    if ((s = xy_series(b, ch, (lxw_row_t)(m + 1), (lxw_row_t)(m + 2),
                       c0 + 5, c0 + 6, 0)) != NULL) {
        chart_series_set_line(s, &ref);
        chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
    }
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    chart_dress(b, ch, spec);
    {
        lxw_chart_axis *xa = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_X);
        lxw_chart_axis *ya = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_Y);

        if (xa != NULL) {
            chart_axis_set_log_base(xa, 10);
            chart_axis_set_min(xa, xmin);
            chart_axis_set_max(xa, xmax);
            chart_axis_set_num_format(xa, "0.0#");
            chart_axis_major_gridlines_set_visible(xa, LXW_TRUE);
        }
        if (ya != NULL) {
            chart_axis_set_min(ya, 0);
            chart_axis_set_max(ya, n + 1);
            chart_axis_major_gridlines_set_visible(ya, LXW_FALSE);
            chart_axis_off(ya);
        }
    }
    chart_place(b, ws, row, col, ch);
    return ch;
}

lxw_chart *charts_funnel(struct book *b, lxw_worksheet *ws, lxw_row_t row,
                         lxw_col_t col, const struct chart_spec *spec, int n,
                         const double *x, const double *y, int own,
                         double p0)
{
    static const double zs[2] = { 1.959964, 3.090232 };
    lxw_chart *ch;
    lxw_chart_series *s;
    lxw_chart_line none_line = { .none = LXW_TRUE };
    lxw_chart_line lim[2] = { { .color = 0x7F7F7F, .width = 1.25,
                                .dash_type = LXW_CHART_LINE_DASH_DASH },
                              { .color = 0xC00000, .width = 1.25 } };
    lxw_chart_fill dot = { .color = INK }, mine = { .color = 0xC55A11 };
    double xmax = 10;
    lxw_col_t c0;
    int steps = 60, m = 0;

    if (n <= 0 || isnan(p0) || !data_columns(b, 7, &c0))
        return NULL;
    for (int i = 0; i < n; i++)
        if (!isnan(x[i]) && x[i] > xmax)
            xmax = x[i];
    book_label(b, b->data, 0, c0, spec->title, NULL);
    /* c0 x, c0+1 y (points); c0+2 n, c0+3..c0+6 the four limits; row by
     * row, as a constant_memory workbook needs */
    for (int i = 0, j = 0; i <= steps || j < n; i++) {
        double nn = 1 + (xmax * 1.05 - 1) * pow((double)i / steps, 2);

        while (j < n && (j == own || isnan(x[j]) || isnan(y[j])))
            j++;
        if (j < n) {
            data_number(b, (lxw_row_t)(m + 1), c0, x[j]);
            data_number(b, (lxw_row_t)(m + 1), c0 + 1, y[j]);
            m++;
            j++;
        }
        if (i > steps)
            continue;
        data_number(b, (lxw_row_t)(i + 1), c0 + 2, nn);
        for (int k = 0; k < 2; k++) {
            double h = zs[k] * sqrt(p0 * (1 - p0) / nn);

            data_number(b, (lxw_row_t)(i + 1), c0 + 3 + 2 * k,
                        p0 - h < 0 ? 0 : p0 - h);
            data_number(b, (lxw_row_t)(i + 1), c0 + 4 + 2 * k,
                        p0 + h > 1 ? 1 : p0 + h);
        }
    }
    ch = book_chart_add(b, LXW_CHART_SCATTER_STRAIGHT);
    if (ch == NULL)
        return NULL;
    for (int k = 0; k < 4; k++)
        if ((s = xy_series(b, ch, 1, (lxw_row_t)(steps + 1), c0 + 2,
                           (lxw_col_t)(c0 + 3 + k), 0)) != NULL) {
            chart_series_set_line(s, &lim[k / 2]);
            chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
        }
    if (m > 0 &&
        (s = xy_series(b, ch, 1, (lxw_row_t)m, c0, c0 + 1, 0)) != NULL) {
        chart_series_set_line(s, &none_line);
        chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
        chart_series_set_marker_size(s, 7);
        chart_series_set_marker_fill(s, &dot);
    }
    if (own >= 0 && own < n && !isnan(x[own]) && !isnan(y[own])) {
        lxw_row_t r = (lxw_row_t)((m > steps + 1 ? m : steps + 1) + 2);

        data_number(b, r, c0, x[own]);
        data_number(b, r, c0 + 1, y[own]);
        if ((s = xy_series(b, ch, r, r, c0, c0 + 1, 0)) != NULL) {
            chart_series_set_line(s, &none_line);
            chart_series_set_marker_type(s, LXW_CHART_MARKER_DIAMOND);
            chart_series_set_marker_size(s, 11);
            chart_series_set_marker_fill(s, &mine);
        }
    }
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    chart_dress(b, ch, spec);
    {
        lxw_chart_axis *xa = chart_axis_get(ch, LXW_CHART_AXIS_TYPE_X);

        if (xa != NULL) {
            chart_axis_set_min(xa, 0);
            chart_axis_set_max(xa, ceil(xmax * 1.05));
        }
    }
    chart_place(b, ws, row, col, ch);
    return ch;
}
