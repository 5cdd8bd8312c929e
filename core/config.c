/*
 * config.c: reading the INI configuration with inih and keeping it in the
 * database (see config.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"

struct parse_ctx {
    struct config *c;
    FILE *f;
    int line;                /* lines handed to inih so far */
    enum ms_status status;   /* of the first bad line */
    int bad_line;            /* its number */
    char why[512];           /* its message, without file and line */
};

/* inih's reader: fgets that counts the calls, as inih counts lines, so the
 * handler knows the line it is called for. */
static char *read_line(char *str, int num, void *stream)
{
    struct parse_ctx *x = stream;
    char *r = fgets(str, num, x->f);

    if (r != NULL)
        x->line++;
    return r;
}

/* Record why the current line is bad (the first bad line wins: inih goes
 * on after an error and reports the first one's line number).  Returns 0,
 * inih's "error on this line". */
static int parse_fail(struct parse_ctx *x, enum ms_status status,
                      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int parse_fail(struct parse_ctx *x, enum ms_status status,
                      const char *fmt, ...)
{
    va_list ap;

    if (x->status == MS_OK) {
        x->status = status;
        x->bad_line = x->line;
        va_start(ap, fmt);
        vsnprintf(x->why, sizeof x->why, fmt, ap);
        va_end(ap);
    }
    return 0;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);

    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

/* The programme entry for a section name, created on first use. */
static struct config_programme *programme_for(struct config *c,
                                              const char *name)
{
    struct config_programme *p;

    for (int i = 0; i < c->n_programmes; i++)
        if (strcmp(c->programmes[i].name, name) == 0)
            return &c->programmes[i];
    p = realloc(c->programmes, (size_t)(c->n_programmes + 1) * sizeof *p);
    if (p == NULL)
        return NULL;
    c->programmes = p;
    p = &c->programmes[c->n_programmes];
    memset(p, 0, sizeof *p);
    p->name = dup_str(name);
    if (p->name == NULL)
        return NULL;
    c->n_programmes++;
    return p;
}

/* "1..7 relationship" -> 1, 7, "relationship".  Returns 0 or -1. */
static int parse_item(const char *v, int *lo, int *hi, char *construct,
                      size_t cap)
{
    char word[128];
    int n = 0;

    if (sscanf(v, "%d..%d %127s%n", lo, hi, word, &n) != 3)
        return -1;
    while (v[n] == ' ' || v[n] == '\t')
        n++;
    if (v[n] != '\0' || *lo >= *hi || strlen(word) >= cap)
        return -1;
    strcpy(construct, word);
    return 0;
}

static int add_item(struct parse_ctx *x, const char *section, const char *name,
                    const char *value)
{
    struct config *c = x->c;
    struct config_item *it;
    char construct[128];
    int lo, hi;

    if (parse_item(value, &lo, &hi, construct, sizeof construct) != 0)
        return parse_fail(x, MS_USAGE, "[%s] item '%s' must be 'MIN..MAX "
                          "CONSTRUCT' (e.g. '1..7 relationship')", section,
                          name);
    for (int i = 0; i < c->n_items; i++) {
        it = &c->items[i];
        if (strcasecmp(it->item, name) != 0)
            continue;
        if (it->scale_min != lo || it->scale_max != hi ||
            strcmp(it->construct, construct) != 0)
            return parse_fail(x, MS_USAGE, "[%s] item '%s' is defined twice "
                              "with different scales or constructs; give it "
                              "one definition", section, name);
        return 1;
    }
    it = realloc(c->items, (size_t)(c->n_items + 1) * sizeof *it);
    if (it == NULL)
        return parse_fail(x, MS_NOMEM, "out of memory");
    c->items = it;
    it = &c->items[c->n_items];
    memset(it, 0, sizeof *it);
    it->item = dup_str(name);
    it->construct = dup_str(construct);
    it->programme = dup_str(section);
    it->scale_min = lo;
    it->scale_max = hi;
    c->n_items++;
    if (it->item == NULL || it->construct == NULL || it->programme == NULL)
        return parse_fail(x, MS_NOMEM, "out of memory");
    for (char *p = it->item; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return 1;
}

/* inih callback: one name = value in a section.  Returns 1 to go on. */
static int on_value(void *user, const char *section, const char *name,
                    const char *value)
{
    struct parse_ctx *x = user;
    struct config_programme *p;
    const char *prog;
    char *end;

    if (strcasecmp(section, "defaults") == 0)
        prog = "*";
    else if (strncasecmp(section, "programme ", 10) == 0 && section[10])
        prog = section + 10;
    else
        return parse_fail(x, MS_USAGE, "unknown section [%s]: use [defaults] "
                          "or [programme NAME]", section);
    if (strncasecmp(name, "q_", 2) == 0)
        return add_item(x, prog, name, value);
    p = programme_for(x->c, prog);
    if (p == NULL)
        return parse_fail(x, MS_NOMEM, "out of memory");
    if (strcasecmp(name, "planned_months") == 0) {
        errno = 0;
        p->planned_months = strtod(value, &end);
        if (errno || *end || p->planned_months <= 0 ||
            p->planned_months > 120)
            return parse_fail(x, MS_USAGE, "[%s] planned_months must be a "
                              "number of months between 0 and 120", section);
        p->has_planned = 1;
    } else if (strcasecmp(name, "k") == 0) {
        long k;
        errno = 0;
        k = strtol(value, &end, 10);
        if (errno || *end || k < 3 || k > 1000)
            return parse_fail(x, MS_USAGE, "[%s] k must be a whole number of "
                              "at least 3 (groups smaller than k are "
                              "suppressed)", section);
        p->k = (int)k;
        p->has_k = 1;
    } else {
        return parse_fail(x, MS_USAGE, "[%s] unknown setting '%s': use "
                          "planned_months, k or q_ITEM = MIN..MAX CONSTRUCT",
                          section, name);
    }
    return 1;
}

enum ms_status config_load(const char *path, struct config **out,
                           struct ms_err *e)
{
    struct parse_ctx x;
    int rc, read_errno = 0;

    *out = NULL;
    memset(&x, 0, sizeof x);
    x.status = MS_OK;
    x.f = fopen(path, "r");
    if (x.f == NULL)
        return err_set(e, MS_NOINPUT, "cannot open configuration '%s': %s",
                       path, strerror(errno));
    x.c = calloc(1, sizeof *x.c);
    if (x.c == NULL) {
        fclose(x.f);
        return err_set(e, MS_NOMEM, "out of memory reading '%s'", path);
    }
    rc = ini_parse_stream(read_line, &x, on_value, &x);
    if (ferror(x.f))   /* a directory opens, then fails to read */
        read_errno = errno;
    fclose(x.f);
    if (read_errno != 0 || rc == -1) {
        config_free(x.c);
        return err_set(e, MS_NOINPUT, "cannot read configuration '%s': %s",
                       path, strerror(read_errno ? read_errno : EIO));
    }
    if (rc != 0) {
        config_free(x.c);
        if (x.status != MS_OK && x.bad_line == rc)
            return err_set(e, x.status, "%s:%d: %s", path, rc, x.why);
        if (rc == -2)
            return err_set(e, MS_NOMEM, "out of memory reading '%s'", path);
        return err_set(e, MS_USAGE, "%s:%d: not a valid INI line (expected "
                       "[section] or name = value)", path, rc);
    }
    *out = x.c;
    return MS_OK;
}

void config_free(struct config *c)
{
    if (c == NULL)
        return;
    for (int i = 0; i < c->n_programmes; i++)
        free(c->programmes[i].name);
    for (int i = 0; i < c->n_items; i++) {
        free(c->items[i].item);
        free(c->items[i].construct);
        free(c->items[i].programme);
    }
    free(c->programmes);
    free(c->items);
    free(c);
}

enum ms_status config_store(sqlite3 *db, const struct config *c,
                            struct ms_err *e)
{
    static const char prog_sql[] =
        "INSERT INTO programme_config (programme, planned_months, k) "
        "VALUES (?1, coalesce(?2, (SELECT planned_months FROM "
        "programme_config WHERE programme = '*'), 12), coalesce(?3, (SELECT "
        "k FROM programme_config WHERE programme = '*'), 5)) "
        "ON CONFLICT (programme) DO UPDATE SET "
        "planned_months = coalesce(?2, planned_months), k = coalesce(?3, k)";
    static const char item_sql[] =
        "INSERT OR REPLACE INTO item_config (item, construct, scale_min, "
        "scale_max, question, programme) VALUES (?1, ?2, ?3, ?4, NULL, ?5)";
    sqlite3_stmt *ps = NULL, *is = NULL;
    enum ms_status s;
    int rc = SQLITE_OK;

    if ((s = db_prepare(db, prog_sql, &ps, e)) != MS_OK ||
        (s = db_prepare(db, item_sql, &is, e)) != MS_OK)
        goto done;
    /* [defaults] first, wherever it stands in the file: the programmes
     * take from the '*' row what they do not set */
    for (int k = 0; k < 2 * c->n_programmes && rc == SQLITE_OK; k++) {
        const struct config_programme *p = &c->programmes[k % c->n_programmes];
        if ((strcmp(p->name, "*") == 0) != (k < c->n_programmes))
            continue;
        sqlite3_reset(ps);
        sqlite3_bind_text(ps, 1, p->name, -1, SQLITE_STATIC);
        if (p->has_planned)
            sqlite3_bind_double(ps, 2, p->planned_months);
        else
            sqlite3_bind_null(ps, 2);
        if (p->has_k)
            sqlite3_bind_int(ps, 3, p->k);
        else
            sqlite3_bind_null(ps, 3);
        rc = sqlite3_step(ps) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    }
    for (int i = 0; i < c->n_items && rc == SQLITE_OK; i++) {
        const struct config_item *it = &c->items[i];
        sqlite3_reset(is);
        sqlite3_bind_text(is, 1, it->item, -1, SQLITE_STATIC);
        sqlite3_bind_text(is, 2, it->construct, -1, SQLITE_STATIC);
        sqlite3_bind_int(is, 3, it->scale_min);
        sqlite3_bind_int(is, 4, it->scale_max);
        sqlite3_bind_text(is, 5, it->programme, -1, SQLITE_STATIC);
        rc = sqlite3_step(is) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    }
    if (rc != SQLITE_OK)
        s = db_error(db, rc, e, "storing the configuration");
done:
    sqlite3_finalize(ps);
    sqlite3_finalize(is);
    return s;
}

enum ms_status config_item_scale(sqlite3 *db, const char *item,
                                 struct config_item_scale *out,
                                 struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    int rc;

    snprintf(out->item, sizeof out->item, "%s", item);
    out->construct[0] = '\0';
    out->scale_min = 1;
    out->scale_max = 5;
    s = db_prepare(db, "SELECT construct, scale_min, scale_max FROM "
                   "item_config WHERE item = ?1", &st, e);
    if (s != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        snprintf(out->construct, sizeof out->construct, "%s", c ? c : "");
        out->scale_min = sqlite3_column_int(st, 1);
        out->scale_max = sqlite3_column_int(st, 2);
    } else if (rc != SQLITE_DONE) {
        s = db_error(db, rc, e, "reading item_config");
    }
    sqlite3_finalize(st);
    return s;
}

enum ms_status config_programme_get(sqlite3 *db, const char *programme,
                                    double *planned_months, int *k,
                                    struct ms_err *e)
{
    static const char sql[] =
        "SELECT coalesce((SELECT planned_months FROM programme_config WHERE "
        "programme = ?1), (SELECT planned_months FROM programme_config WHERE "
        "programme = '*'), 12), CASE WHEN ?1 = '*' THEN (SELECT max(k) FROM "
        "programme_config) ELSE coalesce((SELECT k FROM programme_config "
        "WHERE programme = ?1), (SELECT k FROM programme_config WHERE "
        "programme = '*'), 5) END";
    sqlite3_stmt *st = NULL;
    enum ms_status s = db_prepare(db, sql, &st, e);
    int rc;

    if (s != MS_OK)
        return s;
    sqlite3_bind_text(st, 1, programme, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *planned_months = sqlite3_column_double(st, 0);
        *k = sqlite3_column_int(st, 1);
    } else {
        s = db_error(db, rc, e, "reading programme_config");
    }
    sqlite3_finalize(st);
    return s;
}

size_t config_edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), d;
    size_t *prev = malloc((nb + 1) * sizeof *prev);
    size_t *cur = malloc((nb + 1) * sizeof *cur);

    if (prev == NULL || cur == NULL) {
        free(prev);
        free(cur);
        return SIZE_MAX;
    }
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t *t;
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] +
                         (strncasecmp(a + i - 1, b + j - 1, 1) != 0);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        t = prev;
        prev = cur;
        cur = t;
    }
    d = prev[nb];
    free(prev);
    free(cur);
    return d;
}

enum ms_status config_programme_nearest(sqlite3 *db, const char *name,
                                        int *found, char *nearest, size_t cap,
                                        struct ms_err *e)
{
    sqlite3_stmt *st = NULL;
    enum ms_status s;
    size_t best = SIZE_MAX;
    int rc;

    *found = 0;
    if (cap > 0)
        nearest[0] = '\0';
    s = db_prepare(db, "SELECT DISTINCT programme FROM pairs ORDER BY "
                   "programme", &st, e);
    if (s != MS_OK)
        return s;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        size_t d;

        if (p == NULL)
            continue;
        if (strcmp(p, name) == 0) {
            *found = 1;
            break;
        }
        d = config_edit_distance(name, p);
        if (d == SIZE_MAX) {
            s = err_set(e, MS_NOMEM, "out of memory matching programmes");
            break;
        }
        if (d < best) {
            best = d;
            snprintf(nearest, cap, "%s", p);
        }
    }
    if (s == MS_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        s = db_error(db, rc, e, "reading the programmes");
    if (*found && cap > 0)
        nearest[0] = '\0';
    sqlite3_finalize(st);
    return s;
}
