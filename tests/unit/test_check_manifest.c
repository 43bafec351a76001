/* check manifest: a lab's lab.conf, what it accepts and what it refuses
 * (lab/check/manifest.h), and the shipped labs' manifests parse. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/check/manifest.h"

static char dir[] = "/tmp/isolab-unit-manifest.XXXXXX";

static int write_conf(const char *text)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/lab.conf", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/lab.conf", dir);
	unlink(path);
	return rmdir(dir);
}

static void a_full_manifest(void **state)
{
	struct manifest *m = malloc(sizeof(*m));
	struct err err = { 0 };

	(void)state;
	assert_int_equal(write_conf("# comment\nid lab1\ntitle two words\nsource launch.c\n"
				    "build make -s\n"
				    "test lab1.crash 10 20 crash reported  # trailing\n"
				    "teacher 5 why fork costs more\n"
				    "answer strict_reached probe container not_probed\n"), 0);
	assert_int_equal(manifest_read(dir, m, &err), 0);
	assert_string_equal(m->id, "lab1");
	assert_string_equal(m->title, "two words");
	assert_int_equal(m->nsources, 1);
	assert_int_equal(m->nbuild_args, 2);
	assert_string_equal(m->build_args[1], "-s");
	assert_int_equal(m->ntests, 1);
	assert_string_equal(m->tests[0].name, "crash reported");
	assert_int_equal(m->tests[0].points, 10);
	assert_int_equal(m->tests[0].timeout_s, 20);
	assert_int_equal(m->nquestions, 1);
	assert_int_equal(m->questions[0].points, 5);
	assert_int_equal(m->nanswers, 1);
	assert_string_equal(m->answers[0].key, "strict_reached");
	assert_string_equal(m->answers[0].launcher, "container");
	assert_string_equal(m->answers[0].field, "not_probed");
	free(m);
}

static void refuses(const char *text, const char *why)
{
	struct manifest *m = malloc(sizeof(*m));
	struct err err = { 0 };

	assert_int_equal(write_conf(text), 0);
	assert_int_equal(manifest_read(dir, m, &err), -1);
	assert_non_null(strstr(err.msg, why));
	free(m);
}

static void bad_manifests_are_refused_with_the_line(void **state)
{
	(void)state;
	refuses("id lab1\nsource a.c\nbuild make\ntest no.such.kind 10 20 x\n", "line 4");
	refuses("id lab1\nsource ../a.c\n", "line 2"); /* a source is a plain name */
	refuses("id lab1\nsource a.c\nbuild make\ntest lab1.crash -1 20 x\n", "line 4");
	refuses("id lab1\nsource a.c\nbuild make\ntest lab1.crash 10 0 x\n", "line 4");
	refuses("id lab1\nwhat is this\n", "line 2");
	refuses("id lab1\nsource a.c\nbuild make\n", "at least one test");
	/* An answer names a known section and field. */
	refuses("id lab1\nanswer k probe container reachd\n", "line 2");
	refuses("id lab1\nanswer k run process startup_ms\n", "line 2");
	refuses("id lab1\nanswer k density process count\n", "line 2");
}

static void the_shipped_labs_parse(void **state)
{
	static const char *const labs[] = { "curriculum/lab1-processes",
					    "curriculum/lab2-namespaces",
					    "curriculum/lab3-cgroups",
					    "curriculum/lab4-sandbox" };
	struct manifest *m = malloc(sizeof(*m));

	(void)state;
	for (size_t i = 0; i < sizeof(labs) / sizeof(labs[0]); i++) {
		struct err err = { 0 };

		assert_int_equal(manifest_read(labs[i], m, &err), 0);
		assert_true(m->ntests > 0 && m->nquestions > 0);
	}
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_full_manifest),
		cmocka_unit_test(bad_manifests_are_refused_with_the_line),
		cmocka_unit_test(the_shipped_labs_parse),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
