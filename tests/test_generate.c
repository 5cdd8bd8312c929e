/*
 * test_generate.c: the sample generator (samples/generate.c).  Output is
 * read back with a CSV reader and a record checker of its own, written
 * here from inputs.md and the reject rules, so the generator's claims
 * (row counts, early endings, export date, expected rejects) are checked
 * against the contract rather than against the generator's own code.
 */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dates.h"
#include "generate.h"

/* ------------------------------------------------------------ helpers */

static char *dir_temp(void)
{
    char *d = strdup("/tmp/test_generate.123456");

    assert_non_null(d);
    memset(d + strlen(d) - 6, 'X', 6);   /* mkdtemp's template */
    assert_non_null(mkdtemp(d));
    return d;
}

/* Remove dir, its files and its empty subdirectories; free dir. */
static void dir_remove(char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *de;
    char path[512];

    if (dp != NULL) {
        while ((de = readdir(dp)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            if (unlink(path) != 0)
                rmdir(path);
        }
        closedir(dp);
    }
    rmdir(dir);
    free(dir);
}

static void run(const char *dir, long pairs, unsigned long seed, int messy)
{
    struct generate_opts o = {.pairs = pairs, .seed = seed, .messy = messy,
                              .out_dir = dir};
    struct ms_err e = {{0}};
    enum ms_status st = generate_run(&o, &e);

    if (st != MS_OK)
        fail_msg("generate_run: %s: %s", status_str(st), e.msg);
}

struct blob {
    char *p;
    size_t n;
};

static struct blob slurp(const char *dir, const char *name)
{
    char path[512];
    struct blob b = {NULL, 0};
    FILE *f;
    long n;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open '%s': %s", path, strerror(errno));
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    b.p = malloc((size_t)n + 1);
    assert_non_null(b.p);
    b.n = fread(b.p, 1, (size_t)n, f);
    assert_int_equal(b.n, (size_t)n);
    b.p[b.n] = '\0';
    fclose(f);
    return b;
}

/* ---------------------------------------------- a reader of our own */

#define MAX_FIELDS 40

struct record {
    long line;              /* physical line where it starts; header = 1 */
    int nf;
    int unterminated;       /* a quote still open at end of file */
    char *f[MAX_FIELDS];    /* trimmed, unquoted, NUL-terminated */
};

struct reader {
    const struct blob *b;
    size_t pos;
    long line;
    char delim;
    char *buf;              /* field storage of the current record */
};

static void reader_init(struct reader *r, const struct blob *b, char delim)
{
    r->b = b;
    r->pos = 0;
    r->line = 1;
    r->delim = delim;
    r->buf = malloc(b->n + MAX_FIELDS + 1);
    assert_non_null(r->buf);
}

/* The next record as RFC 4180 reads it, skipping blank lines and records
 * whose fields are all empty and unquoted; 0 at end of file. */
static int reader_next(struct reader *r, struct record *rec)
{
    const char *s = r->b->p;
    size_t n = r->b->n;

    for (;;) {
        char *out = r->buf;
        int any = 0;

        if (r->pos >= n)
            return 0;
        rec->line = r->line;
        rec->nf = 0;
        rec->unterminated = 0;
        for (;;) {
            char *start = out;
            int quoted = 0;

            while (r->pos < n && (s[r->pos] == ' ' || s[r->pos] == '\t'))
                r->pos++;
            if (r->pos < n && s[r->pos] == '"') {
                quoted = 1;
                r->pos++;
                for (;;) {
                    if (r->pos >= n) {
                        rec->unterminated = 1;
                        break;
                    }
                    if (s[r->pos] == '"') {
                        if (r->pos + 1 < n && s[r->pos + 1] == '"') {
                            *out++ = '"';
                            r->pos += 2;
                            continue;
                        }
                        r->pos++;
                        break;
                    }
                    if (s[r->pos] == '\n')
                        r->line++;
                    *out++ = s[r->pos++];
                }
            }
            while (r->pos < n && s[r->pos] != r->delim && s[r->pos] != '\n' &&
                   !(s[r->pos] == '\r' && r->pos + 1 < n &&
                     s[r->pos + 1] == '\n'))
                *out++ = s[r->pos++];
            while (out > start && (out[-1] == ' ' || out[-1] == '\t'))
                out--;
            *out++ = '\0';
            any |= quoted || out - start > 1;
            if (rec->nf < MAX_FIELDS)
                rec->f[rec->nf] = start;
            rec->nf++;
            if (r->pos < n && s[r->pos] == r->delim) {
                r->pos++;
                continue;
            }
            if (r->pos < n && s[r->pos] == '\r')
                r->pos++;
            if (r->pos < n && s[r->pos] == '\n') {
                r->pos++;
                r->line++;
            }
            break;
        }
        if (any)
            return 1;
    }
}

/* ------------------------------ the contract of inputs.md, as a table */

enum col_type { T_TEXT, T_DATE, T_ENUM, T_BOOL, T_INT, T_WEIGHT };

struct col {
    const char *name;
    enum col_type type;
    int required;
    const char *values;     /* T_ENUM: "|a|b|" */
    long lo, hi;            /* T_INT */
};

static const struct col pairs_cols[] = {
    {"pair_id", T_TEXT, 1, NULL, 0, 0},
    {"programme", T_TEXT, 1, NULL, 0, 0},
    {"cohort", T_TEXT, 0, NULL, 0, 0},
    {"mentor_id", T_TEXT, 0, NULL, 0, 0},
    {"mentee_id", T_TEXT, 0, NULL, 0, 0},
    {"coordinator_id", T_TEXT, 0, NULL, 0, 0},
    {"org_unit", T_TEXT, 0, NULL, 0, 0},
    {"cross_org", T_BOOL, 0, NULL, 0, 0},
    {"start_date", T_DATE, 1, NULL, 0, 0},
    {"planned_end_date", T_DATE, 0, NULL, 0, 0},
    {"status", T_ENUM, 1, "|active|completed|ended_early|", 0, 0},
    {"end_date", T_DATE, 0, NULL, 0, 0},
    {"end_reason", T_ENUM, 0, "|chemistry|work_change|confidentiality|time|"
     "left_organisation|goals_met|other|", 0, 0},
    {NULL, T_TEXT, 0, NULL, 0, 0},
};
static const struct col meetings_cols[] = {
    {"meeting_id", T_TEXT, 1, NULL, 0, 0},
    {"pair_id", T_TEXT, 1, NULL, 0, 0},
    {"date", T_DATE, 1, NULL, 0, 0},
    {"status", T_ENUM, 1, "|held|cancelled|no_show|", 0, 0},
    {"duration_min", T_INT, 0, NULL, 1, 600},
    {"cancelled_by", T_ENUM, 0, "|mentor|mentee|", 0, 0},
    {"kind", T_ENUM, 0, "|intro|regular|closing|", 0, 0},
    {"mode", T_ENUM, 0, "|in_person|digital|", 0, 0},
    {NULL, T_TEXT, 0, NULL, 0, 0},
};
static const struct col goals_cols[] = {
    {"goal_id", T_TEXT, 1, NULL, 0, 0},
    {"pair_id", T_TEXT, 1, NULL, 0, 0},
    {"set_date", T_DATE, 1, NULL, 0, 0},
    {"target_date", T_DATE, 0, NULL, 0, 0},
    {"weight", T_WEIGHT, 0, NULL, 0, 0},
    {"attainment", T_INT, 0, NULL, -2, 2},
    {"review_date", T_DATE, 0, NULL, 0, 0},
    {"category", T_TEXT, 0, NULL, 0, 0},
    {NULL, T_TEXT, 0, NULL, 0, 0},
};
static const struct col evals_cols[] = {
    {"response_id", T_TEXT, 1, NULL, 0, 0},
    {"pair_id", T_TEXT, 1, NULL, 0, 0},
    {"role", T_ENUM, 1, "|mentor|mentee|", 0, 0},
    {"survey", T_ENUM, 1, "|intro|midpoint|final|", 0, 0},
    {"date", T_DATE, 1, NULL, 0, 0},
    {"q_trust", T_INT, 0, NULL, 1, 5},
    {"q_chemistry", T_INT, 0, NULL, 1, 5},
    {"q_openness", T_INT, 0, NULL, 1, 5},
    {"q_goal_clarity", T_INT, 0, NULL, 1, 5},
    {"q_goal_progress", T_INT, 0, NULL, 1, 5},
    {"q_usefulness", T_INT, 0, NULL, 1, 5},
    {"q_time_well_spent", T_INT, 0, NULL, 1, 5},
    {"q_preparation", T_INT, 0, NULL, 1, 5},
    {"recommend", T_INT, 0, NULL, 0, 10},
    {NULL, T_TEXT, 0, NULL, 0, 0},
};

enum kind { PAIRS, MEETINGS, GOALS, EVALS, N_KINDS };
static const char *const kind_files[N_KINDS] = {
    "pairs.csv", "meetings.csv", "goals.csv", "evaluations.csv"};
static const struct col *const kind_cols[N_KINDS] = {
    pairs_cols, meetings_cols, goals_cols, evals_cols};

/* A file read against its contract: header columns mapped to the spec. */
struct table {
    const struct col *cols;
    int nh;                     /* header fields */
    int map[MAX_FIELDS];        /* header index -> cols index, or -1 */
    char delim;
    char **ids;                 /* ids of loaded records, for duplicates: */
    size_t n_ids, cap_ids;      /* an open-addressing hash set */
};

static int col_index(const struct table *t, const char *name)
{
    for (int i = 0; i < t->nh; i++)
        if (t->map[i] >= 0 && strcmp(t->cols[t->map[i]].name, name) == 0)
            return i;
    return -1;
}

static void table_init(struct table *t, enum kind k, const struct record *h,
                       char delim)
{
    memset(t, 0, sizeof *t);
    t->cols = kind_cols[k];
    t->nh = h->nf;
    t->delim = delim;
    assert_true(h->nf <= MAX_FIELDS);
    for (int i = 0; i < h->nf; i++) {
        t->map[i] = -1;
        for (int c = 0; t->cols[c].name != NULL; c++)
            if (strcasecmp(h->f[i], t->cols[c].name) == 0)
                t->map[i] = c;
    }
    for (int c = 0; t->cols[c].name != NULL; c++)
        if (t->cols[c].required && col_index(t, t->cols[c].name) < 0)
            fail_msg("%s: header lacks required column %s", kind_files[k],
                     t->cols[c].name);
}

static void table_release(struct table *t)
{
    for (size_t i = 0; i < t->cap_ids; i++)
        free(t->ids[i]);
    free(t->ids);
}

/* The slot of id in the set: where it is, or the empty one it would take. */
static size_t id_slot(char **ids, size_t cap, const char *id)
{
    size_t h = 5381;

    for (const char *p = id; *p; p++)
        h = h * 33 + (unsigned char)*p;
    for (h &= cap - 1; ids[h] != NULL && strcmp(ids[h], id) != 0;
         h = (h + 1) & (cap - 1))
        ;
    return h;
}

/* Add id to the set; 0 if it was there already. */
static int id_add(struct table *t, const char *id)
{
    size_t h;

    if (2 * (t->n_ids + 1) > t->cap_ids) {
        size_t cap = t->cap_ids ? 2 * t->cap_ids : 1024;
        char **ids = calloc(cap, sizeof *ids);
        assert_non_null(ids);
        for (size_t i = 0; i < t->cap_ids; i++)
            if (t->ids[i] != NULL)
                ids[id_slot(ids, cap, t->ids[i])] = t->ids[i];
        free(t->ids);
        t->ids = ids;
        t->cap_ids = cap;
    }
    h = id_slot(t->ids, t->cap_ids, id);
    if (t->ids[h] != NULL)
        return 0;
    t->ids[h] = strdup(id);
    assert_non_null(t->ids[h]);
    t->n_ids++;
    return 1;
}

static const char *field(const struct table *t, const struct record *r,
                         const char *name)
{
    int i = col_index(t, name);
    return i >= 0 && i < r->nf ? r->f[i] : "";
}

static int is_int(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static int32_t date_of(const char *s)
{
    int32_t d = INT32_MIN;
    return date_parse(s, strlen(s), &d) == 0 ? d : INT32_MIN;
}

/* The reject the rules give record r ("column", "rule"), or 0 if loaded. */
static int judge(struct table *t, const struct record *r, const char **column,
                 const char **rule)
{
#define REJECT(c, x) do { *column = (c); *rule = (x); return 1; } while (0)
    if (r->nf > t->nh)
        REJECT("", "too_many_fields");
    if (r->unterminated)
        REJECT("", "unterminated_quote");
    for (int i = 0; i < t->nh; i++) {
        const struct col *c;
        const char *v = i < r->nf ? r->f[i] : "";
        char key[64];

        if (t->map[i] < 0)
            continue;
        c = &t->cols[t->map[i]];
        if (*v == '\0') {
            if (c->required)
                REJECT(c->name, "missing_value");
            continue;
        }
        switch (c->type) {
        case T_TEXT:
            break;
        case T_DATE:
            if (date_of(v) == INT32_MIN)
                REJECT(c->name, "invalid_date");
            break;
        case T_ENUM:
            snprintf(key, sizeof key, "|%s|", v);
            for (char *p = key; *p; p++)
                *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
            if (strstr(c->values, key) == NULL)
                REJECT(c->name, "invalid_value");
            break;
        case T_BOOL:
            snprintf(key, sizeof key, "|%s|", v);
            for (char *p = key; *p; p++)
                *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
            if (strstr("|1|0|true|false|yes|no|ja|nej|", key) == NULL)
                REJECT(c->name, "invalid_value");
            break;
        case T_INT:
            if (!is_int(v))
                REJECT(c->name, "invalid_value");
            if (strlen(v) > 15 || atol(v) < c->lo || atol(v) > c->hi)
                REJECT(c->name, "out_of_range");
            break;
        case T_WEIGHT: {
            char num[64], *end;
            double w;
            snprintf(num, sizeof num, "%s", v);
            for (char *p = num; *p && t->delim == ';'; p++)
                if (*p == ',')
                    *p = '.';
            w = strtod(num, &end);
            if (end == num || *end != '\0')
                REJECT(c->name, "invalid_value");
            if (w <= 0)
                REJECT(c->name, "out_of_range");
            break;
        }
        }
    }
    if (t->cols == pairs_cols) {
        const char *st = field(t, r, "status");
        int32_t start = date_of(field(t, r, "start_date"));
        int32_t end = date_of(field(t, r, "end_date"));
        int32_t plan = date_of(field(t, r, "planned_end_date"));
        int closed = strcasecmp(st, "active") != 0;
        if (closed && *field(t, r, "end_date") == '\0')
            REJECT("end_date", "missing_value");
        if (strcasecmp(st, "ended_early") == 0 &&
            *field(t, r, "end_reason") == '\0')
            REJECT("end_reason", "missing_value");
        if (!closed && *field(t, r, "end_date") != '\0')
            REJECT("end_date", "invalid_value");
        if (strcasecmp(st, "ended_early") != 0 &&
            *field(t, r, "end_reason") != '\0')
            REJECT("end_reason", "invalid_value");
        if (end != INT32_MIN && end < start)
            REJECT("end_date", "end_before_start");
        if (plan != INT32_MIN && plan < start)
            REJECT("planned_end_date", "end_before_start");
    } else if (t->cols == meetings_cols) {
        int held = strcasecmp(field(t, r, "status"), "held") == 0;
        if (*field(t, r, "duration_min") != '\0' && !held)
            REJECT("duration_min", "invalid_value");
        if (*field(t, r, "cancelled_by") != '\0' && held)
            REJECT("cancelled_by", "invalid_value");
    } else if (t->cols == goals_cols) {
        int32_t set = date_of(field(t, r, "set_date"));
        int32_t rev = date_of(field(t, r, "review_date"));
        int32_t tgt = date_of(field(t, r, "target_date"));
        int att = *field(t, r, "attainment") != '\0';
        if (att && rev == INT32_MIN)
            REJECT("review_date", "missing_value");
        if (!att && rev != INT32_MIN)
            REJECT("review_date", "invalid_value");
        if (rev != INT32_MIN && rev < set)
            REJECT("review_date", "end_before_start");
        if (tgt != INT32_MIN && tgt < set)
            REJECT("target_date", "end_before_start");
    }
    if (!id_add(t, r->f[0]))   /* the id column comes first */
        REJECT(t->cols[t->map[0]].name, "duplicate_id");
    return 0;
#undef REJECT
}

/* ------------------------------------------ plain output, read back */

#define EXPORT_DATE 20757   /* 2026-10-31 in days since 1970-01-01 */

struct pair_row {
    char id[16];
    char status[16];
    char reason[24];
    int32_t start, end, planned;
    int cohort;
    int meetings, goals, evals;
    int meetings_nh_90d, meetings_90d;
};

struct dataset {
    struct pair_row *p;
    long n;
    long rows[N_KINDS];
};

static long pair_find(const struct dataset *d, const char *id)
{
    long i = atol(id + 1) - 1;   /* ids are P<index + 1> */

    if (id[0] != 'P' || i < 0 || i >= d->n || strcmp(d->p[i].id, id) != 0)
        fail_msg("row names unknown pair '%s'", id);
    return i;
}

/* Generate `pairs` plain pairs and read them back, checking every record
 * against the contract on the way. */
static void dataset_load(struct dataset *d, long pairs, unsigned long seed)
{
    char *dir = dir_temp();

    memset(d, 0, sizeof *d);
    d->n = pairs;
    run(dir, pairs, seed, 0);
    d->p = calloc((size_t)pairs, sizeof *d->p);
    assert_non_null(d->p);
    for (int k = PAIRS; k < N_KINDS; k++) {
        struct blob b = slurp(dir, kind_files[k]);
        struct reader rd;
        struct record rec;
        struct table t;
        const char *column, *rule;

        reader_init(&rd, &b, ',');
        assert_true(reader_next(&rd, &rec));
        table_init(&t, (enum kind)k, &rec, ',');
        /* headers exactly the contract column names in inputs.md order */
        for (int c = 0; kind_cols[k][c].name != NULL; c++)
            assert_string_equal(rec.f[c], kind_cols[k][c].name);
        while (reader_next(&rd, &rec)) {
            if (judge(&t, &rec, &column, &rule))
                fail_msg("%s:%ld: %s %s", kind_files[k], rec.line, column,
                         rule);
            d->rows[k]++;
            if (k == PAIRS) {
                struct pair_row *p;
                assert_true(d->rows[k] <= pairs);
                p = &d->p[d->rows[k] - 1];
                snprintf(p->id, sizeof p->id, "%s", rec.f[0]);
                snprintf(p->status, sizeof p->status, "%s", rec.f[10]);
                snprintf(p->reason, sizeof p->reason, "%s", rec.f[12]);
                p->start = date_of(rec.f[8]);
                p->end = date_of(rec.f[11]);
                p->planned = date_of(rec.f[9]);
                p->cohort = *rec.f[2] ? atoi(rec.f[2]) : 0;
                continue;
            }
            {
                struct pair_row *p = &d->p[pair_find(d, rec.f[1])];
                int32_t when = date_of(rec.f[k == EVALS ? 4 : 2]);
                /* nothing after the export date, nothing before start */
                assert_true(when <= EXPORT_DATE);
                assert_true(when >= p->start);
                if (k == MEETINGS) {
                    p->meetings++;
                    if (strcmp(p->status, "active") != 0)
                        assert_true(when <= p->end);
                    if (p->end != INT32_MIN && p->end - when <= 91) {
                        p->meetings_90d++;
                        p->meetings_nh_90d += strcmp(rec.f[3], "held") != 0;
                    }
                } else if (k == GOALS) {
                    int32_t rev = date_of(rec.f[6]);
                    p->goals++;
                    assert_true(rev == INT32_MIN || rev <= EXPORT_DATE);
                } else {
                    p->evals++;
                }
            }
        }
        table_release(&t);
        free(rd.buf);
        free(b.p);
    }
    assert_int_equal(d->rows[PAIRS], pairs);
    dir_remove(dir);
}

static int month_of(int32_t days)
{
    int m = 0;
    while (date_months_to_days(m + 1) <= days)
        m++;
    return m;
}

/* ---------------------------------------------------------------- tests */

static int files_equal(const char *a, const char *b, const char *name)
{
    struct blob x = slurp(a, name), y = slurp(b, name);
    int eq = x.n == y.n && memcmp(x.p, y.p, x.n) == 0;

    free(x.p);
    free(y.p);
    return eq;
}

static void test_generate__same_seed_same_bytes(void **state)
{
    static const char *const names[] = {"pairs.csv", "meetings.csv",
                                        "goals.csv", "evaluations.csv",
                                        "expected_rejects.csv"};
    (void)state;
    for (int messy = 0; messy <= 1; messy++) {
        char *a = dir_temp(), *b = dir_temp();
        run(a, messy ? 40 : 300, messy ? 2 : 1, messy);
        run(b, messy ? 40 : 300, messy ? 2 : 1, messy);
        for (int i = 0; i < 4 + messy; i++)
            if (!files_equal(a, b, names[i]))
                fail_msg("%s differs between two runs (messy %d)", names[i],
                         messy);
        dir_remove(a);
        dir_remove(b);
    }
}

static void test_generate__different_seed_different_bytes(void **state)
{
    char *a = dir_temp(), *b = dir_temp();

    (void)state;
    run(a, 300, 1, 0);
    run(b, 300, 2, 0);
    assert_false(files_equal(a, b, "pairs.csv"));
    assert_false(files_equal(a, b, "meetings.csv"));
    assert_false(files_equal(a, b, "evaluations.csv"));
    dir_remove(a);
    dir_remove(b);
}

/* The brief: ~16 rows per pair, ~10-12 meetings, ~2-3 goals, ~3
 * evaluations; every pair has its intro meeting. */
static void test_generate__row_counts_per_pair_in_range(void **state)
{
    struct dataset d;
    double per;

    (void)state;
    dataset_load(&d, 5000, 1);
    for (long i = 0; i < d.n; i++) {
        assert_in_range(d.p[i].meetings, 1, 20);
        assert_in_range(d.p[i].goals, 0, 4);
        assert_in_range(d.p[i].evals, 0, 6);
    }
    assert_in_range((long)(100.0 * (double)d.rows[MEETINGS] / 5000), 800, 1300);
    assert_in_range((long)(100.0 * (double)d.rows[GOALS] / 5000), 150, 300);
    assert_in_range((long)(100.0 * (double)d.rows[EVALS] / 5000), 250, 450);
    per = (double)(d.rows[PAIRS] + d.rows[MEETINGS] + d.rows[GOALS] +
                   d.rows[EVALS]) / 5000.0;
    assert_in_range((long)per, 14, 19);
    free(d.p);
}

/* Published premature-closure rates: Kupersmidt, Stump, Stelter & Rhodes
 * (2017), "Predictors of premature match closure in youth mentoring
 * relationships", Am. J. Community Psychology 59: 38% of matches closed
 * prematurely; the STAR study (Herrera, DuBois & Grossman 2013, "The role
 * of risk", MDRC) about 30% before 12 months.  The generator must land in
 * 30-38% of closed pairs, for more than one seed. */
static void test_generate__early_endings_30_to_38_percent(void **state)
{
    static const unsigned long seeds[] = {1, 7};

    (void)state;
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        struct dataset d;
        long closed = 0, early = 0;
        dataset_load(&d, 5000, seeds[s]);
        for (long i = 0; i < d.n; i++) {
            closed += strcmp(d.p[i].status, "active") != 0;
            early += strcmp(d.p[i].status, "ended_early") == 0;
        }
        assert_true(closed > 2500);
        if (early * 100 < closed * 30 || early * 100 > closed * 38)
            fail_msg("seed %lu: %ld of %ld closed pairs ended early", seeds[s],
                     early, closed);
        free(d.p);
    }
}

/* The hazard is highest in months 1-4 and falls after: more early endings
 * in months 0-4 than in months 8-12, and per pair-day at risk (active pairs
 * at risk until the export date, completed ones until their end) at least
 * twice the rate; a constant hazard would give about the same rate. */
static void test_generate__early_endings_concentrated_early(void **state)
{
    struct dataset d;
    long first = 0, late = 0;
    double risk_first = 0, risk_late = 0;
    int32_t m4 = date_months_to_days(4), m8 = date_months_to_days(8);
    int32_t m12 = date_months_to_days(12);

    (void)state;
    dataset_load(&d, 5000, 1);
    for (long i = 0; i < d.n; i++) {
        int early = strcmp(d.p[i].status, "ended_early") == 0;
        int32_t t = (strcmp(d.p[i].status, "active") == 0 ? EXPORT_DATE
                                                           : d.p[i].end) -
                    d.p[i].start;
        risk_first += t < m4 ? t : m4;
        risk_late += t < m8 ? 0 : t < m12 ? t - m8 : m12 - m8;
        if (early) {
            int m = month_of(t);
            first += m < 4;
            late += m >= 8 && m < 12;
        }
    }
    assert_true(late > 20);
    if (first <= late || (double)first / risk_first <
                             2.0 * (double)late / risk_late)
        fail_msg("early endings: %ld in months 0-4 over %.0f pair-days, %ld "
                 "in months 8-12 over %.0f", first, risk_first, late,
                 risk_late);
    free(d.p);
}

/* The export date 2026-10-31: active pairs are exactly those within their
 * planned length, closed ones ended by then, the oldest cohorts closed. */
static void test_generate__nothing_after_export_date(void **state)
{
    struct dataset d;
    long active = 0;

    (void)state;
    assert_int_equal(date_of(GENERATE_EXPORT_DATE), EXPORT_DATE);
    dataset_load(&d, 5000, 3);   /* also checks every row's dates */
    for (long i = 0; i < d.n; i++) {
        const struct pair_row *p = &d.p[i];
        int y, m, dd;
        date_to_ymd(p->start, &y, &m, &dd);
        assert_true(p->start <= EXPORT_DATE);
        assert_true(p->cohort == 0 || p->cohort == y);   /* start year */
        if (strcmp(p->status, "active") == 0) {
            active++;
            assert_int_equal(p->end, INT32_MIN);
            if (p->planned != INT32_MIN)
                assert_true(p->planned > EXPORT_DATE);
            assert_true(p->cohort == 0 || p->cohort >= 2025);
        } else {
            assert_true(p->end <= EXPORT_DATE);
            assert_true(p->end >= p->start);
            if (strcmp(p->status, "completed") == 0 && p->planned != INT32_MIN)
                assert_true(p->planned <= EXPORT_DATE);
        }
    }
    assert_true(active > 250);
    free(d.p);
}

/* Warning signs: pairs ending early miss more meetings in their last three
 * months than completed pairs, and pairs ending for chemistry already
 * score low chemistry at intro. */
static void test_generate__warning_signs_precede_early_endings(void **state)
{
    struct dataset d;
    long nh[2] = {0, 0}, all[2] = {0, 0};

    (void)state;
    dataset_load(&d, 5000, 1);
    for (long i = 0; i < d.n; i++) {
        int early = strcmp(d.p[i].status, "ended_early") == 0;
        if (strcmp(d.p[i].status, "active") == 0)
            continue;
        nh[early] += d.p[i].meetings_nh_90d;
        all[early] += d.p[i].meetings_90d;
    }
    assert_true(all[0] > 1000 && all[1] > 1000);
    if ((double)nh[1] / (double)all[1] < 1.5 * (double)nh[0] / (double)all[0])
        fail_msg("not held before the end: early %ld/%ld, completed %ld/%ld",
                 nh[1], all[1], nh[0], all[0]);
    free(d.p);
}

/* Read evaluations.csv of a plain run back and return the mean intro
 * q_chemistry of pairs that ended early for chemistry (*chem) and of those
 * that ended early for another reason (*rest), and Cronbach's alpha of the
 * relationship items at intro. */
static void intro_scores(long pairs, double *chem, double *rest, double *alpha)
{
    char *dir = dir_temp();
    struct blob pb, eb;
    struct reader rd;
    struct record rec;
    char *group;    /* 0 not ended early, 1 another reason, 2 chemistry */
    double sum[3] = {0, 0, 0}, cnt[3] = {0, 0, 0};
    double s[3] = {0, 0, 0}, ss[3] = {0, 0, 0}, t = 0, tt = 0, n = 0;

    run(dir, pairs, 1, 0);
    pb = slurp(dir, "pairs.csv");
    eb = slurp(dir, "evaluations.csv");
    group = calloc((size_t)pairs, 1);
    assert_non_null(group);
    reader_init(&rd, &pb, ',');
    reader_next(&rd, &rec);
    while (reader_next(&rd, &rec))
        group[atol(rec.f[0] + 1) - 1] =
            (char)(strcmp(rec.f[12], "chemistry") == 0 ? 2
                   : strcmp(rec.f[10], "ended_early") == 0);
    free(rd.buf);
    reader_init(&rd, &eb, ',');
    reader_next(&rd, &rec);
    while (reader_next(&rd, &rec)) {
        int c = group[atol(rec.f[1] + 1) - 1];
        if (strcmp(rec.f[3], "intro") != 0)
            continue;
        if (*rec.f[6]) {
            sum[c] += atoi(rec.f[6]);
            cnt[c]++;
        }
        if (*rec.f[5] && *rec.f[6] && *rec.f[7]) {
            double tot = 0;
            for (int i = 0; i < 3; i++) {
                double x = atoi(rec.f[5 + i]);
                s[i] += x;
                ss[i] += x * x;
                tot += x;
            }
            t += tot;
            tt += tot * tot;
            n++;
        }
    }
    free(rd.buf);
    *chem = sum[2] / cnt[2];
    *rest = sum[1] / cnt[1];
    {
        /* alpha = k/(k-1) (1 - sum of item variances / variance of total),
         * Cronbach (1951), Psychometrika 16:297-334. */
        double vi = 0;
        for (int i = 0; i < 3; i++)
            vi += (ss[i] - s[i] * s[i] / n) / (n - 1);
        *alpha = 1.5 * (1.0 - vi / ((tt - t * t / n) / (n - 1)));
    }
    free(group);
    free(pb.p);
    free(eb.p);
    dir_remove(dir);
}

static void test_generate__questionnaires_realistic(void **state)
{
    double chem, rest, alpha;

    (void)state;
    intro_scores(5000, &chem, &rest, &alpha);
    if (chem > rest - 0.5)
        fail_msg("intro q_chemistry: %.2f for chemistry endings, %.2f for "
                 "other early endings", chem, rest);
    if (alpha < 0.7 || alpha > 0.9)
        fail_msg("Cronbach's alpha of the relationship items %.3f", alpha);
}

/* --------------------------------------------------------------- messy */

struct expected {
    char file[24];
    long line;
    char column[24];
    char rule[24];
};

static int read_expected(const char *dir, struct expected *x, int max)
{
    struct blob b = slurp(dir, "expected_rejects.csv");
    struct reader rd;
    struct record rec;
    int n = 0;

    reader_init(&rd, &b, ',');
    assert_true(reader_next(&rd, &rec));
    assert_int_equal(rec.nf, 4);
    assert_string_equal(rec.f[0], "file");
    assert_string_equal(rec.f[1], "line");
    assert_string_equal(rec.f[2], "column");
    assert_string_equal(rec.f[3], "rule");
    while (reader_next(&rd, &rec)) {
        assert_true(n < max);
        assert_int_equal(rec.nf, 4);
        snprintf(x[n].file, sizeof x[n].file, "%s", rec.f[0]);
        x[n].line = atol(rec.f[1]);
        snprintf(x[n].column, sizeof x[n].column, "%s", rec.f[2]);
        snprintf(x[n].rule, sizeof x[n].rule, "%s", rec.f[3]);
        if (n > 0) {   /* sorted by file, then line */
            int c = strcmp(x[n - 1].file, x[n].file);
            assert_true(c < 0 || (c == 0 && x[n - 1].line < x[n].line));
        }
        n++;
    }
    free(rd.buf);
    free(b.p);
    return n;
}

/* Every record of every messy file is judged by the rules: those listed in
 * expected_rejects.csv get exactly that reject at exactly that line, all
 * others load; every rule appears in every file where it applies; orphan
 * rows (a pair_id not in pairs.csv) are present and load. */
static void test_generate__messy_rejects_listed_at_their_lines(void **state)
{
    /* Every rule of reject_rules.md in every file where it applies, as
     * column:rule ("" = any column): each column check of each type,
     * each cross-column check, duplicates, too many fields. */
    static const char *const must[N_KINDS][16] = {
        {":missing_value", ":invalid_date", "status:invalid_value",
         "cross_org:invalid_value", "end_date:missing_value",
         "end_reason:missing_value", "end_date:invalid_value",
         "end_reason:invalid_value", "end_date:end_before_start",
         "planned_end_date:end_before_start", "pair_id:duplicate_id",
         ":too_many_fields", NULL},
        {":missing_value", ":invalid_date", "status:invalid_value",
         "duration_min:out_of_range", "duration_min:invalid_value",
         "cancelled_by:invalid_value", "meeting_id:duplicate_id",
         ":too_many_fields", NULL},
        {":missing_value", ":invalid_date", "weight:invalid_value",
         "attainment:invalid_value", "weight:out_of_range",
         "attainment:out_of_range", "review_date:missing_value",
         "review_date:invalid_value", "review_date:end_before_start",
         "target_date:end_before_start", "goal_id:duplicate_id",
         ":too_many_fields", NULL},
        {":missing_value", ":invalid_date", "role:invalid_value",
         "q_usefulness:invalid_value", "recommend:out_of_range",
         "q_trust:out_of_range", "response_id:duplicate_id",
         ":too_many_fields", ":unterminated_quote", NULL},
    };
    static struct expected x[256];
    char *dir = dir_temp();
    int nx, used = 0;
    char **pair_ids = NULL;
    int n_pairs = 0;

    (void)state;
    run(dir, 40, 2, 1);
    nx = read_expected(dir, x, 256);
    for (int k = PAIRS; k < N_KINDS; k++) {
        struct blob b = slurp(dir, kind_files[k]);
        struct reader rd;
        struct record rec;
        struct table t;
        const char *column, *rule;
        int orphans = 0, loaded = 0, listed = 0;

        reader_init(&rd, &b, ';');
        assert_true(reader_next(&rd, &rec));
        table_init(&t, (enum kind)k, &rec, ';');
        while (reader_next(&rd, &rec)) {
            const struct expected *e = NULL;
            for (int i = 0; i < nx; i++)
                if (strcmp(x[i].file, kind_files[k]) == 0 &&
                    x[i].line == rec.line)
                    e = &x[i];
            if (judge(&t, &rec, &column, &rule)) {
                if (e == NULL)
                    fail_msg("%s:%ld: %s %s, not listed", kind_files[k],
                             rec.line, column, rule);
                if (strcmp(e->column, column) != 0 ||
                    strcmp(e->rule, rule) != 0)
                    fail_msg("%s:%ld: listed %s %s, the rules give %s %s",
                             kind_files[k], rec.line, e->column, e->rule,
                             column, rule);
                listed++;
                continue;
            }
            if (e != NULL)
                fail_msg("%s:%ld: listed %s %s but loads", kind_files[k],
                         rec.line, e->column, e->rule);
            loaded++;
            if (k == PAIRS) {
                pair_ids = realloc(pair_ids, (size_t)(n_pairs + 1) *
                                                 sizeof *pair_ids);
                assert_non_null(pair_ids);
                pair_ids[n_pairs++] = strdup(rec.f[0]);
            } else {
                int known = 0;
                for (int i = 0; i < n_pairs && !known; i++)
                    known = strcmp(pair_ids[i], rec.f[1]) == 0;
                orphans += !known;
            }
        }
        for (int i = 0; i < nx; i++)
            used += strcmp(x[i].file, kind_files[k]) == 0;
        for (int m = 0; must[k][m] != NULL; m++) {
            const char *rl = strchr(must[k][m], ':') + 1;
            size_t cl = (size_t)(rl - 1 - must[k][m]);
            int found = 0;
            for (int i = 0; i < nx && !found; i++)
                found = strcmp(x[i].file, kind_files[k]) == 0 &&
                        strcmp(x[i].rule, rl) == 0 &&
                        (cl == 0 ||
                         (strlen(x[i].column) == cl &&
                          strncmp(x[i].column, must[k][m], cl) == 0));
            if (!found)
                fail_msg("%s has no %s row", kind_files[k], must[k][m]);
        }
        assert_true(loaded >= 40);
        if (k != PAIRS)
            assert_true(orphans >= 1);
        (void)listed;
        table_release(&t);
        free(rd.buf);
        free(b.p);
    }
    /* every listed line was found as a record start and judged above */
    {
        int judged = 0;
        for (int k = PAIRS; k < N_KINDS; k++) {
            struct blob b = slurp(dir, kind_files[k]);
            struct reader rd;
            struct record rec;
            reader_init(&rd, &b, ';');
            while (reader_next(&rd, &rec))
                for (int i = 0; i < nx; i++)
                    judged += strcmp(x[i].file, kind_files[k]) == 0 &&
                              x[i].line == rec.line;
            free(rd.buf);
            free(b.p);
        }
        assert_int_equal(judged, nx);
        assert_int_equal(used, nx);
    }
    for (int i = 0; i < n_pairs; i++)
        free(pair_ids[i]);
    free(pair_ids);
    dir_remove(dir);
}

/* 1 when b[0..n) is valid UTF-8 (RFC 3629). */
static int utf8_valid(const unsigned char *b, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = b[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > n || (len == 2 && c < 0xC2))
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((b[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

/* Nordic Excel: Windows-1252 (not UTF-8), ';' and CRLF line ends (a bare
 * LF only inside quotes), DD.MM.YYYY dates; plain output is UTF-8 with ','
 * and LF. */
static void test_generate__messy_is_cp1252_semicolon_crlf(void **state)
{
    char *dir = dir_temp(), *plain = dir_temp();

    (void)state;
    run(dir, 40, 2, 1);
    run(plain, 40, 2, 0);
    for (int k = PAIRS; k < N_KINDS; k++) {
        struct blob b = slurp(dir, kind_files[k]), p = slurp(plain,
                                                              kind_files[k]);
        const char *eol = strchr(b.p, '\n');
        int quoted = 0, bare_lf = 0;

        assert_false(utf8_valid((const unsigned char *)b.p, b.n));
        assert_true(utf8_valid((const unsigned char *)p.p, p.n));
        assert_non_null(eol);
        assert_true(eol > b.p && eol[-1] == '\r');
        assert_non_null(memchr(b.p, ';', (size_t)(eol - b.p)));
        assert_null(memchr(b.p, ',', (size_t)(eol - b.p)));
        for (size_t i = 0; i < b.n; i++) {
            if (b.p[i] == '"')
                quoted = !quoted;
            else if (b.p[i] == '\n' && !quoted &&
                     (i == 0 || b.p[i - 1] != '\r'))
                bare_lf++;
        }
        assert_int_equal(bare_lf, 0);
        assert_null(strchr(p.p, '\r'));
        assert_null(strchr(p.p, ';'));
        free(b.p);
        free(p.p);
    }
    {
        struct blob b = slurp(dir, "pairs.csv");
        struct reader rd;
        struct record rec;
        int dotted = 0, iso = 0;
        reader_init(&rd, &b, ';');
        reader_next(&rd, &rec);
        while (reader_next(&rd, &rec)) {
            if (rec.nf > 8 && strlen(rec.f[8]) >= 10 && rec.f[8][2] == '.')
                dotted++;
            if (rec.nf > 8 && strlen(rec.f[8]) >= 10 && rec.f[8][4] == '-')
                iso++;
        }
        assert_true(dotted >= 40);
        assert_int_equal(iso, 0);
        free(rd.buf);
        free(b.p);
    }
    dir_remove(dir);
    dir_remove(plain);
}

/* ----------------------------------------------------- failure paths */

static void test_generate__bad_options_refused(void **state)
{
    struct generate_opts o = {.pairs = 0, .seed = 1, .out_dir = "/tmp/x"};
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(generate_run(&o, &e), MS_USAGE);
    assert_non_null(strstr(e.msg, "--pairs"));
    err_clear(&e);
    o.pairs = 10;
    o.out_dir = NULL;
    assert_int_equal(generate_run(&o, &e), MS_USAGE);
    assert_non_null(strstr(e.msg, "--out"));
    o.out_dir = "";
    assert_int_equal(generate_run(&o, NULL), MS_USAGE);
    assert_int_equal(generate_run(NULL, NULL), MS_USAGE);
}

static void test_generate__unwritable_directory_refused(void **state)
{
    char *dir = dir_temp();
    char file[512], below[600];
    struct generate_opts o = {.pairs = 5, .seed = 1};
    struct ms_err e = {{0}};
    FILE *f;

    (void)state;
    snprintf(file, sizeof file, "%s/plain-file", dir);
    f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(below, sizeof below, "%s/sub/dir", file);
    o.out_dir = below;
    assert_int_equal(generate_run(&o, &e), MS_CANTCREAT);
    assert_non_null(strstr(e.msg, "plain-file"));
    err_clear(&e);
    o.out_dir = file;
    assert_int_equal(generate_run(&o, &e), MS_CANTCREAT);
    assert_non_null(strstr(e.msg, "plain-file"));
    dir_remove(dir);
}

/* A run that cannot put one file in place replaces nothing and leaves no
 * temporary file behind. */
static void test_generate__failure_replaces_nothing(void **state)
{
    char *dir = dir_temp();
    char path[512];
    struct generate_opts o = {.pairs = 20, .seed = 1};
    struct ms_err e = {{0}};
    struct blob b;
    FILE *f;
    DIR *dp;
    struct dirent *de;
    int entries = 0;

    (void)state;
    snprintf(path, sizeof path, "%s/pairs.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("old\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/goals.csv", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    o.out_dir = dir;
    assert_int_equal(generate_run(&o, &e), MS_CANTCREAT);
    assert_non_null(strstr(e.msg, "goals.csv"));
    b = slurp(dir, "pairs.csv");
    assert_string_equal(b.p, "old\n");
    free(b.p);
    dp = opendir(dir);
    assert_non_null(dp);
    while ((de = readdir(dp)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (strcmp(de->d_name, "pairs.csv") != 0 &&
            strcmp(de->d_name, "goals.csv") != 0)
            fail_msg("left behind: %s", de->d_name);
        entries++;
    }
    closedir(dp);
    assert_int_equal(entries, 2);
    dir_remove(dir);
}

struct progress_log {
    int calls;
    double last;
    int decreasing;
};

static void progress_note(double fraction, void *arg)
{
    struct progress_log *l = arg;

    if (fraction < l->last || fraction <= 0.0 || fraction > 1.0)
        l->decreasing = 1;
    l->last = fraction;
    l->calls++;
}

static void test_generate__progress_reaches_one(void **state)
{
    char *dir = dir_temp();
    struct progress_log log = {0, 0.0, 0};
    struct generate_opts o = {.pairs = 1000, .seed = 1, .out_dir = dir,
                              .progress = progress_note,
                              .progress_arg = &log};

    (void)state;
    assert_int_equal(generate_run(&o, NULL), MS_OK);
    assert_in_range(log.calls, 2, 101);
    assert_false(log.decreasing);
    assert_true(log.last == 1.0);
    dir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate__same_seed_same_bytes),
        cmocka_unit_test(test_generate__different_seed_different_bytes),
        cmocka_unit_test(test_generate__row_counts_per_pair_in_range),
        cmocka_unit_test(test_generate__early_endings_30_to_38_percent),
        cmocka_unit_test(test_generate__early_endings_concentrated_early),
        cmocka_unit_test(test_generate__nothing_after_export_date),
        cmocka_unit_test(test_generate__warning_signs_precede_early_endings),
        cmocka_unit_test(test_generate__questionnaires_realistic),
        cmocka_unit_test(test_generate__messy_rejects_listed_at_their_lines),
        cmocka_unit_test(test_generate__messy_is_cp1252_semicolon_crlf),
        cmocka_unit_test(test_generate__bad_options_refused),
        cmocka_unit_test(test_generate__unwritable_directory_refused),
        cmocka_unit_test(test_generate__failure_replaces_nothing),
        cmocka_unit_test(test_generate__progress_reaches_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
