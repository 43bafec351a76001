/* replay: runs one fuzz harness over files, without libFuzzer, so that
 * `make test` replays every committed corpus input and every crash ever
 * found under the gcc ASan+UBSan build.
 *
 *   fuzz-replay-NAME NAME PATH...   every regular file below each PATH
 *
 * The inputs run in one worker process, which tells the parent through a
 * pipe which input it starts; so a crash is reported with its file name,
 * and a new worker goes on with the next input. A worker that finishes
 * exits normally, which is when LeakSanitizer checks it: one leak check
 * per batch, not per input (each costs a stop-the-world). Prints, in the
 * e2e format run-all.sh counts, one "FAIL fuzz-NAME FILE: ..." per failing
 * input (or batch, for a leak) and "PASS fuzz-NAME: N inputs ..." when all
 * passed, SKIP when there were none. Exits non-zero on any failure. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

#define REPLAY_MAX_BYTES (1u << 20)

struct inputs {
	char **path;
	int n, cap;
};

static int add_input(struct inputs *in, const char *path)
{
	if (in->n == in->cap) {
		int cap = in->cap ? in->cap * 2 : 64;
		char **p = realloc(in->path, (size_t)cap * sizeof(*p));

		if (!p)
			return -1;
		in->path = p;
		in->cap = cap;
	}
	in->path[in->n] = strdup(path);
	return in->path[in->n] ? (in->n++, 0) : -1;
}

/* Regular files below path, in name order; an absent path adds nothing
 * (a harness that never crashed has no regressions dir). */
static int collect(struct inputs *in, const char *path)
{
	struct dirent **names;
	struct stat st;
	int n, rc = 0;

	if (stat(path, &st) < 0)
		return 0;
	if (S_ISREG(st.st_mode))
		return add_input(in, path);
	if (!S_ISDIR(st.st_mode))
		return 0;
	n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char sub[PATH_MAX];

		if (rc == 0 && names[i]->d_name[0] != '.' &&
		    snprintf(sub, sizeof(sub), "%s/%s", path,
			     names[i]->d_name) < (int)sizeof(sub))
			rc = collect(in, sub);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return rc;
}

static void run_one(const char *path)
{
	uint8_t *data = malloc(REPLAY_MAX_BYTES);
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !data) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path,
			strerror(errno));
		exit(3);
	}
	for (ssize_t n; got < REPLAY_MAX_BYTES &&
			(n = read(fd, data + got, REPLAY_MAX_BYTES - got)) != 0;) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	LLVMFuzzerTestOneInput(data, got);
	free(data);
}

/* Worker: inputs from `first` on, announcing each on fd. Never returns. */
static void worker(const struct inputs *in, int first, int fd)
{
	for (int i = first; i < in->n; i++) {
		if (write(fd, &i, sizeof(i)) != sizeof(i))
			_exit(3);
		run_one(in->path[i]);
	}
	close(fd);
	exit(0); /* not _exit: LeakSanitizer checks at exit */
}

static void describe(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "exited %d", WEXITSTATUS(status));
}

/* One worker from `first`; returns the next input to start from, or
 * in->n when the batch ended. Counts failures. */
static int run_batch(const char *name, const struct inputs *in, int first,
		     int *failures)
{
	int p[2], status, last = -1, i;
	char how[96];
	pid_t pid;

	if (pipe(p) < 0 || (pid = fork()) < 0) {
		printf("FAIL fuzz-%s: cannot start a worker: %s\n", name,
		       strerror(errno));
		(*failures)++;
		return in->n;
	}
	if (pid == 0) {
		close(p[0]);
		worker(in, first, p[1]);
	}
	close(p[1]);
	while (read(p[0], &i, sizeof(i)) == sizeof(i))
		last = i;
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return in->n;
	describe(status, how, sizeof(how));
	(*failures)++;
	if (last == in->n - 1 && WIFEXITED(status)) {
		/* Every input returned; the exit itself failed: a leak. */
		printf("FAIL fuzz-%s: inputs %s to %s: %s at exit (a LeakSanitizer report is above)\n",
		       name, in->path[first], in->path[last], how);
		return in->n;
	}
	if (last < first) {
		printf("FAIL fuzz-%s: the worker %s before its first input\n",
		       name, how);
		return in->n;
	}
	printf("FAIL fuzz-%s %s: %s (a sanitizer report is above)\n", name,
	       in->path[last], how);
	return last + 1;
}

int main(int argc, char **argv)
{
	struct inputs in = { 0 };
	int failures = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s NAME PATH...\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 2; i < argc; i++)
		if (collect(&in, argv[i]) < 0) {
			printf("FAIL fuzz-%s: out of memory listing inputs\n",
			       argv[1]);
			return 1;
		}
	for (int next = 0; next < in.n;) {
		fflush(stdout);
		next = run_batch(argv[1], &in, next, &failures);
	}
	if (in.n == 0)
		printf("SKIP fuzz-%s: no corpus or regression inputs found\n",
		       argv[1]);
	else if (failures == 0)
		printf("PASS fuzz-%s: %d inputs replayed under the sanitizers, no leak\n",
		       argv[1], in.n);
	for (int i = 0; i < in.n; i++)
		free(in.path[i]);
	free(in.path);
	return failures ? 1 : 0;
}
