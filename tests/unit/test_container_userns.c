/* Unit tests: the container's id map (container/userns.c). */
#include "tests/unit/cmocka_all.h"

#include <string.h>

#include "container/userns.h"

static void test_host_root_and_rootless_map_the_caller(void **state)
{
	struct ct_idmap m;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_userns_plan(CT_USERNS_HOST_ROOT, 0, 0, NULL, NULL, &m, &e), 0);
	assert_int_equal(m.uid, 0);
	assert_int_equal(m.count, 1);
	assert_false(m.by_parent);
	assert_int_equal(ct_userns_plan(CT_USERNS_REMAP, 1000, 100, NULL, NULL, &m, &e), 0);
	assert_int_equal(m.uid, 1000);
	assert_int_equal(m.gid, 100);
	assert_int_equal(m.count, 1);
	assert_false(m.by_parent);
}

static void test_root_default_range(void **state)
{
	struct ct_idmap m;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_userns_plan(CT_USERNS_REMAP, 0, 0, "alice:100000:65536\n",
					"alice:100000:65536\n", &m, &e), 0);
	assert_int_equal(m.uid, CT_USERNS_BASE);
	assert_int_equal(m.gid, CT_USERNS_BASE);
	assert_int_equal(m.count, 65536);
	assert_true(m.by_parent);
}

static void test_root_subuid_entry(void **state)
{
	struct ct_idmap m;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_userns_plan(CT_USERNS_REMAP, 0, 0,
					"alice:100000:65536\nisolab:200000:131072\n",
					"isolab:300000:1000", &m, &e), 0);
	assert_int_equal(m.uid, 200000);
	assert_int_equal(m.gid, 300000);
	assert_int_equal(m.count, 1000); /* the smaller of the two */
	assert_true(m.by_parent);
	/* A bigger range is cut to 65536. */
	assert_int_equal(ct_userns_plan(CT_USERNS_REMAP, 0, 0, "isolab:200000:131072\n",
					"isolab:200000:131072\n", &m, &e), 0);
	assert_int_equal(m.count, 65536);
}

static void expect_bad(const char *subuid, const char *subgid, const char *needle)
{
	struct ct_idmap m;
	struct err e = { 0 };

	assert_int_equal(ct_userns_plan(CT_USERNS_REMAP, 0, 0, subuid, subgid, &m, &e), -1);
	assert_non_null(strstr(e.msg, needle));
	assert_null(strchr(e.msg, '\n'));
}

static void test_bad_entries(void **state)
{
	(void)state;
	expect_bad("isolab:x:65536\n", NULL, "/etc/subuid line 1");
	expect_bad("a:1:1\nisolab:0:65536\n", NULL, "/etc/subuid line 2");
	expect_bad("isolab:100000:0\n", NULL, "START:COUNT");
	expect_bad("isolab:4294967295:2\n", NULL, "/etc/subuid");
	expect_bad("isolab:100000\n", NULL, "/etc/subuid");
	expect_bad("isolab:100000:65536\n", NULL, "/etc/subgid has none");
	expect_bad(NULL, "isolab:100000:65536\n", "/etc/subuid has none");
	expect_bad("isolab:100000:65536\n", "isolab:1:-1\n", "/etc/subgid line 1");
}

static void test_name_prefix_is_not_a_match(void **state)
{
	unsigned start, count;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_userns_find_range("isolabx:5:5\nxisolab:6:6\n", "f",
					      "isolab", &start, &count, &e), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_root_and_rootless_map_the_caller),
		cmocka_unit_test(test_root_default_range),
		cmocka_unit_test(test_root_subuid_entry),
		cmocka_unit_test(test_bad_entries),
		cmocka_unit_test(test_name_prefix_is_not_a_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
