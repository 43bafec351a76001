/* ladder_output: the ladder as a table, CSV or JSON (lab/report/ladder_output.h). */
#include "lab/report/ladder_output.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "lab/report/json.h"

/* Short column heads of the checklist, in enum isolation_item order. */
static const char *const item_head[ISOLATION_ITEMS] = {
	"pid", "mnt", "uts", "ipc", "net", "user", "cgns", "time", "root",
	"secc", "caps", "lim", "kern", "hwmem",
};

/* "+1.30 ms", "-120 µs": a signed duration. */
static void format_signed_ns(char *buf, size_t len, double ns)
{
	char mag[32];

	format_ns(mag, sizeof(mag), fabs(ns));
	snprintf(buf, len, "%s%s", ns < 0 ? "-" : "+", mag);
}

/* "mounts 1.10 ms, idmap 300 µs": the phases that grew, largest first. */
static void where_it_goes(const struct ladder_rung *r, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < r->ndeltas && i < 2 && r->deltas[i].ns > 0; i++) {
		char d[32];

		/* Two phases only when both fit the column. */
		if (i == 1 && used + strlen(r->deltas[i].name) + 10 > 36)
			break;
		format_ns(d, sizeof(d), r->deltas[i].ns);
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s %s", i ? ", " : "",
					 r->deltas[i].name, d);
	}
}

static void table_rung(FILE *f, const struct ladder_rung *r)
{
	char cell[96], where[96];

	table_cell(f, r->v.label, 28);
	table_cell(f, r->v.launcher->name, 10);
	if (r->skipped[0]) {
		fprintf(f, "SKIP: %s\n", r->skipped);
		return;
	}
	format_ns(cell, sizeof(cell), r->sum.metric[METRIC_STARTUP].median);
	table_cell(f, cell, 10);
	cell[0] = '\0';
	where[0] = '\0';
	if (r->below >= 0) {
		char inc[40], unc[32];

		format_signed_ns(inc, sizeof(inc), r->inc[METRIC_STARTUP]);
		format_ns(unc, sizeof(unc), r->inc_err[METRIC_STARTUP]);
		snprintf(cell, sizeof(cell), "%s ± %s", inc, unc);
		where_it_goes(r, where, sizeof(where));
	}
	table_cell(f, cell, 24);
	table_cell(f, where, 38);
	format_ns(cell, sizeof(cell), r->sum.metric[METRIC_RUN].median);
	table_cell(f, cell, 10);
	format_ns(cell, sizeof(cell), r->sum.metric[METRIC_TEARDOWN].median);
	table_cell(f, cell, 10);
	format_kib(cell, sizeof(cell), r->sum.metric[METRIC_FOOTPRINT].median);
	table_cell(f, cell, 11);
	if (r->host_reach >= 0 && r->reach_via_vmm)
		fprintf(f, "%d (VMM)", r->host_reach);
	else if (r->host_reach >= 0)
		fprintf(f, "%d (%d pass checks)", r->host_reach, r->host_passed);
	else
		fputs("?", f);
	fputc('\n', f);
}

static void table_checklist(FILE *f, const struct ladder *lad)
{
	fputs("\nisolation checklist (derived from each rung's config)\n", f);
	table_cell(f, "", 28);
	for (int i = 0; i < ISOLATION_ITEMS; i++)
		fprintf(f, "%-6s", item_head[i]);
	fputc('\n', f);
	for (int k = 0; k < lad->n; k++) {
		table_cell(f, lad->rung[k].v.label, 28);
		for (int i = 0; i < ISOLATION_ITEMS; i++)
			table_cell(f, lad->rung[k].iso.has[i] ? "✓" : "·", 6);
		fputc('\n', f);
	}
	fputs("pid..time: namespaces; root: own root filesystem; secc: seccomp filter; caps: capabilities dropped;\n"
	      "lim: cgroup limits; kern: own kernel; hwmem: memory isolated by the VM's page tables\n",
	      f);
}

static int ladder_table(FILE *f, const struct ladder *lad)
{
	output_environment_line(f, &lad->env);
	fprintf(f, "ladder: %s; workload %s; %" PRIu64
		   " run%s per rung in interleaved rounds (+%" PRIu64 " warm-up)\n",
		lad->source, lad->workload, lad->reps, lad->reps == 1 ? "" : "s",
		lad->warmup);
	fprintf(f, "%-28s%-10s%-10s%-24s%-38s%-10s%-10s%-11s%s\n", "rung",
		"launcher", "startup", "increment (95%)", "of which",
		"run", "teardown", "footprint", "host reach");
	for (int i = 0; i < lad->n; i++)
		table_rung(f, &lad->rung[i]);
	fputs("\nwhat each rung adds\n", f);
	for (int i = 0; i < lad->n; i++)
		fprintf(f, "  %s: %s\n", lad->rung[i].v.label, lad->rung[i].adds);
	table_checklist(f, lad);
	fputs("\nmedians; increment = this rung's median minus the one below's, ± 95% (MAD-based);\n"
	      "host reach = system calls the workload enters the host kernel with, not stopped by a filter (pass checks:\n"
	      "of those, the ones no privilege check refused; micro-VM: its VMM's allowlist)\n",
	      f);
	output_load_warning(f, &lad->env);
	return ferror(f) ? -1 : 0;
}

static int ladder_csv(FILE *f, const struct ladder *lad)
{
	fputs("rung,label,launcher,options,skipped,n,startup_ns,startup_inc_ns,startup_inc_err_ns,"
	      "run_ns,run_inc_ns,teardown_ns,teardown_inc_ns,footprint_kib,footprint_inc_kib,"
	      "footprint_inc_err_kib,host_reach,isolation\n", f);
	for (int i = 0; i < lad->n; i++) {
		const struct ladder_rung *r = &lad->rung[i];
		char list[400];

		fprintf(f, "%d,", i + 1);
		csv_field(f, r->v.label);
		fprintf(f, ",%s,", r->v.launcher->name);
		csv_field(f, r->v.options);
		fputc(',', f);
		csv_field(f, r->skipped);
		if (r->skipped[0])
			fputs(",0,,,,,,,,,,,", f);
		else
			fprintf(f, ",%zu,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,",
				r->sum.n, r->sum.metric[METRIC_STARTUP].median,
				r->inc[METRIC_STARTUP], r->inc_err[METRIC_STARTUP],
				r->sum.metric[METRIC_RUN].median, r->inc[METRIC_RUN],
				r->sum.metric[METRIC_TEARDOWN].median,
				r->inc[METRIC_TEARDOWN],
				r->sum.metric[METRIC_FOOTPRINT].median,
				r->inc[METRIC_FOOTPRINT],
				r->inc_err[METRIC_FOOTPRINT]);
		if (r->host_reach >= 0)
			fprintf(f, "%d", r->host_reach);
		fputc(',', f);
		csv_field(f, isolation_describe(&r->iso, list, sizeof(list)));
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

static void json_medians(FILE *f, const struct ladder_rung *r)
{
	static const char *const key[METRIC_COUNT] = {
		"startup_ns", "run_ns", "teardown_ns", "total_ns", "footprint_kib"
	};

	fprintf(f, ",\"n\":%zu,\"failed\":%zu", r->sum.n, r->sum.failed);
	for (int m = 0; m < METRIC_COUNT; m++)
		fprintf(f, ",\"%s\":%.0f", key[m], r->sum.metric[m].median);
	fputs(",\"phases\":{", f);
	for (int p = 0; p < r->sum.nphases; p++) {
		fputs(p ? "," : "", f);
		json_key(f, r->sum.phase_median[p].name);
		fprintf(f, "%" PRIu64, r->sum.phase_median[p].ns);
	}
	fputc('}', f);
	if (r->below < 0)
		return;
	fputs(",\"increment\":{", f);
	for (int m = 0; m < METRIC_COUNT; m++)
		fprintf(f, "%s\"%s\":%.0f,\"%s_uncertainty\":%.0f", m ? "," : "",
			key[m], r->inc[m], key[m], r->inc_err[m]);
	fputs(",\"phases\":{", f);
	for (int p = 0; p < r->ndeltas; p++) {
		fputs(p ? "," : "", f);
		json_key(f, r->deltas[p].name);
		fprintf(f, "%.0f", r->deltas[p].ns);
	}
	fputs("}}", f);
}

static void json_rung(FILE *f, const struct ladder *lad, int i)
{
	const struct ladder_rung *r = &lad->rung[i];
	bool any = false;

	fputc('{', f);
	json_key(f, "label");
	json_string(f, r->v.label);
	fputc(',', f);
	json_key(f, "launcher");
	json_string(f, r->v.launcher->name);
	fputc(',', f);
	json_key(f, "options");
	json_string(f, r->v.options);
	fputc(',', f);
	json_key(f, "adds");
	json_string(f, r->adds);
	fputc(',', f);
	json_key(f, "isolation");
	fputc('[', f);
	for (int k = 0; k < ISOLATION_ITEMS; k++)
		if (r->iso.has[k]) {
			fputs(any ? "," : "", f);
			json_string(f, isolation_item_label((enum isolation_item)k));
			any = true;
		}
	fputc(']', f);
	if (r->below >= 0)
		fprintf(f, ",\"below\":%d", r->below);
	if (r->host_reach >= 0)
		fprintf(f, ",\"host_reach\":%d,\"host_reach_passed\":%d,\"host_reach_via\":\"%s\"",
			r->host_reach, r->host_passed,
			r->reach_via_vmm ? "vmm" : "workload");
	else if (r->reach_note[0]) {
		fputc(',', f);
		json_key(f, "host_reach_unknown");
		json_string(f, r->reach_note);
	}
	if (r->skipped[0]) {
		fputc(',', f);
		json_key(f, "skipped");
		json_string(f, r->skipped);
	} else {
		json_medians(f, r);
	}
	fputc('}', f);
}

void ladder_json_member(FILE *f, const struct ladder *lad)
{
	json_key(f, "ladder");
	fputc('{', f);
	json_key(f, "source");
	json_string(f, lad->source);
	fputc(',', f);
	json_key(f, "workload");
	json_string(f, lad->workload);
	fprintf(f, ",\"reps\":%" PRIu64 ",\"warmup\":%" PRIu64 ",\"rungs\":[",
		lad->reps, lad->warmup);
	for (int i = 0; i < lad->n; i++) {
		fputs(i ? "," : "", f);
		json_rung(f, lad, i);
	}
	fputs("]}", f);
}

static int ladder_json(FILE *f, const struct ladder *lad)
{
	json_begin(f, &lad->env);
	fputc(',', f);
	ladder_json_member(f, lad);
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}

int ladder_write(FILE *f, const struct ladder *lad, enum output_format format)
{
	switch (format) {
	case FORMAT_CSV: return ladder_csv(f, lad);
	case FORMAT_JSON: return ladder_json(f, lad);
	default: return ladder_table(f, lad);
	}
}
