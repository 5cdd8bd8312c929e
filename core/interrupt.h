/*
 * interrupt.h: what SIGINT and SIGTERM do (cli.md).
 *
 * Two modes.  Deferred (ingest): the signal only sets a flag; the code
 * checks interrupt_signal() where stopping is clean (ingest between
 * blocks and between files: the file being loaded is rolled back) and
 * main names what was committed and what was not.  A second signal while
 * deferred ends the process at once.  Immediate (analyze, report, the
 * default): the process ends at once; the database needs nothing, since
 * an uncommitted transaction is discarded (WAL), but the temporary files
 * registered with interrupt_temp_add are removed first and a note is
 * written.  Either way the exit status is 128 + the signal: 130 for
 * SIGINT, 143 for SIGTERM.
 *
 *     interrupt_install();
 *     interrupt_defer(1);  ...load, checking interrupt_signal()...
 *     interrupt_defer(0);
 *     slot = interrupt_temp_add(tmp);  ...write tmp, rename...
 *     interrupt_temp_remove(slot);
 */
#ifndef MS_INTERRUPT_H
#define MS_INTERRUPT_H

/* Catch SIGINT and SIGTERM from now on (immediate mode; system calls a
 * deferred signal interrupts are restarted), except one the process
 * started with ignored (nohup; a script's background job ignores SIGINT),
 * which stays ignored.  This function can't fail (a signal that cannot
 * be caught keeps its disposition). */
void interrupt_install(void);

/* Switch to deferred (on = 1) or immediate (on = 0) mode.  A signal
 * caught while deferred stays in interrupt_signal(); switching to
 * immediate does not end the process for it: check interrupt_signal()
 * after switching. */
void interrupt_defer(int on);

/* The signal caught (SIGINT or SIGTERM), or 0.  Async-signal-safe. */
int interrupt_signal(void);

/* Forget the signal caught while deferred (tests; a new run).  This
 * function can't fail. */
void interrupt_clear(void);

/* The exit status for signal sig: 128 + sig (130, 143). */
int interrupt_exit_code(int sig);

/* "SIGINT", "SIGTERM" or "a signal".  This function can't fail. */
const char *interrupt_name(int sig);

/* The sentence written when a signal ends the process at once, after
 * "mentorstat: stopped by SIGINT: " (a static string: what is left as
 * it was).  NULL: "nothing of this step was written". */
void interrupt_note(const char *note);

/* Remove path (copied; at most 4095 bytes) if a signal ends the process
 * before interrupt_temp_remove(slot).  Returns the slot, or -1 when all
 * slots are taken or path is too long (the file is then left, and the
 * next report removes it as stale).  Call it from one thread at a time. */
int interrupt_temp_add(const char *path);

/* Forget slot (the file was renamed or removed).  -1 is a no-op. */
void interrupt_temp_remove(int slot);

#endif
