/* launchers: the registry generated from the module.mk files
 * (build/gen/launchers.def) agrees with the launchers themselves: every
 * entry is the launcher of that name, in that order, and the names for
 * messages list exactly them. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "lab/launchers.h"

static const char *const def_names[] = {
#define LAUNCHER(name) #name,
#include "launchers.def"
#undef LAUNCHER
};

static void each_entry_is_the_launcher_of_its_name(void **state)
{
	(void)state;
	assert_int_equal(sizeof(def_names) / sizeof(def_names[0]),
			 LAUNCHER_COUNT);
	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		assert_non_null(all_launchers[i]);
		assert_string_equal(all_launchers[i]->name, def_names[i]);
		assert_int_equal(launcher_index(def_names[i]), i);
		assert_ptr_equal(launcher_find(def_names[i]), all_launchers[i]);
	}
	assert_null(all_launchers[LAUNCHER_COUNT]);
	assert_null(launcher_find("qemu"));
	assert_int_equal(launcher_index(""), -1);
}

static void names_list_every_launcher_in_order(void **state)
{
	char want[256] = "";
	size_t used = 0;

	(void)state;
	for (int i = 0; i < LAUNCHER_COUNT; i++)
		used += (size_t)snprintf(want + used, sizeof(want) - used,
					 "%s%s", i ? ", " : "",
					 all_launchers[i]->name);
	assert_string_equal(launcher_names(), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_entry_is_the_launcher_of_its_name),
		cmocka_unit_test(names_list_every_launcher_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
