/* sandbox: run a program with fewer powers than root's.
 *
 *   sandbox [-k CAP]... PROGRAM [ARGS...]
 *
 * Drops every capability but each CAP named with -k (libcap's names, as in
 * capabilities(7): "cap_net_raw"), from the bounding set too, so that the
 * exec cannot give them back; then installs a seccomp allowlist (seccomp(2),
 * libseccomp): the system calls isolab-workload needs for noop, cpu,
 * hello and idle, and nothing else, which fail with EPERM. Then execs
 * PROGRAM in this same process: the program inherits both. Exits 126 when
 * it cannot build the sandbox, 127 when the exec fails.
 *
 * Reference solution (curriculum/solutions/lab4): remove the solutions
 * folder before handing the lab out. */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#define MAX_KEEP 8

/* What isolab-workload calls for noop, cpu, hello and idle (found with
 * `strace -f -c`), and execve, the last call sandbox itself makes. */
static const char *const allowed[] = {
	"execve", "read", "write", "open", "close", "clock_gettime",
	"getpid", "getppid", "getuid", "getgid", "uname",
	"exit", "exit_group", NULL,
};

static int keeps(const cap_value_t *keep, int nkeep, cap_value_t c)
{
	for (int i = 0; i < nkeep; i++)
		if (keep[i] == c)
			return 1;
	return 0;
}

/* Capabilities: only keep[] in the bounding, permitted, effective and
 * inheritable sets. The bounding set first: dropping from it needs
 * CAP_SETPCAP, which we are about to lose. */
static int drop_capabilities(const cap_value_t *keep, int nkeep)
{
	cap_t caps;
	int rc;

	for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++)
		if (!keeps(keep, nkeep, c) && CAP_IS_SUPPORTED(c) &&
		    cap_drop_bound(c) < 0)
			return -1;
	caps = cap_init(); /* all clear */
	if (!caps)
		return -1;
	if (nkeep && (cap_set_flag(caps, CAP_PERMITTED, nkeep, keep, CAP_SET) < 0 ||
		      cap_set_flag(caps, CAP_EFFECTIVE, nkeep, keep, CAP_SET) < 0 ||
		      cap_set_flag(caps, CAP_INHERITABLE, nkeep, keep, CAP_SET) < 0)) {
		cap_free(caps);
		return -1;
	}
	rc = cap_set_proc(caps);
	cap_free(caps);
	return rc;
}

/* The allowlist: every call not named fails with EPERM. libseccomp sets
 * no_new_privs first, which lets an unprivileged process install it. */
static int install_filter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int rc = ctx ? 0 : -ENOMEM;

	for (int i = 0; rc == 0 && allowed[i]; i++) {
		int nr = seccomp_syscall_resolve_name(allowed[i]);

		rc = nr == __NR_SCMP_ERROR ? -EINVAL
					   : seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: sandbox [-k CAP]... PROGRAM [ARGS...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	cap_value_t keep[MAX_KEEP];
	int nkeep = 0, opt;

	while ((opt = getopt(argc, argv, "+k:")) != -1) {
		if (opt != 'k' || nkeep == MAX_KEEP)
			usage();
		if (cap_from_name(optarg, &keep[nkeep]) < 0) {
			fprintf(stderr, "sandbox: unknown capability %s\n", optarg);
			return 2;
		}
		nkeep++;
	}
	if (optind >= argc)
		usage();
	if (drop_capabilities(keep, nkeep) < 0) {
		perror("sandbox: dropping capabilities");
		return 126;
	}
	if (install_filter() < 0) {
		perror("sandbox: installing the seccomp filter");
		return 126;
	}
	execv(argv[optind], argv + optind);
	/* perror would need write, which the filter allows; keep it short. */
	perror("sandbox: exec");
	return 127;
}
