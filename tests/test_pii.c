/*
 * test_pii.c: the personal-data detector (ingest/pii.c).
 *
 * Two corpora in tests/pii/ ("kind<TAB>string" and "why<TAB>string"), read
 * from the repository root where the tests run: every must_catch line is
 * caught with its kind and no near_miss line is caught.  Then table-driven
 * edges of each rule, the published check-digit examples and the header
 * names.  Every string is scanned from an exactly sized heap copy without a
 * terminating NUL, so the sanitizer build catches any read past n.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pii.h"

#ifndef PII_CORPUS_DIR
#define PII_CORPUS_DIR "tests/pii"
#endif

/* Each corpus must hold at least this many cases (the brief's minimum), so
 * an empty or truncated file fails instead of passing vacuously. */
#define CORPUS_MIN_LINES 200

/* pii_scan on an exactly sized copy of s (no NUL after it). */
static enum pii_kind scan(const char *s)
{
    size_t n = strlen(s);
    char *copy = malloc(n ? n : 1);
    enum pii_kind k;

    assert_non_null(copy);
    memcpy(copy, s, n);
    k = pii_scan(copy, n);
    free(copy);
    return k;
}

/* pii_header_is_personal on an exactly sized copy of name. */
static int header(const char *name, const char **what)
{
    size_t n = strlen(name);
    char *copy = malloc(n ? n : 1);
    int r;

    assert_non_null(copy);
    memcpy(copy, name, n);
    r = pii_header_is_personal(copy, n, what);
    free(copy);
    return r;
}

static const char *kind_name(enum pii_kind k)
{
    switch (k) {
    case PII_NONE: return "none";
    case PII_EMAIL: return "email";
    case PII_PERSONNUMMER: return "personnummer";
    case PII_SAMORDNINGSNUMMER: return "samordningsnummer";
    case PII_CPR: return "cpr";
    case PII_PHONE: return "phone";
    }
    return "?";
}

/* The kind named in a corpus line, or -1. */
static int kind_parse(const char *name)
{
    for (int k = PII_NONE; k <= PII_PHONE; k++)
        if (strcmp(name, kind_name((enum pii_kind)k)) == 0)
            return k;
    return -1;
}

/* Scan every "label<TAB>string" line of PII_CORPUS_DIR/file.  With
 * must_catch, the label is the expected kind; otherwise nothing may be
 * caught.  Prints each failure; returns the number of failures and sets
 * *cases. */
static int corpus_run(const char *file, int must_catch, int *cases)
{
    char path[256], line[1024];
    FILE *f;
    int failures = 0, lineno = 0;

    snprintf(path, sizeof path, "%s/%s", PII_CORPUS_DIR, file);
    f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open '%s' (run the tests from the repository root)",
                 path);
    *cases = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strlen(line);
        char *tab;
        enum pii_kind got;

        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        tab = strchr(line, '\t');
        if (tab == NULL) {
            print_error("%s:%d: no TAB in line\n", path, lineno);
            failures++;
            continue;
        }
        *tab = '\0';
        (*cases)++;
        got = scan(tab + 1);
        if (must_catch) {
            int want = kind_parse(line);
            if (want <= PII_NONE) {
                print_error("%s:%d: unknown kind '%s'\n", path, lineno, line);
                failures++;
            } else if (got != (enum pii_kind)want) {
                print_error("%s:%d: missed '%s': want %s, got %s\n", path,
                            lineno, tab + 1, line, kind_name(got));
                failures++;
            }
        } else if (got != PII_NONE) {
            print_error("%s:%d: false alarm on '%s' (%s): got %s\n", path,
                        lineno, tab + 1, line, kind_name(got));
            failures++;
        }
    }
    fclose(f);
    return failures;
}

static void test_pii__corpus_all_caught_with_kind(void **state)
{
    int cases, failures;

    (void)state;
    failures = corpus_run("must_catch.txt", 1, &cases);
    assert_true(cases >= CORPUS_MIN_LINES);
    assert_int_equal(failures, 0);
}

static void test_pii__corpus_no_false_alarm(void **state)
{
    int cases, failures;

    (void)state;
    failures = corpus_run("near_miss.txt", 0, &cases);
    assert_true(cases >= CORPUS_MIN_LINES);
    assert_int_equal(failures, 0);
}

struct scan_case {
    const char *s;
    enum pii_kind want;
};

static void scan_cases_run(const struct scan_case *c, size_t count)
{
    int failures = 0;

    for (size_t i = 0; i < count; i++) {
        enum pii_kind got = scan(c[i].s);
        if (got != c[i].want) {
            print_error("case %zu '%s': want %s, got %s\n", i, c[i].s,
                        kind_name(c[i].want), kind_name(got));
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

#define RUN(table) scan_cases_run(table, sizeof table / sizeof table[0])

/* Check digits against published examples:
 * - Skatteverket's example personnummer 811228-9874 (valid);
 * - Wikipedia, "Personal identity number (Sweden)", Luhn worked example
 *   811218-9876 (check digit 6: digit sum 44, 10 - 4);
 * - Skatteverket SKV 704 "Personnummer", worked example 640823-3234 (sum
 *   36, check digit 4; also cited by R's sweidnumbr as 196408233234);
 * - the samordningsnummer example 701063-2391 (day 63 = 3 + 60) that
 *   Swedish validators quote;
 * - the CPR modulus-11 example 070761-4285 (Wikipedia, "Personal
 *   identification number (Denmark)"): 0+21+0+49+36+5+16+6+16+5 = 154 =
 *   14 * 11. */
static void test_pii__published_check_digit_examples(void **state)
{
    static const struct scan_case c[] = {
        {"811228-9874", PII_PERSONNUMMER},
        {"811228-9875", PII_NONE},
        {"811218-9876", PII_PERSONNUMMER},
        {"811218-9870", PII_NONE},
        {"640823-3234", PII_PERSONNUMMER},
        {"640823-3235", PII_NONE},
        {"196408233234", PII_PERSONNUMMER},
        {"701063-2391", PII_SAMORDNINGSNUMMER},
        {"701063-2392", PII_NONE},
        {"070761-4285", PII_CPR},  /* also a valid samordningsnummer */
        {"0707614285", PII_CPR},
        {"070761-4286", PII_CPR}, /* with '-' any serial (since 2007) */
    };
    (void)state;
    RUN(c);
}

static void test_pii__personnummer_forms_and_edges(void **state)
{
    static const struct scan_case c[] = {
        {"811228-9874", PII_PERSONNUMMER},
        {"811228+9874", PII_PERSONNUMMER},
        {"8112289874", PII_PERSONNUMMER},
        {"19811228-9874", PII_PERSONNUMMER},
        {"198112289874", PII_PERSONNUMMER},
        {"19811228+9874", PII_NONE},   /* no '+' in the 12-digit form */
        {"17811228-9874", PII_NONE},   /* century out of range */
        {"21811228-9874", PII_NONE},
        {"991332-1234", PII_NONE},     /* month 13 */
        {"811232-9878", PII_NONE},     /* day 32, Luhn digit right */
        {"556016-0680", PII_NONE},     /* company: month 60 */
        {"000229-1235", PII_PERSONNUMMER}, /* 2000-02-29 */
        {"000229+1235", PII_NONE},     /* 1900 and 1800 are not leap */
        {"20000229-1235", PII_PERSONNUMMER},
        {"19000229-1235", PII_NONE},
        {"ID8112289874x", PII_NONE},   /* inside a letter/digit run */
        {"a8112289874", PII_NONE},
        {"8112289874b", PII_NONE},
        {"81122898740", PII_NONE},     /* 11 digits */
        {"19811228987412", PII_NONE},  /* 14 digits */
        {"811228-98741", PII_NONE},    /* 5-digit tail */
        {"811228-9874-1", PII_NONE},   /* part of a longer number */
        {"1-811228-9874", PII_NONE},
        {"8112289874,50", PII_NONE},   /* a decimal amount */
        {"0.8112289874", PII_NONE},
        {"8112289874,8112289874", PII_PERSONNUMMER}, /* a list, not decimals */
        {"x 811228-9874.", PII_PERSONNUMMER},
        {"pnr: 811228-9874; end", PII_PERSONNUMMER},
        {"811228 9874", PII_NONE},     /* space is no personnummer separator */
        {"811228–9874", PII_NONE},     /* en dash neither */
        {"701063+2391", PII_SAMORDNINGSNUMMER},
        {"197010632391", PII_SAMORDNINGSNUMMER},
        {"701092-2396", PII_NONE},     /* day 92 - 60 = 32, Luhn right */
    };
    (void)state;
    RUN(c);
}

static void test_pii__cpr_forms_and_edges(void **state)
{
    static const struct scan_case c[] = {
        {"150372-1234", PII_CPR},
        {"150372-0000", PII_CPR},     /* any serial with '-' */
        {"1503721234", PII_NONE},     /* bare: 4*1+3*5+2*0+7*3+6*7+5*2+4*1+
                                         3*2+2*3+1*4 = 112, not 0 mod 11 */
        {"150372-1233", PII_CPR},     /* also a samordningsnummer:
                                         2015-03-(72-60), Luhn 3 */
        {"120315-2341", PII_PERSONNUMMER}, /* 2012-03-15, Luhn 1, and
                                         CPR 1915-03-12: Swedish first */
        {"320172-1233", PII_NONE},    /* day 32; Swedish Luhn wrong */    /* day 32 */
        {"290201-4000", PII_NONE},    /* 7th digit 4, year 01: 2001, no 29 Feb */
        {"290200-4000", PII_CPR},     /* 7th digit 4, year 00: 2000 is leap */
        {"290200-5000", PII_CPR},     /* 5-8, year 00: 2000 */
        {"290100-5000", PII_CPR},
        {"290258-5000", PII_NONE},    /* 5-8, year 58: 1858, not leap */
        {"150372+1234", PII_NONE},    /* '+' is Swedish only */
        {"x150372-1234x", PII_NONE},
    };
    (void)state;
    RUN(c);
}

static void test_pii__email_edges(void **state)
{
    static const struct scan_case c[] = {
        {"a.b@c.dk", PII_EMAIL},
        {"a+tag@x.se", PII_EMAIL},
        {"\"john doe\"@example.com", PII_EMAIL},
        {"\"a\\\"b\"@example.org", PII_EMAIL},
        {"mail me at a.b@c.dk today", PII_EMAIL},
        {"a.b@c.dk.", PII_EMAIL},
        {"x@blåbär.se", PII_EMAIL},
        {"@handle", PII_NONE},
        {"a@b", PII_NONE},
        {"user@localhost", PII_NONE},
        {"2024@q1", PII_NONE},
        {"a@b.c", PII_NONE},          /* one-letter TLD */
        {"a@b.c1", PII_NONE},         /* TLD with a digit */
        {"pkg@1.2.3", PII_NONE},
        {"a @b.se", PII_NONE},
        {"a@ b.se", PII_NONE},
        {"\"\"@example.com", PII_NONE},
        {"\"unterminated@example.com", PII_EMAIL}, /* unterminated@... */
        {"x\"@example.com", PII_NONE}, /* a lone quote opens nothing */
        {"...@example.com", PII_NONE},
        {"a@.se", PII_NONE},
        {"@", PII_NONE},
        {"a@", PII_NONE},
        {"@b.se", PII_NONE},
        {"a@b.se@", PII_EMAIL},
        {"@@a@b.se", PII_EMAIL},
    };
    (void)state;
    RUN(c);
}

static void test_pii__phone_edges(void **state)
{
    static const struct scan_case c[] = {
        /* Swedish mobile */
        {"0701234567", PII_PHONE},
        {"070-123 45 67", PII_PHONE},
        {"0791234567", PII_PHONE},
        {"0715555555", PII_NONE},     /* 071 is no mobile series */
        {"070123456", PII_NONE},      /* 9 digits */
        {"07012345678", PII_NONE},    /* 11 digits */
        {"070-123 45 678", PII_NONE},
        /* Swedish landline */
        {"08-123 456 78", PII_PHONE},
        {"08-12 34 5", PII_NONE},     /* 7 digits */
        {"031-12 34 56", PII_PHONE},
        {"0312345 6", PII_NONE},      /* area code 7 digits long */
        {"031123456", PII_NONE},      /* bare landline */
        {"031-02 34 56", PII_NONE},   /* subscriber starting with 0 */
        {"05-12 34 56", PII_NONE},    /* area code 05 does not exist */
        {"0910-123 45 67 8", PII_NONE}, /* 11 digits */
        {"08-12-2024", PII_NONE},     /* a DD-MM-YYYY date */
        {"08-13-2024", PII_PHONE},    /* not a date: month 13 */
        {"08 12 2024", PII_NONE},
        {"08.12.2024", PII_NONE},
        {"08-123 456 78 9", PII_NONE}, /* continues */
        {"1 031-12 34 56", PII_NONE}, /* amount-like neighbour */
        /* Danish */
        {"23 45 67 89", PII_PHONE},
        {"2345 6789", PII_PHONE},
        {"12 34 56 78", PII_NONE},    /* series 1 is short codes only */
        {"1234 5678", PII_NONE},
        {"23456789", PII_NONE},
        {"02 34 56 78", PII_NONE},
        {"12 34 56 78 90", PII_NONE},
        {"12 34 56", PII_NONE},
        {"2023 2024", PII_NONE},      /* two years */
        {"2023 3024", PII_PHONE},
        {"12 34 56 78,5", PII_NONE},
        /* international */
        {"+46 70 123 45 67", PII_PHONE},
        {"+46 (0)8 123 456 78", PII_PHONE},
        {"0046 70 123 45 67", PII_PHONE},
        {"+1 234 5678", PII_PHONE},   /* 1 + 7 */
        {"+1 234 567", PII_NONE},     /* 1 + 6 */
        {"+46 123 456", PII_NONE},    /* 46 + 6 */
        {"+358 1234 5678 9012 3", PII_PHONE},   /* 358 + 13 */
        {"+358 1234 5678 9012 34", PII_NONE},   /* 358 + 14 */
        {"+0 123 456 789", PII_NONE}, /* no country code 0 */
        /* the E.164 code's length decides how many digits must follow */
        {"+27 123 4567", PII_PHONE},  /* 27 + 7 */
        {"+7 123 4567", PII_PHONE},   /* 7 + 7 */
        {"+212 123 4567", PII_PHONE}, /* 212 + 7 */
        {"+212 123 456", PII_NONE},   /* 212 + 6, not 21 + 7 */
        {"+352 123 456", PII_NONE},   /* 352 + 6 */
        {"+44 123 456", PII_NONE},    /* 44 + 6 */
        {"+89 123 4567", PII_NONE},   /* 89 is spare */
        {"+28 123 4567 89", PII_NONE}, /* 28 is spare */
        {"00 46 70 123 45 67", PII_PHONE},
        {"00  46 70 123 45 67", PII_NONE}, /* one separator after 00 */
        {"0001234567890", PII_NONE},
        {"1+46701234567", PII_NONE},
        {"+46701234567x", PII_NONE},
        {"+", PII_NONE},
        {"+4", PII_NONE},
        {"00", PII_NONE},
        /* never a date, an amount or a time */
        {"2024-03-05T14:30:00", PII_NONE},
        {"05.03.2024 14:30", PII_NONE},
        {"2024-03-05T14:30:00+01:00", PII_NONE},
        {"12 345,50", PII_NONE},
        {"1 234 567", PII_NONE},
    };
    (void)state;
    RUN(c);
}

/* "First" is by position; an address counts from its local part. */
static void test_pii__first_identifier_wins(void **state)
{
    static const struct scan_case c[] = {
        {"070-123 45 67 or a@b.se", PII_PHONE},
        {"a@b.se or 070-123 45 67", PII_EMAIL},
        {"811228-9874 070-123 45 67", PII_PERSONNUMMER},
        {"070-123 45 67, 811228-9874", PII_PHONE},
        {"8112289874@example.se", PII_EMAIL}, /* the number is the address */
        {"x 150372-1234 a@b.se", PII_CPR},
    };
    (void)state;
    RUN(c);
}

/* Lengths: n bounds the scan; NULL and empty read as nothing. */
static void test_pii__length_bounds_and_fast_path(void **state)
{
    const char *s = "811228-98741";
    (void)state;
    assert_int_equal(pii_scan(NULL, 0), PII_NONE);
    assert_int_equal(pii_scan("", 0), PII_NONE);
    assert_int_equal(pii_scan(s, 11), PII_PERSONNUMMER); /* "811228-9874" */
    assert_int_equal(pii_scan(s, 12), PII_NONE);
    assert_int_equal(pii_scan(s, 10), PII_NONE);
    assert_int_equal(pii_scan("a@b.se", 5), PII_NONE);  /* "a@b.s" */
    assert_int_equal(scan("1234567"), PII_NONE);         /* 7 digits */
    assert_int_equal(scan("P000123"), PII_NONE);
    /* an embedded NUL is just a byte */
    assert_int_equal(pii_scan("x\0" "811228-9874", 13), PII_PERSONNUMMER);
}

static void test_pii__kind_words(void **state)
{
    (void)state;
    assert_string_equal(pii_kind_str(PII_EMAIL), "e-mail address");
    assert_string_equal(pii_kind_str(PII_PERSONNUMMER),
                        "Swedish personal identity number (personnummer)");
    assert_string_equal(pii_kind_str(PII_SAMORDNINGSNUMMER),
                        "Swedish coordination number (samordningsnummer)");
    assert_string_equal(pii_kind_str(PII_CPR),
                        "Danish personal identification number (CPR number)");
    assert_string_equal(pii_kind_str(PII_PHONE), "phone number");
    assert_string_equal(pii_kind_str(PII_NONE), "no personal identifier");
    assert_string_equal(pii_kind_str((enum pii_kind)99), "unknown identifier");
}

struct header_case {
    const char *name;
    const char *what; /* the term reported, or NULL for "not personal" */
};

static void test_pii__header_names(void **state)
{
    static const struct header_case c[] = {
        {"name", "name"}, {"Name", "name"}, {" NAME ", "name"},
        {"namn", "namn"}, {"navn", "navn"}, {"first_name", "firstname"},
        {"First Name", "firstname"}, {"firstName", "firstname"},
        {"last-name", "lastname"}, {"mentor_name", "name"},
        {"Mentee Name", "name"}, {"efternamn", "efternamn"},
        {"Förnamn", "förnamn"}, {"FÖRNAMN", "förnamn"}, {"fornavn", "fornavn"},
        {"Efternavn", "efternavn"}, {"email", "email"}, {"E-mail", "email"},
        {"e_mail", "email"}, {"EMAIL", "email"}, {"mentorEmail", "email"},
        {"e-post", "epost"}, {"E-postadress", "epostadress"}, {"mail", "mail"},
        {"email2", "email"}, {"personnummer", "personnummer"},
        {"personnr", "personnr"}, {"PNR", "pnr"}, {"cpr", "cpr"},
        {"CPR-nr", "cpr"}, {"ssn", "ssn"}, {"phone", "phone"},
        {"Phone number", "phone"}, {"telefon", "telefon"}, {"tel", "tel"},
        {"Tel.", "tel"}, {"mobil", "mobil"}, {"mobile", "mobile"},
        {"mobilnummer", "mobilnummer"}, {"address", "address"},
        {"adress", "adress"}, {"adresse", "adresse"},
        {"date_of_birth", "dateofbirth"}, {"birth date", "birthdate"},
        {"DOB", "dob"}, {"födelsedatum", "födelsedatum"},
        {"fødselsdato", "fødselsdato"}, {"Fødselsdato", "fødselsdato"},
        {"samordningsnummer", "samordningsnummer"},
        {"user.name", "name"}, {"Name (mentor)", "name"},
        /* not personal: the contract's columns and things' names */
        {"pair_id", NULL}, {"programme", NULL}, {"cohort", NULL},
        {"mentor_id", NULL}, {"mentee_id", NULL}, {"coordinator_id", NULL},
        {"org_unit", NULL}, {"cross_org", NULL}, {"start_date", NULL},
        {"planned_end_date", NULL}, {"status", NULL}, {"end_date", NULL},
        {"end_reason", NULL}, {"meeting_id", NULL}, {"date", NULL},
        {"duration_min", NULL}, {"cancelled_by", NULL}, {"kind", NULL},
        {"mode", NULL}, {"goal_id", NULL}, {"set_date", NULL},
        {"target_date", NULL}, {"weight", NULL}, {"attainment", NULL},
        {"review_date", NULL}, {"category", NULL}, {"response_id", NULL},
        {"role", NULL}, {"survey", NULL}, {"recommend", NULL},
        {"q_trust", NULL}, {"q_chemistry", NULL}, {"q_openness", NULL},
        {"q_goal_clarity", NULL}, {"q_goal_progress", NULL},
        {"q_usefulness", NULL}, {"q_time_well_spent", NULL},
        {"q_preparation", NULL}, {"Q_Name", NULL}, {"q_mail_contact", NULL},
        {"PAIR_ID", NULL}, {" Start Date ", NULL},
        {"programme_name", NULL}, {"Programme name", NULL},
        {"org_unit_name", NULL}, {"cohort name", NULL}, {"comment", NULL},
        {"notes", NULL}, {"hotel", NULL}, {"telemetry", NULL},
        {"mailing_round", NULL}, {"dobbel", NULL}, {"names_count", NULL},
        {"", NULL}, {"_-. ", NULL},
    };
    int failures = 0;

    (void)state;
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        const char *what = "untouched";
        int got = header(c[i].name, &what);
        if (c[i].what == NULL && (got != 0 || strcmp(what, "untouched") != 0)) {
            print_error("header '%s': want not personal, got %d (%s)\n",
                        c[i].name, got, what);
            failures++;
        } else if (c[i].what != NULL &&
                   (got != 1 || strcmp(what, c[i].what) != 0)) {
            print_error("header '%s': want %s, got %d (%s)\n", c[i].name,
                        c[i].what, got, what);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
    assert_int_equal(pii_header_is_personal("email", 5, NULL), 1);
    assert_int_equal(pii_header_is_personal(NULL, 0, NULL), 0);
    assert_int_equal(pii_header_is_personal("emailx", 5, NULL), 1);
    assert_int_equal(pii_header_is_personal("email", 4, NULL), 0); /* "emai" */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pii__corpus_all_caught_with_kind),
        cmocka_unit_test(test_pii__corpus_no_false_alarm),
        cmocka_unit_test(test_pii__published_check_digit_examples),
        cmocka_unit_test(test_pii__personnummer_forms_and_edges),
        cmocka_unit_test(test_pii__cpr_forms_and_edges),
        cmocka_unit_test(test_pii__email_edges),
        cmocka_unit_test(test_pii__phone_edges),
        cmocka_unit_test(test_pii__first_identifier_wins),
        cmocka_unit_test(test_pii__length_bounds_and_fast_path),
        cmocka_unit_test(test_pii__kind_words),
        cmocka_unit_test(test_pii__header_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
