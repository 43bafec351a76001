/* interleave: times whole commands against each other, interleaved, so
 * that a change of load on a shared machine hits all of them alike.
 *
 * Each round runs every command RUNS times in turn (A B C A B C ...,
 * starting each round with the next command, so that none always goes
 * first) and prints, per round and command, one JSON line:
 *   {"kind":"figure","name":NAME,"round":R,"median_ns":M,"n":RUNS}
 * bench/results.py turns those into ratios (bench/lib.sh).
 * Every run is posix_spawn + waitpid, timed with CLOCK_MONOTONIC; its
 * stdout and stderr go to /dev/null. A command is split like a shell
 * word list (wordexp, no command substitution); one that exits other
 * than expected (0, or STATUS from -s NAME=STATUS) stops everything with
 * a message naming it, and exit status 1.
 *
 * usage: interleave -r ROUNDS -k RUNS [-s NAME=STATUS]... NAME CMD [NAME CMD]... */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wordexp.h>

#include "bench/record_line.h"
#include "lab/host/clock.h"
#include "lab/core/stats.h"

#define MAX_COMMANDS 16

extern char **environ;

struct command {
	const char *name;
	wordexp_t words;
	int expected_status;
	double *ns; /* this round's runs */
};

static void usage(void)
{
	fprintf(stderr,
		"usage: interleave -r ROUNDS -k RUNS [-s NAME=STATUS]... NAME CMD [NAME CMD]...\n");
}

/* One run; its wall time in ns, or -1 (message printed) when it could
 * not start or exited other than expected. */
static double run_once(const struct command *c, int devnull)
{
	posix_spawn_file_actions_t fa;
	uint64_t t0;
	pid_t pid;
	int status, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, devnull, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, devnull, STDERR_FILENO);
	posix_spawn_file_actions_adddup2(&fa, devnull, STDIN_FILENO);
	t0 = clock_now_ns();
	rc = posix_spawnp(&pid, c->words.we_wordv[0], &fa, NULL,
			  c->words.we_wordv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "interleave: %s: cannot start %s: %s\n",
			c->name, c->words.we_wordv[0], strerror(rc));
		return -1;
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("interleave: waitpid");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != c->expected_status) {
		fprintf(stderr, "interleave: %s: %s %d, expected exit %d\n",
			c->name,
			WIFEXITED(status) ? "exited" : "killed by signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			c->expected_status);
		return -1;
	}
	return (double)(clock_now_ns() - t0);
}

/* -s NAME=STATUS: the status NAME is expected to exit with. */
static int expected_status_of(const char *name, char **specs, int nspecs)
{
	size_t len = strlen(name);

	for (int i = 0; i < nspecs; i++)
		if (!strncmp(specs[i], name, len) && specs[i][len] == '=')
			return atoi(specs[i] + len + 1);
	return 0;
}

static void free_commands(struct command *cmds, int ncmds)
{
	for (int j = 0; j < ncmds; j++) {
		wordfree(&cmds[j].words);
		free(cmds[j].ns);
	}
}

/* Every round of every command; 0, or 1 when a run failed (said why). */
static int run_rounds(struct command *cmds, int ncmds, int rounds, int runs,
		      int devnull)
{
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < runs; k++)
			for (int j = 0; j < ncmds; j++) {
				struct command *c = &cmds[(j + r) % ncmds];

				c->ns[k] = run_once(c, devnull);
				if (c->ns[k] < 0)
					return 1;
			}
		for (int j = 0; j < ncmds; j++) {
			struct stats s;

			stats_compute(cmds[j].ns, (size_t)runs, &s);
			record_line("figure", cmds[j].name, r + 1, s.median,
				    (size_t)runs);
		}
		fflush(stdout);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct command cmds[MAX_COMMANDS];
	char *specs[MAX_COMMANDS];
	int rounds = 0, runs = 0, nspecs = 0, ncmds = 0, opt, devnull, rc;

	while ((opt = getopt(argc, argv, "+r:k:s:")) != -1) {
		if (opt == 'r')
			rounds = atoi(optarg);
		else if (opt == 'k')
			runs = atoi(optarg);
		else if (opt == 's' && nspecs < MAX_COMMANDS)
			specs[nspecs++] = optarg;
		else
			return usage(), 2;
	}
	if (rounds < 1 || runs < 1 || optind >= argc ||
	    (argc - optind) % 2 || (argc - optind) / 2 > MAX_COMMANDS)
		return usage(), 2;
	for (int i = optind; i < argc; i += 2, ncmds++) {
		struct command *c = &cmds[ncmds];

		c->name = argv[i];
		c->expected_status = expected_status_of(c->name, specs, nspecs);
		c->ns = NULL;
		if (wordexp(argv[i + 1], &c->words, WRDE_NOCMD | WRDE_UNDEF) ||
		    c->words.we_wordc == 0) {
			fprintf(stderr, "interleave: %s: cannot split the command '%s'\n",
				c->name, argv[i + 1]);
			free_commands(cmds, ncmds);
			return 2;
		}
		c->ns = calloc((size_t)runs, sizeof(double));
		if (!c->ns) {
			perror("interleave");
			free_commands(cmds, ncmds + 1);
			return 1;
		}
	}
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0) {
		perror("interleave: /dev/null");
		free_commands(cmds, ncmds);
		return 1;
	}
	rc = run_rounds(cmds, ncmds, rounds, runs, devnull);
	close(devnull);
	free_commands(cmds, ncmds);
	return rc;
}
