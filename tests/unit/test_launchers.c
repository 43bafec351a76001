/* launchers: the registry generated from the module.mk files
 * (build/gen/launchers.def) agrees with the launchers themselves: every
 * entry is the launcher of that name, in that order, and the names for
 * messages list exactly them. Options: each is declared once with a
 * parser and a "show"; enum values are parsed from their tables and the
 * messages refusing a bad one are as before. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "lab/core/launchers.h"

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

static void *new_config(const struct launcher *l)
{
	void *c = calloc(1, l->config_size ? l->config_size : 1);

	assert_non_null(c);
	if (l->config_init)
		l->config_init(c);
	return c;
}

static void every_option_has_a_parser_and_a_show(void **state)
{
	(void)state;
	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		const struct launcher *l = all_launchers[i];
		void *c = new_config(l);

		for (const struct launcher_option *o = l->options; o && o->name;
		     o++) {
			char shown[256] = "x";

			/* an enum field may leave both to its table */
			assert_true(o->set || o->field_size);
			assert_true(o->show || o->field_size);
			assert_ptr_equal(launcher_option_find(l, o->name), o);
			assert_int_equal(launcher_option_show(l, c, o->name, shown,
							      sizeof(shown)), 0);
			assert_true(shown[0] != '\0');
		}
		free(c);
	}
}

/* What show prints for a default is a value set takes back unchanged
 * (but --guest-kernel, whose value must be a readable file). */
static void shown_defaults_parse_back(void **state)
{
	(void)state;
	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		const struct launcher *l = all_launchers[i];
		void *c = new_config(l);

		for (const struct launcher_option *o = l->options; o && o->name;
		     o++) {
			char before[256], after[256];
			struct err err = { 0 };

			if (strcmp(o->name, "guest-kernel") == 0)
				continue;
			launcher_option_show(l, c, o->name, before, sizeof(before));
			if (launcher_option_set(l, c, o->name, before, &err) < 0)
				fail_msg("%s --%s %s: %s", l->name, o->name, before,
					 err.msg);
			launcher_option_show(l, c, o->name, after, sizeof(after));
			assert_string_equal(before, after);
		}
		free(c);
	}
}

/* Each value an option lists is one its parser takes and shows back. */
static void listed_values_parse_and_show(void **state)
{
	int listed = 0;

	(void)state;
	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		const struct launcher *l = all_launchers[i];

		for (const struct launcher_option *o = l->options; o && o->name;
		     o++)
			for (size_t v = 0; o->values && v < o->nvalues; v++) {
				void *c = new_config(l);
				struct err err = { 0 };
				char shown[256];

				if (!o->values[v])
					continue;
				if (launcher_option_set(l, c, o->name, o->values[v],
							&err) < 0)
					fail_msg("%s --%s %s: %s", l->name, o->name,
						 o->values[v], err.msg);
				launcher_option_show(l, c, o->name, shown,
						     sizeof(shown));
				assert_string_equal(shown, o->values[v]);
				listed++;
				free(c);
			}
	}
	assert_int_equal(listed, 3 + 3 + 2 + 3 + 2); /* spawn seccomp net rootfs-binary userns */
}

static void expect_shown(const struct launcher *l, const char *option,
			 const char *value, const char *shown_want)
{
	void *c = new_config(l);
	struct err err = { 0 };
	char shown[256];

	assert_int_equal(launcher_option_set(l, c, option, value, &err), 0);
	assert_int_equal(launcher_option_show(l, c, option, shown,
					      sizeof(shown)), 0);
	assert_string_equal(shown, shown_want);
	free(c);
}

static void set_values_show_as_typed(void **state)
{
	(void)state;
	expect_shown(&process_launcher, "spawn", "posix_spawn", "posix_spawn");
	expect_shown(&container_launcher, "seccomp", "strict", "strict");
	expect_shown(&container_launcher, "ns", "pid,user", "user,pid");
	expect_shown(&container_launcher, "ns", "none", "none");
	expect_shown(&container_launcher, "cgroup", "none", "none");
	expect_shown(&container_launcher, "cgroup", "mem=64M,cpu=50%",
		     "mem=64M,cpu=50%");
	expect_shown(&container_launcher, "caps", "keep:net_raw",
		     "keep:net_raw");
	expect_shown(&container_launcher, "caps", "none", "none");
	expect_shown(&container_launcher, "net", "host", "host");
	expect_shown(&container_launcher, "rootfs-binary", "copy", "copy");
	expect_shown(&container_launcher, "userns", "host-root", "host-root");
	expect_shown(&container_launcher, "hostname", "box.1", "box.1");
	expect_shown(&microvm_launcher, "mem", "128", "128");
}

static void expect_refused(const struct launcher *l, const char *option,
			   const char *value, const char *msg)
{
	void *c = new_config(l);
	struct err err = { 0 };

	assert_int_equal(launcher_option_set(l, c, option, value, &err), -1);
	assert_int_equal(err.kind, ERR_USAGE);
	assert_string_equal(err.msg, msg);
	free(c);
}

/* Every enum option refuses a bad value with one line in one form, naming
 * the option, the value and the values to use. */
static void bad_enum_values_name_what_to_use(void **state)
{
	(void)state;
	expect_refused(&process_launcher, "spawn", "clone",
		       "--spawn: unknown value 'clone'; use fork, vfork or posix_spawn");
	expect_refused(&container_launcher, "seccomp", "tight",
		       "--seccomp: unknown value 'tight'; use default, strict or off");
	expect_refused(&container_launcher, "net", "bridge",
		       "--net: unknown value 'bridge'; use none or host");
	expect_refused(&container_launcher, "rootfs-binary", "link",
		       "--rootfs-binary: unknown value 'link'; use auto, bind or copy");
	expect_refused(&container_launcher, "userns", "keep",
		       "--userns: unknown value 'keep'; use remap or host-root");
	expect_refused(&container_launcher, "spawn", "fork",
		       "--spawn does not apply to the container launcher");
	expect_refused(&process_launcher, "spawn", NULL,
		       "--spawn needs a value");
}

static void enum_helpers(void **state)
{
	static const char *const names[] = { "a", NULL, "b", "c" };
	char buf[32];

	(void)state;
	assert_int_equal(option_enum_parse(names, 4, "b"), 2);
	assert_int_equal(option_enum_parse(names, 4, "d"), -1);
	assert_string_equal(option_enum_list(names, 4, buf, sizeof(buf)),
			    "a, b or c");
	assert_string_equal(option_enum_list(names, 1, buf, sizeof(buf)), "a");
	assert_string_equal(option_enum_name(names, 4, 1), "?");
	assert_string_equal(option_enum_name(names, 4, 9), "?");
	assert_string_equal(option_enum_name(names, 4, 3), "c");
}

/* An enum option declared by its table alone: set parses it, show names
 * it, a bad value is refused in the usual words, a field that is not
 * int-sized is shown as "?" and never written. */
enum colour { RED, GREEN, BLUE };
struct fake_config {
	int before;
	enum colour colour;
	char wide[2];
	int after;
};
static const char *const colour_names[] = {
	[RED] = "red", [GREEN] = "green", [BLUE] = "blue",
};
static const struct launcher_option fake_options[] = {
	{ .name = "colour", LAUNCHER_OPTION_ENUM(struct fake_config, colour,
						 colour_names) },
	{ .name = "wide", LAUNCHER_OPTION_ENUM(struct fake_config, wide,
					       colour_names) },
	{ 0 },
};
static const struct launcher fake_launcher = {
	.name = "fake", .options = fake_options,
	.config_size = sizeof(struct fake_config),
};

static void enum_options_need_only_their_table(void **state)
{
	struct fake_config c = { .before = 7, .colour = GREEN, .after = 9 };
	struct err err = { 0 };
	char shown[32];

	(void)state;
	assert_int_equal(launcher_option_show(&fake_launcher, &c, "colour",
					      shown, sizeof(shown)), 0);
	assert_string_equal(shown, "green");
	assert_int_equal(launcher_option_set(&fake_launcher, &c, "colour",
					     "blue", &err), 0);
	assert_int_equal(c.colour, BLUE);
	assert_int_equal(c.before, 7);
	assert_int_equal(c.after, 9);
	assert_int_equal(launcher_option_set(&fake_launcher, &c, "colour",
					     "mauve", &err), -1);
	assert_int_equal(err.kind, ERR_USAGE);
	assert_string_equal(err.msg,
			    "--colour: unknown value 'mauve'; use red, green or blue");
	assert_int_equal(c.colour, BLUE);
	/* a field of the wrong size: neither read nor written */
	assert_int_equal(launcher_option_show(&fake_launcher, &c, "wide",
					      shown, sizeof(shown)), -1);
	assert_int_equal(launcher_option_set(&fake_launcher, &c, "wide", "red",
					     &err), -1);
	assert_int_equal(c.after, 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_entry_is_the_launcher_of_its_name),
		cmocka_unit_test(names_list_every_launcher_in_order),
		cmocka_unit_test(every_option_has_a_parser_and_a_show),
		cmocka_unit_test(shown_defaults_parse_back),
		cmocka_unit_test(set_values_show_as_typed),
		cmocka_unit_test(listed_values_parse_and_show),
		cmocka_unit_test(bad_enum_values_name_what_to_use),
		cmocka_unit_test(enum_helpers),
		cmocka_unit_test(enum_options_need_only_their_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
