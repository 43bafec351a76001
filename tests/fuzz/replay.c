/* replay: runs one fuzz harness over files, without libFuzzer, so that
 * `make test` replays every committed corpus input and every crash ever
 * found under the gcc ASan+UBSan build.
 *
 *   fuzz-replay-NAME NAME DIR...   every regular file below each DIR
 *
 * Each file runs in its own child, so one crash is reported with its file
 * name and the others still run. Prints, in the e2e format run-all.sh
 * counts, one "FAIL fuzz-NAME FILE: ..." per failing input and one
 * "PASS fuzz-NAME: N inputs replayed" line when all passed (or SKIP when
 * there were none). Exits non-zero on any failure. */
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

struct tally {
	const char *name;
	int inputs, failures;
};

static int read_all(const char *path, uint8_t **data, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;
	uint8_t *p = malloc(REPLAY_MAX_BYTES);

	if (fd < 0 || !p) {
		if (fd >= 0)
			close(fd);
		free(p);
		return -1;
	}
	for (ssize_t n; got < REPLAY_MAX_BYTES &&
			(n = read(fd, p + got, REPLAY_MAX_BYTES - got)) != 0;) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*data = p;
	*size = got;
	return 0;
}

/* The harness in a child: a crash there is this input's failure only. */
static void replay_file(struct tally *t, const char *path)
{
	pid_t pid = fork();
	int status;

	t->inputs++;
	if (pid == 0) {
		uint8_t *data;
		size_t size;

		if (read_all(path, &data, &size) < 0)
			_exit(3);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("FAIL fuzz-%s %s: cannot run it: %s\n", t->name, path,
		       strerror(errno));
		t->failures++;
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	t->failures++;
	if (WIFSIGNALED(status))
		printf("FAIL fuzz-%s %s: killed by signal %d (%s)\n", t->name,
		       path, WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		printf("FAIL fuzz-%s %s: exited %d (a sanitizer report is above)\n",
		       t->name, path, WEXITSTATUS(status));
}

static void replay_path(struct tally *t, const char *path)
{
	struct dirent **names;
	struct stat st;
	int n;

	if (stat(path, &st) < 0)
		return; /* an absent regressions dir holds no crash */
	if (S_ISREG(st.st_mode)) {
		replay_file(t, path);
		return;
	}
	if (!S_ISDIR(st.st_mode))
		return;
	n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char sub[PATH_MAX];

		if (names[i]->d_name[0] != '.' &&
		    snprintf(sub, sizeof(sub), "%s/%s", path,
			     names[i]->d_name) < (int)sizeof(sub))
			replay_path(t, sub);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

int main(int argc, char **argv)
{
	struct tally t = { argc > 1 ? argv[1] : "?", 0, 0 };

	if (argc < 3) {
		fprintf(stderr, "usage: %s NAME DIR...\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 2; i < argc; i++)
		replay_path(&t, argv[i]);
	if (t.inputs == 0)
		printf("SKIP fuzz-%s: no corpus or regression inputs found\n",
		       t.name);
	else if (t.failures == 0)
		printf("PASS fuzz-%s: %d inputs replayed under the sanitizers\n",
		       t.name, t.inputs);
	return t.failures ? 1 : 0;
}
