/* Lab 4, capabilities and seccomp: the student's `sandbox [-k CAP]...
 * PROGRAM [ARGS...]` keeps only the capabilities named (libcap names,
 * "cap_net_raw"), installs a seccomp allowlist, and execs PROGRAM in its
 * own process. The grader runs isolab-workload under it and decides from
 * outside: the exit status and signal (SIGSYS: a filter killed it), the
 * workload's own reports on its control channel ("ready", cpu's checksum,
 * the errno `try:CALL` got), its stdout (hello's pid; the probe's sweep,
 * classified by isolab's reach classifier, lab/probe/reach.h) and
 * /proc/PID/status of the running workload (CapPrm, CapEff, CapBnd,
 * Seccomp). The capability to keep and cpu's rounds are drawn at random;
 * the try tests keep CAP_SYS_ADMIN, so that only the filter can refuse
 * mount and sethostname. The probe's reach is compared with isolab's own
 * container profiles measured in the same check run (`isolab probe
 * --seccomp strict|default`). */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "lab/check/supervise.h"
#include "lab/check/tests.h"
#include "lab/probe/reach.h"
#include "lab/report/results_file.h"

/* The most system calls the probe may reach under the student's sandbox
 * (the lab's stated bound; isolab's strict profile reaches about 18). */
#define LAB4_REACH_MAX 30
#define LAB4_PROBE_OUTPUT_MAX (1 << 20)

struct lab4_cap {
	const char *name;
	int bit;
};

/* Harmless to keep, each visible as one bit of CapEff. */
static const struct lab4_cap lab4_caps[] = {
	{ "cap_chown", CAP_CHOWN },         { "cap_kill", CAP_KILL },
	{ "cap_net_bind_service", CAP_NET_BIND_SERVICE },
	{ "cap_net_raw", CAP_NET_RAW },     { "cap_sys_chroot", CAP_SYS_CHROOT },
	{ "cap_sys_ptrace", CAP_SYS_PTRACE }, { "cap_sys_nice", CAP_SYS_NICE },
	{ "cap_mknod", CAP_MKNOD },         { "cap_audit_write", CAP_AUDIT_WRITE },
	{ "cap_setfcap", CAP_SETFCAP },
};
#define NCAPS (sizeof(lab4_caps) / sizeof(lab4_caps[0]))

static const struct lab4_cap *random_cap(struct check_ctx *ctx)
{
	return &lab4_caps[check_random(ctx, 0, NCAPS - 1)];
}

/* One run of `sandbox -k KEEP... WORKLOAD MODE`. */
struct lab4_run {
	const char *keep[3]; /* NULL-terminated */
	const char *mode;
	int unshare_flags;
	int stdout_fd;
	bool hold_stdin;
	void (*on_ready)(void *ctx, pid_t pid);
	void *ctx;
};

/* The last line of text, for a reason: a pointer into it, and its
 * length through *len. */
static const char *last_line(const char *text, int *len)
{
	size_t n = strlen(text), start;

	while (n && text[n - 1] == '\n')
		n--;
	for (start = n; start && text[start - 1] != '\n'; start--)
		;
	*len = (int)(n - start);
	return text + start;
}

/* Runs it; false (why filled) when the workload never started. */
static bool run_sandbox(struct check_ctx *ctx, int timeout_ms,
			const struct lab4_run *run, struct supervise_result *res,
			char *why, size_t whylen)
{
	char sandbox[4200];
	char *argv[12];
	int n = 0;
	struct supervise_spec spec = { .argv = argv, .timeout_ms = timeout_ms,
				       .uid = -1, .cwd = ctx->build_dir,
				       .unshare_flags = run->unshare_flags,
				       .pids_max = CHECK_PIDS_MAX,
				       .stdout_fd = run->stdout_fd,
				       .hold_stdin = run->hold_stdin,
				       .on_ready = run->on_ready, .ctx = run->ctx };
	struct err err = { 0 };

	snprintf(sandbox, sizeof(sandbox), "%s/sandbox", ctx->build_dir);
	argv[n++] = sandbox;
	for (int i = 0; run->keep[i]; i++) {
		argv[n++] = "-k";
		argv[n++] = (char *)run->keep[i];
	}
	argv[n++] = (char *)ctx->workload;
	argv[n++] = (char *)run->mode;
	argv[n] = NULL;
	if (supervise_run(&spec, res, &err) < 0) {
		snprintf(why, whylen, "grader could not run sandbox: %s", err.msg);
		return false;
	}
	if (res->exec_failed) {
		snprintf(why, whylen, "%s", res->output);
		return false;
	}
	if (res->timed_out && !res->ready_lines) {
		snprintf(why, whylen, "expected sandbox to start %s, it still ran after %d ms and was killed",
			 run->mode, timeout_ms);
		return false;
	}
	if (!res->ready_lines) {
		const char *line = last_line(res->output, &n);

		snprintf(why, whylen, "expected isolab-workload %s to start under the sandbox, it never did (sandbox exited with %d: %.*s)",
			 run->mode, supervise_status(res), n, line);
		return false;
	}
	return true;
}

/* The workload ran and ended well, or why not. */
static bool ended_well(const struct lab4_run *run, const struct supervise_result *res,
		       char *why, size_t whylen)
{
	if (res->timed_out) {
		snprintf(why, whylen, "expected %s to end, it was killed at the timeout", run->mode);
		return false;
	}
	if (supervise_status(res) != 0) {
		snprintf(why, whylen, "expected %s to work under the sandbox (exit status 0), got %d%s",
			 run->mode, supervise_status(res),
			 res->signal == SIGSYS ? " (SIGSYS: the filter killed it at a call it needs)" : "");
		return false;
	}
	return true;
}

static bool test_noop(struct check_ctx *ctx, int timeout_s, char *why, size_t whylen)
{
	struct lab4_run run = { .keep = { random_cap(ctx)->name }, .mode = "noop" };
	struct supervise_result res;

	return run_sandbox(ctx, timeout_s * 1000, &run, &res, why, whylen) &&
	       ended_well(&run, &res, why, whylen);
}

/* The text of the last "result KEY=..." on the channel, or "". */
static void channel_text(const struct supervise_result *res, const char *key,
			 char *out, size_t len)
{
	char pattern[64];
	const char *p = res->channel, *hit = NULL;

	snprintf(pattern, sizeof(pattern), "result %s=", key);
	while ((p = strstr(p, pattern)))
		hit = p += strlen(pattern);
	snprintf(out, len, "%.*s", hit ? (int)strcspn(hit, "\n") : 0, hit ? hit : "");
}

static bool test_cpu(struct check_ctx *ctx, int timeout_s, char *why, size_t whylen)
{
	char mode[32], want[40], got[40];
	struct lab4_run run = { .keep = { random_cap(ctx)->name }, .mode = mode };
	char *argv[] = { (char *)ctx->workload, mode, NULL };
	struct supervise_spec direct = { .argv = argv, .timeout_ms = timeout_s * 1000,
					 .uid = -1, .pids_max = CHECK_PIDS_MAX };
	struct supervise_result res;
	struct err err = { 0 };

	snprintf(mode, sizeof(mode), "cpu:%u", check_random(ctx, 100000, 3000000));
	/* The checksum the workload computes without a sandbox. */
	if (supervise_run(&direct, &res, &err) < 0) {
		snprintf(why, whylen, "grader could not run the workload: %s", err.msg);
		return false;
	}
	channel_text(&res, "checksum", want, sizeof(want));
	if (!run_sandbox(ctx, timeout_s * 1000, &run, &res, why, whylen) ||
	    !ended_well(&run, &res, why, whylen))
		return false;
	channel_text(&res, "checksum", got, sizeof(got));
	if (!want[0] || strcmp(want, got)) {
		snprintf(why, whylen, "expected %s to report checksum %s under the sandbox, it reported '%s'",
			 mode, want, got);
		return false;
	}
	return true;
}

static void remember_pid(void *ctx, pid_t pid)
{
	*(pid_t *)ctx = pid;
}

static bool test_hello(struct check_ctx *ctx, int timeout_s, char *why, size_t whylen)
{
	pid_t pid = 0;
	struct lab4_run run = { .keep = { random_cap(ctx)->name }, .mode = "hello",
				.on_ready = remember_pid, .ctx = &pid };
	struct supervise_result res;
	char want[40];

	if (!run_sandbox(ctx, timeout_s * 1000, &run, &res, why, whylen) ||
	    !ended_well(&run, &res, why, whylen))
		return false;
	/* exec keeps the pid: the workload reports sandbox's own. */
	snprintf(want, sizeof(want), "pid=%d\n", (int)pid);
	if (!strstr(res.output, want) || !strstr(res.output, "hostname=")) {
		int n;
		const char *line = last_line(res.output, &n);

		snprintf(why, whylen, "expected hello to print %.*s (sandbox execs it in its own process) and the hostname, it printed: %.*s",
			 (int)strlen(want) - 1, want, n, line);
		return false;
	}
	return true;
}

/* What the grader read in /proc/PID/status of the running workload. */
struct lab4_status {
	bool found, is_workload;
	unsigned long long prm, eff, bnd;
	int seccomp;
	const char *workload;
};

static void read_status(void *ctx, pid_t pid)
{
	struct lab4_status *s = ctx;
	char path[64], line[256], exe[4200];
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	n = readlink(path, exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	s->is_workload = !strcmp(exe, s->workload);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	s->seccomp = -1;
	while (f && fgets(line, sizeof(line), f)) {
		sscanf(line, "CapPrm: %llx", &s->prm);
		sscanf(line, "CapEff: %llx", &s->eff);
		sscanf(line, "CapBnd: %llx", &s->bnd);
		sscanf(line, "Seccomp: %d", &s->seccomp);
	}
	s->found = f != NULL;
	if (f)
		fclose(f);
}

static bool test_caps(struct check_ctx *ctx, int timeout_s, char *why, size_t whylen)
{
	const struct lab4_cap *cap = random_cap(ctx);
	struct lab4_status s = { .workload = ctx->workload };
	struct lab4_run run = { .keep = { cap->name }, .mode = "idle",
				.hold_stdin = true, .on_ready = read_status, .ctx = &s };
	struct supervise_result res;
	unsigned long long want = 1ull << cap->bit;

	if (!run_sandbox(ctx, timeout_s * 1000, &run, &res, why, whylen))
		return false;
	if (!s.found || !s.is_workload) {
		snprintf(why, whylen, "expected sandbox to exec the workload in its own process (execv), /proc/PID/exe is not isolab-workload");
		return false;
	}
	if (s.prm != want || s.eff != want || s.bnd != want) {
		snprintf(why, whylen, "-k %s: expected only %s (%#llx) in the workload's permitted, effective and bounding sets; /proc/PID/status has CapPrm %#llx, CapEff %#llx, CapBnd %#llx",
			 cap->name, cap->name, want, s.prm, s.eff, s.bnd);
		return false;
	}
	if (s.seccomp != 2) {
		snprintf(why, whylen, "expected a seccomp filter on the workload (Seccomp: 2 in /proc/PID/status), found Seccomp: %d",
			 s.seccomp);
		return false;
	}
	return ended_well(&run, &res, why, whylen);
}

/* try:CALL under a sandbox that keeps CAP_SYS_ADMIN (and another):
 * only the filter can refuse it. Refused: the workload reports EPERM,
 * EACCES or ENOSYS, or a filter killed it (SIGSYS). */
static bool test_refused(struct check_ctx *ctx, const char *call, int timeout_s,
			 char *why, size_t whylen)
{
	char mode[32];
	struct lab4_run run = { .keep = { "cap_sys_admin", random_cap(ctx)->name },
				.mode = mode,
				/* Should the filter let it through, it renames
				 * or mounts only namespaces of its own. */
				.unshare_flags = CLONE_NEWNS | CLONE_NEWUTS };
	struct supervise_result res;
	long long e;

	snprintf(mode, sizeof(mode), "try:%s", call);
	if (!run_sandbox(ctx, timeout_s * 1000, &run, &res, why, whylen))
		return false;
	if (res.signal == SIGSYS)
		return true;
	e = supervise_result_value(&res, "errno");
	if (e == EPERM || e == EACCES || e == ENOSYS)
		return true;
	if (e < 0)
		snprintf(why, whylen, "expected %s refused (EPERM, or killed by SIGSYS); the workload reported no answer and ended with status %d",
			 mode, supervise_status(&res));
	else
		snprintf(why, whylen, "expected %s refused by the filter even with cap_sys_admin kept (EPERM, or killed by SIGSYS); the kernel ran it and answered %s",
			 mode, e ? strerrorname_np((int)e) ? strerrorname_np((int)e) : "an error" : "success");
	return false;
}

static bool test_mount(struct check_ctx *c, int t, char *w, size_t l)
{
	return test_refused(c, "mount", t, w, l);
}

static bool test_sethostname(struct check_ctx *c, int t, char *w, size_t l)
{
	return test_refused(c, "sethostname", t, w, l);
}

static bool test_keyctl(struct check_ctx *c, int t, char *w, size_t l)
{
	return test_refused(c, "keyctl", t, w, l);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One probe run from `first` into r; 1 when the sweep is complete, 0 when
 * a signal ended it at a number (*next), -1 (why filled) otherwise. */
static int probe_once(struct check_ctx *ctx, const char *keep, int first,
		      int timeout_ms, struct reach_report *r, int *next,
		      char *why, size_t whylen)
{
	char mode[32], *out = NULL;
	struct lab4_run run = { .keep = { keep }, .mode = mode };
	struct supervise_result res;
	struct err err = { 0 };
	bool complete = false;
	off_t len;
	int rc = -1;

	snprintf(mode, sizeof(mode), first ? "probe:%d" : "probe", first);
	run.stdout_fd = memfd_create("isolab-check-probe", MFD_CLOEXEC);
	if (run.stdout_fd < 0) {
		snprintf(why, whylen, "grader could not create a memfd: %s", strerror(errno));
		return -1;
	}
	if (!run_sandbox(ctx, timeout_ms, &run, &res, why, whylen))
		goto out;
	len = lseek(run.stdout_fd, 0, SEEK_END);
	if (len < 0 || len > LAB4_PROBE_OUTPUT_MAX || !(out = malloc((size_t)len + 1)) ||
	    pread(run.stdout_fd, out, (size_t)len, 0) != len) {
		snprintf(why, whylen, "grader could not read the probe's report (%lld bytes)",
			 (long long)len);
		goto out;
	}
	*next = -1;
	if (reach_parse(r, first, out, (size_t)len, next, &complete, &err) < 0) {
		snprintf(why, whylen, "the probe's report did not parse: %s", err.msg);
		goto out;
	}
	if (complete && supervise_status(&res) == 0) {
		rc = 1;
	} else if (!complete && res.signal && *next >= 0 && *next <= PROBE_NR_LAST) {
		r->call[*next].signal = res.signal;
		r->call[*next].seen = true;
		rc = 0;
	} else {
		snprintf(why, whylen, "expected the probe to finish its sweep under the sandbox, it ended with status %d%s",
			 supervise_status(&res), res.timed_out ? " at the timeout" : "");
	}
out:
	free(out);
	close(run.stdout_fd);
	return rc;
}

/* The probe's reached count under the student's sandbox, or -1. */
static int probe_sandbox(struct check_ctx *ctx, int timeout_s, const char *keep,
			 char *why, size_t whylen)
{
	struct reach_report *r = calloc(1, sizeof(*r));
	long long deadline = now_ms() + timeout_s * 1000ll;
	int first = 0, rc = 0, reached = -1;

	if (!r) {
		snprintf(why, whylen, "grader out of memory");
		return -1;
	}
	r->launcher = "sandbox";
	/* Each run ends complete or one number further (a filter that
	 * kills costs one run per call it kills at), within the test's
	 * timeout as a whole. */
	while (rc == 0) {
		int next = -1;
		long long left = deadline - now_ms();

		if (left <= 0) {
			snprintf(why, whylen, "expected the probe's sweep to end within %d s, it had reached number %d",
				 timeout_s, first);
			rc = -1;
			break;
		}
		rc = probe_once(ctx, keep, first, (int)left, r, &next, why, whylen);
		r->launches++;
		first = next + 1;
	}
	if (rc == 1) {
		reach_finish(r, NULL, NULL);
		reached = r->count[REACH_REACHED];
	}
	free(r);
	return reached;
}

/* The calls isolab's own container reaches with --seccomp PROFILE, or
 * -1 (why filled), from `isolab probe` results read back. */
static int isolab_reach(struct check_ctx *ctx, const char *profile, int timeout_s,
			char *why, size_t whylen)
{
	char file[4300], t[16];
	char *argv[] = { (char *)ctx->isolab, "probe", "--launcher", "container",
			 "--seccomp", (char *)profile, "--timeout", t, "--format",
			 "json", "--output", file, NULL };
	struct supervise_spec spec = { .argv = argv, .timeout_ms = timeout_s * 1000,
				       .uid = -1, .pids_max = CHECK_PIDS_MAX };
	struct supervise_result res;
	struct results_file rf;
	struct err err = { 0 };
	int reached = -1;

	snprintf(t, sizeof(t), "%d", timeout_s);
	snprintf(file, sizeof(file), "%s/isolab-probe-%s.json", ctx->build_dir, profile);
	if (supervise_run(&spec, &res, &err) < 0 || supervise_status(&res) != 0) {
		int n;
		const char *line = last_line(res.output, &n);

		snprintf(why, whylen, "grader could not run isolab probe --seccomp %s to compare: %.*s",
			 profile, err.msg[0] ? (int)strlen(err.msg) : n,
			 err.msg[0] ? err.msg : line);
		return -1;
	}
	if (results_file_read(file, &rf, &err) < 0) {
		snprintf(why, whylen, "grader could not read isolab probe's results: %s", err.msg);
		return -1;
	}
	if (rf.nprobes == 1)
		reached = rf.probes[0].count[REACH_REACHED];
	else
		snprintf(why, whylen, "isolab probe --seccomp %s gave %zu results, expected 1",
			 profile, rf.nprobes);
	results_file_free(&rf);
	unlink(file);
	return reached;
}

static bool test_reach(struct check_ctx *ctx, int timeout_s, char *why, size_t whylen)
{
	int strict, deflt, mine;

	strict = isolab_reach(ctx, "strict", timeout_s, why, whylen);
	deflt = strict < 0 ? -1 : isolab_reach(ctx, "default", timeout_s, why, whylen);
	if (deflt < 0)
		return false;
	mine = probe_sandbox(ctx, timeout_s, random_cap(ctx)->name, why, whylen);
	if (mine < 0)
		return false;
	if (mine > LAB4_REACH_MAX || mine >= deflt) {
		snprintf(why, whylen, "expected the probe to reach at most %d system calls under the sandbox, it reached %d (isolab's container: --seccomp strict %d, default %d)",
			 LAB4_REACH_MAX, mine, strict, deflt);
		return false;
	}
	return true;
}

const struct check_test lab4_tests[] = {
	{ "lab4.noop", test_noop },
	{ "lab4.cpu", test_cpu },
	{ "lab4.hello", test_hello },
	{ "lab4.caps", test_caps },
	{ "lab4.refuse_mount", test_mount },
	{ "lab4.refuse_sethostname", test_sethostname },
	{ "lab4.refuse_keyctl", test_keyctl },
	{ "lab4.reach", test_reach },
	{ NULL, NULL },
};
