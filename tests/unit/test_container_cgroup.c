/* Unit tests: where the container's cgroups go (container/cgroup.c,
 * ct_cg_plan), for v1, the v1/v2 hybrid and pure v2, from the text of
 * /proc/self/cgroup. */
#include "tests/unit/cmocka_all.h"

#include <string.h>

#include "container/cgroup.h"

/* This machine: v1 controllers, an empty cgroup2 at unified/, isolab in a
 * memory cgroup of its own, the root elsewhere. */
static const char hybrid[] =
	"9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
	"4:memory:/process_api/5a1b\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

/* A systemd v1 host: cpu and cpuacct co-mounted, a session scope. */
static const char v1[] =
	"12:pids:/user.slice/user-1000.slice/session-2.scope\n"
	"4:cpu,cpuacct:/user.slice\n"
	"3:memory:/user.slice/user-1000.slice/session-2.scope\n"
	"1:name=systemd:/user.slice/user-1000.slice/session-2.scope\n";

static const char v2[] = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope\n";

static const struct ct_limits all = { .mem_bytes = 64 << 20, .pids = 32,
				      .cpu_pct = 50, .enabled = true };
static const struct ct_limits mem_only = { .mem_bytes = 64 << 20,
					   .enabled = true };

static void test_hybrid(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V1, hybrid, "/sys/fs/cgroup", "leaf",
				    &all, &cg, &e), 0);
	assert_int_equal(cg.ndirs, 3);
	assert_string_equal(cg.dir[0].controller, "memory");
	assert_string_equal(cg.dir[0].path,
			    "/sys/fs/cgroup/memory/process_api/5a1b/leaf");
	assert_string_equal(cg.dir[1].path, "/sys/fs/cgroup/pids/leaf");
	assert_string_equal(cg.dir[2].path, "/sys/fs/cgroup/cpu/leaf");
	for (int i = 0; i < cg.ndirs; i++)
		assert_false(cg.dir[i].created);
}

static void test_v1_comounted(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V1, v1, "/sys/fs/cgroup", "x", &all,
				    &cg, &e), 0);
	assert_string_equal(cg.dir[0].path,
			    "/sys/fs/cgroup/memory/user.slice/user-1000.slice/session-2.scope/x");
	assert_string_equal(cg.dir[1].path,
			    "/sys/fs/cgroup/pids/user.slice/user-1000.slice/session-2.scope/x");
	/* "cpu,cpuacct" holds cpu; "cpuacct" alone must not match "cpu". */
	assert_string_equal(cg.dir[2].path, "/sys/fs/cgroup/cpu/user.slice/x");
}

static void test_v1_no_cpu_dir_without_cpu_limit(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V1, hybrid, "/sys/fs/cgroup", "l",
				    &mem_only, &cg, &e), 0);
	assert_int_equal(cg.ndirs, 2);
}

static void test_v1_cpuacct_is_not_cpu(void **state)
{
	static const char text[] = "4:memory:/\n3:pids:/\n2:cpuacct:/a\n";
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V1, text, "/sys/fs/cgroup", "l",
				    &all, &cg, &e), -1);
	assert_non_null(strstr(e.msg, "no cpu controller"));
}

static void test_v2(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V2, v2, "/sys/fs/cgroup", "leaf",
				    &all, &cg, &e), 0);
	assert_int_equal(cg.ndirs, 1);
	assert_string_equal(cg.dir[0].controller, "");
	assert_string_equal(cg.dir[0].path,
			    "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope/leaf");
}

static void test_v2_root_and_hybrid_line(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V2, "0::/\n", "/sys/fs/cgroup", "l",
				    &all, &cg, &e), 0);
	assert_string_equal(cg.dir[0].path, "/sys/fs/cgroup/l");
	/* The hybrid text's v2 line is "0::/" too. */
	assert_int_equal(ct_cg_plan(CT_CG_V2, hybrid, "/sys/fs/cgroup", "l",
				    &all, &cg, &e), 0);
	assert_string_equal(cg.dir[0].path, "/sys/fs/cgroup/l");
}

static void test_missing(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V2, v1, "/sys/fs/cgroup", "l", &all,
				    &cg, &e), -1);
	assert_non_null(strstr(e.msg, "cgroup v2"));
	assert_int_equal(ct_cg_plan(CT_CG_V1, v2, "/sys/fs/cgroup", "l", &all,
				    &cg, &e), -1);
	assert_non_null(strstr(e.msg, "memory"));
	assert_int_equal(ct_cg_plan(CT_CG_NONE, v2, "/sys/fs/cgroup", "l", &all,
				    &cg, &e), -1);
	assert_int_equal(ct_cg_plan(CT_CG_V1, "", "/sys/fs/cgroup", "l", &all,
				    &cg, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hybrid),
		cmocka_unit_test(test_v1_comounted),
		cmocka_unit_test(test_v1_no_cpu_dir_without_cpu_limit),
		cmocka_unit_test(test_v1_cpuacct_is_not_cpu),
		cmocka_unit_test(test_v2),
		cmocka_unit_test(test_v2_root_and_hybrid_line),
		cmocka_unit_test(test_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
