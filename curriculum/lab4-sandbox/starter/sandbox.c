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
 * Your job: the places marked TODO(lab4). Read handout.md first.
 * Build with `make`; grade with `isolab check lab4 --dir .`. */
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

/* TODO(lab4): the system calls isolab-workload needs for noop, cpu, hello
 * and idle (find them with `strace -f -c`), and the one sandbox itself
 * makes after the filter is in place. Nothing else. */
static const char *const allowed[] = {
	NULL,
};

static int keeps(const cap_value_t *keep, int nkeep, cap_value_t c)
{
	for (int i = 0; i < nkeep; i++)
		if (keep[i] == c)
			return 1;
	return 0;
}

/* Capabilities: only keep[] in the bounding, permitted, effective and
 * inheritable sets. */
static int drop_capabilities(const cap_value_t *keep, int nkeep)
{
	/* TODO(lab4): keep only keep[0..nkeep-1]. Drop every other
	 * capability from the bounding set (cap_drop_bound), then set the
	 * permitted, effective and inheritable sets to exactly keep[]
	 * (cap_init, cap_set_flag, cap_set_proc). Which order must these
	 * two come in, and why? */
	(void)keep;
	(void)nkeep;
	(void)keeps;
	errno = ENOSYS;
	return -1;
}

/* The allowlist: every call not named fails with EPERM. */
static int install_filter(void)
{
	/* TODO(lab4): seccomp_init with a default action that refuses
	 * (SCMP_ACT_ERRNO(EPERM)), one SCMP_ACT_ALLOW rule per name in
	 * allowed[] (seccomp_syscall_resolve_name), seccomp_load,
	 * seccomp_release. libseccomp returns -errno on failure. */
	(void)allowed;
	errno = ENOSYS;
	return -1;
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
