/*
 * test_config.c: the --config INI file (core/config.c): config_load on
 * good and bad files, config_store into a fresh database, and reading the
 * settings back with config_programme_get and config_item_scale.
 *
 * Bad files are one table: the INI text, the line at fault and a phrase
 * the message must hold; every message must start "FILE:LINE: " as
 * config.h promises.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "db.h"

/* ---- fixture: a temp directory ------------------------------------------- */

static char tmpdir[64];
static char pathbuf[256];

static int dir_setup(void **state)
{
    (void)state;
    return test_dir_make(tmpdir, sizeof tmpdir, "test_config");
}

static int dir_teardown(void **state)
{
    (void)state;
    return test_dir_remove(tmpdir);
}

static const char *put_text(const char *name, const char *text)
{
    FILE *f;

    snprintf(pathbuf, sizeof pathbuf, "%s/%s", tmpdir, name);
    f = fopen(pathbuf, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    return pathbuf;
}

static const struct config_programme *programme(const struct config *c,
                                                const char *name)
{
    for (int i = 0; i < c->n_programmes; i++)
        if (strcmp(c->programmes[i].name, name) == 0)
            return &c->programmes[i];
    fail_msg("no programme '%s'", name);
    return NULL;
}

static const struct config_item *item(const struct config *c, const char *name)
{
    for (int i = 0; i < c->n_items; i++)
        if (strcmp(c->items[i].item, name) == 0)
            return &c->items[i];
    fail_msg("no item '%s'", name);
    return NULL;
}

/* ---- good files ---------------------------------------------------------- */

static const char good_ini[] =
    "; mentorstat configuration\n"
    "[defaults]\n"
    "planned_months = 12      ; default planned length of a pairing\n"
    "k = 5\n"
    "\n"
    "[programme Leader mentoring]\n"
    "planned_months = 9.5\n"
    "k = 6\n"
    "q_psych_safety = 1..7 relationship   ; an extra item\n"
    "\n"
    "[Programme Trainee]\n"
    "K = 3\n"
    "Q_Network_Size = 0..10 network\n";

static void test_config__load_good_file(void **state)
{
    struct config *c = NULL;
    struct ms_err e = {{0}};
    const struct config_programme *p;
    const struct config_item *it;

    (void)state;
    assert_int_equal(config_load(put_text("good.ini", good_ini), &c, &e),
                     MS_OK);
    assert_string_equal(e.msg, "");
    assert_non_null(c);
    assert_int_equal(c->n_programmes, 3);
    p = programme(c, "*");
    assert_true(p->has_planned && p->has_k);
    assert_close(p->planned_months, 12, 0);
    assert_int_equal(p->k, 5);
    p = programme(c, "Leader mentoring");
    assert_true(p->has_planned && p->has_k);
    assert_close(p->planned_months, 9.5, 0);
    assert_int_equal(p->k, 6);
    p = programme(c, "Trainee");
    assert_false(p->has_planned);
    assert_true(p->has_k);
    assert_int_equal(p->k, 3);

    assert_int_equal(c->n_items, 2);
    it = item(c, "q_psych_safety");
    assert_int_equal(it->scale_min, 1);
    assert_int_equal(it->scale_max, 7);
    assert_string_equal(it->construct, "relationship");
    assert_string_equal(it->programme, "Leader mentoring");
    it = item(c, "q_network_size");   /* item names are lowercased */
    assert_int_equal(it->scale_min, 0);
    assert_int_equal(it->scale_max, 10);
    assert_string_equal(it->construct, "network");
    assert_string_equal(it->programme, "Trainee");
    config_free(c);
}

static void test_config__empty_file_and_free_null(void **state)
{
    struct config *c = NULL;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(config_load(put_text("empty.ini", "; nothing\n"), &c,
                                 &e), MS_OK);
    assert_non_null(c);
    assert_int_equal(c->n_programmes, 0);
    assert_int_equal(c->n_items, 0);
    config_free(c);
    config_free(NULL);
}

static void test_config__same_item_twice_same_scale(void **state)
{
    struct config *c = NULL;
    struct ms_err e = {{0}};

    (void)state;
    assert_int_equal(config_load(put_text("twice.ini",
                                          "[defaults]\n"
                                          "q_focus = 1..5 goals\n"
                                          "[programme A]\n"
                                          "Q_FOCUS = 1..5 goals\n"),
                                 &c, &e), MS_OK);
    assert_int_equal(c->n_items, 1);
    assert_string_equal(c->items[0].programme, "*");
    config_free(c);
}

/* ---- bad files ----------------------------------------------------------- */

static const struct {
    const char *what;
    const char *ini;
    int line;
    const char *needle;
} bad_cases[] = {
    {"k below 3", "[defaults]\nk = 2\n", 2, "k must be"},
    {"k of 0 in a programme", "[defaults]\nk = 5\n[programme A]\nk = 0\n", 4,
     "k must be"},
    {"k not a number", "[defaults]\nk = five\n", 2, "k must be"},
    {"k with a fraction", "[defaults]\nk = 5.5\n", 2, "k must be"},
    {"planned_months 0", "[defaults]\nplanned_months = 0\n", 2,
     "planned_months"},
    {"planned_months not a number", "[programme A]\nplanned_months = a year\n",
     2, "planned_months"},
    {"unknown key", "[defaults]\nk = 5\nthreshold = 7\n", 3,
     "unknown setting 'threshold'"},
    {"unknown section", "[defaults]\nk = 5\n[programmes A]\nk = 6\n", 4,
     "unknown section [programmes A]"},
    {"section 'programme' without a name", "[programme ]\nk = 6\n", 2,
     "unknown section"},
    {"item scale without ..", "[defaults]\nq_x = 1-7 relationship\n", 2,
     "MIN..MAX CONSTRUCT"},
    {"item scale reversed", "[defaults]\nq_x = 7..1 relationship\n", 2,
     "MIN..MAX CONSTRUCT"},
    {"item scale of one point", "[defaults]\nq_x = 3..3 relationship\n", 2,
     "MIN..MAX CONSTRUCT"},
    {"item without construct", "[defaults]\nq_x = 1..7\n", 2,
     "MIN..MAX CONSTRUCT"},
    {"item with two constructs", "[defaults]\nq_x = 1..7 a b\n", 2,
     "MIN..MAX CONSTRUCT"},
    {"item scale not numbers", "[defaults]\nq_x = low..high a\n", 2,
     "MIN..MAX CONSTRUCT"},
    {"item twice, different scales",
     "[defaults]\nq_x = 1..5 goals\n\n[programme A]\nq_x = 1..7 goals\n", 5,
     "defined twice"},
    {"item twice in one section", "[defaults]\nq_x = 1..5 goals\n"
                                  "q_x = 0..10 goals\n", 3, "defined twice"},
    {"not an INI line", "[defaults]\nk = 5\njust some words\n", 3,
     "not a valid INI line"},
    {"the first error is reported", "[defaults]\nk = 1\nfoo = 2\n", 2,
     "k must be"},
    {"a syntax error before a bad value", "[defaults]\nnonsense\nk = 1\n",
     2, "not a valid INI line"},
};

static void test_config__bad_files_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        struct config *c = (struct config *)&c;   /* must become NULL */
        struct ms_err e = {{0}};
        char name[32], want[320];
        const char *path;

        snprintf(name, sizeof name, "bad%02zu.ini", i);
        path = put_text(name, bad_cases[i].ini);
        if (config_load(path, &c, &e) != MS_USAGE || c != NULL)
            fail_msg("case %zu (%s): not refused as MS_USAGE: %s", i,
                     bad_cases[i].what, e.msg);
        snprintf(want, sizeof want, "%s:%d: ", path, bad_cases[i].line);
        if (strncmp(e.msg, want, strlen(want)) != 0)
            fail_msg("case %zu (%s): message '%s' does not start with '%s'",
                     i, bad_cases[i].what, e.msg, want);
        if (strstr(e.msg, bad_cases[i].needle) == NULL)
            fail_msg("case %zu (%s): message '%s' lacks '%s'", i,
                     bad_cases[i].what, e.msg, bad_cases[i].needle);
    }
}

static void test_config__missing_file_or_directory_noinput(void **state)
{
    struct config *c = (struct config *)&c;
    struct ms_err e = {{0}};
    char path[256];

    (void)state;
    snprintf(path, sizeof path, "%s/nope.ini", tmpdir);
    assert_int_equal(config_load(path, &c, &e), MS_NOINPUT);
    assert_null(c);
    assert_non_null(strstr(e.msg, "cannot open configuration"));
    assert_non_null(strstr(e.msg, path));

    c = (struct config *)&c;
    err_clear(&e);
    assert_int_equal(config_load(tmpdir, &c, &e), MS_NOINPUT);
    assert_null(c);
    assert_non_null(strstr(e.msg, tmpdir));
}

/* ---- the configuration in the database ----------------------------------- */

static sqlite3 *open_db(void)
{
    char path[256];
    sqlite3 *db = NULL;
    struct ms_err e = {{0}};

    snprintf(path, sizeof path, "%s/m.db", tmpdir);
    assert_int_equal(db_open(path, DB_READWRITE, &db, &e), MS_OK);
    return db;
}

static void expect_programme(sqlite3 *db, const char *name, double months,
                             int k)
{
    struct ms_err e = {{0}};
    double m = -1;
    int kk = -1;

    assert_int_equal(config_programme_get(db, name, &m, &kk, &e), MS_OK);
    if (m != months || kk != k)
        fail_msg("programme '%s': %g months, k %d; expected %g, %d", name, m,
                 kk, months, k);
}

static void test_config__store_and_read_back(void **state)
{
    struct config *c = NULL;
    struct ms_err e = {{0}};
    struct config_item_scale sc;
    sqlite3 *db = open_db();

    (void)state;
    /* a new database: the '*' defaults of the schema */
    expect_programme(db, "Leader mentoring", 12, 5);
    expect_programme(db, "*", 12, 5);

    assert_int_equal(config_load(put_text("good.ini", good_ini), &c, &e),
                     MS_OK);
    assert_int_equal(config_store(db, c, &e), MS_OK);
    config_free(c);
    expect_programme(db, "Leader mentoring", 9.5, 6);
    expect_programme(db, "Trainee", 12, 3);   /* months from '*' */
    expect_programme(db, "Unknown programme", 12, 5);
    expect_programme(db, "*", 12, 6);         /* k of '*' is the largest */

    assert_int_equal(config_item_scale(db, "q_psych_safety", &sc, &e), MS_OK);
    assert_string_equal(sc.item, "q_psych_safety");
    assert_string_equal(sc.construct, "relationship");
    assert_int_equal(sc.scale_min, 1);
    assert_int_equal(sc.scale_max, 7);
    assert_int_equal(config_item_scale(db, "q_network_size", &sc, &e), MS_OK);
    assert_string_equal(sc.construct, "network");
    assert_int_equal(sc.scale_min, 0);
    assert_int_equal(sc.scale_max, 10);
    /* built in */
    assert_int_equal(config_item_scale(db, "q_trust", &sc, &e), MS_OK);
    assert_string_equal(sc.construct, "relationship");
    assert_int_equal(sc.scale_min, 1);
    assert_int_equal(sc.scale_max, 5);
    /* unknown: 1..5, no construct */
    assert_int_equal(config_item_scale(db, "q_unheard_of", &sc, &e), MS_OK);
    assert_string_equal(sc.construct, "");
    assert_int_equal(sc.scale_min, 1);
    assert_int_equal(sc.scale_max, 5);

    /* a second configuration updates by key and keeps the rest */
    assert_int_equal(config_load(put_text("more.ini", "[programme Trainee]\n"
                                          "planned_months = 6\n"), &c, &e),
                     MS_OK);
    assert_int_equal(config_store(db, c, &e), MS_OK);
    config_free(c);
    expect_programme(db, "Trainee", 6, 3);
    expect_programme(db, "Leader mentoring", 9.5, 6);
    assert_string_equal(e.msg, "");
    db_close(db);
}

static void test_config__defaults_apply_whatever_their_place(void **state)
{
    struct config *c = NULL;
    struct ms_err e = {{0}};
    sqlite3 *db = open_db();

    (void)state;
    /* [defaults] after the programme that relies on it */
    assert_int_equal(config_load(put_text("late.ini", "[programme A]\n"
                                          "k = 6\n"
                                          "[defaults]\n"
                                          "planned_months = 10\n"
                                          "k = 4\n"), &c, &e), MS_OK);
    assert_int_equal(config_store(db, c, &e), MS_OK);
    config_free(c);
    expect_programme(db, "A", 10, 6);
    expect_programme(db, "B", 10, 4);
    expect_programme(db, "*", 10, 6);
    db_close(db);
}

/* Levenshtein distances with published values: "kitten" -> "sitting" is 3
 * (R's ?adist example); "flaw" -> "lawn" is 2 (Wikipedia, "Levenshtein
 * distance") and "Saturday" -> "Sunday" is 3 (Wikipedia, "Wagner-Fischer
 * algorithm"); all three also computed with R 4.2: diag(adist(
 * c("kitten", "flaw", "Saturday"), c("sitting", "lawn", "Sunday"))).
 * Letters compare without case. */
static void test_config__edit_distance_published_values(void **state)
{
    (void)state;
    assert_int_equal(config_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(config_edit_distance("flaw", "lawn"), 2);
    assert_int_equal(config_edit_distance("Saturday", "Sunday"), 3);
    assert_int_equal(config_edit_distance("", "abc"), 3);
    assert_int_equal(config_edit_distance("abc", ""), 3);
    assert_int_equal(config_edit_distance("Leader mentorng",
                                          "leader mentoring"), 1);
    assert_int_equal(config_edit_distance("same", "same"), 0);
}

/* A programme name of the configuration that is not in the data: not
 * found, and the nearest programme of the pairs named; nothing to name
 * when no pairs are loaded. */
static void test_config__programme_nearest_names_the_closest(void **state)
{
    struct ms_err e = {{0}};
    sqlite3 *db = open_db();
    char nearest[64];
    int found = -1;

    (void)state;
    assert_int_equal(config_programme_nearest(db, "Leader mentoring", &found,
                                              nearest, sizeof nearest, &e),
                     MS_OK);
    assert_int_equal(found, 0);
    assert_string_equal(nearest, "");
    assert_int_equal(sqlite3_exec(db,
        "INSERT INTO batches (file, sha256, kind, status) VALUES "
        "('p.csv', 'x', 'pairs', 'loaded');"
        "INSERT INTO pairs (pair_id, programme, cohort, start_date, status, "
        "batch_id, line) VALUES "
        "('P1', 'Leader mentoring', '2024', '2024-01-01', 'active', 1, 2),"
        "('P2', 'Trainee programme', '2024', '2024-01-01', 'active', 1, 3),"
        "('P3', 'Mentor service', '2024', '2024-01-01', 'active', 1, 4)",
        NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(config_programme_nearest(db, "Leader mentorng", &found,
                                              nearest, sizeof nearest, &e),
                     MS_OK);
    assert_int_equal(found, 0);
    assert_string_equal(nearest, "Leader mentoring");
    assert_int_equal(config_programme_nearest(db, "trainee Programme", &found,
                                              nearest, sizeof nearest, &e),
                     MS_OK);
    assert_int_equal(found, 0);   /* names match exactly, as analyze does */
    assert_string_equal(nearest, "Trainee programme");
    assert_int_equal(config_programme_nearest(db, "Mentor service", &found,
                                              nearest, sizeof nearest, &e),
                     MS_OK);
    assert_int_equal(found, 1);
    assert_string_equal(nearest, "");
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)
        T(test_config__load_good_file),
        T(test_config__empty_file_and_free_null),
        T(test_config__same_item_twice_same_scale),
        T(test_config__bad_files_table),
        T(test_config__missing_file_or_directory_noinput),
        T(test_config__store_and_read_back),
        T(test_config__defaults_apply_whatever_their_place),
        T(test_config__edit_distance_published_values),
        T(test_config__programme_nearest_names_the_closest),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
