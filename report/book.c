/*
 * book.c: a workbook written atomically, with libxlsxwriter's errors
 * caught at this one boundary (see book.h).
 */
#include "book.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dates.h"
#include "i18n.h"
#include "interrupt.h"

int book_ok(const struct book *b)
{
    return b->err == LXW_NO_ERROR && !b->nomem;
}

void book_check(struct book *b, lxw_error err, const char *what)
{
    if (err == LXW_NO_ERROR || !book_ok(b))
        return;
    b->err = err;
    snprintf(b->err_what, sizeof b->err_what, "%s", what);
}

/* Remember that an allocating call returned NULL. */
static void *book_null(struct book *b, void *p, const char *what)
{
    if (p == NULL && book_ok(b)) {
        b->nomem = 1;
        snprintf(b->err_what, sizeof b->err_what, "%s", what);
    }
    return p;
}

static lxw_format *format_new(struct book *b)
{
    return book_null(b, workbook_add_format(b->wb), "adding a format");
}

/* Colours of the bands, as Excel's "good, neutral, bad" styles. */
static const lxw_color_t band_fill[4] = { 0xFFC7CE, 0xFFEB9C, 0xC6EFCE,
                                          0xEDEDED };
static const lxw_color_t band_font[4] = { 0x9C0006, 0x9C5700, 0x006100,
                                          0x595959 };

static void formats_make(struct book *b)
{
    struct book_formats *f = &b->f;

    if ((f->title = format_new(b)) != NULL) {
        format_set_bold(f->title);
        format_set_font_size(f->title, 14);
    }
    if ((f->subtitle = format_new(b)) != NULL)
        format_set_bold(f->subtitle);
    if ((f->note = format_new(b)) != NULL) {
        format_set_italic(f->note);
        format_set_font_color(f->note, 0x595959);
    }
    if ((f->header = format_new(b)) != NULL) {
        format_set_bold(f->header);
        format_set_text_wrap(f->header);
        format_set_align(f->header, LXW_ALIGN_VERTICAL_BOTTOM);
        format_set_bottom(f->header, LXW_BORDER_THIN);
        format_set_bg_color(f->header, 0xF2F2F2);
        format_set_indent(f->header, 1);
    }
    if ((f->header_num = format_new(b)) != NULL) {
        format_set_bold(f->header_num);
        format_set_text_wrap(f->header_num);
        format_set_align(f->header_num, LXW_ALIGN_VERTICAL_BOTTOM);
        format_set_align(f->header_num, LXW_ALIGN_RIGHT);
        format_set_bottom(f->header_num, LXW_BORDER_THIN);
        format_set_bg_color(f->header_num, 0xF2F2F2);
    }
    /* text is indented one step so it never touches a number to its
     * left */
    if ((f->text = format_new(b)) != NULL) {
        format_set_align(f->text, LXW_ALIGN_LEFT);
        format_set_indent(f->text, 1);
    }
    if ((f->text_total = format_new(b)) != NULL) {
        format_set_align(f->text_total, LXW_ALIGN_LEFT);
        format_set_indent(f->text_total, 1);
        format_set_bold(f->text_total);
    }
    if ((f->text_wrap = format_new(b)) != NULL) {
        format_set_align(f->text_wrap, LXW_ALIGN_LEFT);
        format_set_indent(f->text_wrap, 1);
        format_set_text_wrap(f->text_wrap);
    }
    if ((f->wrap = format_new(b)) != NULL) {
        format_set_text_wrap(f->wrap);
        format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    }
    if ((f->count = format_new(b)) != NULL)
        format_set_num_format(f->count, "#,##0");
    if ((f->pct = format_new(b)) != NULL)
        format_set_num_format(f->pct, "0.0%");
    if ((f->num1 = format_new(b)) != NULL)
        format_set_num_format(f->num1, "0.0");
    if ((f->num2 = format_new(b)) != NULL)
        format_set_num_format(f->num2, "0.00");
    if ((f->num3 = format_new(b)) != NULL)
        format_set_num_format(f->num3, "0.000");
    if ((f->pvalue = format_new(b)) != NULL)
        format_set_num_format(f->pvalue, "[<0.001]\"<0.001\";0.000");
    if ((f->date = format_new(b)) != NULL) {
        format_set_num_format(f->date, "yyyy-mm-dd");
        format_set_align(f->date, LXW_ALIGN_LEFT);
        format_set_indent(f->date, 1);   /* apart from a number before it */
    }
    if ((f->marker = format_new(b)) != NULL) {
        format_set_align(f->marker, LXW_ALIGN_RIGHT);
        format_set_font_color(f->marker, 0x7F7F7F);
    }
    if ((f->count_left = format_new(b)) != NULL) {
        format_set_num_format(f->count_left, "#,##0");
        format_set_align(f->count_left, LXW_ALIGN_LEFT);
        format_set_bold(f->count_left);
    }
    if ((f->pct_change = format_new(b)) != NULL)
        format_set_num_format(f->pct_change, "+0.0%;-0.0%;0.0%");
    if ((f->date_edit = format_new(b)) != NULL) {
        format_set_num_format(f->date_edit, "yyyy-mm-dd");
        format_set_bg_color(f->date_edit, 0xFFFDE7);
        format_set_border(f->date_edit, LXW_BORDER_HAIR);
    }
    if ((f->text_edit = format_new(b)) != NULL) {
        format_set_text_wrap(f->text_edit);
        format_set_bg_color(f->text_edit, 0xFFFDE7);
        format_set_border(f->text_edit, LXW_BORDER_HAIR);
    }
    for (int i = 0; i < 4; i++) {
        if ((f->band[i] = format_new(b)) != NULL) {
            format_set_bg_color(f->band[i], band_fill[i]);
            format_set_font_color(f->band[i], band_font[i]);
            format_set_indent(f->band[i], 1);
        }
        if ((f->band_pct[i] = format_new(b)) != NULL) {
            format_set_bg_color(f->band_pct[i], band_fill[i]);
            format_set_font_color(f->band_pct[i], band_font[i]);
            format_set_num_format(f->band_pct[i], "0.0%");
        }
    }
}

/* Free b's strings; the workbook is already closed. */
static void book_release(struct book *b)
{
    if (b->tmp != NULL)   /* an opened book: never a zeroed one's slot 0 */
        interrupt_temp_remove(b->temp_slot);
    b->temp_slot = -1;
    free(b->path);
    free(b->tmp);
    b->path = b->tmp = NULL;
    b->wb = NULL;
    b->closed = 0;
}

enum ms_status book_open(struct book *b, const char *path, int lang,
                         int constant_memory, const char *as_of,
                         const char *title_key, struct ms_err *e)
{
    lxw_workbook_options opt = { LXW_FALSE, NULL, LXW_FALSE };
    lxw_doc_properties props;
    size_t n = strlen(path) + 32;
    int32_t day = 0;

    memset(b, 0, sizeof *b);
    b->temp_slot = -1;
    b->lang = lang;
    b->err = LXW_NO_ERROR;
    b->path = strdup(path);
    b->tmp = malloc(n);
    if (b->path == NULL || b->tmp == NULL) {
        book_release(b);
        return err_set(e, MS_NOMEM, "report: out of memory");
    }
    snprintf(b->tmp, n, "%s.tmp-%ld", path, (long)getpid());
    b->temp_slot = interrupt_temp_add(b->tmp);
    opt.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    b->wb = workbook_new_opt(b->tmp, &opt);
    if (b->wb == NULL) {
        err_set(e, MS_CANTCREAT, "cannot write '%s': cannot start the "
                "workbook (out of memory or no temporary directory)", path);
        book_release(b);
        return MS_CANTCREAT;
    }
    /* created = the analysis date (midnight UTC), never the clock; 0 would
     * make libxlsxwriter use the clock, so 1970-01-01 becomes second 1 */
    if (as_of != NULL)
        (void)date_parse(as_of, strlen(as_of), &day);
    memset(&props, 0, sizeof props);
    props.title = (char *)i18n_get(lang, title_key);
    props.author = (char *)"mentorstat";
    props.created = (time_t)day * 86400;
    if (props.created == 0)
        props.created = 1;
    book_check(b, workbook_set_properties(b->wb, &props), "setting properties");
    formats_make(b);
    return MS_OK;
}

/* Translate the remembered error of b into a status and message. */
static enum ms_status book_error(struct book *b, struct ms_err *e)
{
    if (b->nomem)
        return err_set(e, MS_NOMEM, "cannot write '%s': out of memory (%s)",
                       b->path, b->err_what);
    switch (b->err) {
    case LXW_NO_ERROR:
        return MS_OK;
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return err_set(e, MS_NOMEM, "cannot write '%s': %s (%s)", b->path,
                       lxw_strerror(b->err), b->err_what);
    case LXW_ERROR_NULL_PARAMETER_IGNORED:
    case LXW_ERROR_PARAMETER_VALIDATION:
    case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
    case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
    case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
    case LXW_ERROR_SHEETNAME_ALREADY_USED:
        return err_set(e, MS_SOFTWARE, "cannot write '%s': %s (%s)", b->path,
                       lxw_strerror(b->err), b->err_what);
    default:
        return err_set(e, MS_CANTCREAT, "cannot write '%s': %s (%s)", b->path,
                       lxw_strerror(b->err), b->err_what);
    }
}

/* Write b's workbook into its temporary file and free it; what
 * workbook_close returned, and errno after it, stay in b. */
static void book_close(struct book *b)
{
    errno = 0;
    b->close_err = workbook_close(b->wb);
    b->close_errno = errno;
    b->wb = NULL;
    b->closed = 1;
}

enum ms_status book_commit(struct book *b, struct ms_err *e)
{
    enum ms_status s = MS_OK;
    lxw_error err;

    if (b->wb == NULL && !b->closed)
        return err_set(e, MS_SOFTWARE, "report: workbook committed twice");
    if (!book_ok(b)) {
        s = book_error(b, e);
        book_abandon(b);
        return s;
    }
    if (!b->closed)
        book_close(b);
    err = b->close_err;
    if (err != LXW_NO_ERROR) {
        int saved = b->close_errno;

        if (saved != 0 && (err == LXW_ERROR_CREATING_XLSX_FILE ||
                           err == LXW_ERROR_CREATING_TMPFILE))
            s = err_set(e, MS_CANTCREAT, "cannot write '%s': %s (%s)",
                        b->path, lxw_strerror(err), strerror(saved));
        else
            s = err_set(e, err == LXW_ERROR_MEMORY_MALLOC_FAILED
                               ? MS_NOMEM : MS_CANTCREAT,
                        "cannot write '%s': %s", b->path, lxw_strerror(err));
        (void)unlink(b->tmp);
    } else if (rename(b->tmp, b->path) != 0) {
        s = err_set(e, MS_CANTCREAT, "cannot write '%s': renaming '%s' into "
                    "place failed: %s", b->path, b->tmp, strerror(errno));
        (void)unlink(b->tmp);
    }
    book_release(b);
    return s;
}

void book_abandon(struct book *b)
{
    if (b->wb != NULL) {
        /* closing is the only way to free a workbook and its temporary
         * files; what it writes is removed at once */
        (void)workbook_close(b->wb);
        b->wb = NULL;
        (void)unlink(b->tmp);
    } else if (b->closed) {
        (void)unlink(b->tmp);
    }
    book_release(b);
}

/* What the second thread of book_close_during runs. */
struct book_meanwhile {
    void (*run)(void *ctx);
    void *ctx;
};

static void *book_meanwhile_thread(void *arg)
{
    const struct book_meanwhile *m = arg;

    m->run(m->ctx);
    return NULL;
}

void book_close_during(struct book *b, void (*meanwhile)(void *ctx),
                       void *ctx)
{
    struct book_meanwhile m = { meanwhile, ctx };
    pthread_t t;

    if (b->wb == NULL || !book_ok(b) ||
        pthread_create(&t, NULL, book_meanwhile_thread, &m) != 0) {
        meanwhile(ctx);
        return;
    }
    /* closing allocates most (zlib's buffers): on this thread it reuses
     * the memory the process already has */
    book_close(b);
    (void)pthread_join(t, NULL);
}

lxw_worksheet *book_sheet_add(struct book *b, const char *key)
{
    const char *name = i18n_get(b->lang, key);
    lxw_error err;

    if (!book_ok(b))
        return NULL;
    err = workbook_validate_sheet_name(b->wb, name);
    if (err != LXW_NO_ERROR) {
        book_check(b, err, name);
        return NULL;
    }
    return book_null(b, workbook_add_worksheet(b->wb, name),
                     "adding a worksheet");
}

lxw_worksheet *book_data_sheet(struct book *b)
{
    if (b->data == NULL && book_ok(b)) {
        b->data = book_sheet_add(b, "sheet.chart_data");
        if (b->data != NULL) {
            b->data_name = i18n_get(b->lang, "sheet.chart_data");
            worksheet_hide(b->data);
        }
    }
    return b->data;
}

lxw_chart *book_chart_add(struct book *b, uint8_t type)
{
    if (!book_ok(b))
        return NULL;
    return book_null(b, workbook_add_chart(b->wb, type), "adding a chart");
}

void book_string(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                 const char *s, lxw_format *f)
{
    if (!book_ok(b) || ws == NULL || s == NULL)
        return;
    if (s[0] == '\0') {
        /* libxlsxwriter writes "" as a blank; keep the format */
        if (f != NULL)
            book_check(b, worksheet_write_blank(ws, r, c, f), "writing a cell");
        return;
    }
    book_check(b, worksheet_write_string(ws, r, c, s, f), "writing text");
}

void book_label(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const char *key, lxw_format *f)
{
    book_string(b, ws, r, c, i18n_get(b->lang, key), f);
}

void book_number(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                 lxw_col_t c, double v, lxw_format *f)
{
    if (!book_ok(b) || ws == NULL)
        return;
    book_check(b, worksheet_write_number(ws, r, c, v, f), "writing a number");
}

void book_figure(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                 lxw_col_t c, const struct fig_table *t, int row, int col,
                 lxw_format *f)
{
    const struct fig_cell *v = fig_at(t, row, col);
    char buf[16];

    switch ((enum suppress_mark)v->mark) {
    case SUPPRESS_PRIMARY:
        snprintf(buf, sizeof buf, "<%d", t->k != NULL ? t->k[row] : 5);
        book_string(b, ws, r, c, buf, b->f.marker);
        return;
    case SUPPRESS_SECONDARY:
        book_label(b, ws, r, c, "mark.hidden", b->f.marker);
        return;
    case SUPPRESS_SHOWN:
        break;
    }
    if (v->type == FIG_NUM && v->num == v->num)
        book_number(b, ws, r, c, v->num, f);
    else if (v->type == FIG_TEXT)
        book_string(b, ws, r, c, v->text, f);
    /* NULL (or NaN, which the database should never hold): empty cell */
}

void book_width(struct book *b, lxw_worksheet *ws, lxw_col_t first,
                lxw_col_t last, double width)
{
    if (!book_ok(b) || ws == NULL)
        return;
    if (ws != b->w_sheet) {
        b->w_sheet = ws;
        memset(b->w_col, 0, sizeof b->w_col);
    }
    for (lxw_col_t c = first; c <= last; c++) {
        double w = width;

        if (c < 64) {
            if (b->w_col[c] > w)
                w = b->w_col[c];
            b->w_col[c] = w;
        }
        book_check(b, worksheet_set_column(ws, c, c, w, NULL),
                   "setting a column width");
    }
}

void book_height(struct book *b, lxw_worksheet *ws, lxw_row_t r, double h)
{
    if (!book_ok(b) || ws == NULL)
        return;
    book_check(b, worksheet_set_row(ws, r, h, NULL), "setting a row height");
}

int book_text_width(const char *s)
{
    int n = 0;

    for (; s != NULL && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

char *book_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%s%s%s", dir,
                 dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return p;
}
