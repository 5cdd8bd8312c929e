/*
 * book.h: one workbook being written, the boundary between mentorstat and
 * libxlsxwriter.
 *
 * A book writes to "<target>.tmp-<pid>" beside its target and renames it
 * into place only after workbook_close() succeeded, so a failed run leaves
 * the previous workbook; a signal that ends the process removes the
 * temporary file (interrupt.h).  Every libxlsxwriter call goes through it: the
 * first lxw_error (or NULL) is remembered and later calls do nothing, and
 * book_commit() translates it into an enum ms_status (MS_CANTCREAT with
 * lxw_strerror's text, MS_NOMEM).  Formats are made once per workbook in
 * book_open().  The document's created time is the analysis date, so the
 * same database gives byte-identical files.
 *
 *     struct book b;
 *     if (book_open(&b, "out/hr_outcomes.xlsx", lang, 0, as_of,
 *                   "about.title.hr", &e) != MS_OK)
 *         return ...;
 *     ws = book_sheet_add(&b, "sheet.about");
 *     book_string(&b, ws, 0, 0, "text", b.f.text);
 *     return book_commit(&b, &e);   (or book_abandon(&b) on another error)
 */
#ifndef MS_BOOK_H
#define MS_BOOK_H

#include <xlsxwriter.h>

#include "figures.h"
#include "status.h"

/* The formats of a workbook, made once by book_open. */
struct book_formats {
    lxw_format *title;     /* sheet title: bold, large */
    lxw_format *subtitle;  /* bold section heading */
    lxw_format *note;      /* grey, italic, explanatory text */
    lxw_format *header;    /* table header: bold, wrapped, bottom border */
    lxw_format *header_num; /* the same, right-aligned over numbers */
    lxw_format *text;      /* data text */
    lxw_format *text_total; /* the label of a total row: bold */
    lxw_format *text_wrap; /* data text wrapped in its column */
    lxw_format *wrap;      /* long text, wrapped, top-aligned */
    lxw_format *count;     /* #,##0 */
    lxw_format *pct;       /* 0.0% */
    lxw_format *num1;      /* 0.0 */
    lxw_format *num2;      /* 0.00 */
    lxw_format *num3;      /* 0.000 */
    lxw_format *pvalue;    /* 0.000, "<0.001" below */
    lxw_format *date;      /* yyyy-mm-dd */
    lxw_format *marker;    /* "<k" and "hidden": right-aligned grey text */
    lxw_format *band[4];   /* band cell: high, medium, low, too early */
    lxw_format *band_pct[4]; /* risk cell in the band's colours */
    lxw_format *count_left; /* #,##0, left-aligned and bold: a count beside its word */
    lxw_format *pct_change; /* +0.0% / -0.0%: a change of a share */
    lxw_format *date_edit; /* an empty date for the reader to fill in */
    lxw_format *text_edit; /* an empty note for the reader to fill in */
};

struct book {
    lxw_workbook *wb;
    char *path;            /* the target */
    char *tmp;             /* where it is written first */
    int lang;              /* i18n language index */
    lxw_error err;         /* first libxlsxwriter error, LXW_NO_ERROR */
    char err_what[96];     /* what was being done then */
    int nomem;             /* a NULL from an allocating call */
    struct book_formats f;
    lxw_worksheet *data;   /* hidden sheet of chart data, or NULL */
    const char *data_name;
    lxw_col_t data_col;    /* next free column of the data sheet */
    int closed;            /* workbook_close done (book_close_during) */
    lxw_error close_err;   /* what it returned */
    int close_errno;       /* errno after it */
    int chart_dx;          /* pixels added to the next chart's x offset */
    double chart_scale;    /* its width scale (0: 1.1) */
    lxw_worksheet *w_sheet; /* the sheet whose widths w_col holds */
    double w_col[64];      /* widest width set per column of w_sheet */
    int temp_slot;         /* tmp's interrupt_temp_add slot, or -1 */
};

/* Start the workbook that will become path, in language lang (i18n index),
 * streaming rows when constant_memory (rows then go strictly top to
 * bottom), created time as_of (YYYY-MM-DD), title and subject from the
 * i18n key title_key.  Errors: MS_NOMEM, MS_CANTCREAT; b then holds
 * nothing to release. */
enum ms_status book_open(struct book *b, const char *path, int lang,
                         int constant_memory, const char *as_of,
                         const char *title_key, struct ms_err *e);

/* Close the workbook and rename it into place.  Returns the first error
 * of any call made on b, or of closing and renaming: MS_CANTCREAT ("cannot
 * write 'PATH': lxw_strerror text"), MS_NOMEM, MS_SOFTWARE (a bad sheet
 * name or argument).  On error the temporary file is removed and the
 * previous workbook at path is untouched.  b is released either way. */
enum ms_status book_commit(struct book *b, struct ms_err *e);

/* Give up on b (another error happened): release it and remove the
 * temporary file.  The previous workbook stays.  No-op on a released b. */
void book_abandon(struct book *b);

/* Close b's workbook while meanwhile(ctx) runs on a second thread, and
 * return when both are done.  Closing is the slow half of a long
 * constant_memory sheet: libxlsxwriter copies it and compresses it into
 * the zip file.  meanwhile must call neither libxlsxwriter nor gmtime or
 * localtime (closing uses gmtime, and the library names its temporary
 * files from one unlocked counter): SQLite is fine.  It reports through
 * ctx.  b is then placed by book_commit or removed by book_abandon as
 * usual, and no call may write to it any more.  When b already failed, or
 * no thread can be started, meanwhile just runs and b is closed later by
 * book_commit or book_abandon.  This function can't fail. */
void book_close_during(struct book *b, void (*meanwhile)(void *ctx),
                       void *ctx);

/* 1 when no call on b has failed yet. */
int book_ok(const struct book *b);

/* Remember err (if it is the first) from the call named what. */
void book_check(struct book *b, lxw_error err, const char *what);

/* Add a worksheet named by i18n key.  NULL (remembered) on error. */
lxw_worksheet *book_sheet_add(struct book *b, const char *key);

/* The hidden sheet that holds chart data, added on first use (after the
 * visible sheets).  NULL (remembered) on error. */
lxw_worksheet *book_data_sheet(struct book *b);

/* A new chart of type (LXW_CHART_*), NULL (remembered) on error. */
lxw_chart *book_chart_add(struct book *b, uint8_t type);

/* Write text s (NULL writes nothing) as a string: never a formula, never a
 * number, whatever it looks like. */
void book_string(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                 const char *s, lxw_format *f);

/* Write the translation of i18n key. */
void book_label(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                const char *key, lxw_format *f);

/* Write the number v in format f. */
void book_number(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                 lxw_col_t c, double v, lxw_format *f);

/* Write a figure of a results table: the number in format f when shown,
 * an empty cell when it is NULL, "<k" when it is primary-suppressed and
 * the word for "hidden" when secondary. */
void book_figure(struct book *b, lxw_worksheet *ws, lxw_row_t r,
                 lxw_col_t c, const struct fig_table *t, int row, int col,
                 lxw_format *f);

/* Set the width of columns first..last in characters.  Tables stacked on
 * one sheet share columns: a column never gets narrower than the widest
 * width set on it before (for the first 64 columns). */
void book_width(struct book *b, lxw_worksheet *ws, lxw_col_t first,
                lxw_col_t last, double width);

/* Set the height of row r in points. */
void book_height(struct book *b, lxw_worksheet *ws, lxw_row_t r, double h);

/* Number of characters (UTF-8 code points) of s. */
int book_text_width(const char *s);

/* dir/name as a new string (one '/' between them), or NULL when out of
 * memory.  The caller frees it. */
char *book_path_join(const char *dir, const char *name);

#endif
