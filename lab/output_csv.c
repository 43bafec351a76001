#include "lab/output.h"

#include <inttypes.h>
#include <string.h>

/* RFC 4180: quote a field that holds a comma, quote or line break. */
static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int output_csv(FILE *f, const struct result_set *rs)
{
	fputs("launcher,workload,rep,startup_ns,run_ns,teardown_ns,total_ns,"
	      "footprint_kib,workload_peak_kib,overhead_kib,exit_code,signal,"
	      "timed_out,oom_killed\n",
	      f);
	for (size_t i = 0; i < rs->nruns; i++) {
		const struct run_record *r = &rs->runs[i];
		struct run_times t = run_times_of(&r->res);

		csv_field(f, r->launcher);
		fputc(',', f);
		csv_field(f, r->workload);
		fprintf(f,
			",%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
			",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%d,%d,%d,%d\n",
			r->rep, t.startup_ns, t.run_ns, t.teardown_ns,
			t.total_ns, footprint_kib_of(&r->res),
			r->res.workload_peak_kib, r->res.overhead_kib,
			r->res.exit_code, r->res.signal, r->res.timed_out,
			r->res.oom_killed);
	}
	return ferror(f) ? -1 : 0;
}
