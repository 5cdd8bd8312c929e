/*
 * test_csv.c: the streaming CSV reader and the file scan (ingest/csv.c).
 *
 * Every case writes a small file into a mkdtemp() directory.  Parsing cases
 * are one table: input bytes, encoding, the delimiter expected and the
 * records expected, dumped one per line as "LINE:field|field" (quoted
 * fields in "", \n \r \0 escaped, " !unterminated", " !nul" appended).
 * Read errors are injected by replacing read(2) (see below).
 */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "csv.h"

/* ---- fault injection ----------------------------------------------------- */

/* Reads left before read(2) fails with EIO; -1: never.  This definition
 * replaces libc's read for the whole test binary, so the reader's own calls
 * meet the failure exactly as they would meet a failing disk. */
static int reads_before_eio = -1;

ssize_t read(int fd, void *buf, size_t n)
{
    if (reads_before_eio == 0) {
        errno = EIO;
        return -1;
    }
    if (reads_before_eio > 0)
        reads_before_eio--;
    return (ssize_t)syscall(SYS_read, fd, buf, n);
}

/* ---- fixture ------------------------------------------------------------- */

static char tmpdir[64];
static char pathbuf[128];

static int dir_setup(void **state)
{
    (void)state;
    return test_dir_make(tmpdir, sizeof tmpdir, "test_csv");
}

static int dir_teardown(void **state)
{
    (void)state;
    return test_dir_remove(tmpdir);
}

/* Write bytes[0..n) to tmpdir/name; returns the path (static buffer). */
static const char *put_file(const char *name, const void *bytes, size_t n)
{
    FILE *f;

    snprintf(pathbuf, sizeof pathbuf, "%s/%s", tmpdir, name);
    f = fopen(pathbuf, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return pathbuf;
}

/* Write a file of prefix, fill repeated count times, then suffix. */
static const char *put_big_file(const char *name, const char *prefix,
                                char fill, size_t count, const char *suffix)
{
    size_t np = strlen(prefix), ns = strlen(suffix);
    char *b = malloc(np + count + ns);
    const char *path;

    assert_non_null(b);
    memcpy(b, prefix, np);
    memset(b + np, fill, count);
    memcpy(b + np + count, suffix, ns);
    path = put_file(name, b, np + count + ns);
    free(b);
    return path;
}

/* ---- record dump --------------------------------------------------------- */

struct dump {
    char *s;
    size_t len, cap;
};

static void dump_add(struct dump *d, const char *p, size_t n)
{
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->s = realloc(d->s, d->cap);
        assert_non_null(d->s);
    }
    memcpy(d->s + d->len, p, n);
    d->len += n;
    d->s[d->len] = '\0';
}

static void dump_str(struct dump *d, const char *s)
{
    dump_add(d, s, strlen(s));
}

/* Append rec as "LINE:f1|f2" plus markers and a newline. */
static void dump_record(struct dump *d, const struct csv_record *rec)
{
    char num[32];

    snprintf(num, sizeof num, "%ld:", rec->line);
    dump_str(d, num);
    for (size_t i = 0; i < rec->nfields; i++) {
        const struct csv_field *f = &rec->fields[i];

        if (i > 0)
            dump_str(d, "|");
        if (f->quoted)
            dump_str(d, "\"");
        /* every field must be NUL-terminated right after its bytes */
        assert_int_equal(f->s[f->len], '\0');
        for (size_t k = 0; k < f->len; k++) {
            switch (f->s[k]) {
            case '\n': dump_str(d, "\\n"); break;
            case '\r': dump_str(d, "\\r"); break;
            case '\0': dump_str(d, "\\0"); break;
            default: dump_add(d, &f->s[k], 1); break;
            }
        }
        if (f->quoted)
            dump_str(d, "\"");
    }
    if (rec->problem == CSV_UNTERMINATED_QUOTE)
        dump_str(d, " !unterminated");
    if (rec->problem == CSV_RECORD_TOO_LONG)
        dump_str(d, " !too_long");
    if (rec->has_nul)
        dump_str(d, " !nul");
    dump_str(d, "\n");
}

/* Read every record of path; returns the dump (caller frees) and sets
 * *delim.  Fails the test on any error of a call. */
static char *read_all(const char *path, enum csv_encoding enc, char *delim)
{
    struct csv_reader *r = NULL;
    const struct csv_record *rec;
    struct ms_err err = {""};
    struct dump d = {NULL, 0, 0};

    dump_str(&d, "");
    if (csv_reader_new(path, enc, &r, &err) != MS_OK)
        fail_msg("csv_reader_new: %s", err.msg);
    *delim = csv_reader_delimiter(r);
    for (;;) {
        if (csv_reader_next(r, &rec, &err) != MS_OK)
            fail_msg("csv_reader_next: %s", err.msg);
        if (rec == NULL)
            break;
        dump_record(&d, rec);
    }
    /* after the end, the end again */
    assert_int_equal(csv_reader_next(r, &rec, &err), MS_OK);
    assert_null(rec);
    csv_reader_free(r);
    return d.s;
}

/* ---- parsing table ------------------------------------------------------- */

struct parse_case {
    const char *name;
    const char *input;     /* bytes; n gives the length (NULs allowed) */
    size_t n;
    enum csv_encoding enc;
    char delim;
    const char *expect;    /* the dump */
};

#define IN(s) s, sizeof s - 1

static const struct parse_case parse_cases[] = {
    {"plain", IN("a,b,c\n1,2,3\n"), CSV_UTF8, ',', "1:a|b|c\n2:1|2|3\n"},
    {"quoted fields", IN("\"a\",\"b,c\"\n"), CSV_UTF8, ',',
     "1:\"a\"|\"b,c\"\n"},
    {"doubled quotes", IN("x,\"say \"\"hi\"\"\"\n"), CSV_UTF8, ',',
     "1:x|\"say \"hi\"\"\n"},
    {"newline inside quotes, next line number", IN("id,note\n1,\"two\nlines\"\n2,x\n"),
     CSV_UTF8, ',', "1:id|note\n2:1|\"two\\nlines\"\n4:2|x\n"},
    {"CRLF inside quotes kept", IN("a\r\n\"x\r\ny\",z\r\nw,v\r\n"), CSV_UTF8,
     ',', "1:a\n2:\"x\\r\\ny\"|z\n4:w|v\n"},
    {"lone CR inside quotes kept", IN("\"x\ry\"\n"), CSV_UTF8, ',',
     "1:\"x\\ry\"\n"},
    {"CRLF lines", IN("a,b\r\n1,2\r\n"), CSV_UTF8, ',', "1:a|b\n2:1|2\n"},
    {"CRLF after closing quote", IN("\"a\",\"b\"\r\n"), CSV_UTF8, ',',
     "1:\"a\"|\"b\"\n"},
    {"BOM skipped", IN("\xEF\xBB\xBFid;name\n1;x\n"), CSV_UTF8, ';',
     "1:id|name\n2:1|x\n"},
    {"no trailing newline", IN("a,b\n1,2"), CSV_UTF8, ',', "1:a|b\n2:1|2\n"},
    {"lone CR at end of file", IN("a,b\n1,2\r"), CSV_UTF8, ',',
     "1:a|b\n2:1|2\n"},
    {"CR inside a field is data", IN("a\rb,c\n"), CSV_UTF8, ',',
     "1:a\\rb|c\n"},
    {"blank and ;;; lines skipped, lines counted",
     IN("id;v\n\n;;;\n  \n1;2\n;;\r\n\n2;3\n"), CSV_UTF8, ';',
     "1:id|v\n5:1|2\n8:2|3\n"},
    {"blank lines before the header", IN("\n\r\n,,\nid,v\n1,2\n"), CSV_UTF8,
     ',', "4:id|v\n5:1|2\n"},
    {"semicolon detected, decimal commas kept",
     IN("id;score\n1;\"3,5\"\n2;4,5\n"), CSV_UTF8, ';',
     "1:id|score\n2:1|\"3,5\"\n3:2|4,5\n"},
    {"commas in quotes do not count", IN("\"a,b,c\";d;e\n"), CSV_UTF8, ';',
     "1:\"a,b,c\"|d|e\n"},
    {"TAB detected, spaces trimmed", IN("a\tb\tc\n1\t 2 \t3\n"), CSV_UTF8,
     '\t', "1:a|b|c\n2:1|2|3\n"},
    {"TAB delimiter keeps empty fields", IN("a\tb\tc\n\t\tx\n"), CSV_UTF8,
     '\t', "1:a|b|c\n2:||x\n"},
    {"TABs trimmed when not the delimiter", IN("a,\t b\t ,c\n"), CSV_UTF8,
     ',', "1:a|b|c\n"},
    {"tie goes to comma", IN("a,b;c\n"), CSV_UTF8, ',', "1:a|b;c\n"},
    {"no delimiter gives comma", IN("abc\n"), CSV_UTF8, ',', "1:abc\n"},
    {"fewer and more fields than the header", IN("a,b,c\n1\n1,2,3,4\n"),
     CSV_UTF8, ',', "1:a|b|c\n2:1\n3:1|2|3|4\n"},
    {"trimming, quote after spaces opens", IN("  a  , \" x \" ,y\n"),
     CSV_UTF8, ',', "1:a|\"x\"|y\n"},
    {"empty fields", IN("a,,c\n,,x\nx,,\n"), CSV_UTF8, ',',
     "1:a||c\n2:||x\n3:x||\n"},
    {"quoted empty fields are a record", IN("a,b\n\"\",\"\"\n"), CSV_UTF8,
     ',', "1:a|b\n2:\"\"|\"\"\n"},
    {"stray quote in unquoted field is literal", IN("ab\"c,d\n"), CSV_UTF8,
     ',', "1:ab\"c|d\n"},
    {"text after closing quote appended", IN("\"ab\"cd,e\n\"x\"y\"z\",w\n"),
     CSV_UTF8, ',', "1:\"abcd\"|e\n2:\"xy\"z\"\"|w\n"},
    {"unterminated quote at end", IN("a,b\n1,\"open\nmore"), CSV_UTF8, ',',
     "1:a|b\n2:1|\"open\\nmore\" !unterminated\n"},
    {"quote closed at end of file", IN("a,\"b\""), CSV_UTF8, ',',
     "1:a|\"b\"\n"},
    {"empty file", IN(""), CSV_UTF8, ',', ""},
    {"header alone", IN("a,b,c"), CSV_UTF8, ',', "1:a|b|c\n"},
    {"header alone with newline", IN("a;b;c\n"), CSV_UTF8, ';',
     "1:a|b|c\n"},
    {"only blank lines", IN("\n \n;;\n"), CSV_UTF8, ',', "3:;;\n"},
    {"NUL byte reported", IN("a,b\0c\n\"x\0\"\n"), CSV_UTF8, ',',
     "1:a|b\\0c !nul\n2:\"x\\0\" !nul\n"},
    {"UTF-8 passes through", IN("stad;emoji\nG\xC3\xB6teborg;\xF0\x9F\x98\x80\n"),
     CSV_UTF8, ';', "1:stad|emoji\n2:G\xC3\xB6teborg|\xF0\x9F\x98\x80\n"},
    /* Windows-1252 code chart (Microsoft, "cp1252"): F6 o-umlaut,
     * C6 AE ligature, F8 o-slash, 80 euro sign */
    {"Windows-1252 converted", IN("G\xF6teborg;\xC6" "ble\xF8;\x80\n"),
     CSV_WINDOWS_1252, ';',
     "1:G\xC3\xB6teborg|\xC3\x86" "ble\xC3\xB8|\xE2\x82\xAC\n"},
    {"Windows-1252 undefined bytes become U+FFFD",
     IN("\x81,\x8D,\x8F,\x90,\x9D\n"), CSV_WINDOWS_1252, ',',
     "1:\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD\n"},
    {"Windows-1252 BOM bytes are text", IN("\xEF\xBB\xBF" "a\n"),
     CSV_WINDOWS_1252, ',', "1:\xC3\xAF\xC2\xBB\xC2\xBF" "a\n"},
};

static void test_csv__parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        const char *path = put_file("case.csv", c->input, c->n);
        char delim = 0;
        char *got = read_all(path, c->enc, &delim);

        if (delim != c->delim)
            fail_msg("case '%s': delimiter '%c', expected '%c'", c->name,
                     delim, c->delim);
        if (strcmp(got, c->expect) != 0)
            fail_msg("case '%s':\n got:\n%s\n expected:\n%s", c->name, got,
                     c->expect);
        free(got);
    }
}

/* ---- long records and buffer boundaries ---------------------------------- */

#define READ_SIZE ((size_t)1 << 20)  /* the reader's buffer, csv.c */

/* Open path (UTF-8), fail the test on error. */
static struct csv_reader *open_reader(const char *path, enum csv_encoding e)
{
    struct csv_reader *r = NULL;
    struct ms_err err = {""};

    if (csv_reader_new(path, e, &r, &err) != MS_OK)
        fail_msg("csv_reader_new: %s", err.msg);
    return r;
}

/* The next record, which must exist. */
static const struct csv_record *next_record(struct csv_reader *r)
{
    const struct csv_record *rec = NULL;
    struct ms_err err = {""};

    if (csv_reader_next(r, &rec, &err) != MS_OK)
        fail_msg("csv_reader_next: %s", err.msg);
    assert_non_null(rec);
    return rec;
}

static void assert_at_end(struct csv_reader *r)
{
    const struct csv_record *rec = NULL;
    struct ms_err err = {""};

    assert_int_equal(csv_reader_next(r, &rec, &err), MS_OK);
    assert_null(rec);
}

static void test_csv__megabyte_field_read_intact(void **state)
{
    /* a quoted 1.2 MB field spanning two read buffers, with a doubled quote
     * and a newline in it, then a record whose line must count the newline */
    size_t n = 1200000, pos = 0;
    char *b = malloc(n + 64);
    struct csv_reader *r;
    const struct csv_record *rec;

    (void)state;
    assert_non_null(b);
    pos += (size_t)sprintf(b, "id,blob\n1,\"");
    for (size_t i = 0; i < n; i++)
        b[pos++] = (char)('a' + i % 26);
    memcpy(b + 500000, "\"\"", 2);  /* one literal quote */
    b[600000] = '\n';
    pos += (size_t)sprintf(b + pos, "\"\n2,end\n");
    r = open_reader(put_file("big.csv", b, pos), CSV_UTF8);
    rec = next_record(r);
    assert_int_equal(rec->line, 1);
    rec = next_record(r);
    assert_int_equal(rec->line, 2);
    assert_int_equal(rec->problem, CSV_OK);
    assert_int_equal(rec->nfields, 2);
    assert_int_equal(rec->fields[1].len, n - 1);
    assert_memory_equal(rec->fields[1].s, b + 11, 500000 - 11);
    assert_int_equal(rec->fields[1].s[500000 - 11], '"');
    assert_memory_equal(rec->fields[1].s + 500000 - 10, b + 500002,
                        n - (500002 - 11));
    rec = next_record(r);
    assert_int_equal(rec->line, 4);
    assert_string_equal(rec->fields[1].s, "end");
    assert_at_end(r);
    assert_int_equal(csv_reader_bytes_read(r), pos);
    csv_reader_free(r);
    free(b);
}

static void test_csv__too_long_record_skipped_next_read(void **state)
{
    size_t n = (size_t)17 * 1024 * 1024;
    struct csv_reader *r;
    const struct csv_record *rec;

    (void)state;
    r = open_reader(put_big_file("long.csv", "id,blob\n1,", 'y', n,
                                 "\n2,after\n"), CSV_UTF8);
    rec = next_record(r);
    assert_int_equal(rec->line, 1);
    rec = next_record(r);
    assert_int_equal(rec->line, 2);
    assert_int_equal(rec->problem, CSV_RECORD_TOO_LONG);
    assert_int_equal(rec->nfields, 0);
    rec = next_record(r);
    assert_int_equal(rec->line, 3);
    assert_int_equal(rec->problem, CSV_OK);
    assert_int_equal(rec->nfields, 2);
    assert_string_equal(rec->fields[0].s, "2");
    assert_string_equal(rec->fields[1].s, "after");
    assert_at_end(r);
    csv_reader_free(r);
}

static void test_csv__too_long_quoted_record_counts_its_lines(void **state)
{
    /* 17 MiB inside quotes with newlines every 1000 bytes: the record is
     * skipped to its closing quote and the next line number still counts */
    size_t n = (size_t)17 * 1024 * 1024, nl = 0;
    char *b = malloc(n + 64);
    size_t pos = 0;
    struct csv_reader *r;
    const struct csv_record *rec;

    (void)state;
    assert_non_null(b);
    pos += (size_t)sprintf(b, "id,blob\n1,\"");
    for (size_t i = 0; i < n; i++) {
        b[pos++] = i % 1000 == 999 ? '\n' : 'q';
        nl += i % 1000 == 999;
    }
    pos += (size_t)sprintf(b + pos, "\",x\n2,after\n");
    r = open_reader(put_file("longq.csv", b, pos), CSV_UTF8);
    free(b);
    (void)next_record(r);
    rec = next_record(r);
    assert_int_equal(rec->line, 2);
    assert_int_equal(rec->problem, CSV_RECORD_TOO_LONG);
    assert_int_equal(rec->nfields, 0);
    rec = next_record(r);
    assert_int_equal(rec->line, 3 + (long)nl);
    assert_string_equal(rec->fields[1].s, "after");
    assert_at_end(r);
    csv_reader_free(r);
}

static void test_csv__too_long_unterminated_reports_quote(void **state)
{
    struct csv_reader *r;
    const struct csv_record *rec;

    (void)state;
    r = open_reader(put_big_file("longu.csv", "id\n\"", 'z',
                                 (size_t)17 * 1024 * 1024, ""), CSV_UTF8);
    (void)next_record(r);
    rec = next_record(r);
    assert_int_equal(rec->line, 2);
    assert_int_equal(rec->problem, CSV_UNTERMINATED_QUOTE);
    assert_int_equal(rec->nfields, 0);
    assert_at_end(r);
    csv_reader_free(r);
}

static void test_csv__too_many_fields_skipped(void **state)
{
    struct csv_reader *r;
    const struct csv_record *rec;

    (void)state;
    /* one field too many */
    r = open_reader(put_big_file("wide.csv", "a,b\nx", ',', CSV_MAX_FIELDS,
                                 "\n1,2\n"), CSV_UTF8);
    (void)next_record(r);
    rec = next_record(r);
    assert_int_equal(rec->line, 2);
    assert_int_equal(rec->problem, CSV_RECORD_TOO_LONG);
    assert_int_equal(rec->nfields, 0);
    rec = next_record(r);
    assert_int_equal(rec->line, 3);
    assert_int_equal(rec->nfields, 2);
    assert_at_end(r);
    csv_reader_free(r);

    /* exactly CSV_MAX_FIELDS fields is still a record */
    r = open_reader(put_big_file("wide2.csv", "a\nx", ',',
                                 CSV_MAX_FIELDS - 1, "\n"), CSV_UTF8);
    (void)next_record(r);
    rec = next_record(r);
    assert_int_equal(rec->problem, CSV_OK);
    assert_int_equal(rec->nfields, CSV_MAX_FIELDS);
    csv_reader_free(r);
}

static void test_csv__crlf_and_doubled_quote_split_by_buffer(void **state)
{
    /* line 2 runs up to the buffer's last byte: first its CR is that byte
     * and the LF opens the next buffer; then the two quotes of a "" pair
     * fall on either side of the boundary */
    size_t fill = READ_SIZE - 2 - 1;   /* "h\n" then fill, then CR */
    struct csv_reader *r;
    const struct csv_record *rec;

    (void)state;
    r = open_reader(put_big_file("crlf.csv", "h\n", 'c', fill, "\r\nnext\r\n"),
                    CSV_UTF8);
    (void)next_record(r);
    rec = next_record(r);
    assert_int_equal(rec->fields[0].len, fill);
    assert_int_equal(rec->fields[0].s[fill - 1], 'c');
    rec = next_record(r);
    assert_int_equal(rec->line, 3);
    assert_string_equal(rec->fields[0].s, "next");
    assert_at_end(r);
    csv_reader_free(r);

    r = open_reader(put_big_file("dq.csv", "h\n\"", 'd', READ_SIZE - 4,
                                 "\"\"e\"\nnext\n"), CSV_UTF8);
    (void)next_record(r);
    rec = next_record(r);
    assert_int_equal(rec->fields[0].len, READ_SIZE - 4 + 2);
    assert_true(rec->fields[0].quoted);
    assert_memory_equal(rec->fields[0].s + READ_SIZE - 4, "\"e", 2);
    rec = next_record(r);
    assert_string_equal(rec->fields[0].s, "next");
    csv_reader_free(r);
}

static void test_csv__windows_1252_across_reads(void **state)
{
    /* 0xE6 is U+00E6 in Windows-1252: 2 UTF-8 bytes each; 900,000 of them
     * need several converted reads */
    size_t n = 900000;
    struct csv_reader *r;
    const struct csv_record *rec;
    const char *path = put_big_file("ae.csv", "h\n", '\xE6', n, "\nend\n");

    (void)state;
    r = open_reader(path, CSV_WINDOWS_1252);
    (void)next_record(r);
    rec = next_record(r);
    assert_int_equal(rec->fields[0].len, 2 * n);
    for (size_t i = 0; i < n; i++)
        if (memcmp(rec->fields[0].s + 2 * i, "\xC3\xA6", 2) != 0)
            fail_msg("byte %zu not converted", i);
    rec = next_record(r);
    assert_int_equal(rec->line, 3);
    assert_string_equal(rec->fields[0].s, "end");
    assert_at_end(r);
    assert_int_equal(csv_reader_bytes_read(r), 2 + n + 5);
    csv_reader_free(r);
}

/* ---- scan ---------------------------------------------------------------- */

static struct csv_scan scan_ok(const char *path)
{
    struct csv_scan s;
    struct ms_err err = {""};

    memset(&s, 0x55, sizeof s);
    if (csv_scan_file(path, &s, &err) != MS_OK)
        fail_msg("csv_scan_file: %s", err.msg);
    return s;
}

static void test_csv__scan_sha256_published_vectors(void **state)
{
    /* FIPS 180-2, appendix B.1-B.3 (SHA-256 examples), and the hash of the
     * empty message (NIST CSRC "Example Values", SHA256.pdf) */
    static const struct {
        const char *msg;
        const char *sha;
    } v[] = {
        {"abc",
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"",
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    };
    struct csv_scan s;

    (void)state;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        s = scan_ok(put_file("sha.txt", v[i].msg, strlen(v[i].msg)));
        assert_string_equal(s.sha256, v[i].sha);
        assert_int_equal(s.size, strlen(v[i].msg));
    }
    /* B.3: one million 'a' */
    s = scan_ok(put_big_file("million.txt", "", 'a', 1000000, ""));
    assert_string_equal(
        s.sha256,
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    assert_int_equal(s.size, 1000000);
    assert_true(s.valid_utf8);
    assert_false(s.looks_binary);
    assert_false(s.has_bom);
}

static void test_csv__scan_utf8_validity(void **state)
{
    /* Unicode 15.0, section 3.9, table 3-7 (well-formed byte sequences) */
    static const struct {
        const char *bytes;
        size_t n;
        int valid;
    } v[] = {
        {IN("plain ascii\n"), 1},
        {IN("G\xC3\xB6teborg \xC3\x86" "ble\xC3\xB8 \xE2\x82\xAC\n"), 1},
        {IN("\xF0\x9F\x98\x80 emoji"), 1},
        {IN("\xF4\x8F\xBF\xBF"), 1},                /* U+10FFFF */
        {IN("\xED\x9F\xBF \xEE\x80\x80"), 1},       /* U+D7FF, U+E000 */
        {IN("\xEF\xBB\xBF" "bom"), 1},
        {IN("G\xF6teborg"), 0},                     /* Windows-1252 */
        {IN("\x80"), 0},                            /* lone continuation */
        {IN("\xC0\xAF"), 0},                        /* overlong '/' */
        {IN("\xC1\xBF"), 0},                        /* overlong */
        {IN("\xE0\x80\xAF"), 0},                    /* overlong */
        {IN("\xF0\x8F\xBF\xBF"), 0},                /* overlong */
        {IN("\xED\xA0\x80"), 0},                    /* surrogate U+D800 */
        {IN("\xED\xBF\xBF"), 0},                    /* surrogate U+DFFF */
        {IN("\xF4\x90\x80\x80"), 0},                /* U+110000 */
        {IN("\xF5\x80\x80\x80"), 0},
        {IN("\xFF"), 0},
        {IN("ok \xE2\x82"), 0},                     /* truncated at end */
        {IN("\xE2\x82 x"), 0},                      /* truncated inside */
        {IN("\xF0\x9F\x98"), 0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        struct csv_scan s = scan_ok(put_file("u.txt", v[i].bytes, v[i].n));
        if (s.valid_utf8 != v[i].valid)
            fail_msg("case %zu: valid_utf8 %d, expected %d", i, s.valid_utf8,
                     v[i].valid);
    }
}

static void test_csv__scan_utf8_split_across_reads(void **state)
{
    /* a 4-byte emoji starting 1, 2 and 3 bytes before the 1 MiB read
     * boundary is valid; the same with its last byte missing is not */
    (void)state;
    for (size_t back = 1; back <= 3; back++) {
        size_t pre = READ_SIZE - back;
        char *b = malloc(pre + 8);
        struct csv_scan s;

        assert_non_null(b);
        memset(b, 'a', pre);
        memcpy(b + pre, "\xF0\x9F\x98\x80z", 5);
        s = scan_ok(put_file("split.txt", b, pre + 5));
        assert_true(s.valid_utf8);
        assert_int_equal(s.size, pre + 5);
        memcpy(b + pre, "\xF0\x9F\x98zz", 5);
        s = scan_ok(put_file("split.txt", b, pre + 5));
        assert_false(s.valid_utf8);
        free(b);
    }
}

static void test_csv__scan_bom_and_binary(void **state)
{
    /* PNG signature and IHDR chunk start (PNG spec, ISO/IEC 15948, 5.2) */
    static const unsigned char png[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
        0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    };
    char b[100];
    struct csv_scan s;

    (void)state;
    s = scan_ok(put_file("img.png", png, sizeof png));
    assert_true(s.looks_binary);
    assert_false(s.valid_utf8);

    s = scan_ok(put_file("bom.csv", "\xEF\xBB\xBF" "a,b\n", 7));
    assert_true(s.has_bom);
    assert_true(s.valid_utf8);
    assert_false(s.looks_binary);
    s = scan_ok(put_file("nobom.csv", "\xEF\xBB" "a", 3));
    assert_false(s.has_bom);

    /* TAB, LF, FF, CR are text */
    s = scan_ok(put_file("ws.txt", "a\tb\r\n\f\n\t\t\t\r\n", 12));
    assert_false(s.looks_binary);
    /* 10 control bytes in 100 is text, 11 is binary */
    memset(b, 'x', sizeof b);
    memset(b, 0x1B, 10);
    s = scan_ok(put_file("ctl10.txt", b, sizeof b));
    assert_false(s.looks_binary);
    b[10] = 0x7F;
    s = scan_ok(put_file("ctl11.txt", b, sizeof b));
    assert_true(s.looks_binary);
    /* one NUL is enough, but only within the first 64 KiB */
    memset(b, 'x', sizeof b);
    b[50] = '\0';
    s = scan_ok(put_file("nul.txt", b, sizeof b));
    assert_true(s.looks_binary);
    {
        char *late = malloc(64 * 1024 + 1);

        assert_non_null(late);
        memset(late, 'x', 64 * 1024);
        late[64 * 1024] = '\0';
        s = scan_ok(put_file("latenul.txt", late, 64 * 1024 + 1));
        free(late);
    }
    assert_false(s.looks_binary);
}

/* ---- failures ------------------------------------------------------------ */

static void test_csv__missing_file_and_directory_refused(void **state)
{
    struct ms_err err = {""};
    struct csv_scan s;
    struct csv_reader *r = (struct csv_reader *)&s;
    char missing[160], expect[320];

    (void)state;
    snprintf(missing, sizeof missing, "%s/nope.csv", tmpdir);
    snprintf(expect, sizeof expect,
             "cannot open '%s': No such file or directory", missing);
    memset(&s, 0x55, sizeof s);
    assert_int_equal(csv_scan_file(missing, &s, &err), MS_NOINPUT);
    assert_string_equal(err.msg, expect);
    assert_int_equal((unsigned char)s.sha256[0], 0x55);  /* unchanged */
    err_clear(&err);
    assert_int_equal(csv_reader_new(missing, CSV_UTF8, &r, &err), MS_NOINPUT);
    assert_null(r);
    assert_string_equal(err.msg, expect);

    snprintf(expect, sizeof expect, "'%s' is a directory, not a file",
             tmpdir);
    err_clear(&err);
    assert_int_equal(csv_scan_file(tmpdir, &s, &err), MS_NOINPUT);
    assert_string_equal(err.msg, expect);
    err_clear(&err);
    assert_int_equal(csv_reader_new(tmpdir, CSV_WINDOWS_1252, &r, &err),
                     MS_NOINPUT);
    assert_null(r);
    assert_string_equal(err.msg, expect);

    csv_reader_free(NULL);
}

static void test_csv__read_errors_reported(void **state)
{
    struct ms_err err = {""};
    struct csv_scan s;
    struct csv_reader *r;
    const struct csv_record *rec;
    const char *path;
    char expect[320];
    enum ms_status st;
    int records = 0;

    (void)state;
    path = put_big_file("eio.csv", "h\n", 'x', 3 * READ_SIZE, "\n");
    snprintf(expect, sizeof expect, "cannot read '%s': %s", path,
             strerror(EIO));

    reads_before_eio = 1;   /* the scan's second read fails */
    st = csv_scan_file(path, &s, &err);
    reads_before_eio = -1;
    assert_int_equal(st, MS_NOINPUT);
    assert_string_equal(err.msg, expect);

    err_clear(&err);
    reads_before_eio = 0;   /* csv_reader_new's first read fails */
    st = csv_reader_new(path, CSV_UTF8, &r, &err);
    reads_before_eio = -1;
    assert_int_equal(st, MS_IOERR);
    assert_null(r);
    assert_string_equal(err.msg, expect);

    err_clear(&err);
    r = open_reader(path, CSV_UTF8);
    reads_before_eio = 1;   /* mid-file: the second buffer refill fails */
    while ((st = csv_reader_next(r, &rec, &err)) == MS_OK && rec != NULL)
        records++;
    reads_before_eio = -1;
    assert_int_equal(st, MS_IOERR);
    assert_int_equal(records, 1);   /* the header; line 2 never ended */
    assert_string_equal(err.msg, expect);
    /* the reader stays failed */
    err_clear(&err);
    assert_int_equal(csv_reader_next(r, &rec, &err), MS_IOERR);
    assert_null(rec);
    csv_reader_free(r);
}

static void test_csv__problem_strings(void **state)
{
    (void)state;
    assert_string_equal(csv_problem_str(CSV_UNTERMINATED_QUOTE),
                        "unterminated quoted field");
    assert_string_equal(csv_problem_str(CSV_RECORD_TOO_LONG),
                        "record longer than 16 MiB");
    assert_string_equal(csv_problem_str(CSV_OK), "well-formed record");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv__parse_table),
        cmocka_unit_test(test_csv__megabyte_field_read_intact),
        cmocka_unit_test(test_csv__too_long_record_skipped_next_read),
        cmocka_unit_test(test_csv__too_long_quoted_record_counts_its_lines),
        cmocka_unit_test(test_csv__too_long_unterminated_reports_quote),
        cmocka_unit_test(test_csv__too_many_fields_skipped),
        cmocka_unit_test(test_csv__crlf_and_doubled_quote_split_by_buffer),
        cmocka_unit_test(test_csv__windows_1252_across_reads),
        cmocka_unit_test(test_csv__scan_sha256_published_vectors),
        cmocka_unit_test(test_csv__scan_utf8_validity),
        cmocka_unit_test(test_csv__scan_utf8_split_across_reads),
        cmocka_unit_test(test_csv__scan_bom_and_binary),
        cmocka_unit_test(test_csv__missing_file_and_directory_refused),
        cmocka_unit_test(test_csv__read_errors_reported),
        cmocka_unit_test(test_csv__problem_strings),
    };
    return cmocka_run_group_tests(tests, dir_setup, dir_teardown);
}
