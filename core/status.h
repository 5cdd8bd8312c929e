/*
 * status.h: the one error vocabulary of mentorstat.
 *
 * Every function that can fail returns an enum ms_status; details (file,
 * line, column, reason) live in the context object of the module that
 * failed.  Only main() turns a status into a message and an exit code.
 */
#ifndef MS_STATUS_H
#define MS_STATUS_H

enum ms_status {
    MS_OK = 0,       /* success */
    MS_USAGE,        /* bad command-line arguments or configuration */
    MS_DATAERR,      /* a file was refused or had rejected rows */
    MS_NOINPUT,      /* an input file cannot be opened or read */
    MS_CANTCREAT,    /* an output file cannot be written */
    MS_IOERR,        /* database or disk error */
    MS_NOMEM,        /* out of memory */
    MS_SOFTWARE,     /* internal error: a bug */
    MS_NUMERIC,      /* a computation failed (singular matrix, no data) */
    MS_BUSY,         /* the database is locked by another process */
    MS_INTERRUPTED   /* stopped by SIGINT or SIGTERM (interrupt.h); main
                        exits 128 + the signal */
};

/* A short lowercase description of s.  This function can't fail. */
const char *status_str(enum ms_status s);

/* The sysexits.h code main() exits with for s.  This function can't fail. */
int status_exit_code(enum ms_status s);

/* The worse of a and b, by exit-code severity (for runs that go on after
 * an error and report the worst at the end).  This function can't fail. */
enum ms_status status_worse(enum ms_status a, enum ms_status b);

/* The details of a failure, for main() to print: one sentence in git's
 * style ("cannot open 'pairs.csv': No such file or directory"), naming what
 * went wrong and, where it helps, what to do.  The first error wins: a later
 * err_set on an error that already holds a message is ignored. */
struct ms_err {
    char msg[1024];
};

/* Record a formatted message in e (if e is non-NULL and still empty).
 * Returns status so callers can write `return err_set(e, MS_IOERR, ...)`. */
enum ms_status err_set(struct ms_err *e, enum ms_status status,
                       const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Empty e so it can be reused.  This function can't fail. */
void err_clear(struct ms_err *e);

#endif
