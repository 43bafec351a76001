/* Unit test: the container launcher driven through launch_run(), the way
 * the measurement core drives it (also under the sanitizers). Needs root
 * or unprivileged user namespaces and isolab-workload; skips otherwise. */
#include "tests/unit/cmocka_all.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container/options.h"
#include "lab/core/launchers.h"

static char workload[PATH_MAX];

static int find_workload(void)
{
	char self[PATH_MAX / 2], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *env = getenv("WORKLOAD");
	const char *rel[] = { "/../bin/isolab-workload",
			      "/../../bin/isolab-workload" };

	if (env && access(env, X_OK) == 0) {
		snprintf(workload, sizeof(workload), "%s", env);
		return 0;
	}
	if (n < 0)
		return -1;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	for (size_t i = 0; i < 2; i++) {
		snprintf(workload, sizeof(workload), "%s%s", self, rel[i]);
		if (access(workload, X_OK) == 0)
			return 0;
	}
	if (access("bin/isolab-workload", X_OK) == 0) {
		snprintf(workload, sizeof(workload), "bin/isolab-workload");
		return 0;
	}
	return -1;
}

static int run(const char *mode, struct ct_config *cfg, uint64_t timeout_ns,
	       struct launch_result *res, struct err *err)
{
	char *argv[] = { "isolab-workload", (char *)mode, NULL };
	struct launch_request req = {
		.binary = workload, .argv = argv, .timeout_ns = timeout_ns,
		.stdout_fd = -1, .stderr_fd = -1, .cancel_fd = -1, .config = cfg,
	};

	return launch_run(&container_launcher, &req, res, err);
}

static int setup(void **state)
{
	struct ct_config cfg;
	struct err err = { 0 };

	(void)state;
	ct_config_init(&cfg);
	/* No workload or no namespaces here: the tests skip. */
	if (find_workload() < 0 ||
	    container_launcher.available(&cfg, &err) < 0)
		workload[0] = '\0';
	return 0;
}

static void test_hello(void **state)
{
	static struct launch_result res;
	struct ct_config cfg;
	struct err err = { 0 };
	const char *names[] = { "prepare", "clone", "idmap", "cgroup",
				"mounts", "caps+seccomp", "exec" };

	(void)state;
	if (!*workload)
		skip();
	ct_config_init(&cfg);
	assert_int_equal(run("hello", &cfg, 10000000000ull, &res, &err), 0);
	assert_int_equal(res.exit_code, 0);
	assert_non_null(strstr(res.output_head, "pid=1\n"));
	assert_non_null(strstr(res.output_head, "hostname=isolab-ct\n"));
	assert_non_null(launch_result_get(&res, "peak_kib"));
	assert_true(res.tl.ready_ns > res.tl.request_ns);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		bool found = false;

		for (int m = 0; m < res.tl.nmarks; m++)
			found |= strcmp(res.tl.marks[m].name, names[i]) == 0;
		/* cgroup is missing when cgroups are unavailable (noted) */
		assert_true(found || (strcmp(names[i], "cgroup") == 0 && res.note[0]));
	}
	for (int m = 1; m < res.tl.nmarks; m++)
		assert_true(res.tl.marks[m].at_ns >= res.tl.marks[m - 1].at_ns);
}

static void test_timeout_and_strict(void **state)
{
	static struct launch_result res;
	struct ct_config cfg;
	struct err err = { 0 };

	(void)state;
	if (!*workload)
		skip();
	ct_config_init(&cfg);
	assert_int_equal(run("hang", &cfg, 200000000ull, &res, &err), 0);
	assert_true(res.timed_out);
	assert_int_equal(res.signal, 9);
	assert_int_equal(launcher_option_set(&container_launcher, &cfg, "seccomp", "strict", &err), 0);
	assert_int_equal(run("try:nosys", &cfg, 10000000000ull, &res, &err), 0);
	assert_non_null(strstr(res.output_head, "errno=1\n"));
}

static void test_setup_failure_is_reported(void **state)
{
	static struct launch_result res;
	struct ct_config cfg;
	struct err err = { 0 };
	char *argv[] = { "x", NULL };
	struct launch_request req = {
		.binary = "/nonexistent/isolab-test", .argv = argv,
		.timeout_ns = 1000000000ull, .stdout_fd = -1, .stderr_fd = -1,
		.cancel_fd = -1, .config = &cfg,
	};

	(void)state;
	if (!*workload)
		skip();
	ct_config_init(&cfg);
	assert_int_equal(launch_run(&container_launcher, &req, &res, &err), -1);
	assert_int_equal(err.kind, ERR_RUNTIME);
	if (!strstr(err.msg, "/nonexistent/isolab-test"))
		fail_msg("message: %s", err.msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_timeout_and_strict),
		cmocka_unit_test(test_setup_failure_is_reported),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
