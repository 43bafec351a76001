/* Unit tests: how a cgroup left by a killed isolab is recognised
 * (container/cgroup_sweep.c): the names isolab gives its container
 * cgroups parse back to their owner, and nothing else parses. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container/cgroup_sweep.h"

static void test_own_name_round_trips(void **state)
{
	char name[96];
	struct stat st;
	pid_t pid = 0;
	unsigned long long pidns = 0;

	(void)state;
	ct_cg_leaf_name(name, sizeof(name));
	assert_true(ct_cg_parse_leaf(name, &pid, &pidns));
	assert_int_equal(pid, getpid());
	assert_int_equal(stat("/proc/self/ns/pid", &st), 0);
	assert_true(pidns == (unsigned long long)st.st_ino);
}

static void test_older_name_without_pidns(void **state)
{
	pid_t pid = 0;
	unsigned long long pidns = 7;

	(void)state;
	assert_true(ct_cg_parse_leaf("isolab-ct-4242-123456789", &pid, &pidns));
	assert_int_equal(pid, 4242);
	assert_true(pidns == 0);
}

static void test_foreign_names(void **state)
{
	static const char *const bad[] = {
		"isolab-ct-", "isolab-ct-12", "isolab-ct-12-", "isolab-ct-0-5",
		"isolab-ct-x-5", "isolab-ct-12-5-6-7", "isolab-ct-12-5x",
		"isolab-ct-99999999999-5", "isolab-test.abc", "docker-12-5",
		"user.slice", "isolab-ct--12-5",
	};
	pid_t pid;
	unsigned long long pidns;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ct_cg_parse_leaf(bad[i], &pid, &pidns))
			fail_msg("'%s' parsed as an isolab cgroup", bad[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_name_round_trips),
		cmocka_unit_test(test_older_name_without_pidns),
		cmocka_unit_test(test_foreign_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
