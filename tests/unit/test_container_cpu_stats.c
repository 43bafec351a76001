/* Unit tests: what a cpu limit did, read from cpu.stat
 * (container/cgroup.c, ct_cg_cpu_stats), for v1 and v2, on a fake cgroup
 * tree in a temp dir laid out by ct_cg_plan(). */
#include "tests/unit/cmocka_all.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container/cgroup.h"

static const char hybrid[] = "4:memory:/\n8:pids:/\n1:cpu:/\n0::/\n";
static const char v2[] = "0::/\n";
static const struct ct_limits cpu_limited = { .mem_bytes = 1 << 26,
					      .pids = 8, .cpu_pct = 10,
					      .enabled = true };
static const struct ct_limits no_cpu = { .mem_bytes = 1 << 26, .pids = 8,
					 .enabled = true };

/* Plan below a new temp root, make the dirs, write `stat` as cpu.stat
 * into the one that has the cpu controller (v2: the only one). */
static void fake(enum ct_cg_layout layout, const char *self,
		 const struct ct_limits *l, const char *stat,
		 struct ct_cgroup *cg, char *root)
{
	struct err e = { 0 };
	char cmd[PATH_MAX + 32];

	strcpy(root, "/tmp/isolab-cpustat-XXXXXX");
	assert_non_null(mkdtemp(root));
	assert_int_equal(ct_cg_plan(layout, self, root, "leaf", l, cg, &e), 0);
	for (int i = 0; i < cg->ndirs; i++) {
		char path[PATH_MAX + 16];
		FILE *f;

		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", cg->dir[i].path);
		assert_int_equal(system(cmd), 0);
		if (layout == CT_CG_V1 && strcmp(cg->dir[i].controller, "cpu"))
			continue;
		snprintf(path, sizeof(path), "%s/cpu.stat", cg->dir[i].path);
		assert_non_null(f = fopen(path, "w"));
		fputs(stat, f);
		fclose(f);
	}
}

static void rm_root(const char *root)
{
	char cmd[PATH_MAX + 32];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void v1_counts_periods_and_ns(void **state)
{
	struct ct_cgroup cg;
	struct ct_cg_cpu cpu = { 0 };
	char root[64];

	(void)state;
	fake(CT_CG_V1, hybrid, &cpu_limited,
	     "nr_periods 7\nnr_throttled 6\nthrottled_time 433518000\n"
	     "nr_bursts 0\nburst_time 0\n", &cg, root);
	assert_int_equal(ct_cg_cpu_stats(&cg, &cpu), 1);
	assert_int_equal(cpu.periods, 7);
	assert_int_equal(cpu.throttled_periods, 6);
	assert_int_equal(cpu.throttled_us, 433518); /* v1 counts ns */
	assert_int_equal(cpu.usage_us, 0);          /* v1 cpu has none */
	rm_root(root);
}

static void v2_counts_usage_too(void **state)
{
	struct ct_cgroup cg;
	struct ct_cg_cpu cpu = { 0 };
	char root[64];

	(void)state;
	fake(CT_CG_V2, v2, &cpu_limited,
	     "usage_usec 75000\nuser_usec 74000\nsystem_usec 1000\n"
	     "nr_periods 8\nnr_throttled 7\nthrottled_usec 520000\n", &cg, root);
	assert_int_equal(ct_cg_cpu_stats(&cg, &cpu), 1);
	assert_int_equal(cpu.periods, 8);
	assert_int_equal(cpu.throttled_periods, 7);
	assert_int_equal(cpu.throttled_us, 520000);
	assert_int_equal(cpu.usage_us, 75000);
	rm_root(root);
}

static void no_cpu_limit_no_stats(void **state)
{
	struct ct_cgroup cg;
	struct ct_cg_cpu cpu = { 0 };
	char root[64];

	(void)state;
	fake(CT_CG_V1, hybrid, &no_cpu, "nr_periods 1\nnr_throttled 1\n", &cg,
	     root);
	assert_int_equal(ct_cg_cpu_stats(&cg, &cpu), 0);
	rm_root(root);
	/* v2 without the cpu controller: cpu.stat has usage only. */
	fake(CT_CG_V2, v2, &no_cpu, "usage_usec 5\nuser_usec 5\nsystem_usec 0\n",
	     &cg, root);
	assert_int_equal(ct_cg_cpu_stats(&cg, &cpu), 0);
	rm_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v1_counts_periods_and_ns),
		cmocka_unit_test(v2_counts_usage_too),
		cmocka_unit_test(no_cpu_limit_no_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
