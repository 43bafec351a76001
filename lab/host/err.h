/* err: errors travel as return values carrying one line of text.
 *
 * A function that can fail takes a `struct err *` last, returns -1 on
 * failure after filling it with err_set()/err_sys(), and leaves it alone on
 * success. The kind decides the exit status of the isolab command:
 * ERR_USAGE (2) for bad input the user can correct on the command line,
 * ERR_RUNTIME (1) for everything that went wrong while running,
 * ERR_INTERRUPTED (130) when the user stopped it. ERR_NOT_FOUND and
 * ERR_NOT_RUNNABLE say that the program to run is missing, or there but
 * unfit to run: usage errors (2) for every command but `isolab exec`,
 * which keeps the program's own exit codes apart from its own failures as
 * timeout(1) does: 127, 126, and 125 for any other failure (lab/cli/cmd_exec.c). */
#ifndef ISOLAB_ERR_H
#define ISOLAB_ERR_H

enum err_kind {
	ERR_NONE = 0,
	ERR_RUNTIME = 1,
	ERR_USAGE = 2,
	ERR_INTERRUPTED = 130, /* SIGINT/SIGTERM, as shells report it */
	ERR_NOT_FOUND = 3,     /* the program to run does not exist */
	ERR_NOT_RUNNABLE = 4,  /* it exists but cannot be run */
};

struct err {
	enum err_kind kind;
	int errnum;   /* the errno behind it (err_sys), 0 when none: lets a
	                 front end tell EACCES from ENOENT without parsing */
	char msg[512];
};

/* Fill err and return -1. */
int err_set(struct err *err, enum err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Like err_set(ERR_RUNTIME, ...) with ": strerror(errno)" appended;
 * keeps errno in err->errnum. */
int err_sys(struct err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Put context in front of an error already set, as "context: cause"
 * (crun's wrap): formats through a buffer of its own, so err->msg may be
 * among the arguments. Keeps kind and errnum; returns -1. */
int err_prefix(struct err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
