/*
 * status.c: names and exit codes of enum ms_status (see status.h).
 */
#include "status.h"

#include <sysexits.h>

const char *status_str(enum ms_status s)
{
    switch (s) {
    case MS_OK: return "success";
    case MS_USAGE: return "bad arguments";
    case MS_DATAERR: return "data refused or rejected";
    case MS_NOINPUT: return "cannot read input";
    case MS_CANTCREAT: return "cannot write output";
    case MS_IOERR: return "database or disk error";
    case MS_NOMEM: return "out of memory";
    case MS_SOFTWARE: return "internal error";
    case MS_NUMERIC: return "computation failed";
    case MS_BUSY: return "database is busy";
    case MS_INTERRUPTED: return "stopped by a signal";
    }
    return "unknown status";
}

int status_exit_code(enum ms_status s)
{
    switch (s) {
    case MS_OK: return EX_OK;
    case MS_USAGE: return EX_USAGE;
    case MS_DATAERR: return EX_DATAERR;
    case MS_NOINPUT: return EX_NOINPUT;
    case MS_CANTCREAT: return EX_CANTCREAT;
    case MS_IOERR: return EX_IOERR;
    case MS_BUSY: return EX_IOERR;   /* cli.md: database errors are 74 */
    case MS_NOMEM: return EX_SOFTWARE;
    case MS_SOFTWARE: return EX_SOFTWARE;
    case MS_NUMERIC: return EX_SOFTWARE;
    case MS_INTERRUPTED: return 130;   /* 128 + SIGINT; main uses the signal */
    }
    return EX_SOFTWARE;
}

/* Rank used by status_worse: failures that stop work outrank data errors. */
static int status_rank(enum ms_status s)
{
    switch (s) {
    case MS_OK: return 0;
    case MS_DATAERR: return 1;
    case MS_NUMERIC: return 2;
    case MS_NOINPUT: return 3;
    case MS_CANTCREAT: return 4;
    case MS_BUSY: return 5;
    case MS_IOERR: return 6;
    case MS_USAGE: return 7;
    case MS_NOMEM: return 8;
    case MS_SOFTWARE: return 9;
    case MS_INTERRUPTED: return 10;
    }
    return 10;
}

enum ms_status status_worse(enum ms_status a, enum ms_status b)
{
    return status_rank(b) > status_rank(a) ? b : a;
}

#include <stdarg.h>
#include <stdio.h>

enum ms_status err_set(struct ms_err *e, enum ms_status status,
                       const char *fmt, ...)
{
    va_list ap;

    if (e == NULL || e->msg[0] != '\0')
        return status;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return status;
}

void err_clear(struct ms_err *e)
{
    if (e != NULL)
        e->msg[0] = '\0';
}
