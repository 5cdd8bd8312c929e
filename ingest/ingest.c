/*
 * ingest.c: loading one export file into the database (see ingest.h).
 *
 * Order of work for a file: scan its bytes (sha256, encoding, binary?);
 * skip it when that sha256 is already loaded; open a transaction; read the
 * header (kind, columns, personal-data names); then stream the records:
 * scan every field for personal data, check the row against the contract,
 * or reject it with its line and column; the checked rows of a block are
 * stored by one upsert that reads them from the block (ms_rows).  Refusal
 * rolls everything back and records only the refused batch.  Memory
 * depends on the longest record, never on the file's size.  For files
 * over 1 MiB, the next block is read, scanned and checked as a task on
 * the second core while SQLite stores the current one (see pipeline).
 */
#include "ingest.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contract.h"
#include "csv.h"
#include "dates.h"
#include "db.h"
#include "fields.h"
#include "interrupt.h"
#include "msg.h"
#include "pii.h"
#include "task.h"

/* Most q_* items an evaluations file may carry. */
#define MAX_ITEMS 64
/* Longest value quoted in a reject message, in bytes. */
#define QUOTE_MAX 40

/* Where a header column goes. */
struct column_map {
    int contract;   /* index into the kind's columns, or -1 */
    int item;       /* index into loader.items, or -1 */
};

struct item_slot {
    char name[64];  /* q_*, lowercase */
    size_t len;     /* strlen(name) */
    long lo, hi;    /* scale */
};

/* A checked field of a record. */
struct value {
    const char *s;    /* COL_TEXT: its text; COL_DATE: YYYY-MM-DD (both
                         NUL-terminated); else NULL once in a block */
    size_t n;
    long i;           /* COL_INT, COL_BOOL, COL_ENUM index */
    double d;         /* COL_NUMBER */
    int32_t date;     /* COL_DATE */
    int present;
};

/* A rejected record: rule, column and message. */
struct verdict {
    enum field_rule rule;
    const char *column;   /* NULL for the whole record */
    char message[256];
};

struct pipeline;

/* One file being ingested.  While its records stream, the reading thread
 * (see pipeline) uses csv and only reads the header fields below (kind,
 * header, map, items, decimal_comma); everything else is the loading
 * thread's, the caller of ingest_file. */
struct loader {
    sqlite3 *db;
    const char *path;
    const char *file;                  /* base name, stored in batches */
    const struct ingest_opts *opts;
    const struct contract_kind *kind;
    struct csv_reader *csv;
    long batch_id;
    int decimal_comma;

    size_t nheader;
    char **header;                     /* names as written, trimmed */
    struct column_map *map;
    int col_of[CONTRACT_MAX_COLS];     /* contract column -> header index */
    struct item_slot items[MAX_ITEMS];
    int nitems;

    sqlite3_stmt *ins, *rej;
    sqlite3_stmt *pair_find;           /* children: is pair_id in pairs? */
    char *last_pair;                   /* pair_id of the last stored row */
    size_t last_pair_len, last_pair_cap;
    int last_pair_known;               /* its answer from pair_find */
    int have_last_pair;
    char cohort[8];
    char *answers;                     /* JSON of the items, reused */
    size_t answers_len, answers_cap;
    int ins_ready;                     /* ms_rows and ms_kept registered */
    long *dups;                        /* lines of a block's duplicates */
    size_t ndups, dups_cap;

    long rows_read, rows_loaded, rows_rejected;
    long orphans;                      /* stored rows whose pair is unknown */
    int32_t latest;                    /* batches.latest_date, when has_latest */
    int has_latest;
    struct progress progress;
    struct pipeline *pipe;             /* while records stream, or NULL */
    struct task checkpoint;            /* the earlier files' checkpoint */
};

/* ------------------------------------------------------------ helpers -- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

/* Copy s[0..n) lowercased into out (cap bytes, NUL-terminated). */
static void lower_copy(char *out, size_t cap, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n && i + 1 < cap; i++) {
        char c = s[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[i] = '\0';
}

/* Quote at most QUOTE_MAX bytes of a value for a message, cutting at a
 * UTF-8 boundary and replacing control characters. */
static void quote_value(char *out, size_t cap, const char *s, size_t n)
{
    size_t i, o = 0, lim = n < QUOTE_MAX ? n : QUOTE_MAX;

    while (lim > 0 && lim < n && ((unsigned char)s[lim] & 0xC0) == 0x80)
        lim--;
    for (i = 0; i < lim && o + 4 < cap; i++)
        out[o++] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
    if (lim < n && o + 4 < cap) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* Join the enum words as "a, b, c" for messages. */
static void join_words(char *out, size_t cap, const char *const *w)
{
    size_t o = 0;

    out[0] = '\0';
    for (int i = 0; w[i] && o + 1 < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? ", " : "", w[i]);
}

static void set_verdict(struct verdict *v, enum field_rule rule,
                        const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_verdict(struct verdict *v, enum field_rule rule,
                        const char *column, const char *fmt, ...)
{
    va_list ap;

    v->rule = rule;
    v->column = column;
    va_start(ap, fmt);
    vsnprintf(v->message, sizeof v->message, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------- header -- */

/* 1 when the header has column name (case-insensitive). */
static int header_has(const struct loader *L, const char *name)
{
    for (size_t h = 0; h < L->nheader; h++)
        if (strcasecmp(L->header[h], name) == 0)
            return 1;
    return 0;
}

/* The kind of which the header has the largest share of the required
 * columns (inputs.md: a kind is known by its required columns; the first
 * in contract order on a tie), or NULL when that share is below half, as
 * in a prose or unrelated CSV file. */
static const struct contract_kind *header_nearest_kind(const struct loader *L)
{
    const struct contract_kind *best = NULL;
    int best_present = 0, best_required = 1;

    for (int k = 0; k < 4; k++) {
        const struct contract_kind *K = &contract_kinds[k];
        int required = 0, present = 0;

        for (int c = 0; c < K->ncols; c++)
            if (K->cols[c].required) {
                required++;
                present += header_has(L, K->cols[c].name);
            }
        if (2 * present >= required &&
            present * best_required > best_present * required) {
            best = K;
            best_present = present;
            best_required = required;
        }
    }
    return best;
}

/* Tell the kind from the header.  A header with fewer than half the
 * required columns of every kind matches none.  Otherwise the kinds are
 * told apart by their id column (meeting_id, goal_id, response_id; pairs
 * have only pair_id): the kind whose id column is there, or when none is,
 * the kind of which the header has the largest share of required
 * columns.  Its required columns must all be there;
 * if not, *why names the missing ones.  Two id columns (say goal_id and
 * response_id) are ambiguous: --kind decides. */
static const struct contract_kind *kind_from_header(struct loader *L,
                                                    char *why, size_t cap)
{
    const struct contract_kind *K = header_nearest_kind(L);
    char missing[256] = "";
    size_t o = 0;
    int nid = 0;

    if (K == NULL) {
        snprintf(why, cap, "line 1: the header matches no export kind (it "
                 "has fewer than half the required columns of pairs, "
                 "meetings, goals and evaluations); is this a mentoring "
                 "export? Give --kind if it is one");
        return NULL;
    }
    for (int k = 0; k < 4; k++)
        if (contract_kinds[k].id != KIND_PAIRS &&
            header_has(L, contract_kinds[k].cols[0].name)) {
            K = &contract_kinds[k];
            nid++;
        }
    if (nid > 1) {
        snprintf(why, cap, "line 1: the header has the id columns of more "
                 "than one kind of export (meeting_id, goal_id, response_id); "
                 "give --kind");
        return NULL;
    }
    for (int c = 0; c < K->ncols; c++)
        if (K->cols[c].required && !header_has(L, K->cols[c].name) &&
            o + 1 < sizeof missing)
            o += (size_t)snprintf(missing + o, sizeof missing - o, "%s'%s'",
                                  o ? ", " : "", K->cols[c].name);
    if (o == 0)
        return K;
    snprintf(why, cap, "line 1: the header looks like a %s export but lacks "
             "the required column%s %s; add %s, or give --kind if it is "
             "another kind of export", K->name, strchr(missing, ',') ? "s" : "",
             missing, strchr(missing, ',') ? "them" : "it");
    return NULL;
}

/* Item scale from --config, else the database's item_config, else 1..5. */
static enum ms_status item_scale(struct loader *L, const char *name,
                                 long *lo, long *hi, struct ms_err *e)
{
    struct config_item_scale sc;
    const struct config *c = L->opts->config;
    enum ms_status s;

    if (c != NULL)
        for (int i = 0; i < c->n_items; i++)
            if (strcmp(c->items[i].item, name) == 0) {
                *lo = c->items[i].scale_min;
                *hi = c->items[i].scale_max;
                return MS_OK;
            }
    s = config_item_scale(L->db, name, &sc, e);
    *lo = sc.scale_min;
    *hi = sc.scale_max;
    return s;
}

/* Make sure item_config names the item, so analyze knows every item
 * before it reads the answers (new items: their scale, no construct). */
static enum ms_status item_register(struct loader *L,
                                    const struct item_slot *it,
                                    struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    s = db_prepare(L->db, "INSERT OR IGNORE INTO item_config (item, "
                   "construct, scale_min, scale_max, programme) VALUES (?1, "
                   "NULL, ?2, ?3, '*')", &st, e);
    if (s != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, it->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, it->lo);
    sqlite3_bind_int64(st, 3, it->hi);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        s = db_error(L->db, rc, e, "registering an item");
    sqlite3_finalize(st);
    return s;
}

/* An item name we store: q_ then [a-z0-9_]. */
static int item_name_ok(const char *s)
{
    if (strncmp(s, "q_", 2) != 0 || s[2] == '\0' || strlen(s) >= 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

/* Read the header record: names, personal-data names, duplicates, kind,
 * column mapping, missing required columns, dropped columns.
 * *refusal is set (and MS_OK returned) when the file must be refused. */
static enum ms_status header_read(struct loader *L, char *refusal, size_t cap,
                                  struct ms_err *e)
{
    const struct csv_record *rec;
    enum ms_status s;
    char low[256], dropped[512] = "";
    size_t dl = 0;
    int ndropped = 0;

    s = csv_reader_next(L->csv, &rec, e);
    if (s != MS_OK)
        return s;
    if (rec == NULL) {
        snprintf(refusal, cap, "the file is empty: an export needs a header "
                 "line naming its columns");
        return MS_OK;
    }
    if (rec->problem != CSV_OK || rec->has_nul) {
        snprintf(refusal, cap, "line %ld: the header cannot be read (%s); is "
                 "this a CSV export?", rec->line,
                 rec->has_nul ? "it holds a NUL byte" :
                 csv_problem_str(rec->problem));
        return MS_OK;
    }
    L->nheader = rec->nfields;
    L->header = calloc(L->nheader, sizeof *L->header);
    L->map = calloc(L->nheader, sizeof *L->map);
    if (L->header == NULL || L->map == NULL)
        return err_set(e, MS_NOMEM, "out of memory reading '%s'", L->path);
    for (size_t h = 0; h < L->nheader; h++) {
        const char *what;
        L->header[h] = malloc(rec->fields[h].len + 1);
        if (L->header[h] == NULL)
            return err_set(e, MS_NOMEM, "out of memory reading '%s'", L->path);
        memcpy(L->header[h], rec->fields[h].s, rec->fields[h].len + 1);
        L->map[h].contract = L->map[h].item = -1;
        if (pii_header_is_personal(L->header[h], rec->fields[h].len, &what)) {
            snprintf(refusal, cap, "line 1, column %zu ('%.60s'): the header "
                     "names personal data (%s); remove that column and "
                     "export again", h + 1, L->header[h], what);
            return MS_OK;
        }
        for (size_t g = 0; g < h; g++)
            if (strcasecmp(L->header[g], L->header[h]) == 0) {
                snprintf(refusal, cap, "line 1: column '%.60s' appears twice "
                         "in the header (columns %zu and %zu); keep one",
                         L->header[h], g + 1, h + 1);
                return MS_OK;
            }
    }

    if (L->opts->kind != NULL) {
        L->kind = contract_kind_find(L->opts->kind);
        if (L->kind == NULL)
            snprintf(refusal, cap, "unknown kind '%.40s': use pairs, "
                     "meetings, goals or evaluations", L->opts->kind);
    } else
        L->kind = kind_from_header(L, refusal, cap);
    if (L->kind == NULL)
        return MS_OK;

    for (int c = 0; c < L->kind->ncols; c++)
        L->col_of[c] = -1;
    for (size_t h = 0; h < L->nheader; h++) {
        int c;
        lower_copy(low, sizeof low, L->header[h], strlen(L->header[h]));
        c = contract_column_index(L->kind, low);
        if (c >= 0) {
            L->map[h].contract = c;
            L->col_of[c] = (int)h;
        } else if (L->kind->has_items && item_name_ok(low) &&
                   L->nitems < MAX_ITEMS) {
            struct item_slot *it = &L->items[L->nitems];
            it->len = strlen(low);                    /* < 64: item_name_ok */
            memcpy(it->name, low, it->len + 1);
            if ((s = item_scale(L, low, &it->lo, &it->hi, e)) != MS_OK ||
                (s = item_register(L, it, e)) != MS_OK)
                return s;
            L->map[h].item = L->nitems++;
        } else {
            ndropped++;
            if (dl + 1 < sizeof dropped)
                dl += (size_t)snprintf(dropped + dl, sizeof dropped - dl,
                                       "%s'%.40s'", dl ? ", " : "",
                                       L->header[h]);
        }
    }
    for (int c = 0; c < L->kind->ncols; c++)
        if (L->kind->cols[c].required && L->col_of[c] < 0) {
            snprintf(refusal, cap, "line 1: the %s export lacks the required "
                     "column '%s'; add it to the export%s", L->kind->name,
                     L->kind->cols[c].name,
                     L->opts->kind ? " or check --kind" : "");
            return MS_OK;
        }
    if (ndropped > 0)
        msg_warn("%s: %d column%s outside the contract dropped, not stored: "
                 "%s", L->file, ndropped, ndropped > 1 ? "s" : "", dropped);
    return MS_OK;
}

/* Record the dropped columns of this batch. */
static enum ms_status dropped_store(struct loader *L, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc = SQLITE_DONE;

    s = db_prepare(L->db, "INSERT OR IGNORE INTO dropped_columns (batch_id, "
                   "\"column\") VALUES (?1, ?2)", &st, e);
    for (size_t h = 0; s == MS_OK && h < L->nheader && rc == SQLITE_DONE; h++) {
        if (L->map[h].contract >= 0 || L->map[h].item >= 0)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, L->batch_id);
        sqlite3_bind_text(st, 2, L->header[h], -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    if (s == MS_OK && rc != SQLITE_DONE)
        s = db_error(L->db, rc, e, "recording dropped columns");
    sqlite3_finalize(st);
    return s;
}

/* --------------------------------------------------------- statements -- */

static const sqlite3_module rows_module;   /* ms_rows, below */
static void kept_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* Prepare the upsert of this kind, which stores the rows of a block
 * (ms_rows(?1), batch ?2): every contract column, answers for
 * evaluations, batch_id and line.  A row with the id of a row this same
 * batch wrote changes nothing and is noted by ms_kept: a duplicate. */
static enum ms_status statements_prepare(struct loader *L, struct ms_err *e)
{
    const struct contract_kind *K = L->kind;
    char sql[2048];
    size_t o = 0;
    int n = K->ncols, rc;

    rc = sqlite3_create_module(L->db, "ms_rows", &rows_module, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(L->db, "ms_kept", 2, SQLITE_UTF8 |
                                     SQLITE_DIRECTONLY, L, kept_fn, NULL,
                                     NULL);
    if (rc != SQLITE_OK)
        return db_error(L->db, rc, e, "registering ms_rows");
    L->ins_ready = 1;
    o += (size_t)snprintf(sql + o, sizeof sql - o, "INSERT INTO %s (", K->name);
    for (int c = 0; c < n; c++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "%s, ", K->cols[c].name);
    if (K->has_items)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "answers, ");
    o += (size_t)snprintf(sql + o, sizeof sql - o, "batch_id, line) SELECT ");
    for (int c = 0; c < n; c++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "c%d, ", c);
    if (K->has_items)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "answers, ");
    o += (size_t)snprintf(sql + o, sizeof sql - o, "?2, line FROM "
                          "ms_rows(?1) WHERE true ON CONFLICT (%s) DO UPDATE "
                          "SET ", K->cols[0].name);
    for (int c = 1; c < n; c++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "%s = excluded.%s, ",
                              K->cols[c].name, K->cols[c].name);
    if (K->has_items)
        o += (size_t)snprintf(sql + o, sizeof sql - o,
                              "answers = excluded.answers, ");
    o += (size_t)snprintf(sql + o, sizeof sql - o,
                          "batch_id = excluded.batch_id, line = excluded.line "
                          "WHERE ms_kept(%s.batch_id <> excluded.batch_id, "
                          "excluded.line)", K->name);
    if (o >= sizeof sql)
        return err_set(e, MS_SOFTWARE, "insert statement too long");
    if (db_prepare(L->db, sql, &L->ins, e) != MS_OK)
        return MS_SOFTWARE;
    if (K->id != KIND_PAIRS &&
        db_prepare(L->db, "SELECT 1 FROM pairs WHERE pair_id = ?1",
                   &L->pair_find, e) != MS_OK)
        return MS_SOFTWARE;
    return db_prepare(L->db, "INSERT INTO rejects (batch_id, line, \"column\", "
                      "rule, message) VALUES (?1, ?2, ?3, ?4, ?5)", &L->rej, e);
}

/* ------------------------------------------------------------ records -- */

/* The checked values of one record, as the reading side makes them. */
struct checked {
    struct value vals[CONTRACT_MAX_COLS];
    long item_vals[MAX_ITEMS];
    unsigned char item_present[MAX_ITEMS];
    char datebuf[CONTRACT_MAX_COLS][11];   /* dates written YYYY-MM-DD */
};

/* Check field f of the record against its contract column c, into
 * k->vals[c]. */
static void field_check(const struct loader *L, struct checked *k,
                        const struct csv_field *f, int c, struct verdict *v)
{
    const struct contract_column *col = &L->kind->cols[c];
    struct value *val = &k->vals[c];
    char q[64], words[160];
    enum field_rule r = FIELD_OK;
    int idx;

    val->present = f->len > 0;
    val->s = f->s;
    val->n = f->len;
    if (!val->present) {
        if (col->required)
            set_verdict(v, FIELD_MISSING_VALUE, col->name,
                        "%s is empty; every %s row needs it", col->name,
                        L->kind->name);
        return;
    }
    switch (col->type) {
    case COL_TEXT:
        return;
    case COL_DATE:
        r = field_parse_date(f->s, f->len, &val->date);
        if (r == FIELD_OK && !(f->len == 10 && f->s[4] == '-')) {
            /* not already YYYY-MM-DD (date_parse read those 10 bytes) */
            val->s = date_format(val->date, k->datebuf[c]);
            val->n = 10;
        }
        if (r != FIELD_OK) {
            quote_value(q, sizeof q, f->s, f->len);
            set_verdict(v, r, col->name, "'%s' in %s is not a date (use "
                        "YYYY-MM-DD or DD.MM.YYYY; impossible dates such as "
                        "30 February are refused)", q, col->name);
        }
        return;
    case COL_ENUM:
        r = field_parse_enum(f->s, f->len, col->words, &idx);
        val->i = idx;
        if (r != FIELD_OK) {
            quote_value(q, sizeof q, f->s, f->len);
            join_words(words, sizeof words, col->words);
            set_verdict(v, r, col->name, "'%s' in %s is not one of %s", q,
                        col->name, words);
        }
        return;
    case COL_BOOL:
        r = field_parse_bool(f->s, f->len, &idx);
        val->i = idx;
        if (r != FIELD_OK) {
            quote_value(q, sizeof q, f->s, f->len);
            set_verdict(v, r, col->name, "'%s' in %s is not yes or no (use "
                        "1/0, true/false, yes/no or ja/nej)", q, col->name);
        }
        return;
    case COL_INT:
        r = field_parse_int(f->s, f->len, col->lo, col->hi, &val->i);
        if (r != FIELD_OK) {
            quote_value(q, sizeof q, f->s, f->len);
            if (r == FIELD_OUT_OF_RANGE)
                set_verdict(v, r, col->name, "%s %s is outside %ld..%ld",
                            col->name, q, col->lo, col->hi);
            else
                set_verdict(v, r, col->name, "'%s' in %s is not a whole "
                            "number", q, col->name);
        }
        return;
    case COL_NUMBER:
        r = field_parse_number(f->s, f->len, L->decimal_comma, 1, &val->d);
        if (r != FIELD_OK) {
            quote_value(q, sizeof q, f->s, f->len);
            if (r == FIELD_OUT_OF_RANGE)
                set_verdict(v, r, col->name, "%s %s must be a number above 0",
                            col->name, q);
            else
                set_verdict(v, r, col->name, "'%s' in %s is not a number%s",
                            q, col->name, L->decimal_comma ?
                            " (use 1.5 or 1,5)" : " (use 1.5)");
        }
        return;
    }
}

/* An item answer: a whole number on the item's scale. */
static void item_check(const struct loader *L, struct checked *k,
                       const struct csv_field *f, int i, struct verdict *v)
{
    const struct item_slot *it = &L->items[i];
    enum field_rule r;
    char q[64];

    k->item_present[i] = f->len > 0;
    if (f->len == 0)
        return;
    r = field_parse_int(f->s, f->len, it->lo, it->hi, &k->item_vals[i]);
    if (r == FIELD_OK)
        return;
    quote_value(q, sizeof q, f->s, f->len);
    if (r == FIELD_OUT_OF_RANGE)
        set_verdict(v, r, it->name, "%s %s is outside its scale %ld..%ld",
                    it->name, q, it->lo, it->hi);
    else
        set_verdict(v, r, it->name, "'%s' in %s is not a whole number", q,
                    it->name);
}

#define PRESENT(c) (x[c].present)
#define COLNAME(c) (L->kind->cols[c].name)

/* The rules between columns (reject_rules in the README), in order. */
static void cross_check(const struct loader *L, const struct checked *k,
                        struct verdict *v)
{
    const struct value *x = k->vals;

    switch (L->kind->id) {
    case KIND_PAIRS: {
        long st = x[P_STATUS].i;   /* 0 active, 1 completed, 2 ended_early */
        if (st != 0 && !PRESENT(P_END_DATE))
            set_verdict(v, FIELD_MISSING_VALUE, COLNAME(P_END_DATE),
                        "end_date is empty; a %s pair needs one",
                        vocab_pair_status[st]);
        else if (st == 2 && !PRESENT(P_END_REASON))
            set_verdict(v, FIELD_MISSING_VALUE, COLNAME(P_END_REASON),
                        "end_reason is empty; an ended_early pair needs one");
        else if (st == 0 && PRESENT(P_END_DATE))
            set_verdict(v, FIELD_INVALID_VALUE, COLNAME(P_END_DATE),
                        "an active pair has no end_date; set status or clear "
                        "end_date");
        else if (st != 2 && PRESENT(P_END_REASON))
            set_verdict(v, FIELD_INVALID_VALUE, COLNAME(P_END_REASON),
                        "end_reason is only for ended_early pairs, but status "
                        "is %s", vocab_pair_status[st]);
        else if (PRESENT(P_END_DATE) &&
                 x[P_END_DATE].date < x[P_START_DATE].date)
            set_verdict(v, FIELD_END_BEFORE_START, COLNAME(P_END_DATE),
                        "end_date is before start_date");
        else if (PRESENT(P_PLANNED_END_DATE) &&
                 x[P_PLANNED_END_DATE].date < x[P_START_DATE].date)
            set_verdict(v, FIELD_END_BEFORE_START, COLNAME(P_PLANNED_END_DATE),
                        "planned_end_date is before start_date");
        break;
    }
    case KIND_MEETINGS:
        if (PRESENT(M_DURATION_MIN) && x[M_STATUS].i != 0)
            set_verdict(v, FIELD_INVALID_VALUE, COLNAME(M_DURATION_MIN),
                        "duration_min is only for held meetings, but status "
                        "is %s", vocab_meeting_status[x[M_STATUS].i]);
        else if (PRESENT(M_CANCELLED_BY) && x[M_STATUS].i == 0)
            set_verdict(v, FIELD_INVALID_VALUE, COLNAME(M_CANCELLED_BY),
                        "cancelled_by is set but the meeting was held");
        break;
    case KIND_GOALS:
        if (PRESENT(G_ATTAINMENT) && !PRESENT(G_REVIEW_DATE))
            set_verdict(v, FIELD_MISSING_VALUE, COLNAME(G_REVIEW_DATE),
                        "review_date is empty; a goal with an attainment "
                        "needs the date of that review");
        else if (PRESENT(G_REVIEW_DATE) && !PRESENT(G_ATTAINMENT))
            set_verdict(v, FIELD_INVALID_VALUE, COLNAME(G_REVIEW_DATE),
                        "review_date is set but attainment is empty");
        else if (PRESENT(G_REVIEW_DATE) &&
                 x[G_REVIEW_DATE].date < x[G_SET_DATE].date)
            set_verdict(v, FIELD_END_BEFORE_START, COLNAME(G_REVIEW_DATE),
                        "review_date is before set_date");
        else if (PRESENT(G_TARGET_DATE) &&
                 x[G_TARGET_DATE].date < x[G_SET_DATE].date)
            set_verdict(v, FIELD_END_BEFORE_START, COLNAME(G_TARGET_DATE),
                        "target_date is before set_date");
        break;
    case KIND_EVALUATIONS:
        break;
    }
}

/* Name of header column h for messages. */
static const char *header_name(const struct loader *L, size_t h)
{
    return h < L->nheader ? L->header[h] : "(beyond the header)";
}

/* Check one record into *k and *v: personal data (then refusal[] is set
 * and nothing else), then the record-level problems, each column and the
 * cross-column rules.  v->rule stays FIELD_OK for a row to store. */
static void record_check(const struct loader *L, struct checked *k,
                         const struct csv_record *rec, struct verdict *v,
                         char *refusal, size_t cap)
{
    v->rule = FIELD_OK;
    v->column = NULL;
    v->message[0] = '\0';
    for (size_t h = 0; h < rec->nfields; h++) {
        enum pii_kind pk = pii_scan(rec->fields[h].s, rec->fields[h].len);
        if (pk != PII_NONE) {
            snprintf(refusal, cap, "line %ld, column %zu ('%.60s') holds %s "
                     "%s: exports must be anonymised; remove the personal "
                     "data and export again (the value is not shown)",
                     rec->line, h + 1, header_name(L, h),
                     pk == PII_EMAIL ? "an" : "a", pii_kind_str(pk));
            return;
        }
    }
    if (rec->problem == CSV_UNTERMINATED_QUOTE)
        set_verdict(v, FIELD_UNTERMINATED_QUOTE, NULL, "a quoted field is "
                    "never closed: the file ends inside quotes");
    else if (rec->problem == CSV_RECORD_TOO_LONG)
        set_verdict(v, FIELD_RECORD_TOO_LONG, NULL, "the record is longer "
                    "than 16 MiB and was skipped");
    else if (rec->nfields > L->nheader)
        set_verdict(v, FIELD_TOO_MANY_FIELDS, NULL, "the record has %zu "
                    "fields but the header has %zu", rec->nfields, L->nheader);
    if (v->rule != FIELD_OK)
        return;
    for (int c = 0; c < L->kind->ncols; c++)
        k->vals[c].present = 0;
    for (int i = 0; i < L->nitems; i++)
        k->item_present[i] = 0;
    for (size_t h = 0; h < L->nheader && v->rule == FIELD_OK; h++) {
        static const struct csv_field empty = {"", 0, 0};
        const struct csv_field *f = h < rec->nfields ? &rec->fields[h]
                                                     : &empty;
        if (rec->has_nul && strlen(f->s) != f->len) {
            set_verdict(v, FIELD_INVALID_VALUE, header_name(L, h),
                        "%s holds a NUL byte", header_name(L, h));
            return;
        }
        if (L->map[h].contract >= 0)
            field_check(L, k, f, L->map[h].contract, v);
        else if (L->map[h].item >= 0)
            item_check(L, k, f, L->map[h].item, v);
    }
    /* required columns are all mapped (header_read checked) */
    if (v->rule == FIELD_OK)
        cross_check(L, k, v);
}

/* -------------------------------------------------------------- blocks -- */

/*
 * Checked records travel from the reading side to the loading side in
 * blocks: a block is an arena of entries, each aligned, one per record.
 * An entry is its header, then for a row to store its values
 * (struct value[ncols], long[nitems], unsigned char[nitems] presence) and
 * the text they point to, copied; for a rejected record its message.
 * A block holds BLOCK_BYTES, or one record when that needs more (a
 * megabyte field); it shrinks back when it is used again.
 */
#define BLOCK_BYTES ((size_t)256 * 1024)
#define ENTRY_ALIGN _Alignof(max_align_t)

struct entry {
    size_t size;            /* bytes from this entry to the next */
    long line;              /* the record's first line */
    enum field_rule rule;   /* FIELD_OK: a row to store; else a reject */
    const char *column;     /* a reject's column (the kind's, an item's or
                               the header's name: they outlive the block),
                               or NULL */
};

struct block {
    char *bytes;            /* the entries, len of cap bytes used */
    size_t len, cap;
    uint64_t bytes_read;    /* of the file, after the block's last record */
    int last;               /* 1: the reading side's final block; then: */
    enum ms_status status;  /* MS_OK, or why reading failed (err) */
    struct ms_err err;
    char refusal[512];      /* set: personal data, the file is refused */
};

/* Whether column c's text goes into the block (the loading side binds
 * it, or quotes it: the id of a duplicate, the pair of an orphan). */
static int value_has_text(const struct contract_column *col,
                          const struct value *v)
{
    return v->present && (col->type == COL_TEXT || col->type == COL_DATE);
}

/* Append the record checked into *k with verdict *v to b.  Returns 0
 * when it is in, 1 when it does not fit in b (b holds other entries:
 * hand b over and put the record in the next), -1 when memory ran out. */
static int block_put(struct block *b, const struct loader *L,
                     const struct checked *k, long line,
                     const struct verdict *v)
{
    const struct contract_column *cols = L->kind->cols;
    int ncols = L->kind->ncols, nitems = L->nitems;
    size_t need = sizeof(struct entry), msg = 0;
    struct entry *en;

    if (v->rule != FIELD_OK) {
        msg = strlen(v->message) + 1;
        need += msg;
    } else {
        need += (size_t)ncols * sizeof(struct value) +
                (size_t)nitems * (sizeof(long) + 1);
        for (int c = 0; c < ncols; c++)
            if (value_has_text(&cols[c], &k->vals[c]))
                need += k->vals[c].n + 1;
    }
    need = (need + ENTRY_ALIGN - 1) / ENTRY_ALIGN * ENTRY_ALIGN;
    if (need > b->cap - b->len) {
        char *grown;
        if (b->len > 0)
            return 1;
        if ((grown = realloc(b->bytes, need)) == NULL)
            return -1;
        b->bytes = grown;
        b->cap = need;
    }
    en = (struct entry *)(void *)(b->bytes + b->len);
    en->size = need;
    en->line = line;
    en->rule = v->rule;
    en->column = v->column;
    if (v->rule != FIELD_OK) {
        memcpy(en + 1, v->message, msg);
    } else {
        struct value *vals = (struct value *)(void *)(en + 1);
        long *items = (long *)(void *)(vals + ncols);
        unsigned char *present = (unsigned char *)(items + nitems);
        char *text = (char *)(present + nitems);

        memcpy(vals, k->vals, (size_t)ncols * sizeof *vals);
        memcpy(items, k->item_vals, (size_t)nitems * sizeof *items);
        memcpy(present, k->item_present, (size_t)nitems);
        for (int c = 0; c < ncols; c++) {
            if (!value_has_text(&cols[c], &vals[c])) {
                vals[c].s = NULL;
                continue;
            }
            memcpy(text, vals[c].s, vals[c].n);
            text[vals[c].n] = '\0';
            vals[c].s = text;
            text += vals[c].n + 1;
        }
    }
    b->len += need;
    return 0;
}

/* ------------------------------------------------------------ pipeline -- */

/*
 * Reading, personal-data scanning and checking of the next block run as a
 * task (core/task.h) on the second core while the caller's thread stores
 * the current block with SQLite; then the two blocks swap.  Memory stays
 * two blocks, whatever the file.  The reading side stops after the block
 * with the end of the file, the refusal or the read error (last).  Files
 * below PIPELINE_MIN_BYTES are read on the caller's thread, one block at
 * a time, with the very same code (a task per block would cost more than
 * it saves).
 */
#define PIPELINE_MIN_BYTES ((uint64_t)1024 * 1024)

struct pipeline {
    struct loader *L;
    struct block blocks[2];
    struct checked k;              /* the reading side's record */
    struct verdict v;
    const struct csv_record *pending;   /* read and checked, not yet in a
                                           block (the last one was full) */
    unsigned long next;            /* the loading side's next block */
    int threaded;                  /* the next block is filled as a task */
    struct task fill;              /* filling blocks[next % 2] */
};

/* Fill b with the next records until it is full or reading ends.  Sets
 * b->last (with status, err and refusal) when no block comes after it.
 * Runs on the reading side. */
static void block_fill(struct pipeline *P, struct block *b)
{
    struct loader *L = P->L;
    const struct csv_record *rec;
    int put;

    if (b->cap != BLOCK_BYTES) {   /* first use, or grown for a big record */
        free(b->bytes);
        b->bytes = malloc(BLOCK_BYTES);
        b->cap = b->bytes != NULL ? BLOCK_BYTES : 0;
    }
    b->len = 0;
    b->last = 0;
    b->status = MS_OK;
    b->refusal[0] = '\0';
    for (;;) {
        if (P->pending != NULL) {
            rec = P->pending;
        } else {
            b->status = csv_reader_next(L->csv, &rec, &b->err);
            if (b->status != MS_OK || rec == NULL)
                break;
            record_check(L, &P->k, rec, &P->v, b->refusal,
                         sizeof b->refusal);
            if (b->refusal[0])
                break;
        }
        put = block_put(b, L, &P->k, rec->line, &P->v);
        P->pending = put == 1 ? rec : NULL;
        if (put == 1) {
            b->bytes_read = csv_reader_bytes_read(L->csv);
            return;
        }
        if (put < 0) {
            b->status = err_set(&b->err, MS_NOMEM, "out of memory reading "
                                "'%s'", L->path);
            break;
        }
    }
    b->bytes_read = csv_reader_bytes_read(L->csv);
    b->last = 1;
}

/* The task that fills the loading side's next block. */
static enum ms_status pipeline_fill(void *arg, struct ms_err *e)
{
    struct pipeline *P = arg;

    (void)e;   /* failures travel in the block (status, err, refusal) */
    block_fill(P, &P->blocks[P->next % 2]);
    return MS_OK;
}

/* Set up P for L (header read, L->csv at the first record) and start
 * filling the first block as a task when the file is large enough.  This
 * function can't fail. */
static void pipeline_start(struct pipeline *P, struct loader *L,
                           uint64_t file_size)
{
    memset(P, 0, sizeof *P);
    P->L = L;
    L->pipe = P;
    P->threaded = file_size >= PIPELINE_MIN_BYTES;
    if (P->threaded)
        task_start(&P->fill, pipeline_fill, P);
}

/* The next block of records, in file order; the loading side reads it
 * until the next call (or pipeline_stop), while the block after it is
 * being filled.  After a block with last set, none. */
static struct block *pipeline_next(struct pipeline *P)
{
    struct block *b = &P->blocks[P->next % 2];

    if (P->threaded)
        task_join(&P->fill, MS_OK, NULL);
    else
        block_fill(P, b);
    P->next++;
    if (P->threaded && !b->last)
        task_start(&P->fill, pipeline_fill, P);
    return b;
}

/* Wait for the block being filled and free the blocks.  Every path out
 * of ingest_file comes here (loader_release) before the reader is freed.
 * NULL is a no-op. */
static void pipeline_stop(struct pipeline *P)
{
    if (P == NULL)
        return;
    task_join(&P->fill, MS_OK, NULL);
    for (int i = 0; i < 2; i++) {
        free(P->blocks[i].bytes);
        P->blocks[i].bytes = NULL;
        P->blocks[i].cap = 0;
    }
    P->L->pipe = NULL;
}

/* ------------------------------------------------------------- storing -- */

/* A checked row as the loading side reads it out of a block entry. */
struct row {
    long line;
    const struct value *vals;          /* kind->ncols */
    const long *item_vals;             /* nitems */
    const unsigned char *item_present; /* nitems */
};

/* Write v in decimal at out (room for 20 bytes); return the bytes
 * written.  By hand: this runs for every answer of every row. */
static size_t long_write(char *out, long v)
{
    char tmp[24];
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    size_t n = 0, o = 0;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        out[o++] = '-';
    while (n > 0)
        out[o++] = tmp[--n];
    return o;
}

/* Build {"q_a":4,"q_b":5} of the present items into L->answers: at most
 * 3 + nitems * (4 + 63 + 20) bytes, so the buffer grows only once. */
static enum ms_status answers_build(struct loader *L, const struct row *r)
{
    size_t need = 3 + (size_t)L->nitems * 90, o = 0;
    char *a;

    if (need > L->answers_cap) {
        char *p = realloc(L->answers, need);
        if (p == NULL)
            return MS_NOMEM;
        L->answers = p;
        L->answers_cap = need;
    }
    a = L->answers;
    a[o++] = '{';
    for (int i = 0; i < L->nitems; i++) {
        const struct item_slot *it = &L->items[i];
        if (!r->item_present[i])
            continue;
        if (o > 1)
            a[o++] = ',';
        a[o++] = '"';
        memcpy(a + o, it->name, it->len);
        o += it->len;
        a[o++] = '"';
        a[o++] = ':';
        o += long_write(a + o, r->item_vals[i]);
    }
    a[o++] = '}';
    a[o] = '\0';
    L->answers_len = o;
    return MS_OK;
}

/* The year of day number t as four digits, into out (5 bytes). */
static void year_format(int32_t t, char out[5])
{
    int y, m, d;

    date_to_ymd(t, &y, &m, &d);   /* 1..9999: dates.h */
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '\0';
}

/* The value of column c of the checked row r as SQLite stores it, into
 * ctx: the contract column's text, number or enum word, or its default
 * when empty (cohort: the start year; meeting kind: regular; goal
 * weight: 1).  Texts point into the block, which outlives the statement
 * (SQLITE_STATIC). */
static void column_result(struct loader *L, const struct row *r, int c,
                          sqlite3_context *ctx)
{
    const struct contract_kind *K = L->kind;
    const struct contract_column *col = &K->cols[c];
    const struct value *v = &r->vals[c];

    if (!v->present) {
        if (K->id == KIND_PAIRS && c == P_COHORT) {
            year_format(r->vals[P_START_DATE].date, L->cohort);
            sqlite3_result_text(ctx, L->cohort, 4, SQLITE_TRANSIENT);
        } else if (K->id == KIND_MEETINGS && c == M_KIND) {
            sqlite3_result_text(ctx, "regular", -1, SQLITE_STATIC);
        } else if (K->id == KIND_GOALS && c == G_WEIGHT) {
            sqlite3_result_double(ctx, 1.0);
        } else {
            sqlite3_result_null(ctx);
        }
        return;
    }
    switch (col->type) {
    case COL_TEXT:
    case COL_DATE:   /* YYYY-MM-DD */
        sqlite3_result_text(ctx, v->s, (int)v->n, SQLITE_STATIC);
        break;
    case COL_ENUM:
        sqlite3_result_text(ctx, col->words[v->i], -1, SQLITE_STATIC);
        break;
    case COL_BOOL:
    case COL_INT:
        sqlite3_result_int64(ctx, v->i);
        break;
    case COL_NUMBER:
        sqlite3_result_double(ctx, v->d);
        break;
    }
}

/* Read entry en of a block as a row (en->rule == FIELD_OK). */
static void entry_row(const struct loader *L, const struct entry *en,
                      struct row *r)
{
    r->line = en->line;
    r->vals = (const struct value *)(const void *)(en + 1);
    r->item_vals = (const long *)(const void *)(r->vals + L->kind->ncols);
    r->item_present = (const unsigned char *)(r->item_vals + L->nitems);
}

/*
 * The rows of a block reach SQLite through a table-valued function,
 * ms_rows(block), an eponymous virtual table over the block's entries
 * that are rows to store (rejects are skipped).  One INSERT ... SELECT
 * per block then stores them all: SQLite keeps its cursors on the tables
 * open and runs its program once per block instead of once per row (a
 * step per row cost more than the b-tree work itself).  Its columns:
 * c0..c15 (the kind's contract columns; those beyond ncols are NULL),
 * answers (evaluations' JSON of the items), line, and the hidden argument
 * src, a pointer bound with sqlite3_bind_pointer (type "ms_rows").
 */
#define ROWS_COL_ANSWERS CONTRACT_MAX_COLS
#define ROWS_COL_LINE (CONTRACT_MAX_COLS + 1)
#define ROWS_COL_SRC (CONTRACT_MAX_COLS + 2)

/* What ms_rows(?) reads: the loader (kind, items) and the block. */
struct rows_src {
    struct loader *L;
    const struct block *b;
};

struct rows_cursor {
    sqlite3_vtab_cursor base;
    const struct rows_src *src;
    size_t o;                 /* offset of the current entry */
    sqlite3_int64 rowid;
    struct row r;             /* the current entry, when o < b->len */
};

/* Move c to the first row entry at or after offset o. */
static void rows_seek(struct rows_cursor *c, size_t o)
{
    const struct block *b = c->src ? c->src->b : NULL;

    while (b != NULL && o < b->len) {
        const struct entry *en = (const struct entry *)(const void *)
                                 (b->bytes + o);
        if (en->rule == FIELD_OK) {
            entry_row(c->src->L, en, &c->r);
            break;
        }
        o += en->size;
    }
    c->o = o;
}

static int rows_connect(sqlite3 *db, void *aux, int argc,
                        const char *const *argv, sqlite3_vtab **vt,
                        char **err)
{
    char sql[512];
    size_t o = 0;
    int rc;

    (void)aux; (void)argc; (void)argv; (void)err;
    o += (size_t)snprintf(sql, sizeof sql, "CREATE TABLE x(");
    for (int c = 0; c < CONTRACT_MAX_COLS; c++)
        o += (size_t)snprintf(sql + o, sizeof sql - o, "c%d, ", c);
    snprintf(sql + o, sizeof sql - o, "answers, line, src HIDDEN)");
    rc = sqlite3_declare_vtab(db, sql);
    if (rc != SQLITE_OK)
        return rc;
    *vt = sqlite3_malloc(sizeof **vt);
    if (*vt == NULL)
        return SQLITE_NOMEM;
    memset(*vt, 0, sizeof **vt);
    return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* The only plan: src = ? given, rows in block order. */
static int rows_best_index(sqlite3_vtab *vt, sqlite3_index_info *ii)
{
    (void)vt;
    for (int i = 0; i < ii->nConstraint; i++) {
        const struct sqlite3_index_constraint *k = &ii->aConstraint[i];
        if (k->iColumn == ROWS_COL_SRC && k->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!k->usable)
                return SQLITE_CONSTRAINT;
            ii->aConstraintUsage[i].argvIndex = 1;
            ii->aConstraintUsage[i].omit = 1;
            ii->estimatedCost = 1000;
            ii->estimatedRows = 1000;
            return SQLITE_OK;
        }
    }
    return SQLITE_CONSTRAINT;
}

static int rows_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **cur)
{
    struct rows_cursor *c = sqlite3_malloc(sizeof *c);

    (void)vt;
    if (c == NULL)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *cur = &c->base;
    return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs,
                       int argc, sqlite3_value **argv)
{
    struct rows_cursor *c = (struct rows_cursor *)cur;

    (void)idx; (void)idxs;
    c->src = argc > 0 ? sqlite3_value_pointer(argv[0], "ms_rows") : NULL;
    c->rowid = 0;
    rows_seek(c, 0);
    return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *cur)
{
    struct rows_cursor *c = (struct rows_cursor *)cur;
    const struct entry *en = (const struct entry *)(const void *)
                             (c->src->b->bytes + c->o);

    c->rowid++;
    rows_seek(c, c->o + en->size);
    return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *cur)
{
    struct rows_cursor *c = (struct rows_cursor *)cur;

    return c->src == NULL || c->o >= c->src->b->len;
}

static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i)
{
    struct rows_cursor *c = (struct rows_cursor *)cur;
    struct loader *L = c->src->L;

    if (i == ROWS_COL_LINE) {
        sqlite3_result_int64(ctx, c->r.line);
    } else if (i == ROWS_COL_ANSWERS) {
        if (!L->kind->has_items) {
            sqlite3_result_null(ctx);
        } else if (answers_build(L, &c->r) != MS_OK) {
            return SQLITE_NOMEM;
        } else {
            sqlite3_result_text(ctx, L->answers, (int)L->answers_len,
                                SQLITE_TRANSIENT);
        }
    } else if (i < L->kind->ncols) {
        column_result(L, &c->r, i, ctx);
    } else {
        sqlite3_result_null(ctx);
    }
    return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((struct rows_cursor *)cur)->rowid;
    return SQLITE_OK;
}

static const sqlite3_module rows_module = {
    .iVersion = 0,
    .xCreate = NULL,          /* eponymous only: ms_rows(?) */
    .xConnect = rows_connect,
    .xBestIndex = rows_best_index,
    .xDisconnect = rows_disconnect,
    .xDestroy = rows_disconnect,
    .xOpen = rows_open,
    .xClose = rows_close,
    .xFilter = rows_filter,
    .xNext = rows_next,
    .xEof = rows_eof,
    .xColumn = rows_column,
    .xRowid = rows_rowid,
};

/* The dates of each kind that analyze's default as_of looks at (the
 * latest start, end, meeting, review or evaluation date: results.md). */
static const int latest_cols[4][2] = {
    [KIND_PAIRS] = {P_START_DATE, P_END_DATE},
    [KIND_MEETINGS] = {M_DATE, -1},
    [KIND_GOALS] = {G_REVIEW_DATE, -1},
    [KIND_EVALUATIONS] = {E_DATE, -1},
};

/* Fold the stored row's dates into the batch's latest date
 * (batches.latest_date, schemas/002_batch_latest_date.sql). */
static void latest_note(struct loader *L, const struct row *r)
{
    for (int k = 0; k < 2; k++) {
        int c = latest_cols[L->kind->id][k];
        if (c < 0 || !r->vals[c].present)
            continue;
        if (!L->has_latest || r->vals[c].date > L->latest) {
            L->latest = r->vals[c].date;
            L->has_latest = 1;
        }
    }
}

/* Count the row just stored as an orphan when its pair is not in the
 * roster.  Rows come grouped by pair, so the roster is asked only when
 * pair_id differs from the last stored row's; pairs does not change while
 * a child file loads, so the last answer stays right. */
static enum ms_status orphan_note(struct loader *L, const struct row *r,
                                  struct ms_err *e)
{
    const struct value *p = &r->vals[1];   /* M_, G_, E_PAIR_ID */
    int rc;

    if (L->have_last_pair && p->n == L->last_pair_len &&
        memcmp(p->s, L->last_pair, p->n) == 0) {
        L->orphans += !L->last_pair_known;
        return MS_OK;
    }
    if (p->n >= L->last_pair_cap) {
        char *b = realloc(L->last_pair, p->n + 1);
        if (b == NULL)
            return err_set(e, MS_NOMEM, "out of memory");
        L->last_pair = b;
        L->last_pair_cap = p->n + 1;
    }
    sqlite3_bind_text(L->pair_find, 1, p->s, (int)p->n, SQLITE_STATIC);
    rc = sqlite3_step(L->pair_find);
    sqlite3_reset(L->pair_find);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        L->have_last_pair = 0;
        return db_error(L->db, rc, e, "counting orphans");
    }
    memcpy(L->last_pair, p->s, p->n);
    L->last_pair_len = p->n;
    L->last_pair_known = rc == SQLITE_ROW;
    L->have_last_pair = 1;
    L->orphans += !L->last_pair_known;
    return MS_OK;
}

static enum ms_status reject_store(struct loader *L, long line,
                                   enum field_rule rule, const char *column,
                                   const char *message, struct ms_err *e)
{
    sqlite3_stmt *st = L->rej;
    int rc;

    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, L->batch_id);
    sqlite3_bind_int64(st, 2, line);
    if (column)
        sqlite3_bind_text(st, 3, column, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, field_rule_str(rule), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, message, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        return db_error(L->db, rc, e, L->file);
    L->rows_rejected++;
    return MS_OK;
}

/* ms_kept(update, line): the upsert's DO UPDATE condition, update (the
 * stored row is another batch's: the last load wins), which also notes
 * line in L->dups when it is 0: this file gave the id before, the row is
 * a duplicate (the first is kept).  SQLite calls it only for rows whose
 * id is already stored, in the order of the block. */
static void kept_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct loader *L = sqlite3_user_data(ctx);
    int update = sqlite3_value_int(argv[0]);

    (void)argc;
    if (!update) {
        if (L->ndups == L->dups_cap) {
            size_t cap = L->dups_cap ? 2 * L->dups_cap : 64;
            long *p = realloc(L->dups, cap * sizeof *p);
            if (p == NULL) {
                sqlite3_result_error_nomem(ctx);
                return;
            }
            L->dups = p;
            L->dups_cap = cap;
        }
        L->dups[L->ndups++] = (long)sqlite3_value_int64(argv[1]);
    }
    sqlite3_result_int(ctx, update);
}

static int line_cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;

    return (x > y) - (x < y);
}

/* Store every row of b with one run of the insert (see ms_rows), then
 * account for every entry in file order: its reject, the row stored
 * (orphan count, latest date), or a duplicate_id reject for a row whose
 * id this file already gave (ms_kept noted its line).  Rejects are
 * written in line order, as the rows come. */
static enum ms_status block_load(struct loader *L, const struct block *b,
                                 struct ms_err *e)
{
    struct rows_src src = {L, b};
    enum ms_status s = MS_OK;
    size_t k = 0;
    int rc;

    L->ndups = 0;
    sqlite3_reset(L->ins);
    sqlite3_bind_pointer(L->ins, 1, &src, "ms_rows", NULL);
    sqlite3_bind_int64(L->ins, 2, L->batch_id);
    rc = sqlite3_step(L->ins);
    if (rc != SQLITE_DONE)
        s = db_error(L->db, rc, e, L->file);
    sqlite3_reset(L->ins);
    sqlite3_bind_null(L->ins, 1);   /* src goes with this frame */
    if (s != MS_OK)
        return s;
    for (size_t i = 1; i < L->ndups; i++)
        if (L->dups[i] < L->dups[i - 1]) {   /* SQLite's order, in case */
            qsort(L->dups, L->ndups, sizeof *L->dups, line_cmp);
            break;
        }

    for (size_t o = 0; o < b->len && s == MS_OK;) {
        const struct entry *en = (const struct entry *)(const void *)
                                 (b->bytes + o);
        struct verdict v;
        struct row r;

        o += en->size;
        L->rows_read++;
        if (en->rule != FIELD_OK) {
            s = reject_store(L, en->line, en->rule, en->column,
                             (const char *)(en + 1), e);
            continue;
        }
        entry_row(L, en, &r);
        if (k >= L->ndups || L->dups[k] != r.line) {
            L->rows_loaded++;
            latest_note(L, &r);
            if (L->pair_find)
                s = orphan_note(L, &r, e);
            continue;
        }
        k++;
        set_verdict(&v, FIELD_DUPLICATE_ID, COLNAME(0), "%s '%.40s' appears "
                    "earlier in this file; the first is kept", COLNAME(0),
                    r.vals[0].s);
        s = reject_store(L, r.line, v.rule, v.column, v.message, e);
    }
    return s;
}

/* ------------------------------------------------------------- batches -- */

static enum ms_status batch_begin(struct loader *L, const struct csv_scan *scan,
                                  struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    s = db_prepare(L->db, "INSERT INTO batches (file, sha256, kind, status, "
                   "encoding, delimiter) VALUES (?1, ?2, ?3, 'loaded', ?4, ?5)",
                   &st, e);
    if (s != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, L->file, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, scan->sha256, -1, SQLITE_STATIC);
    db_bind_text(st, 3, L->kind ? L->kind->name : NULL);
    sqlite3_bind_text(st, 4, scan->valid_utf8 ? "utf-8" : "windows-1252", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 5, csv_reader_delimiter(L->csv) == '\t' ? "tab" :
                      csv_reader_delimiter(L->csv) == ';' ? ";" : ",", -1,
                      SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error(L->db, rc, e, L->file);
    L->batch_id = (long)sqlite3_last_insert_rowid(L->db);
    return MS_OK;
}

static enum ms_status batch_finish(struct loader *L, const char *message,
                                   struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    char latest[11];
    int rc;

    s = db_prepare(L->db, "UPDATE batches SET kind = ?2, rows_read = ?3, "
                   "rows_loaded = ?4, rows_rejected = ?5, message = ?6, "
                   "latest_date = ?7 WHERE batch_id = ?1", &st, e);
    if (s != MS_OK)
        return s;
    sqlite3_bind_int64(st, 1, L->batch_id);
    sqlite3_bind_text(st, 2, L->kind->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, L->rows_read);
    sqlite3_bind_int64(st, 4, L->rows_loaded);
    sqlite3_bind_int64(st, 5, L->rows_rejected);
    sqlite3_bind_text(st, 6, message, -1, SQLITE_STATIC);
    if (L->has_latest)
        sqlite3_bind_text(st, 7, date_format(L->latest, latest), 10,
                          SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error(L->db, rc, e, L->file);
    return MS_OK;
}

/* Record a refused file in its own transaction (after the rollback). */
static enum ms_status batch_refused(sqlite3 *db, const char *file,
                                    const char *sha256, const char *kind,
                                    const char *message, long *batch_id,
                                    struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    if ((s = db_begin(db, e)) != MS_OK)
        return s;
    s = db_prepare(db, "INSERT INTO batches (file, sha256, kind, status, "
                   "message) VALUES (?1, ?2, ?3, 'refused', ?4)", &st, e);
    if (s == MS_OK) {
        sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
        db_bind_text(st, 2, sha256);
        db_bind_text(st, 3, kind);
        sqlite3_bind_text(st, 4, message, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc != SQLITE_DONE)
            s = db_error(db, rc, e, file);
        *batch_id = (long)sqlite3_last_insert_rowid(db);
    }
    sqlite3_finalize(st);
    if (s != MS_OK) {
        db_rollback(db);
        return s;
    }
    return db_commit(db, e);
}

/* The batch that already loaded this sha256, or 0. */
static enum ms_status batch_find_sha(sqlite3 *db, const char *sha256,
                                     long *batch_id, struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    *batch_id = 0;
    s = db_prepare(db, "SELECT batch_id FROM batches WHERE sha256 = ?1 AND "
                   "status = 'loaded'", &st, e);
    if (s != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *batch_id = (long)sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        s = db_error(db, rc, e, "reading batches");
    sqlite3_finalize(st);
    return s;
}

/* The message for a file with rejected rows (r, loaded and committed):
 * how many, whether the rest loaded, and the three most frequent rules,
 * each with its count and its first line, column and message (messages
 * quote values, never personal data: such a file is refused whole).
 * Returns MS_DATAERR; a failing query only shortens the message. */
static enum ms_status rejects_summary(sqlite3 *db, const char *file,
                                      const struct ingest_result *r,
                                      struct ms_err *e)
{
    sqlite3_stmt *top = NULL, *first = NULL;
    char msg[sizeof e->msg];
    size_t o;
    int shown = 0, more = 0;

    if (r->rows_loaded > 0)
        o = (size_t)snprintf(msg, sizeof msg, "%s: %ld of %ld rows rejected, "
                             "the rest loaded (each is in the rejects table, "
                             "batch %ld):", file, r->rows_rejected,
                             r->rows_read, r->batch_id);
    else
        o = (size_t)snprintf(msg, sizeof msg, "%s: all %ld rows rejected, "
                             "nothing loaded (each is in the rejects table, "
                             "batch %ld):", file, r->rows_rejected,
                             r->batch_id);
    if (sqlite3_prepare_v2(db, "SELECT rule, count(*), min(line) FROM rejects "
                           "WHERE batch_id = ?1 GROUP BY rule ORDER BY "
                           "count(*) DESC, min(line)", -1, &top, NULL) ||
        sqlite3_prepare_v2(db, "SELECT \"column\", message FROM rejects WHERE "
                           "batch_id = ?1 AND line = ?2", -1, &first, NULL))
        goto done;
    sqlite3_bind_int64(top, 1, r->batch_id);
    sqlite3_bind_int64(first, 1, r->batch_id);
    while (sqlite3_step(top) == SQLITE_ROW) {
        const char *col, *why;
        long n = (long)sqlite3_column_int64(top, 1);

        if (shown == 3) {
            more++;
            continue;
        }
        sqlite3_reset(first);
        sqlite3_bind_int64(first, 2, sqlite3_column_int64(top, 2));
        if (sqlite3_step(first) != SQLITE_ROW)
            continue;
        col = (const char *)sqlite3_column_text(first, 0);
        why = (const char *)sqlite3_column_text(first, 1);
        if (o < sizeof msg)
            o += (size_t)snprintf(msg + o, sizeof msg - o, "\n  %s: %ld "
                                  "row%s, first at line %lld%s%.40s: %.200s",
                                  sqlite3_column_text(top, 0), n,
                                  n == 1 ? "" : "s",
                                  sqlite3_column_int64(top, 2),
                                  col ? ", column " : "", col ? col : "",
                                  why ? why : "");
        shown++;
    }
    if (more > 0 && o < sizeof msg)
        snprintf(msg + o, sizeof msg - o, "\n  and %d other rule%s", more,
                 more == 1 ? "" : "s");
done:
    sqlite3_finalize(top);
    sqlite3_finalize(first);
    return err_set(e, MS_DATAERR, "%s", msg);
}

enum ms_status ingest_count_orphans(sqlite3 *db, struct ingest_result *r,
                                    struct ms_err *e)
{
    static const char *const sql[4] = {
        NULL,
        "SELECT count(*) FROM meetings WHERE batch_id = ?1 AND pair_id NOT IN "
        "(SELECT pair_id FROM pairs)",
        "SELECT count(*) FROM goals WHERE batch_id = ?1 AND pair_id NOT IN "
        "(SELECT pair_id FROM pairs)",
        "SELECT count(*) FROM evaluations WHERE batch_id = ?1 AND pair_id NOT "
        "IN (SELECT pair_id FROM pairs)",
    };
    const struct contract_kind *k;
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    r->orphans = 0;
    if (r->kind == NULL || r->outcome != INGEST_LOADED ||
        (k = contract_kind_find(r->kind)) == NULL || sql[k->id] == NULL)
        return MS_OK;
    if ((s = db_prepare(db, sql[k->id], &st, e)) != MS_OK)
        return s;
    sqlite3_bind_int64(st, 1, r->batch_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        r->orphans = (long)sqlite3_column_int64(st, 0);
    else
        s = db_error(db, rc, e, "counting orphans");
    sqlite3_finalize(st);
    return s;
}

const char *ingest_outcome_word(enum ingest_outcome o)
{
    switch (o) {
    case INGEST_LOADED: return "loaded";
    case INGEST_REFUSED: return "refused";
    case INGEST_UNCHANGED: return "unchanged";
    case INGEST_FAILED: return "failed";
    case INGEST_NOT_TRIED: break;
    }
    return "-";
}

int ingest_orphans_stale(const struct ingest_result *r,
                         const struct ingest_result *later, size_t n)
{
    if (r->kind == NULL || strcmp(r->kind, "pairs") == 0 ||
        r->outcome != INGEST_LOADED)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (later[i].kind != NULL && later[i].outcome == INGEST_LOADED &&
            (strcmp(later[i].kind, "pairs") == 0 ||
             strcmp(later[i].kind, r->kind) == 0))
            return 1;
    return 0;
}

/*
 * Checkpoints.  A large file's commit does not copy the WAL into the
 * database itself (autocheckpoint off while it loads): the next large
 * file does it, as a task on a connection of its own, while it reads and
 * stores its rows, so the copy and its fsync leave the critical path.
 * What the last file leaves is copied when the database is closed, or by
 * the next commit of a small file or of analyze (autocheckpoint back on).
 * A checkpoint that fails loses nothing (the WAL keeps the frames): its
 * errors are ignored.
 */
#define WAL_AUTOCHECKPOINT 1000   /* SQLite's default, in pages */

/* A PASSIVE checkpoint of the database file arg, on a connection of its
 * own.  This function can't fail (see above). */
static enum ms_status checkpoint_run(void *arg, struct ms_err *e)
{
    sqlite3 *c = NULL;

    (void)e;
    /* a connection finds the WAL when it first reads: before that, a
     * checkpoint does nothing */
    if (sqlite3_open_v2(arg, &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL) == SQLITE_OK &&
        sqlite3_exec(c, "PRAGMA schema_version", NULL, NULL, NULL) ==
        SQLITE_OK)
        sqlite3_wal_checkpoint_v2(c, "main", SQLITE_CHECKPOINT_PASSIVE, NULL,
                                  NULL);
    sqlite3_close(c);
    return MS_OK;
}

/* For a large file: turn the commit's own checkpoint off and copy what
 * earlier commits left in the WAL as a task.  Call inside the file's
 * transaction. */
static void checkpoint_start(struct loader *L, uint64_t file_size)
{
    const char *file = sqlite3_db_filename(L->db, "main");

    if (file_size < PIPELINE_MIN_BYTES || file == NULL || file[0] == '\0')
        return;
    sqlite3_wal_autocheckpoint(L->db, 0);
    task_start(&L->checkpoint, checkpoint_run, (void *)file);
}

static void loader_release(struct loader *L)
{
    pipeline_stop(L->pipe);   /* before the reader it reads goes */
    task_join(&L->checkpoint, MS_OK, NULL);
    sqlite3_finalize(L->ins);
    sqlite3_finalize(L->rej);
    sqlite3_finalize(L->pair_find);
    if (L->ins_ready)   /* ms_kept points at L: it goes with L */
        sqlite3_create_function(L->db, "ms_kept", 2, SQLITE_UTF8, NULL, NULL,
                                NULL, NULL);
    csv_reader_free(L->csv);
    for (size_t h = 0; L->header && h < L->nheader; h++)
        free(L->header[h]);
    free(L->header);
    free(L->map);
    free(L->answers);
    free(L->dups);
    free(L->last_pair);
}

/* ---------------------------------------------------------------- file -- */

enum ms_status ingest_file(sqlite3 *db, const char *path,
                           const struct ingest_opts *o,
                           struct ingest_result *r, struct ms_err *e)
{
    struct loader L;
    struct pipeline pipe;
    struct block *b;
    struct csv_scan scan;
    char refusal[512] = "", summary[256];
    struct ms_err be = {{0}};
    enum ms_status s;
    long done_id = 0;

    memset(&L, 0, sizeof L);
    memset(r, 0, sizeof *r);
    L.db = db;
    L.path = path;
    L.file = base_name(path);
    L.opts = o;
    r->file = path;
    r->reported = 1;
    r->outcome = INGEST_REFUSED;

    s = csv_scan_file(path, &scan, e);
    if (s != MS_OK) {
        if (s == MS_NOINPUT)
            batch_refused(db, L.file, NULL, NULL, e->msg, &r->batch_id, NULL);
        return s;
    }
    if (scan.utf16) {
        snprintf(refusal, sizeof refusal, "it is UTF-16 (Excel's \"Unicode "
                 "text\"): save as CSV UTF-8 (Excel: Save As, \"CSV UTF-8 "
                 "(Comma delimited)\") and ingest that file");
        goto refuse;
    }
    if (scan.looks_binary) {
        snprintf(refusal, sizeof refusal, "it is not a text file (binary "
                 "bytes near the start); export the data as CSV");
        goto refuse;
    }
    if ((s = db_begin(db, &be)) != MS_OK) {
        r->outcome = INGEST_FAILED;   /* busy: nothing recorded */
        return err_set(e, s, "%s: not loaded: %s", L.file, be.msg);
    }
    if ((s = batch_find_sha(db, scan.sha256, &done_id, e)) != MS_OK)
        goto fail;
    if (done_id > 0) {
        db_rollback(db);
        r->outcome = INGEST_UNCHANGED;
        r->batch_id = done_id;
        msg_note("%s: already ingested as batch %ld (same sha256); nothing "
                 "changed", L.file, done_id);
        return MS_OK;
    }
    s = csv_reader_new(path, scan.valid_utf8 ? CSV_UTF8 : CSV_WINDOWS_1252,
                       &L.csv, e);
    if (s != MS_OK)
        goto fail;
    L.decimal_comma = csv_reader_delimiter(L.csv) == ';';
    if ((s = header_read(&L, refusal, sizeof refusal, e)) != MS_OK)
        goto fail;
    if (refusal[0])
        goto refuse_rollback;
    r->kind = L.kind->name;
    if ((s = batch_begin(&L, &scan, e)) != MS_OK ||
        (s = statements_prepare(&L, e)) != MS_OK ||
        (s = dropped_store(&L, e)) != MS_OK)
        goto fail;

    progress_start(&L.progress, L.file, scan.size);
    checkpoint_start(&L, scan.size);
    pipeline_start(&pipe, &L, scan.size);
    do {
        b = pipeline_next(&pipe);
        if ((s = block_load(&L, b, e)) != MS_OK)
            goto fail;
        progress_update(&L.progress, b->bytes_read);
        if (!b->last && interrupt_signal() != 0) {   /* cli.md: the file is rolled back */
            s = err_set(e, MS_INTERRUPTED, "%s: stopped by %s: rolled back, "
                        "not loaded", L.file,
                        interrupt_name(interrupt_signal()));
            goto fail;
        }
    } while (!b->last);
    if (b->status != MS_OK) {
        *e = b->err;
        s = b->status;
        goto fail;
    }
    if (b->refusal[0]) {
        memcpy(refusal, b->refusal, sizeof refusal);
        goto refuse_rollback;
    }
    pipeline_stop(&pipe);
    task_join(&L.checkpoint, MS_OK, NULL);
    progress_done(&L.progress);
    snprintf(summary, sizeof summary, "%ld rows loaded, %ld rejected",
             L.rows_loaded, L.rows_rejected);
    if ((s = batch_finish(&L, summary, e)) != MS_OK)
        goto fail;
    sqlite3_finalize(L.ins);
    sqlite3_finalize(L.rej);
    sqlite3_finalize(L.pair_find);
    L.ins = L.rej = L.pair_find = NULL;
    s = db_commit(db, e);
    sqlite3_wal_autocheckpoint(db, WAL_AUTOCHECKPOINT);
    if (s != MS_OK)
        goto fail;
    r->batch_id = L.batch_id;
    r->outcome = INGEST_LOADED;
    r->rows_read = L.rows_read;
    r->rows_loaded = L.rows_loaded;
    r->rows_rejected = L.rows_rejected;
    r->orphans = L.orphans;
    loader_release(&L);
    if (r->rows_rejected > 0)
        return rejects_summary(db, L.file, r, e);
    return MS_OK;

refuse_rollback:
    progress_done(&L.progress);
    db_rollback(db);
refuse:
    r->rows_read = r->rows_loaded = r->rows_rejected = 0;
    loader_release(&L);
    sqlite3_wal_autocheckpoint(db, WAL_AUTOCHECKPOINT);
    s = batch_refused(db, L.file, scan.sha256, r->kind, refusal, &r->batch_id,
                      e);
    if (s != MS_OK)
        return s;
    return err_set(e, MS_DATAERR, "%s: refused: %s", L.file, refusal);

fail:
    progress_done(&L.progress);
    db_rollback(db);
    loader_release(&L);
    sqlite3_wal_autocheckpoint(db, WAL_AUTOCHECKPOINT);
    r->rows_read = r->rows_loaded = r->rows_rejected = 0;
    r->outcome = INGEST_FAILED;   /* nothing recorded: the database is as it was */
    return s;
}
