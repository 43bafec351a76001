#include "lab/host/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static bool stop_requested(void)
{
	sigset_t pending;

	sigpending(&pending);
	return sigismember(&pending, SIGINT) || sigismember(&pending, SIGTERM) ||
	       sigismember(&pending, SIGHUP);
}

/* open(O_WRONLY) on a FIFO blocks until a reader comes, and isolab keeps
 * SIGINT blocked (main.c reads it from a signalfd): poll instead, so that
 * Ctrl-C still ends the wait. The signal stays pending for the caller. */
static int open_in_place(const struct output_target *t, const char *name,
			 struct err *err)
{
	const struct timespec pause = { 0, 20 * 1000 * 1000 };
	struct stat st;
	int fd;

	while ((fd = open(t->path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)) < 0 &&
	       errno == ENXIO) {
		if (stop_requested())
			return err_set(err, ERR_INTERRUPTED,
				       "interrupted while waiting for a reader on --output %s",
				       name);
		nanosleep(&pause, NULL);
	}
	if (fd < 0)
		return err_set(err, ERR_USAGE,
			       "cannot write --output %s: %s (choose a writable path)",
			       name, strerror(errno));
	if (fstat(fd, &st) < 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		close(fd);
		return err_set(err, ERR_USAGE,
			       "--output %s changed while isolab opened it; try again",
			       name);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

static int open_temporary(struct atomic_file *af, struct err *err)
{
	const struct output_target *t = &af->target;
	int fd;

	if (snprintf(af->tmp, sizeof(af->tmp), "%s.tmp-XXXXXX", t->path) >=
	    (int)sizeof(af->tmp))
		return err_set(err, ERR_USAGE, "--output path is too long");
	fd = mkostemp(af->tmp, O_CLOEXEC);
	if (fd < 0)
		return err_set(err, ERR_USAGE,
			       "cannot write --output %s: %s (choose a writable path)",
			       af->name, strerror(errno));
	/* The replacement looks like what it replaces. */
	fchmod(fd, t->exists ? t->mode : 0644);
	if (t->exists && geteuid() == 0 && fchown(fd, t->uid, t->gid) != 0) {
		/* best effort: the results matter more than the owner */
	}
	return fd;
}

int atomic_file_open(struct atomic_file *af, const char *path,
		     struct err *err)
{
	int fd;

	memset(af, 0, sizeof(*af));
	if (output_target_resolve(path, &af->target, err) < 0)
		return -1;
	snprintf(af->name, sizeof(af->name), "%s", path);
	switch (af->target.kind) {
	case OUTPUT_TO_FD:
		fflush(NULL); /* what stdio holds for that descriptor comes first */
		fd = fcntl(af->target.fd, F_DUPFD_CLOEXEC, 3);
		if (fd < 0)
			return err_sys(err, "--output %s", path);
		break;
	case OUTPUT_IN_PLACE:
		fd = open_in_place(&af->target, path, err);
		break;
	default:
		fd = open_temporary(af, err);
		break;
	}
	if (fd < 0)
		return -1;
	af->f = fdopen(fd, "w");
	if (!af->f) {
		close(fd);
		if (af->tmp[0])
			unlink(af->tmp);
		return err_sys(err, "fdopen");
	}
	return 0;
}

static int commit_in_place(struct atomic_file *af, struct err *err)
{
	int bad = fflush(af->f) != 0 || ferror(af->f);
	int saved = errno;

	if (fclose(af->f) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	af->f = NULL;
	errno = saved;
	return bad ? err_sys(err, "writing %s", af->name) : 0;
}

int atomic_file_commit(struct atomic_file *af, struct err *err)
{
	const char *final = af->target.path;
	int bad;

	if (af->target.kind != OUTPUT_REPLACE)
		return commit_in_place(af, err);
	bad = fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0;
	if (fclose(af->f) != 0)
		bad = 1;
	af->f = NULL;
	if (!bad && !output_target_replaceable(final)) {
		unlink(af->tmp);
		return err_set(err, ERR_RUNTIME,
			       "%s is no longer a regular file; the results were "
			       "not written (isolab never replaces a device or a "
			       "directory)",
			       final);
	}
	if (bad || rename(af->tmp, final) != 0) {
		int saved = errno;

		unlink(af->tmp);
		errno = saved;
		return err_sys(err, "writing %s", af->name);
	}
	return 0;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (!af->f)
		return;
	fclose(af->f);
	af->f = NULL;
	if (af->target.kind == OUTPUT_REPLACE)
		unlink(af->tmp);
}
