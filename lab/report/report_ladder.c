/* report_ladder: the ladder's table and sentences (report_ladder.h). */
#include "lab/report/report_ladder.h"

#include <math.h>
#include <string.h>

#include "lab/report/figure_data.h"

/* The rung that ran below rung i, or NULL. */
static const struct rf_rung *below(const struct report_data *rd, size_t i)
{
	while (i-- > 0)
		if (!rd->rungs[i].skipped[0])
			return &rd->rungs[i];
	return NULL;
}

/* "+1.30 ms" */
static void signed_ms(char *buf, size_t len, double ns)
{
	char v[24];

	format_ms(v, sizeof(v), fabs(ns));
	snprintf(buf, len, "%s%.22s", ns < 0 ? "-" : "+", v);
}

/* "mounts 1.10 ms": the phase the increment went to most, or "". */
static void top_phase(const struct rf_rung *r, char *buf, size_t len)
{
	const struct rf_named *top = NULL;
	char v[24];

	buf[0] = '\0';
	for (int p = 0; p < r->ndeltas; p++)
		if (r->deltas[p].value > 0 && (!top || r->deltas[p].value > top->value))
			top = &r->deltas[p];
	if (!top)
		return;
	format_ms(v, sizeof(v), top->value);
	snprintf(buf, len, "%.38s %.22s", top->name, v);
}

static void table(FILE *f, const struct report_data *rd)
{
	fprintf(f, "\n| rung | launcher | startup | increment (95%%) | most of it in | host reach |\n"
		   "|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rd->nrungs; i++) {
		const struct rf_rung *r = &rd->rungs[i];
		char a[24], b[32], c[24], where[64];

		if (r->skipped[0]) {
			fprintf(f, "| %s | %s | not run | | | |\n", r->label, r->launcher);
			continue;
		}
		format_ms(a, sizeof(a), r->startup_ns);
		signed_ms(b, sizeof(b), r->inc_startup_ns);
		format_ms(c, sizeof(c), r->inc_startup_err_ns);
		top_phase(r, where, sizeof(where));
		fprintf(f, "| %s | %s | %s | ", r->label, r->launcher, a);
		if (r->has_increment)
			fprintf(f, "%s ± %s", b, c);
		fprintf(f, " | %s | ", where);
		if (r->host_reach >= 0)
			fprintf(f, "%d", r->host_reach);
		fprintf(f, " |\n");
	}
	fputc('\n', f);
}

/* The top container rung that ran: "the container" of the sentences. */
static const struct rf_rung *container_top(const struct report_data *rd)
{
	const struct rf_rung *top = NULL;

	for (size_t i = 0; i < rd->nrungs; i++)
		if (!rd->rungs[i].skipped[0] &&
		    strcmp(rd->rungs[i].launcher, "container") == 0)
			top = &rd->rungs[i];
	return top;
}

static void most_expensive(FILE *f, const struct report_data *rd)
{
	const struct rf_rung *most = NULL, *ct = container_top(rd);
	char v[32], where[64];

	for (size_t i = 0; i < rd->nrungs; i++) {
		const struct rf_rung *r = &rd->rungs[i];

		if (!r->skipped[0] && r->has_increment &&
		    strcmp(r->launcher, "microvm") != 0 &&
		    (!most || r->inc_startup_ns > most->inc_startup_ns))
			most = r;
	}
	if (!most || most->inc_startup_ns <= 0)
		return;
	signed_ms(v, sizeof(v), most->inc_startup_ns);
	top_phase(most, where, sizeof(where));
	fprintf(f, "The most expensive rung here is **%s** (%s", most->label, v);
	if (ct && ct->startup_ns > 0)
		fprintf(f, ", %.0f%% of the container's startup", 100 * most->inc_startup_ns / ct->startup_ns);
	fprintf(f, ")%s%s. ", where[0] ? "; most of it goes to " : "", where);
}

static void reach_takers(FILE *f, const struct report_data *rd)
{
	for (size_t i = 0; i < rd->nrungs; i++) {
		const struct rf_rung *r = &rd->rungs[i], *b = below(rd, i);
		char v[32];

		if (r->skipped[0] || !b || r->host_reach < 0 || b->host_reach < 0 ||
		    r->host_reach >= b->host_reach)
			continue;
		signed_ms(v, sizeof(v), r->inc_startup_ns);
		fprintf(f, "%s costs %s and removes %d system calls from the host's reach (%d left). ",
			r->label, v, b->host_reach - r->host_reach, r->host_reach);
	}
}

static void cheaper(FILE *f, const struct report_data *rd)
{
	int noise = 0, real = 0;

	for (size_t i = 0; i < rd->nrungs; i++) {
		const struct rf_rung *r = &rd->rungs[i];

		if (r->skipped[0] || !r->has_increment || r->inc_startup_ns >= 0)
			continue;
		if (-r->inc_startup_ns <= r->inc_startup_err_ns)
			noise++;
		else
			real++;
	}
	if (noise)
		fprintf(f, "%d rung%s came out cheaper than the one below within the uncertainty: noise, not a saving. ",
			noise, noise > 1 ? "s" : "");
	if (real)
		fprintf(f, "%d rung%s came out cheaper than the one below beyond the uncertainty; measure again with a larger -n on a quiet machine before believing it. ",
			real, real > 1 ? "s" : "");
}

void report_ladder_say(FILE *f, const struct report_data *rd)
{
	const struct rf_rung *first = NULL, *last = NULL;
	char a[24], b[24];

	for (size_t i = 0; i < rd->nrungs; i++)
		if (!rd->rungs[i].skipped[0]) {
			first = first ? first : &rd->rungs[i];
			last = &rd->rungs[i];
		}
	if (!first)
		return;
	format_ms(a, sizeof(a), first->startup_ns);
	format_ms(b, sizeof(b), last->startup_ns);
	fprintf(f, "From %s to %s, startup grows from %s to %s (medians; each rung's increment is its median minus the one below's, so they add up). ",
		first->label, last->label, a, b);
	most_expensive(f, rd);
	reach_takers(f, rd);
	cheaper(f, rd);
	for (size_t i = 0; i < rd->nrungs; i++)
		if (rd->rungs[i].skipped[0])
			fprintf(f, "%s did not run here: %s. ", rd->rungs[i].label,
				rd->rungs[i].skipped);
	fputc('\n', f);
	table(f, rd);
}
