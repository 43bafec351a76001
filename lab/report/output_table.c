#include "lab/report/output.h"

#include <stdlib.h>
#include <string.h>

#include "lab/report/not_run_output.h"
#include "lab/host/text.h"

void table_cell(FILE *f, const char *text, int width)
{
	int cols = 0;

	for (const char *c = text; *c; c++)
		cols += ((unsigned char)*c & 0xc0) != 0x80;
	fputs(text, f);
	for (; cols < width; cols++)
		fputc(' ', f);
}

/* The first or the last run of a summary's group. */
static const struct launch_result *group_run(const struct result_set *rs,
					     const struct summary *s, bool last)
{
	const struct launch_result *found = NULL;

	for (size_t i = 0; i < rs->nruns; i++)
		if (run_in_summary(&rs->runs[i], s)) {
			found = &rs->runs[i].res;
			if (!last)
				break;
		}
	return found;
}

/* "exit 0", "SIGSEGV", "timeout", "OOM", of one run. */
static void outcome(char *buf, size_t len, const struct launch_result *r)
{
	if (r->timed_out)
		snprintf(buf, len, "timeout");
	else if (r->interrupted)
		snprintf(buf, len, "interrupted");
	else if (r->oom_killed)
		snprintf(buf, len, "OOM");
	else if (r->signal)
		format_signal(buf, len, r->signal);
	else
		snprintf(buf, len, "exit %d", r->exit_code);
}

/* "    fault: ...", one line whatever the text holds. */
static void print_line(FILE *f, const char *label, const char *text,
		       size_t len)
{
	char shown[TEXT_ESCAPED_SIZE(256)];

	fprintf(f, "    %s: %s\n", label, text_escape(shown, sizeof(shown), text, len));
}

/* The group's outcomes: "exit 0" when every run ended alike, else
 * "mixed: exit 3 ×9, SIGSEGV ×3", the most common first (ties: first
 * seen), so one crash among exits is never hidden behind a count. */
static void group_outcome(char *buf, size_t len, const struct result_set *rs,
			  const struct summary *s)
{
	enum { MAX_KINDS = 6 };
	struct { char text[32]; size_t n; } kind[MAX_KINDS];
	size_t nkinds = 0, other = 0, used;

	for (size_t i = 0; i < rs->nruns; i++) {
		char text[32];
		size_t k;

		if (!run_in_summary(&rs->runs[i], s))
			continue;
		outcome(text, sizeof(text), &rs->runs[i].res);
		for (k = 0; k < nkinds && strcmp(kind[k].text, text); k++)
			;
		if (k == nkinds && nkinds == MAX_KINDS) {
			other++;
			continue;
		}
		if (k == nkinds) {
			snprintf(kind[k].text, sizeof(kind[k].text), "%s", text);
			kind[nkinds++].n = 0;
		}
		kind[k].n++;
	}
	if (nkinds == 1 && !other) {
		snprintf(buf, len, "%s", kind[0].text);
		return;
	}
	/* Stable sort by count, descending (a handful of entries). */
	for (size_t a = 1; a < nkinds; a++)
		for (size_t b = a; b > 0 && kind[b].n > kind[b - 1].n; b--) {
			__typeof__(kind[0]) t = kind[b];

			kind[b] = kind[b - 1];
			kind[b - 1] = t;
		}
	used = (size_t)snprintf(buf, len, "mixed:");
	for (size_t k = 0; k < nkinds && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%s %s ×%zu",
					 k ? "," : "", kind[k].text, kind[k].n);
	if (other && used < len)
		snprintf(buf + used, len - used, ", other ×%zu", other);
}

static void print_phases(FILE *f, const struct summary *s)
{
	fprintf(f, "    phases (median):");
	for (int p = 0; p < s->nphases; p++) {
		char t[32];

		format_ns(t, sizeof(t), (double)s->phase_median[p].ns);
		fprintf(f, "%s %s %s", p ? "," : "", s->phase_median[p].name, t);
	}
	fprintf(f, "\n");
}

/* The launcher's one-time cost, paid before its first run. */
static void print_session(FILE *f, const struct session_record *s)
{
	char t[32];

	if (!s)
		return;
	if (s->cold) {
		fprintf(f, "    session: cold (--cold): every run paid it inside its startup\n");
		return;
	}
	if (!s->nphases) {
		fprintf(f, "    session: none (nothing to pay once)\n");
		return;
	}
	format_ns(t, sizeof(t), (double)s->total_ns);
	fprintf(f, "    session (once, not in startup): %s", t);
	for (int p = 0; p < s->nphases; p++) {
		format_ns(t, sizeof(t), (double)s->phases[p].ns);
		fprintf(f, "%s %s %s", p ? "," : ":", s->phases[p].name, t);
	}
	fprintf(f, "\n");
}

int output_table(FILE *f, const struct result_set *rs, bool phases)
{
	const struct environment *e = &rs->env;
	size_t count;
	struct summary *sums = result_set_summarize(rs, &count);

	if (!sums)
		return -1;
	int width = 10; /* a variant's label may be longer than a launcher's */
	bool variants = false;

	for (size_t i = 0; i < count; i++) {
		if ((int)strlen(summary_name(&sums[i])) > width)
			width = (int)strlen(summary_name(&sums[i]));
		variants |= sums[i].variant != NULL;
	}
	output_environment_line(f, e);
	fprintf(f, "%-*s %-14s %4s  %-10s %-10s %-10s %-10s %-10s %-10s  %s\n",
		width, variants ? "variant" : "launcher", "workload", "n", "startup", "(p95)", "run",
		"teardown", "total", "footprint", "outcome");
	for (size_t i = 0; i < count; i++) {
		const struct summary *s = &sums[i];
		const struct launch_result *first = group_run(rs, s, false);
		char st[24], p95[24], run[24], td[24], tot[24], fp[24], out[160];
		char iso[400];

		format_ns(st, sizeof(st), s->metric[METRIC_STARTUP].median);
		format_ns(p95, sizeof(p95), s->metric[METRIC_STARTUP].p95);
		format_ns(run, sizeof(run), s->metric[METRIC_RUN].median);
		format_ns(td, sizeof(td), s->metric[METRIC_TEARDOWN].median);
		format_ns(tot, sizeof(tot), s->metric[METRIC_TOTAL].median);
		format_kib(fp, sizeof(fp), s->metric[METRIC_FOOTPRINT].median);
		group_outcome(out, sizeof(out), rs, s);
		const char *cells[] = { st, p95, run, td, tot, fp };

		char name[TEXT_ESCAPED_SIZE(sizeof(rs->runs[0].workload))];

		text_escape(name, sizeof(name), s->workload,
			    sizeof(rs->runs[0].workload));
		fprintf(f, "%-*s ", width, summary_name(s));
		table_cell(f, name, 14);
		fprintf(f, " %4zu  ", s->n);
		for (size_t c = 0; c < sizeof(cells) / sizeof(cells[0]); c++)
			table_cell(f, cells[c], 11);
		fprintf(f, " %s\n", out);
		if (first && first->fault[0])
			print_line(f, "fault", first->fault, sizeof(first->fault));
		if (first && first->note[0])
			print_line(f, "note", first->note, sizeof(first->note));
		if (s->variant)
			fprintf(f, "    %s launcher; isolates: %s\n", s->launcher,
				isolation_describe(&s->iso, iso, sizeof(iso)));
		if (phases) {
			print_phases(f, s);
			print_session(f, result_set_session(rs, s->launcher, s->variant));
		}
	}
	not_run_table(f, &rs->not_run);
	fprintf(f, "\nmedians over n runs; startup = launch request to workload ready; footprint = workload peak RSS + isolation overhead\n");
	output_load_warning(f, e);
	free(sums);
	return ferror(f) ? -1 : 0;
}
