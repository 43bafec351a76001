/* density's memory figures under noise: MemAvailable can grow while the
 * instances are up, and isolab's own RSS can shrink; no figure may then
 * come out negative, in the table, the CSV or the JSON. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/density/density.h"
#include "lab/report/density_output.h"

static struct density_step step(int64_t system_kib, int64_t harness_kib,
				 uint64_t ready)
{
	return (struct density_step){
		.count = ready, .ready = ready, .all_ready_ns = 1000000,
		.system_kib = system_kib, .harness_kib = harness_kib,
		.teardown_ns = 2000000,
	};
}

static void memory_is_never_negative(void **state)
{
	struct density_step s = step(-1360, 200, 10);
	struct density_memory m = density_memory_of(&s);

	(void)state;
	assert_int_equal(m.system_kib, 0);
	assert_int_equal(m.harness_kib, 200);
	assert_int_equal(m.per_instance_kib, 0);
	assert_true(m.below_noise);
	s = step(5000, -300, 10); /* isolab shrank: counts as no growth */
	m = density_memory_of(&s);
	assert_int_equal(m.harness_kib, 0);
	assert_int_equal(m.per_instance_kib, 500);
	assert_false(m.below_noise);
	s = step(1000, 1000, 10); /* all of it isolab's own */
	assert_true(density_memory_of(&s).below_noise);
}

static char *render(enum output_format format, const struct density_step *s,
		    int n)
{
	struct environment env = { .cores = 2 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	static const struct option_record spawn = { "spawn", "vfork" };

	assert_non_null(f);
	assert_int_equal(density_write(f, &env, "process", &spawn, 1, s, n,
				       format), 0);
	fclose(f);
	return buf;
}

static void writers_show_below_noise(void **state)
{
	const struct density_step steps[] = { step(-1360, 200, 10),
					      step(20480, 1024, 100) };
	char *out;

	(void)state;
	out = render(FORMAT_TABLE, steps, 2);
	if (strstr(out, "-1") || !strstr(out, "below noise") ||
	    !strstr(out, "194 KiB"))
		fail_msg("table:\n%s", out);
	free(out);
	out = render(FORMAT_JSON, steps, 2);
	if (!strstr(out, "\"memory_kib\":0,\"harness_kib\":200,\"per_instance_kib\":0,\"below_noise\":true") ||
	    !strstr(out, "\"per_instance_kib\":194,\"below_noise\":false") ||
	    !strstr(out, "\"launcher\":\"process\",\"options\":{\"spawn\":\"vfork\"}") ||
	    strstr(out, ":-"))
		fail_msg("json:\n%s", out);
	free(out);
	out = render(FORMAT_CSV, steps, 2);
	if (!strstr(out, "process,10,10,1000000,0,200,2000000,0,1\n") ||
	    !strstr(out, ",194,0\n") || strstr(out, ",-"))
		fail_msg("csv:\n%s", out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memory_is_never_negative),
		cmocka_unit_test(writers_show_below_noise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
