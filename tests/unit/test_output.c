/* The table, CSV and JSON writers, on a result set built by hand so every
 * figure they print is known in advance. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/report/json.h"
#include "lab/report/output.h"
#include "lab/host/text.h"

/* Two runs of "process / noop" and one of "process / crash". */
static void fill(struct result_set *rs)
{
	static const uint64_t startup_us[] = { 100, 300, 50 };

	memset(rs, 0, sizeof(*rs));
	snprintf(rs->env.isolab_version, sizeof(rs->env.isolab_version), "9.9");
	snprintf(rs->env.kernel, sizeof(rs->env.kernel), "Linux \"test\"");
	snprintf(rs->env.cpu_model, sizeof(rs->env.cpu_model), "CPU, fast");
	rs->env.cores = 2;
	for (int i = 0; i < 3; i++) {
		struct run_record *r = result_set_add(rs);
		struct timeline *tl = &r->res.tl;

		r->launcher = "process";
		r->rep = i < 2 ? i + 1 : 1;
		snprintf(r->workload, sizeof(r->workload), "%s",
			 i < 2 ? "noop" : "crash,odd");
		tl->request_ns = 1000000;
		timeline_mark_at(tl, "exec", tl->request_ns + 40000);
		tl->ready_ns = tl->request_ns + startup_us[i] * 1000;
		tl->exited_ns = tl->ready_ns + 2000;
		tl->done_ns = tl->exited_ns + 3000;
		r->res.workload_peak_kib = 20;
		r->res.exit_code = i < 2 ? 0 : -1;
		r->res.signal = i < 2 ? 0 : 11;
		r->res.nresults = 1;
		snprintf(r->res.results[0].key, 32, "checksum");
		snprintf(r->res.results[0].value, 96, "ab\"c");
	}
}

/* Not inlined: gcc then takes the stream's buffer for a dead local. */
__attribute__((noinline)) static char *
render(int (*writer)(FILE *, const struct result_set *),
		    const struct result_set *rs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(writer(f, rs), 0);
	fclose(f);
	return buf;
}

static int table_with_phases(FILE *f, const struct result_set *rs)
{
	return output_table(f, rs, true);
}

static void table_shows_medians_in_readable_units(void **state)
{
	struct result_set rs;
	char *out;

	(void)state;
	fill(&rs);
	out = render(table_with_phases, &rs);
	/* noop: startups 100 and 300 µs, median 200 µs; total adds 5 µs. */
	assert_non_null(strstr(out, "process    noop"));
	assert_non_null(strstr(out, "200 µs"));
	assert_non_null(strstr(out, "205 µs"));
	assert_non_null(strstr(out, "20 KiB"));
	assert_non_null(strstr(out, "exit 0"));
	assert_non_null(strstr(out, "SIGSEGV"));
	assert_non_null(strstr(out, "exec 40 µs, ready 160 µs"));
	free(out);
	result_set_free(&rs);
}

/* 9 of 12 runs exit 3, 3 crash: the outcome says both, commonest first. */
static void table_outcome_shows_mixed_outcomes(void **state)
{
	struct result_set rs;
	char *out;

	(void)state;
	fill(&rs);
	for (int i = 0; i < 12; i++) {
		struct run_record *r = result_set_add(&rs);

		r->launcher = "process";
		r->rep = i + 1;
		snprintf(r->workload, sizeof(r->workload), "flaky");
		r->res.tl.request_ns = 1000;
		r->res.tl.ready_ns = r->res.tl.exited_ns = r->res.tl.done_ns = 2000;
		r->res.exit_code = i % 4 == 1 ? -1 : 3;
		r->res.signal = i % 4 == 1 ? 11 : 0;
	}
	out = render(table_with_phases, &rs);
	assert_non_null(strstr(out, "mixed: exit 3 ×9, SIGSEGV ×3\n"));
	/* a group whose runs ended alike keeps its one outcome */
	assert_non_null(strstr(out, " exit 0\n"));
	assert_null(strstr(out, "mixed: exit 0"));
	free(out);
	result_set_free(&rs);
}

static void csv_has_one_row_per_run_and_quotes(void **state)
{
	struct result_set rs;
	char *out, *line;
	int rows = 0;

	(void)state;
	fill(&rs);
	out = render(output_csv, &rs);
	assert_true(strncmp(out, "launcher,workload,rep,startup_ns,", 33) == 0);
	for (line = out; (line = strchr(line, '\n')) && line[1]; line++)
		rows++;
	assert_int_equal(rows, 3);
	/* then interrupted, output_bytes, workload_pss_kib, phases and the
	 * environment, quoted where it needs to be */
	assert_non_null(strstr(out, "process,noop,2,300000,2000,3000,305000,20,20,0,0,0,0,0,"
				    "0,0,0,exec=40000;ready=260000,9.9,\"Linux \"\"test\"\"\",\"CPU, fast\",2,"));
	assert_non_null(strstr(out, ",oom_killed,interrupted,output_bytes,workload_pss_kib,phases,isolab_version,kernel,"));
	assert_non_null(strstr(out, "process,\"crash,odd\",1,50000,"));
	free(out);
	result_set_free(&rs);
}

static void json_has_the_documented_fields(void **state)
{
	static const char *const fields[] = {
		"\"schema_version\":3", "\"environment\":{", "\"runs\":[",
		"\"summary\":[", "\"launcher\":\"process\"",
		"\"workload\":\"noop\"", "\"rep\":2", "\"startup_ns\":300000",
		"\"run_ns\":2000", "\"teardown_ns\":3000", "\"total_ns\":305000",
		"\"footprint_kib\":20", "\"exit_code\":0", "\"signal\":11",
		"\"phases\":{\"exec\":40000,\"ready\":260000}",
		"\"kernel\":\"Linux \\\"test\\\"\"",
		"\"checksum\":\"ab\\\"c\"",
		"\"startup_ns\":{\"min\":100000,\"median\":200000,\"p95\":290000,\"max\":300000",
	};
	struct result_set rs;
	char *out;

	(void)state;
	fill(&rs);
	out = render(output_json, &rs);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strstr(out, fields[i]))
			fail_msg("JSON lacks %s:\n%s", fields[i], out);
	free(out);
	result_set_free(&rs);
}

/* A --binary's name is bytes: invalid UTF-8 and control characters must
 * give valid JSON and a table whose row stays on one line. */
static void hostile_names_stay_valid_and_on_one_line(void **state)
{
	static const char name[] = "p\xff\xfe\n\x1b[2J\xc3\xa9\x01";
	struct result_set rs;
	char *out, *row;

	(void)state;
	fill(&rs);
	for (size_t i = 0; i < rs.nruns; i++)
		snprintf(rs.runs[i].workload, sizeof(rs.runs[i].workload), "%s", name);
	out = render(output_json, &rs);
	assert_non_null(strstr(out, "\"workload\":\"p\\ufffd\\ufffd\\n\\u001b[2J\xc3\xa9\\u0001\""));
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\xff'));
	free(out);
	out = render(table_with_phases, &rs);
	row = strstr(out, "process    p\\xff\\xfe\\x0a\\x1b[2J\xc3\xa9\\x01 ");
	/* ... and the rest of the row follows on the same line. */
	if (!row || !strstr(row, "20 KiB") ||
	    strcspn(row, "\n") < (size_t)(strstr(row, "20 KiB") - row))
		fail_msg("no escaped one-line row in:\n%s", out);
	assert_null(strchr(out, '\x1b'));
	free(out);
	result_set_free(&rs);
}

/* One run's marks at these offsets from the request (0 ends the list);
 * ready 30 µs after the request. */
static void marks(struct result_set *rs, const char *const *names,
		  const uint64_t *at_us)
{
	struct run_record *r = result_set_add(rs);
	struct timeline *tl = &r->res.tl;

	r->launcher = "container";
	snprintf(r->workload, sizeof(r->workload), "noop");
	r->rep = (int)rs->nruns;
	tl->request_ns = 1000000;
	for (int i = 0; names[i]; i++)
		timeline_mark_at(tl, names[i], tl->request_ns + at_us[i] * 1000);
	tl->ready_ns = tl->request_ns + 30000;
	tl->exited_ns = tl->done_ns = tl->ready_ns + 1000;
}

/* Marks from two processes arrive in either order, and some runs lack a
 * phase (the first run included): every run and the summary still list
 * the phases in one order, the order they end in. */
static void phases_keep_one_order(void **state)
{
	static const char *const clone_only[] = { "clone", NULL };
	static const char *const swapped[] = { "idmap", "clone", NULL };
	static const char *const usual[] = { "clone", "idmap", NULL };
	static const uint64_t at_clone_only[] = { 10 }, at_swapped[] = { 8, 12 },
			      at_usual[] = { 10, 20 };
	struct result_set rs;
	char *out, *tbl;

	(void)state;
	memset(&rs, 0, sizeof(rs));
	marks(&rs, clone_only, at_clone_only);
	marks(&rs, swapped, at_swapped);
	marks(&rs, usual, at_usual);
	marks(&rs, usual, at_usual);
	out = render(output_json, &rs);
	if (!strstr(out, "\"phases\":{\"clone\":10000,\"ready\":20000}") ||
	    !strstr(out, "\"phases\":{\"clone\":4000,\"idmap\":8000,\"ready\":18000}") ||
	    !strstr(out, "\"phases\":{\"clone\":10000,\"idmap\":10000,\"ready\":10000}") ||
	    !strstr(out, "\"phases_median_ns\":{\"clone\":10000,\"idmap\":10000,\"ready\":14000}"))
		fail_msg("phases out of order:\n%s", out);
	tbl = render(table_with_phases, &rs);
	if (!strstr(tbl, "phases (median): clone 10 µs, idmap 10 µs, ready 14 µs"))
		fail_msg("table phases:\n%s", tbl);
	free(tbl);
	free(out);
	result_set_free(&rs);
}

/* Timings taken while the load exceeded the cores are flagged. */
static void load_above_cores_warns(void **state)
{
	struct environment e = { .cores = 2, .load_start = 1.5, .load_end = 2.5 };
	struct result_set rs;
	double load;
	char *out;

	(void)state;
	assert_true(environment_overloaded(&e, &load));
	assert_true(load == 2.5);
	e.load_start = 3.0, e.load_end = 0.5; /* the higher one counts */
	assert_true(environment_overloaded(&e, &load));
	e.load_start = 2.0, e.load_end = 1.0; /* at the core count: fine */
	assert_false(environment_overloaded(&e, &load));
	e.load_start = e.load_end = -1; /* unreadable */
	assert_false(environment_overloaded(&e, &load));

	fill(&rs);
	rs.env.load_start = 0.2, rs.env.load_end = 6.25;
	out = render(table_with_phases, &rs);
	if (!strstr(out, "\nwarning: figures unreliable: load 6.25 on 2 cores"))
		fail_msg("no load warning:\n%s", out);
	free(out);
	out = render(output_json, &rs);
	assert_non_null(strstr(out, "\"load_start\":0.20,\"load_end\":6.25}"));
	free(out);
	rs.env.load_end = 1.0;
	out = render(table_with_phases, &rs);
	assert_null(strstr(out, "warning"));
	free(out);
	result_set_free(&rs);
}

/* density's load_end counts its own instances (1000 ending at once), so
 * only its load_start can tell that other work competed. */
static void a_load_of_isolab_own_instances_does_not_warn(void **state)
{
	struct environment e = { .cores = 2, .load_start = 0.5,
				 .load_end = 90.0, .load_end_counts_own = true };
	double load;
	char *json = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&json, &len);

	(void)state;
	assert_false(environment_overloaded(&e, &load));
	assert_true(load == 0.5);
	e.load_start = 2.5; /* busy before it began: still a warning */
	assert_true(environment_overloaded(&e, &load));
	assert_true(load == 2.5);
	assert_non_null(f);
	json_environment(f, &e);
	fclose(f);
	assert_non_null(strstr(json, "\"load_end\":90.00,\"load_end_counts_own\":true}"));
	free(json);
}

static void units(void **state)
{
	char b[32];

	(void)state;
	format_ns(b, sizeof(b), 950);
	assert_string_equal(b, "950 ns");
	format_ns(b, sizeof(b), 1500);
	assert_string_equal(b, "1.5 µs");
	format_ns(b, sizeof(b), 4100000);
	assert_string_equal(b, "4.10 ms");
	format_ns(b, sizeof(b), 2.5e9);
	assert_string_equal(b, "2.50 s");
	format_kib(b, sizeof(b), 20);
	assert_string_equal(b, "20 KiB");
	format_kib(b, sizeof(b), 4096);
	assert_string_equal(b, "4.0 MiB");
	format_signal(b, sizeof(b), 9);
	assert_string_equal(b, "SIGKILL");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_shows_medians_in_readable_units),
		cmocka_unit_test(csv_has_one_row_per_run_and_quotes),
		cmocka_unit_test(table_outcome_shows_mixed_outcomes),
		cmocka_unit_test(json_has_the_documented_fields),
		cmocka_unit_test(hostile_names_stay_valid_and_on_one_line),
		cmocka_unit_test(phases_keep_one_order),
		cmocka_unit_test(load_above_cores_warns),
		cmocka_unit_test(a_load_of_isolab_own_instances_does_not_warn),
		cmocka_unit_test(units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
