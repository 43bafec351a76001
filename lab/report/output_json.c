#include "lab/report/output.h"

#include "lab/report/json.h"
#include "lab/report/not_run_output.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/probe/reach.h"

/* "guest_syscalls":{"write":12,...}: only where the launcher counted
 * them (a guest kernel); "#N" for a number without a name here, "other"
 * for numbers past the guest kernel's counters. */
static void json_guest_syscalls(FILE *f, const struct launch_result *res)
{
	if (!res->nsyscalls)
		return;
	fputs(",\"guest_syscalls\":{", f);
	for (int i = 0; i < res->nsyscalls; i++) {
		const struct syscall_tally *t = &res->syscalls[i];
		const char *name = t->nr < 0 ? "other" : syscall_name(t->nr);
		char num[16];

		if (!name) {
			snprintf(num, sizeof(num), "#%d", t->nr);
			name = num;
		}
		fputs(i ? "," : "", f);
		json_key(f, name);
		fprintf(f, "%" PRIu64, t->calls);
	}
	fputc('}', f);
	if (res->syscalls_truncated)
		fputs(",\"guest_syscalls_truncated\":true", f);
}

/* A run's phases in its group's order (the summary's), so that every run
 * lists them alike. */
static void json_run_phases(FILE *f, const struct launch_result *res,
			    const struct summary *group)
{
	struct phase_span spans[TIMELINE_MAX_MARKS + 1];
	int nspans = timeline_phases(&res->tl, spans, TIMELINE_MAX_MARKS + 1);
	bool any = false;

	fputs(",\"phases\":{", f);
	for (int p = 0; p < group->nphases; p++)
		for (int i = 0; i < nspans; i++)
			if (strcmp(spans[i].name, group->phase_median[p].name) == 0) {
				fputs(any ? "," : "", f);
				json_key(f, spans[i].name);
				fprintf(f, "%" PRIu64, spans[i].ns);
				any = true;
				break;
			}
	fputc('}', f);
}

static void json_run(FILE *f, const struct run_record *r,
		     const struct summary *group)
{
	const struct launch_result *res = &r->res;
	struct run_times t = run_times_of(res);

	fputc('{', f);
	json_key(f, "launcher");
	json_string(f, r->launcher);
	fputc(',', f);
	json_variant(f, r->variant);
	json_key(f, "workload");
	json_string(f, r->workload);
	fprintf(f,
		",\"rep\":%d,\"startup_ns\":%" PRIu64 ",\"run_ns\":%" PRIu64
		",\"teardown_ns\":%" PRIu64 ",\"total_ns\":%" PRIu64
		",\"footprint_kib\":%" PRIu64 ",\"workload_peak_kib\":%" PRIu64
		",\"workload_pss_kib\":%" PRIu64
		",\"overhead_kib\":%" PRIu64 ",\"exit_code\":%d,\"signal\":%d"
		",\"timed_out\":%s,\"interrupted\":%s,\"oom_killed\":%s"
		",\"output_bytes\":%" PRIu64,
		r->rep, t.startup_ns, t.run_ns, t.teardown_ns, t.total_ns,
		footprint_kib_of(res), res->workload_peak_kib,
		res->workload_pss_kib, res->overhead_kib, res->exit_code, res->signal,
		res->timed_out ? "true" : "false",
		res->interrupted ? "true" : "false",
		res->oom_killed ? "true" : "false", res->output_bytes);
	json_run_phases(f, res, group);
	fputs(",\"results\":{", f);
	for (int i = 0; i < res->nresults; i++) {
		fputs(i ? "," : "", f);
		json_key(f, res->results[i].key);
		json_string(f, res->results[i].value);
	}
	fputs("},\"counters\":{", f);
	for (int i = 0; i < res->ncounters; i++) {
		fputs(i ? "," : "", f);
		json_key(f, res->counters[i].name);
		fprintf(f, "%" PRIu64, res->counters[i].value);
	}
	fputs("},", f);
	json_key(f, "fault");
	json_string(f, res->fault);
	fputc(',', f);
	json_key(f, "note");
	json_string(f, res->note);
	json_guest_syscalls(f, res);
	fputc('}', f);
}

static void json_stats(FILE *f, const char *name, const struct stats *s)
{
	json_key(f, name);
	fprintf(f,
		"{\"min\":%.0f,\"median\":%.0f,\"p95\":%.0f,\"max\":%.0f,"
		"\"mean\":%.1f,\"stddev\":%.1f}",
		s->min, s->median, s->p95, s->max, s->mean, s->stddev);
}

static void json_summary(FILE *f, const struct summary *s)
{
	fputc('{', f);
	json_key(f, "launcher");
	json_string(f, s->launcher);
	fputc(',', f);
	json_variant(f, s->variant);
	json_key(f, "workload");
	json_string(f, s->workload);
	fprintf(f, ",\"n\":%zu,\"failed\":%zu,\"isolation\":[", s->n, s->failed);
	for (int k = 0, any = 0; k < ISOLATION_ITEMS; k++)
		if (s->iso.has[k]) {
			fputs(any++ ? "," : "", f);
			json_string(f, isolation_item_label((enum isolation_item)k));
		}
	fputc(']', f);
	for (int m = 0; m < METRIC_COUNT; m++) {
		fputc(',', f);
		json_stats(f, summary_metric_names[m], &s->metric[m]);
	}
	fputs(",\"phases_median_ns\":{", f);
	for (int p = 0; p < s->nphases; p++) {
		fputs(p ? "," : "", f);
		json_key(f, s->phase_median[p].name);
		fprintf(f, "%" PRIu64, s->phase_median[p].ns);
	}
	fputs("}}", f);
}

/* {"launcher":..,"options":{name:value,...},"cold":false,"total_ns":N,
 * "phases":{name:ns,...}}: the options its runs had, and the launcher's
 * one-time cost, its phases adding up to total_ns; a cold launcher's runs
 * paid it each inside their startup. */
static void json_session(FILE *f, const struct session_record *s)
{
	fputc('{', f);
	json_key(f, "launcher");
	json_string(f, s->launcher);
	fputc(',', f);
	json_variant(f, s->variant);
	json_options(f, s->options, s->noptions);
	fprintf(f, ",\"cold\":%s", s->cold ? "true" : "false");
	if (!s->cold) {
		fprintf(f, ",\"total_ns\":%" PRIu64 ",\"phases\":{", s->total_ns);
		for (int p = 0; p < s->nphases; p++) {
			fputs(p ? "," : "", f);
			json_key(f, s->phases[p].name);
			fprintf(f, "%" PRIu64, s->phases[p].ns);
		}
		fputc('}', f);
	}
	fputc('}', f);
}

static const struct summary *summary_of(const struct summary *sums,
					size_t count, const struct run_record *r)
{
	for (size_t i = 0; i < count; i++)
		if (run_in_summary(r, &sums[i]))
			return &sums[i];
	return &sums[0]; /* unreachable: every run is in a group */
}

int output_json(FILE *f, const struct result_set *rs)
{
	size_t count;
	struct summary *sums = result_set_summarize(rs, &count);

	if (!sums)
		return -1;
	json_begin(f, &rs->env);
	fputs(",\n\"runs\":[", f);
	for (size_t i = 0; i < rs->nruns; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_run(f, &rs->runs[i], summary_of(sums, count, &rs->runs[i]));
	}
	fputs("],\n\"summary\":[", f);
	for (size_t i = 0; i < count; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_summary(f, &sums[i]);
	}
	fputs("],\n\"sessions\":[", f);
	for (size_t i = 0; i < rs->nsessions; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_session(f, &rs->sessions[i]);
	}
	fputs("]", f);
	not_run_json(f, &rs->not_run);
	fputs("}\n", f);
	free(sums);
	return ferror(f) ? -1 : 0;
}
