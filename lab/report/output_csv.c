#include "lab/report/output.h"

#include <inttypes.h>
#include <string.h>

void csv_field(FILE *f, const char *s)
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

/* name=ns;name=ns...: one field, since launchers name different phases. */
static void csv_phases(FILE *f, const struct launch_result *res)
{
	struct phase_span spans[TIMELINE_MAX_MARKS + 1];
	int n = timeline_phases(&res->tl, spans, TIMELINE_MAX_MARKS + 1);
	char buf[TIMELINE_MAX_MARKS * 48 + 48];
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
					 "%s%s=%" PRIu64, i ? ";" : "",
					 spans[i].name, spans[i].ns);
	csv_field(f, buf);
}

/* The environment, repeated on every row, so that a CSV alone (or a row
 * pasted into another file) says which machine it came from. */
static void csv_environment(FILE *f, const struct environment *e)
{
	fputc(',', f), csv_field(f, e->isolab_version);
	fputc(',', f), csv_field(f, e->kernel);
	fputc(',', f), csv_field(f, e->cpu_model);
	fprintf(f, ",%d,", e->cores);
	csv_field(f, virt_mode_name(e->virt_mode));
	fputc(',', f), csv_field(f, e->virt_detail);
	fputc(',', f), csv_field(f, cgroup_layout_name(e->cgroup_layout));
	fprintf(f, ",%d", e->root);
}

int output_csv(FILE *f, const struct result_set *rs)
{
	/* New columns go at the end: readers that pick columns by position
	 * keep working. */
	fputs("launcher,workload,rep,startup_ns,run_ns,teardown_ns,total_ns,"
	      "footprint_kib,workload_peak_kib,overhead_kib,exit_code,signal,"
	      "timed_out,oom_killed,interrupted,output_bytes,workload_pss_kib,"
	      "phases,isolab_version,kernel,cpu_model,cores,virtualization,"
	      "virtualization_detail,cgroup_layout,root,variant\n",
	      f);
	for (size_t i = 0; i < rs->nruns; i++) {
		const struct run_record *r = &rs->runs[i];
		struct run_times t = run_times_of(&r->res);

		csv_field(f, r->launcher);
		fputc(',', f);
		csv_field(f, r->workload);
		fprintf(f,
			",%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
			",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%d,%d,%d,%d"
			",%d,%" PRIu64 ",%" PRIu64 ",",
			r->rep, t.startup_ns, t.run_ns, t.teardown_ns,
			t.total_ns, footprint_kib_of(&r->res),
			r->res.workload_peak_kib, r->res.overhead_kib,
			r->res.exit_code, r->res.signal, r->res.timed_out,
			r->res.oom_killed, r->res.interrupted,
			r->res.output_bytes, r->res.workload_pss_kib);
		csv_phases(f, &r->res);
		csv_environment(f, &rs->env);
		fputc(',', f);
		csv_field(f, r->variant ? r->variant : "");
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}
