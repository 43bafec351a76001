/* 1000 micro-VM runs in one process leave nothing behind: no fd, no
 * thread, no memory growth beyond noise. Needs /dev/kvm and the built
 * guest kernel + workload (bin/, or ISOLAB_BIN); skips without them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lab/core/launchers.h"
#include "microvm/config.h"
#include "microvm/microvm.h"
#include "tests/unit/self_counts.h"

#define RUNS 1000

struct paths {
	char guest[PATH_MAX], workload[PATH_MAX];
};

static int find(struct paths *p)
{
	const char *bin = getenv("ISOLAB_BIN") ? getenv("ISOLAB_BIN") : "bin";

	snprintf(p->guest, sizeof(p->guest), "%s/isolab-guest", bin);
	snprintf(p->workload, sizeof(p->workload), "%s/isolab-workload", bin);
	return access(p->guest, R_OK) == 0 && access(p->workload, X_OK) == 0;
}

static void run_many(void **state)
{
	struct microvm_config cfg;
	struct paths p;
	struct err err = { 0 };
	struct launch_result *res;
	char *argv[] = { "isolab-workload", "noop", NULL };
	struct launch_request req = {
		.argv = argv, .timeout_ns = 10ull * 1000000000,
		.stdout_fd = -1, .stderr_fd = -1, .stdin_fd = -1,
		.cancel_fd = -1, .config = &cfg,
	};
	int fds0, threads0;
	long rss0, rss1;

	(void)state;
	if (!find(&p)) {
		printf("SKIP microvm leak test: no bin/isolab-guest or bin/isolab-workload (run make, or set ISOLAB_BIN)\n");
		skip();
	}
	microvm_config_init(&cfg);
	assert_int_equal(launcher_option_set(&microvm_launcher, &cfg, "guest-kernel", p.guest, &err), 0);
	if (microvm_launcher.available(&cfg, &err) < 0) {
		printf("SKIP microvm leak test: %s\n", err.msg);
		skip();
	}
	res = calloc(1, sizeof(*res));
	assert_non_null(res);
	req.binary = p.workload;
	/* Warm up: first-run allocations (libc, libseccomp) are not leaks. */
	for (int i = 0; i < 20; i++)
		assert_int_equal(launch_run(&microvm_launcher, &req, res, &err), 0);
	fds0 = count_dir("/proc/self/fd");
	threads0 = count_dir("/proc/self/task");
	rss0 = rss_kib();
	for (int i = 0; i < RUNS; i++) {
		if (launch_run(&microvm_launcher, &req, res, &err) < 0)
			fail_msg("run %d: %s", i, err.msg);
		assert_int_equal(res->exit_code, 0);
		assert_true(res->tl.ready_ns >= res->tl.request_ns);
	}
	rss1 = rss_kib();
	assert_int_equal(count_dir("/proc/self/fd"), fds0);
	assert_int_equal(count_dir("/proc/self/task"), threads0);
	printf("rss before %ld KiB, after %d runs %ld KiB\n", rss0, RUNS, rss1);
	free(res);
#if !defined(__SANITIZE_ADDRESS__)
	/* (ASan's quarantine holds freed memory on purpose; its own leak
	 * check at exit covers that build.) */
	assert_true(rss1 - rss0 < 2048);
#endif
}

/* The allowlist is what a syscall-reach report prints: names, no junk. */
static void allowlist(void **state)
{
	const char *const *names = microvm_seccomp_allowlist();
	int n = 0, has_ioctl = 0;

	(void)state;
	for (; names[n]; n++) {
		assert_true(strlen(names[n]) > 0);
		has_ioctl |= strcmp(names[n], "ioctl") == 0;
	}
	assert_true(n >= 5 && n <= 40);
	assert_true(has_ioctl);
}

static void options(void **state)
{
	struct microvm_config cfg;
	struct err err;
	const char *bad[] = { "0", "abc", "7", "4097", "-16", "16x", "",
			      "99999999999999999999999" };

	(void)state;
	microvm_config_init(&cfg);
	assert_int_equal(cfg.mem_mib, 16);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(launcher_option_set(&microvm_launcher, &cfg, "mem", bad[i], &err), -1);
		assert_int_equal(err.kind, ERR_USAGE);
	}
	assert_int_equal(launcher_option_set(&microvm_launcher, &cfg, "mem", "64", &err), 0);
	assert_int_equal(cfg.mem_mib, 64);
	assert_int_equal(launcher_option_set(&microvm_launcher, &cfg, "nope", "1", &err), -1);
	assert_string_equal(err.msg, "--nope does not apply to the microvm launcher");
	{
		char shown[32];

		assert_int_equal(launcher_option_show(&microvm_launcher, &cfg,
						      "mem", shown,
						      sizeof(shown)), 0);
		assert_string_equal(shown, "64");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options),
		cmocka_unit_test(allowlist),
		cmocka_unit_test(run_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
