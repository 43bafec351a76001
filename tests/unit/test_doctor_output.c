/* doctor's findings are data (lab/report/doctor_output.h): drawn as lines
 * for people, each section once and a fix only where something is not ok,
 * and as one JSON object whose fix is null for what went well. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/report/doctor_output.h"

static void fill(struct doctor_findings *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->env.isolab_version, sizeof(d->env.isolab_version), "9.9");
	snprintf(d->env.kernel, sizeof(d->env.kernel), "Linux test");
	snprintf(d->env.cpu_model, sizeof(d->env.cpu_model), "CPU");
	d->env.cores = 2;
	assert_int_equal(doctor_add(d, "machine", FINDING_OK, "root", "yes",
				    "never shown"), 0);
	assert_int_equal(doctor_add(d, "machine", FINDING_MISSING, "/dev/kvm",
				    "open failed: ENOENT", "load kvm_amd"), 0);
	assert_int_equal(doctor_add(d, "launchers", FINDING_NOTE, "micro-VM",
				    "emulated \"slow\"", NULL), 0);
	d->launchers_missing = 1;
	d->took_ns = 36000000;
}

static char *drawn(const struct doctor_findings *d, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (json)
		doctor_write_json(f, d);
	else
		doctor_write_text(f, d);
	fclose(f);
	return buf;
}

static void lines_for_people(void **state)
{
	struct doctor_findings d;
	char *text;

	(void)state;
	fill(&d);
	text = drawn(&d, false);
	assert_non_null(strstr(text, "isolab 9.9 on Linux test, CPU x2\n\nmachine:\n"));
	assert_non_null(strstr(text, "  [ ok ] root                   yes\n"));
	assert_null(strstr(text, "never shown"));
	assert_non_null(strstr(text, "  [MISS] /dev/kvm               open failed: ENOENT\n"
				     "         -> load kvm_amd\n"));
	assert_non_null(strstr(text, "\nlaunchers:\n  [note] micro-VM"));
	assert_non_null(strstr(text, "tried, in 36.0 ms, and undone\n"));
	assert_null(strstr(strstr(text, "launchers:") + 1, "launchers:"));
	free(text);
	doctor_findings_free(&d);
}

static void one_json_object(void **state)
{
	struct doctor_findings d;
	char *json;

	(void)state;
	fill(&d);
	json = drawn(&d, true);
	assert_non_null(strstr(json, "{\"section\":\"machine\",\"check\":\"root\",\"verdict\":\"ok\",\"detail\":\"yes\",\"fix\":null}"));
	assert_non_null(strstr(json, "\"verdict\":\"missing\",\"detail\":\"open failed: ENOENT\",\"fix\":\"load kvm_amd\"}"));
	assert_non_null(strstr(json, "\"detail\":\"emulated \\\"slow\\\"\",\"fix\":null}"));
	assert_non_null(strstr(json, "\"launchers_missing\": 1,\n  \"took_ns\": 36000000\n}\n"));
	free(json);
	doctor_findings_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_for_people),
		cmocka_unit_test(one_json_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
