/*
 * csv.c: the streaming RFC 4180 reader at the bottom of ingest (see csv.h).
 *
 * The scan hashes and checks raw bytes in 1 MiB reads.  The reader keeps a
 * 1 MiB buffer of UTF-8 text (Windows-1252 is converted per read, which is
 * safe for a single-byte source) and copies each record's fields, unquoted,
 * into a record buffer that grows to the longest record and no further.
 * Fields are found with table-driven scans stopped by a NUL sentinel.
 */
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#define CSV_READ_SIZE ((size_t)1 << 20)   /* one read, and the text buffer */
#define CSV_SNIFF_SIZE ((size_t)64 * 1024) /* bytes looked at for binary */
#define CSV_TEXT_INITIAL ((size_t)64 * 1024)
#define CSV_FIELDS_INITIAL ((size_t)64)

/* Open path for reading and refuse directories.  Returns the descriptor,
 * or -1 with err set (MS_NOINPUT). */
static int file_open(const char *path, struct ms_err *err)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        err_set(err, MS_NOINPUT, "cannot open '%s': %s", path,
                strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) != 0) {
        err_set(err, MS_NOINPUT, "cannot open '%s': %s", path,
                strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(sb.st_mode)) {
        err_set(err, MS_NOINPUT, "'%s' is a directory, not a file", path);
        close(fd);
        return -1;
    }
    return fd;
}

/* read(2) that retries after a signal.  Returns bytes read, 0 at end of
 * file, -1 with errno set on failure. */
static ssize_t file_read(int fd, void *buf, size_t n)
{
    ssize_t got;

    do
        got = read(fd, buf, n);
    while (got < 0 && errno == EINTR);
    return got;
}

/* ---- scan ---------------------------------------------------------------- */

/* Strict UTF-8 validation that can stop anywhere, so that a sequence split
 * between two reads is checked as one (Unicode 15, table 3-7). */
struct utf8_check {
    int need;              /* continuation bytes still expected */
    unsigned char lo, hi;  /* allowed range of the next continuation byte */
    int bad;               /* 1 once an ill-formed sequence was seen */
};

/* Feed p[0..n) to c. */
static void utf8_check_feed(struct utf8_check *c, const unsigned char *p,
                            size_t n)
{
    const unsigned char *end = p + n;

    if (c->bad)
        return;
    while (p < end) {
        unsigned char b = *p;

        if (c->need > 0) {
            if (b < c->lo || b > c->hi) {
                c->bad = 1;
                return;
            }
            c->need--;
            c->lo = 0x80;
            c->hi = 0xBF;
            p++;
            continue;
        }
        if (b < 0x80) {
            /* ASCII run: the common case, eight bytes at a time */
            while (end - p >= 8) {
                uint64_t w;
                memcpy(&w, p, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                p += 8;
            }
            while (p < end && *p < 0x80)
                p++;
            continue;
        }
        c->lo = 0x80;
        c->hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            c->need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            c->need = 2;
            if (b == 0xE0)
                c->lo = 0xA0;       /* no overlongs */
            else if (b == 0xED)
                c->hi = 0x9F;       /* no surrogates D800..DFFF */
        } else if (b >= 0xF0 && b <= 0xF4) {
            c->need = 3;
            if (b == 0xF0)
                c->lo = 0x90;       /* no overlongs */
            else if (b == 0xF4)
                c->hi = 0x8F;       /* nothing above U+10FFFF */
        } else {
            c->bad = 1;             /* 80..C1 lead, F5..FF */
            return;
        }
        p++;
    }
}

/* 1 for the bytes counted as binary-looking control bytes: C0 controls
 * except TAB, LF, FF, CR, and DEL. */
static int byte_is_control(unsigned char b)
{
    return (b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') ||
           b == 0x7F;
}

enum ms_status csv_scan_file(const char *path, struct csv_scan *scan,
                             struct ms_err *err)
{
    static const char hex[] = "0123456789abcdef";
    struct csv_scan res;
    struct utf8_check utf8 = {0, 0x80, 0xBF, 0};
    unsigned char head[3];
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    size_t sniffed = 0, controls = 0, nhead = 0, nul_at[2] = {0, 0};
    int has_nul = 0;
    unsigned char *buf = NULL;
    EVP_MD_CTX *ctx = NULL;
    enum ms_status st = MS_OK;
    int fd;

    memset(&res, 0, sizeof res);
    fd = file_open(path, err);
    if (fd < 0)
        return MS_NOINPUT;
    buf = malloc(CSV_READ_SIZE);
    ctx = EVP_MD_CTX_new();
    if (buf == NULL || ctx == NULL) {
        st = err_set(err, MS_NOMEM, "out of memory scanning '%s'", path);
        goto done;
    }
    if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        st = err_set(err, MS_SOFTWARE, "cannot start SHA-256 for '%s'", path);
        goto done;
    }
    for (;;) {
        ssize_t got = file_read(fd, buf, CSV_READ_SIZE);
        size_t n;

        if (got < 0) {
            st = err_set(err, MS_NOINPUT, "cannot read '%s': %s", path,
                         strerror(errno));
            goto done;
        }
        if (got == 0)
            break;
        n = (size_t)got;
        res.size += n;
        if (EVP_DigestUpdate(ctx, buf, n) != 1) {
            st = err_set(err, MS_SOFTWARE, "SHA-256 of '%s' failed", path);
            goto done;
        }
        utf8_check_feed(&utf8, buf, n);
        for (size_t i = 0; nhead < sizeof head && i < n; i++)
            head[nhead++] = buf[i];
        for (size_t i = 0; sniffed < CSV_SNIFF_SIZE && i < n; i++, sniffed++) {
            if (buf[i] == 0) {
                has_nul = 1;
                nul_at[sniffed & 1]++;
            }
            if (byte_is_control(buf[i]))
                controls++;
        }
    }
    if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
        st = err_set(err, MS_SOFTWARE, "SHA-256 of '%s' failed", path);
        goto done;
    }
    for (unsigned int i = 0; i < mdlen; i++) {
        res.sha256[2 * i] = hex[md[i] >> 4];
        res.sha256[2 * i + 1] = hex[md[i] & 0x0F];
    }
    res.sha256[64] = '\0';
    res.has_bom = nhead == 3 && head[0] == 0xEF && head[1] == 0xBB &&
                  head[2] == 0xBF;
    res.valid_utf8 = !utf8.bad && utf8.need == 0;
    res.looks_binary = has_nul || controls * 10 > sniffed;
    /* ASCII text in UTF-16 has a NUL beside every character: at odd
     * places (little-endian) or even ones (big-endian), never both */
    res.utf16 = (nhead >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) ||
                                (head[0] == 0xFE && head[1] == 0xFF))) ||
                (sniffed >= 4 &&
                 ((nul_at[1] * 4 >= sniffed && nul_at[0] == 0) ||
                  (nul_at[0] * 4 >= sniffed && nul_at[1] == 0)));
    *scan = res;

done:
    EVP_MD_CTX_free(ctx);
    free(buf);
    close(fd);
    return st;
}

/* ---- reader -------------------------------------------------------------- */

struct csv_reader {
    int fd;
    char *path;              /* owned copy, for messages */
    iconv_t cd;              /* Windows-1252 to UTF-8, or (iconv_t)-1 */
    char *raw;               /* Windows-1252 bytes before conversion */
    size_t raw_cap;          /* CSV_READ_SIZE / 3: each byte gives <= 3 */

    unsigned char *in;       /* UTF-8 text, in_cap + 1 bytes: in[len] is a
                                NUL sentinel that stops every scan */
    size_t in_cap, pos, len;
    int at_eof;              /* read() has returned 0 */
    int done;                /* the last record has been handed out */
    enum ms_status failed;   /* a read failed: the reader is dead */
    uint64_t bytes_read;
    long line;               /* physical line at in[pos] */

    char delim;
    unsigned char stop_plain[256];   /* bytes that end a run outside quotes */
    unsigned char stop_quoted[256];  /* bytes that end a run inside quotes */
    unsigned char blank[256];        /* bytes fields are trimmed of */
    unsigned char not_plain[256];    /* bytes that cannot open a plain field */

    /* the record being built */
    char *text;              /* fields, each followed by a NUL */
    size_t text_len, text_cap;
    size_t field_off;        /* where the current field starts in text */
    int trail_cr;            /* the last byte added is a CR read outside
                                quotes (dropped if the line ends there) */
    int overflow;            /* the record is too long: store nothing */
    int nonblank;            /* some field is non-empty or quoted */
    size_t *offs;            /* field starts in text, then fields[i].s */
    struct csv_field *fields;
    size_t nfields, fields_cap;
    struct csv_record rec;
};

/* Read more text after in[len] (Windows-1252 converted), at most what
 * fits.  Sets at_eof when the file is exhausted.  Returns MS_OK or MS_IOERR
 * / MS_SOFTWARE with err set. */
static enum ms_status reader_fill(struct csv_reader *r, struct ms_err *err)
{
    int convert = r->cd != (iconv_t)-1;
    size_t room, want;
    ssize_t got;

    if (r->pos > 0) {
        memmove(r->in, r->in + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    r->in[r->len] = '\0';
    room = r->in_cap - r->len;
    want = convert ? (room / 3 < r->raw_cap ? room / 3 : r->raw_cap) : room;
    if (r->at_eof || want == 0)
        return MS_OK;
    got = file_read(r->fd, convert ? (void *)r->raw : r->in + r->len, want);
    if (got < 0)
        return err_set(err, MS_IOERR, "cannot read '%s': %s", r->path,
                       strerror(errno));
    if (got == 0) {
        r->at_eof = 1;
        return MS_OK;
    }
    r->bytes_read += (uint64_t)got;
    if (!convert) {
        r->len += (size_t)got;
    } else {
        char *ip = r->raw, *op = (char *)r->in + r->len;
        size_t il = (size_t)got, ol = room;

        while (il > 0) {
            if (iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1)
                continue;
            if (errno != EILSEQ || ol < 3)
                return err_set(err, MS_SOFTWARE,
                               "cannot convert '%s' from Windows-1252: %s",
                               r->path, strerror(errno));
            memcpy(op, "\xEF\xBF\xBD", 3);   /* undefined byte: U+FFFD */
            op += 3;
            ol -= 3;
            ip++;
            il--;
        }
        r->len = (size_t)(op - (char *)r->in);
    }
    r->in[r->len] = '\0';
    return MS_OK;
}

/* Pick the delimiter from the header line within in[pos..len): the first
 * line holding anything but spaces, CRs and candidate delimiters. */
static char reader_detect_delimiter(const struct csv_reader *r)
{
    size_t i = r->pos;

    while (i < r->len) {
        size_t comma = 0, semi = 0, tab = 0;
        int inq = 0, content = 0;

        for (; i < r->len; i++) {
            unsigned char c = r->in[i];

            if (c == '"') {
                inq = !inq;
                content = 1;
            } else if (inq) {
                continue;
            } else if (c == '\n') {
                break;
            } else if (c == ',') {
                comma++;
            } else if (c == ';') {
                semi++;
            } else if (c == '\t') {
                tab++;
            } else if (c != ' ' && c != '\r') {
                content = 1;
            }
        }
        if (content) {
            if (semi > comma && semi >= tab)
                return ';';
            if (tab > comma && tab > semi)
                return '\t';
            return ',';
        }
        i++;
    }
    return ',';
}

/* Grow text so n more bytes fit, or mark the record as too long when they
 * would pass CSV_MAX_RECORD.  Returns MS_OK or MS_NOMEM. */
static enum ms_status text_grow(struct csv_reader *r, size_t n,
                                struct ms_err *err)
{
    size_t cap = r->text_cap;
    char *grown;

    if (n > CSV_MAX_RECORD - r->text_len) {
        r->overflow = 1;
        return MS_OK;
    }
    if (r->text_len + n <= cap)
        return MS_OK;
    while (cap < r->text_len + n)
        cap *= 2;
    if (cap > CSV_MAX_RECORD)
        cap = CSV_MAX_RECORD;
    grown = realloc(r->text, cap);
    if (grown == NULL)
        return err_set(err, MS_NOMEM, "out of memory reading '%s'", r->path);
    r->text = grown;
    r->text_cap = cap;
    return MS_OK;
}

/* text_grow() when n more bytes do not fit already (text_cap never passes
 * CSV_MAX_RECORD, so room below it is always within the limit). */
static inline enum ms_status text_reserve(struct csv_reader *r, size_t n,
                                   struct ms_err *err)
{
    if (n <= r->text_cap - r->text_len)
        return MS_OK;
    return text_grow(r, n, err);
}

/* Double the field arrays, or mark the record as too long when it already
 * has CSV_MAX_FIELDS fields.  Returns MS_OK or MS_NOMEM. */
static enum ms_status fields_grow(struct csv_reader *r, struct ms_err *err)
{
    size_t cap = r->fields_cap * 2;
    size_t *offs;
    struct csv_field *fields;

    if (r->fields_cap >= CSV_MAX_FIELDS) {
        r->overflow = 1;
        return MS_OK;
    }
    offs = realloc(r->offs, cap * sizeof *offs);
    if (offs == NULL)
        return err_set(err, MS_NOMEM, "out of memory reading '%s'", r->path);
    r->offs = offs;
    fields = realloc(r->fields, cap * sizeof *fields);
    if (fields == NULL)
        return err_set(err, MS_NOMEM, "out of memory reading '%s'", r->path);
    r->fields = fields;
    r->fields_cap = cap;
    return MS_OK;
}

/* Add p[0..n) to the current field.  Returns MS_OK or MS_NOMEM. */
static inline enum ms_status field_add(struct csv_reader *r, const unsigned char *p,
                                size_t n, struct ms_err *err)
{
    enum ms_status st;

    if (n == 0)
        return MS_OK;
    r->trail_cr = 0;
    if (r->overflow)
        return MS_OK;
    st = text_reserve(r, n, err);
    if (st != MS_OK || r->overflow)
        return st;
    memcpy(r->text + r->text_len, p, n);
    r->text_len += n;
    return MS_OK;
}

/* Close the current field: drop a CR that ended the line (at_eol), trim,
 * NUL-terminate and append it to the record.  Returns MS_OK or MS_NOMEM. */
static inline enum ms_status field_end(struct csv_reader *r, int quoted, int at_eol,
                                struct ms_err *err)
{
    const unsigned char *text = (const unsigned char *)r->text;
    size_t s = r->field_off, e = r->text_len;
    enum ms_status st;

    if (r->overflow) {
        r->trail_cr = 0;
        return MS_OK;
    }
    if (at_eol && r->trail_cr)
        e--;
    r->trail_cr = 0;
    if (r->nfields == r->fields_cap) {
        st = fields_grow(r, err);
        if (st != MS_OK || r->overflow)
            return st;
    }
    while (s < e && r->blank[text[s]])
        s++;
    while (e > s && r->blank[text[e - 1]])
        e--;
    r->text_len = e;
    st = text_reserve(r, 1, err);
    if (st != MS_OK || r->overflow)
        return st;
    r->text[r->text_len++] = '\0';
    r->offs[r->nfields] = s;
    r->fields[r->nfields].s = NULL;
    r->fields[r->nfields].len = e - s;
    r->fields[r->nfields].quoted = quoted;
    r->nfields++;
    r->field_off = r->text_len;
    if (e > s || quoted)
        r->nonblank = 1;
    return MS_OK;
}

/* Start an empty record at the current line. */
static void record_start(struct csv_reader *r)
{
    r->text_len = 0;
    r->field_off = 0;
    r->trail_cr = 0;
    r->overflow = 0;
    r->nonblank = 0;
    r->nfields = 0;
    r->rec.line = r->line;
    r->rec.has_nul = 0;
    r->rec.problem = CSV_OK;
}

/* Finish the record for handing out: point the fields into text. */
static const struct csv_record *record_finish(struct csv_reader *r,
                                              int unterminated)
{
    if (r->overflow) {
        r->rec.nfields = 0;
        r->rec.problem = unterminated ? CSV_UNTERMINATED_QUOTE
                                      : CSV_RECORD_TOO_LONG;
    } else {
        for (size_t i = 0; i < r->nfields; i++)
            r->fields[i].s = r->text + r->offs[i];
        r->rec.nfields = r->nfields;
        r->rec.problem = unterminated ? CSV_UNTERMINATED_QUOTE : CSV_OK;
    }
    r->rec.fields = r->fields;
    return &r->rec;
}

void csv_reader_free(struct csv_reader *r)
{
    if (r == NULL)
        return;
    if (r->fd >= 0)
        close(r->fd);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    free(r->path);
    free(r->raw);
    free(r->in);
    free(r->text);
    free(r->offs);
    free(r->fields);
    free(r);
}

enum ms_status csv_reader_new(const char *path, enum csv_encoding encoding,
                              struct csv_reader **out, struct ms_err *err)
{
    struct csv_reader *r;
    enum ms_status st = MS_OK;
    size_t n;

    *out = NULL;
    r = calloc(1, sizeof *r);
    if (r == NULL)
        return err_set(err, MS_NOMEM, "out of memory opening '%s'", path);
    r->fd = -1;
    r->cd = (iconv_t)-1;
    r->line = 1;
    r->in_cap = CSV_READ_SIZE;
    r->text_cap = CSV_TEXT_INITIAL;
    r->fields_cap = CSV_FIELDS_INITIAL;
    n = strlen(path) + 1;
    r->path = malloc(n);
    r->in = malloc(r->in_cap + 1);
    r->text = malloc(r->text_cap);
    r->offs = malloc(r->fields_cap * sizeof *r->offs);
    r->fields = malloc(r->fields_cap * sizeof *r->fields);
    if (r->path == NULL || r->in == NULL || r->text == NULL ||
        r->offs == NULL || r->fields == NULL) {
        st = err_set(err, MS_NOMEM, "out of memory opening '%s'", path);
        goto done;
    }
    memcpy(r->path, path, n);
    r->in[0] = '\0';
    if (encoding == CSV_WINDOWS_1252) {
        r->raw_cap = CSV_READ_SIZE / 3;
        r->raw = malloc(r->raw_cap);
        if (r->raw == NULL) {
            st = err_set(err, MS_NOMEM, "out of memory opening '%s'", path);
            goto done;
        }
        r->cd = iconv_open("UTF-8", "WINDOWS-1252");
        if (r->cd == (iconv_t)-1) {
            st = err_set(err, MS_SOFTWARE,
                         "cannot convert '%s' from Windows-1252: %s", path,
                         strerror(errno));
            goto done;
        }
    }
    r->fd = file_open(path, err);
    if (r->fd < 0) {
        st = MS_NOINPUT;
        goto done;
    }
    /* fill the buffer for the BOM and the header line */
    while (!r->at_eof && r->len < r->in_cap) {
        size_t before = r->len;

        st = reader_fill(r, err);
        if (st != MS_OK)
            goto done;
        if (r->len == before)
            break;
    }
    if (encoding == CSV_UTF8 && r->len >= 3 &&
        memcmp(r->in, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    r->delim = reader_detect_delimiter(r);
    r->stop_plain[(unsigned char)r->delim] = 1;
    r->stop_plain['\n'] = 1;
    r->stop_plain['\r'] = 1;
    r->stop_plain['\0'] = 1;
    r->stop_quoted['"'] = 1;
    r->stop_quoted['\n'] = 1;
    r->stop_quoted['\0'] = 1;
    r->blank[' '] = 1;
    r->blank['\t'] = r->delim != '\t';
    memcpy(r->not_plain, r->blank, sizeof r->not_plain);
    r->not_plain[(unsigned char)r->delim] = 1;
    r->not_plain['"'] = 1;
    r->not_plain['\n'] = 1;
    r->not_plain['\0'] = 1;
    r->failed = MS_OK;

done:
    if (st != MS_OK) {
        csv_reader_free(r);
        return st;
    }
    *out = r;
    return MS_OK;
}

char csv_reader_delimiter(const struct csv_reader *r)
{
    return r->delim;
}

uint64_t csv_reader_bytes_read(const struct csv_reader *r)
{
    return r->bytes_read;
}

/* Where the scanner is within a field. */
enum field_state {
    AT_START,     /* before the field's first byte that is not a space */
    IN_PLAIN,     /* outside quotes: quotes are literal here */
    IN_QUOTES,    /* inside quotes */
    QUOTE_SEEN    /* just after a quote inside quotes: "" or the close */
};

enum ms_status csv_reader_next(struct csv_reader *r,
                               const struct csv_record **rec,
                               struct ms_err *err)
{
    enum field_state state = AT_START;
    int quoted = 0;
    enum ms_status st = MS_OK;

    *rec = NULL;
    if (r->failed != MS_OK)
        return err_set(err, r->failed, "cannot read '%s' after an earlier "
                       "error", r->path);
    if (r->done)
        return MS_OK;
    record_start(r);
    for (;;) {
        const unsigned char *p = r->in + r->pos;
        const unsigned char *end = r->in + r->len;
        const unsigned char *q;
        unsigned char c;

        if (p == end) {
            st = reader_fill(r, err);
            if (st != MS_OK)
                goto fail;
            if (r->pos < r->len)
                continue;
            /* end of file ends the record */
            r->done = 1;
            st = field_end(r, quoted, 1, err);
            if (st != MS_OK)
                goto fail;
            if (r->nonblank || r->overflow)
                *rec = record_finish(r, state == IN_QUOTES);
            return MS_OK;
        }
        switch (state) {
        case AT_START:
            c = *p;
            if (r->blank[c]) {
                r->pos++;
            } else if (c == '"') {
                quoted = 1;
                state = IN_QUOTES;
                r->pos++;
            } else if (c == (unsigned char)r->delim) {
                st = field_end(r, 0, 0, err);
                if (st != MS_OK)
                    goto fail;
                r->pos++;
            } else if (c == '\n') {
                r->pos++;
                goto line_end;
            } else {
                state = IN_PLAIN;
            }
            break;
        case IN_PLAIN:
            /* unrolled; the sentinel at end stops every run */
            for (q = p;; q += 4) {
                if (r->stop_plain[q[0]])
                    break;
                if (r->stop_plain[q[1]]) {
                    q += 1;
                    break;
                }
                if (r->stop_plain[q[2]]) {
                    q += 2;
                    break;
                }
                if (r->stop_plain[q[3]]) {
                    q += 3;
                    break;
                }
            }
            st = field_add(r, p, (size_t)(q - p), err);
            if (st != MS_OK)
                goto fail;
            r->pos = (size_t)(q - r->in);
            if (q == end)
                break;
            c = *q;
            r->pos++;
            if (c == (unsigned char)r->delim) {
                st = field_end(r, quoted, 0, err);
                if (st != MS_OK)
                    goto fail;
                quoted = 0;
                /* the next field is plain too, most of the time; q[1] is at
                 * worst the sentinel */
                state = r->not_plain[q[1]] ? AT_START : IN_PLAIN;
            } else if (c == '\n') {
                goto line_end;
            } else {
                /* CR or NUL: data, unless a CR ends the line */
                st = field_add(r, q, 1, err);
                if (st != MS_OK)
                    goto fail;
                if (c == '\r')
                    r->trail_cr = 1;
                else
                    r->rec.has_nul = 1;
            }
            break;
        case IN_QUOTES:
            for (q = p; !r->stop_quoted[*q]; q++)
                ;
            st = field_add(r, p, (size_t)(q - p), err);
            if (st != MS_OK)
                goto fail;
            r->pos = (size_t)(q - r->in);
            if (q == end)
                break;
            c = *q;
            r->pos++;
            if (c == '"') {
                state = QUOTE_SEEN;
            } else {
                st = field_add(r, q, 1, err);
                if (st != MS_OK)
                    goto fail;
                if (c == '\n')
                    r->line++;
                else
                    r->rec.has_nul = 1;
            }
            break;
        case QUOTE_SEEN:
            if (*p == '"') {
                st = field_add(r, p, 1, err);
                if (st != MS_OK)
                    goto fail;
                r->pos++;
                state = IN_QUOTES;
            } else {
                state = IN_PLAIN;
            }
            break;
        }
        continue;

    line_end:
        /* the LF at in[pos - 1] ended the record */
        r->line++;
        st = field_end(r, quoted, 1, err);
        if (st != MS_OK)
            goto fail;
        if (r->nonblank || r->overflow) {
            *rec = record_finish(r, 0);
            return MS_OK;
        }
        record_start(r);
        quoted = 0;
        state = AT_START;
    }

fail:
    r->failed = st;
    return st;
}

const char *csv_problem_str(enum csv_problem p)
{
    switch (p) {
    case CSV_OK: return "well-formed record";
    case CSV_UNTERMINATED_QUOTE: return "unterminated quoted field";
    case CSV_RECORD_TOO_LONG: return "record longer than 16 MiB";
    }
    return "unknown problem";
}
