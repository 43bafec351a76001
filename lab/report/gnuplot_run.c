#include "lab/report/gnuplot_run.h"

#include "lab/report/outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

bool gnuplot_find(char *buf, size_t len)
{
	const char *path = getenv("PATH");
	char copy[4096], *dir, *save = NULL;

	if (!path || snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return false;
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		if (snprintf(buf, len, "%s/gnuplot", *dir ? dir : ".") < (int)len &&
		    access(buf, X_OK) == 0)
			return true;
	return false;
}

static void remove_scratch(const char *scratch, const char *name)
{
	static const char *const exts[] = { "gp", "dat", "png", "svg", "pdf" };
	char p[PATH_MAX];

	for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++) {
		if (out_path(p, sizeof(p), scratch, name, exts[i]) == 0)
			unlink(p);
	}
	rmdir(scratch);
}

static int link_in(const char *dir, const char *scratch, const char *name,
		   const char *ext, struct err *err)
{
	char from[PATH_MAX], to[PATH_MAX];

	if (out_path(from, sizeof(from), dir, name, ext) < 0 ||
	    out_path(to, sizeof(to), scratch, name, ext) < 0)
		return err_set(err, ERR_USAGE, "%s: path too long", dir);
	if (link(from, to) != 0)
		return err_sys(err, "linking %s into %s", from, scratch);
	return 0;
}

static int run(const char *gnuplot, const char *scratch, const char *name,
	       int log_fd, struct err *err)
{
	char script[PATH_MAX];
	int status;
	pid_t pid;

	snprintf(script, sizeof(script), "%s.gp", name);
	pid = fork();
	if (pid < 0)
		return err_sys(err, "fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (chdir(scratch) != 0)
			_exit(126);
		dup2(null, STDIN_FILENO);
		dup2(log_fd, STDOUT_FILENO);
		dup2(log_fd, STDERR_FILENO);
		execl(gnuplot, "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_sys(err, "waitpid");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* The last line gnuplot printed, for the error message. */
static void last_line(int fd, char *buf, size_t len)
{
	char all[4096];
	ssize_t n = pread(fd, all, sizeof(all) - 1, 0);
	char *end, *start;

	buf[0] = '\0';
	if (n <= 0)
		return;
	all[n] = '\0';
	end = all + n;
	while (end > all && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	start = strrchr(all, '\n');
	start = start ? start + 1 : all;
	if (strlen(start) >= len)
		start[len - 1] = '\0';
	memcpy(buf, start, strlen(start) + 1);
}

int gnuplot_render(const char *gnuplot, const char *dir, const char *name,
		   const char *format, struct err *err)
{
	char scratch[PATH_MAX], from[PATH_MAX], to[PATH_MAX], why[200];
	int log_fd, rc;

	if (snprintf(scratch, sizeof(scratch), "%s/.isolab-plot-XXXXXX", dir) >=
		    (int)sizeof(scratch) ||
	    !mkdtemp(scratch))
		return err_sys(err, "creating a scratch directory in %s", dir);
	log_fd = memfd_create("gnuplot-log", MFD_CLOEXEC);
	if (log_fd < 0) {
		rmdir(scratch);
		return err_sys(err, "memfd_create");
	}
	rc = link_in(dir, scratch, name, "gp", err);
	if (rc == 0)
		rc = link_in(dir, scratch, name, "dat", err);
	if (rc == 0) {
		rc = run(gnuplot, scratch, name, log_fd, err);
		if (rc > 0) {
			last_line(log_fd, why, sizeof(why));
			rc = err_set(err, ERR_RUNTIME, "gnuplot failed on %s/%s.gp: %s",
				     dir, name, why);
		}
	}
	if (rc == 0 && (out_path(from, sizeof(from), scratch, name, format) < 0 ||
			out_path(to, sizeof(to), dir, name, format) < 0))
		rc = err_set(err, ERR_USAGE, "%s: path too long", dir);
	if (rc == 0 && rename(from, to) != 0)
		rc = err_sys(err, "gnuplot made no %s", to);
	close(log_fd);
	remove_scratch(scratch, name);
	return rc;
}
