/*
 * csv.h: the streaming RFC 4180 reader at the bottom of ingest.
 *
 * csv_scan_file() reads a file's raw bytes once (SHA-256, BOM, strict UTF-8
 * check, binary sniff, size) so ingest can refuse it or pick its encoding;
 * a csv_reader then hands out one record at a time.  Memory is one 1 MiB read
 * buffer plus the longest record (at most CSV_MAX_RECORD), never the file.
 *
 * Usage:
 *     struct csv_reader *r;
 *     const struct csv_record *rec;
 *     if (csv_reader_new("pairs.csv", CSV_UTF8, &r, &err) != MS_OK) fail;
 *     while ((st = csv_reader_next(r, &rec, &err)) == MS_OK && rec != NULL)
 *         use rec->line, rec->problem, rec->fields[0 .. rec->nfields);
 *     csv_reader_free(r);
 */
#ifndef MS_CSV_H
#define MS_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* A record's text (after unquoting, plus one NUL per field) may take at
 * most this many bytes; a longer one comes back as CSV_RECORD_TOO_LONG. */
#define CSV_MAX_RECORD ((size_t)16 * 1024 * 1024)

/* A record may have at most this many fields (Excel's limit is 16384);
 * more also come back as CSV_RECORD_TOO_LONG, so memory stays bounded. */
#define CSV_MAX_FIELDS ((size_t)65536)

/* What csv_scan_file() learns from a file's raw bytes. */
struct csv_scan {
    char sha256[65];   /* 64 lowercase hex digits and a NUL */
    int has_bom;       /* 1: starts with the UTF-8 byte-order mark EF BB BF */
    int valid_utf8;    /* 1: the whole file is strict UTF-8 (no overlongs,
                          surrogates, code points above U+10FFFF or
                          truncated sequences) */
    int looks_binary;  /* 1: a NUL byte in the first 64 KiB, or more than 10%
                          of them control bytes other than TAB, LF, FF, CR */
    int utf16;         /* 1: UTF-16 (Excel's "Unicode text"): a UTF-16
                          byte-order mark (FF FE, FE FF), or in the first
                          64 KiB NUL bytes at every other place only */
    uint64_t size;     /* bytes */
};

/* Scan the file at path once with large reads and fill *scan.
 * Returns MS_OK; MS_NOINPUT when the file cannot be opened or read
 * ("cannot open 'F': reason", "cannot read 'F': reason") or is a directory
 * ("'F' is a directory, not a file"); MS_NOMEM; MS_SOFTWARE when libcrypto
 * fails.  On failure *scan is unchanged and err says why. */
enum ms_status csv_scan_file(const char *path, struct csv_scan *scan,
                             struct ms_err *err);

/* The text encoding of a file handed to csv_reader_new(). */
enum csv_encoding {
    CSV_UTF8,          /* UTF-8; a leading byte-order mark is skipped */
    CSV_WINDOWS_1252   /* converted to UTF-8 while reading; the undefined
                          bytes 81 8D 8F 90 9D become U+FFFD */
};

/* Why a record could not be read as it stands.  Not an error of the call:
 * the record is handed out so ingest can reject it with its line. */
enum csv_problem {
    CSV_OK = 0,              /* a well-formed record */
    CSV_UNTERMINATED_QUOTE,  /* a quoted field was still open at end of file;
                                the record holds what was read (no fields
                                when that was longer than CSV_MAX_RECORD) */
    CSV_RECORD_TOO_LONG      /* more than CSV_MAX_RECORD bytes or
                                CSV_MAX_FIELDS fields; skipped to its end and
                                handed out with no fields */
};

/* One field of a record, pointing into the reader's buffer. */
struct csv_field {
    const char *s;  /* the field's bytes, unquoted and trimmed, followed by
                       a NUL; valid until the next csv_reader_next() */
    size_t len;     /* bytes before that NUL (an embedded NUL may come
                       earlier: see has_nul); 0 for an empty field */
    int quoted;     /* 1 when the field was written in quotes */
};

/* One record.  Owned by the reader, valid until the next csv_reader_next()
 * or csv_reader_free(). */
struct csv_record {
    size_t nfields;                  /* as many as the line has */
    const struct csv_field *fields;  /* nfields entries */
    long line;                       /* physical line where the record
                                        starts; the file's first line is 1 */
    int has_nul;                     /* 1: some field holds a NUL byte */
    enum csv_problem problem;        /* CSV_OK unless the record is broken */
};

struct csv_reader;

/* Open path for reading as encoding and detect its delimiter from the header
 * line (the first line holding more than spaces, CRs, `,` `;` and TABs):
 * the most frequent of `,` `;` TAB outside quotes wins, ties go in that
 * order, none gives `,`.  Only the file's first 1 MiB is looked at.
 * On MS_OK *out is a new reader the caller frees with csv_reader_free().
 * Returns MS_NOINPUT when the file cannot be opened or is a directory,
 * MS_IOERR when the first read fails, MS_NOMEM, MS_SOFTWARE when iconv
 * cannot convert Windows-1252; then *out is NULL and err says why. */
enum ms_status csv_reader_new(const char *path, enum csv_encoding encoding,
                              struct csv_reader **out, struct ms_err *err);

/* Close the file and free r and every record it handed out.
 * csv_reader_free(NULL) is a no-op. */
void csv_reader_free(struct csv_reader *r);

/* The delimiter detected by csv_reader_new(): ',', ';' or '\t'.
 * This function can't fail. */
char csv_reader_delimiter(const struct csv_reader *r);

/* Bytes read from the file so far (it advances a read buffer at a time),
 * for a progress display against csv_scan.size.  This function can't
 * fail. */
uint64_t csv_reader_bytes_read(const struct csv_reader *r);

/* Read the next record into *rec, or set *rec to NULL at end of file.
 *
 * RFC 4180 with Excel's leniency: fields in double quotes may hold the
 * delimiter, doubled quotes ("") and newlines, which are kept as they are
 * (CRLF inside quotes stays CRLF); a quote inside an unquoted field is
 * literal and text after a closing quote is appended.  Records end at LF;
 * a CR just before it (or before end of file) is dropped.  A quote after
 * leading spaces still opens a quoted field.  Every field is then trimmed
 * of surrounding spaces, and TABs unless TAB is the delimiter.  Blank lines
 * and records whose fields are all empty and unquoted (";;;") are skipped.
 * Line numbers count every LF, blank lines and newlines in quotes included.
 *
 * Returns MS_OK (a broken record still comes back, with rec->problem set);
 * MS_IOERR when a read fails ("cannot read 'F': reason"); MS_NOMEM;
 * MS_SOFTWARE when iconv fails.  After an error every further call fails
 * too and the reader can only be freed. */
enum ms_status csv_reader_next(struct csv_reader *r,
                               const struct csv_record **rec,
                               struct ms_err *err);

/* A short lowercase description of p ("unterminated quoted field").
 * This function can't fail. */
const char *csv_problem_str(enum csv_problem p);

#endif
