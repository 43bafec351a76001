#include "lab/report/report_md.h"

#include <math.h>
#include <string.h>

#include "lab/report/claims.h"
#include "lab/report/configs_md.h"
#include "lab/report/figure_data.h"
#include "lab/report/machines_md.h"
#include "lab/report/report_ladder.h"
#include "lab/report/robust_stats.h"

/* The generated sentences speak of the first machine (of a class too);
 * every machine has its rows in the tables. */
static const struct rd_group *main_group(const struct report_data *rd,
					 const char *launcher)
{
	return rd_main_group(rd, 0, launcher);
}

static const struct rf_probe *probe_of(const struct report_data *rd,
				       const char *launcher)
{
	return rd_probe_of(rd, 0, launcher);
}

static void md_kib(char *buf, size_t len, double kib)
{
	if (kib < 1024)
		snprintf(buf, len, "%.0f KiB", kib);
	else
		snprintf(buf, len, "%.1f MiB", kib / 1024);
}

static void environment(FILE *f, const struct report_data *rd)
{
	fprintf(f, "## Environment\n\n");
	if (rd->nmachines == 1) {
		const struct rf_environment *e = &rd->machines[0].env;

		fprintf(f, "| | |\n|---|---|\n| kernel | %s |\n| CPU | %s, %d cores |\n"
			   "| virtualization | %s (%s) |\n| cgroups | %s |\n| isolab | %s |\n",
			e->kernel, e->cpu_model, e->cores, e->virtualization,
			e->virt_detail, e->cgroup_layout, e->isolab_version);
		if (rd->machines[0].load_max >= 0)
			fprintf(f, "| load average | up to %.2f on %d cores%s |\n",
				rd->machines[0].load_max, e->cores,
				rd->machines[0].busy ? ": busy, other work competed for the CPUs and the numbers are unreliable" : "");
		else
			fprintf(f, "| load average | not recorded |\n");
		fprintf(f, "\nEach file's environment and load: [machines.md](machines.md).\n\n");
		return;
	}
	fprintf(f, "%d machines, grouped by virtualization mode. Hardware virtualization (VT-x/AMD-V) runs guest kernel code natively; software or paravirtual KVM (PVM, as on nested cloud VMs) emulates it, so micro-VM startup and guest system calls are much slower there; without KVM the micro-VM does not run at all. Files with the same kernel, CPU, cores, virtualization and isolab version count as one machine.\n\n",
		rd->nmachines);
	machines_md_table(f, rd);
	fprintf(f, "\n");
}

static void relative_cell(FILE *f, const struct rd_group *g,
			  const struct rd_group *fastest)
{
	const struct stats *s = &g->stats[RD_STARTUP], *r = &fastest->stats[RD_STARTUP];
	struct relative rel = relative_to(s->mean, s->stddev, s->n, r->mean,
					  r->stddev, r->n);

	if (g == fastest)
		fprintf(f, "1.00");
	else if (rel.has_uncertainty)
		fprintf(f, "%.2f ± %.2f", rel.ratio, rel.uncertainty);
	else
		fprintf(f, "%.2f", rel.ratio);
}

static void workload_table(FILE *f, const struct report_data *rd, int m,
			   const char *w)
{
	const struct rd_group *fastest = NULL;

	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rd_group *g = rd_group_find(rd, m, l, w);

		if (g && g->n && (!fastest || g->stats[RD_STARTUP].mean <
						      fastest->stats[RD_STARTUP].mean))
			fastest = g;
	}
	if (!fastest)
		return;
	fprintf(f, "### Workload `%s`\n\n"
		   "| launcher | startup median | startup p95 | relative | run median | teardown median | total median | total p95 | footprint | runs | outliers |\n"
		   "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n", w);
	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rd_group *g = rd_group_find(rd, m, l, w);
		char a[24], b[24], c[24], d[24], e[24], t[24], mem[24];

		if (!g || !g->n)
			continue;
		format_ms(a, sizeof(a), g->stats[RD_STARTUP].median);
		format_ms(b, sizeof(b), g->stats[RD_STARTUP].p95);
		format_ms(c, sizeof(c), g->stats[RD_RUN].median);
		format_ms(d, sizeof(d), g->stats[RD_TEARDOWN].median);
		format_ms(e, sizeof(e), g->stats[RD_TOTAL].median);
		format_ms(t, sizeof(t), g->stats[RD_TOTAL].p95);
		md_kib(mem, sizeof(mem), rd_footprint_kib(g));
		fprintf(f, "| %s | %s | %s | ", rd->launchers[l], a, b);
		relative_cell(f, g, fastest);
		fprintf(f, " | %s | %s | %s | %s | %s | %zu%s | %zu%s |\n", c, d, e, t,
			mem, g->n, g->failed ? " (+failed)" : "", g->outliers,
			g->outliers ? " ⚠" : "");
	}
	fprintf(f, "\n");
}

static void notes(FILE *f, const struct report_data *rd)
{
	bool any = false;

	for (size_t i = 0; i < rd->ngroups; i++) {
		const struct rd_group *g = &rd->groups[i];
		const char *who = rd->machines[g->machine].label;

		if (g->failed)
			fprintf(f, "- %s, `%s`%s%s: %zu run%s failed (crash, timeout or non-zero exit) and %s left out of the statistics.\n",
				rd->launchers[g->launcher], g->workload,
				rd->nmachines > 1 ? " on " : "", rd->nmachines > 1 ? who : "",
				g->failed, g->failed == 1 ? "" : "s", g->failed == 1 ? "is" : "are");
		if (g->outliers)
			fprintf(f, "- ⚠ %s, `%s`%s%s: %zu statistical outlier%s in startup (modified z-score above %.1f). Other programs may have disturbed the measurement; run again on a quiet machine.\n",
				rd->launchers[g->launcher], g->workload,
				rd->nmachines > 1 ? " on " : "", rd->nmachines > 1 ? who : "",
				g->outliers, g->outliers == 1 ? "" : "s", OUTLIER_THRESHOLD);
		if (g->slow_first) {
			char first[24];

			format_ms(first, sizeof(first), g->samples[RD_STARTUP][0]);
			fprintf(f, "- %s, `%s`%s%s: the first run was much slower (%s) than the rest: caches were still cold. Use more `--warmup` runs.\n",
				rd->launchers[g->launcher], g->workload,
				rd->nmachines > 1 ? " on " : "", rd->nmachines > 1 ? who : "",
				first);
		}
		any |= g->failed || g->outliers || g->slow_first;
	}
	if (any)
		fprintf(f, "\n");
}

static void tables(FILE *f, const struct report_data *rd)
{
	if (!rd->ngroups)
		return;
	fprintf(f, "## Startup, run and teardown\n\n"
		   "Medians and 95th percentiles of every successful run. *relative* is the launcher's mean startup divided by the fastest launcher's, ± the uncertainty propagated from both standard deviations (as hyperfine reports it). *footprint* is the median workload peak plus isolation overhead plus KVM's kernel memory.\n\n");
	if (rd->nmachines == 1) {
		for (int w = 0; w < rd->nworkloads; w++)
			workload_table(f, rd, 0, rd->workloads[w]);
	} else {
		const char *w = rd_main_workload(rd);

		fprintf(f, "Median startup of `%s` per machine:\n\n| machine | virtualization |", w);
		for (int l = 0; l < rd->nlaunchers; l++)
			fprintf(f, " %s |", rd->launchers[l]);
		fprintf(f, "\n|---|---|");
		for (int l = 0; l < rd->nlaunchers; l++)
			fprintf(f, "--:|");
		fprintf(f, "\n");
		for (int m = 0; m < rd->nmachines; m++) {
			fprintf(f, "| %s | %s |", rd->machines[m].label,
				rd->machines[m].env.virtualization);
			for (int l = 0; l < rd->nlaunchers; l++) {
				const struct rd_group *g = rd_group_find(rd, m, l, w);
				char a[24] = "not run";

				if (g && g->n)
					format_ms(a, sizeof(a), g->stats[RD_STARTUP].median);
				fprintf(f, " %s |", a);
			}
			fprintf(f, "\n");
		}
		fprintf(f, "\n");
	}
	notes(f, rd);
}

/* Sentences: what each figure shows in this data. */
static void say_startup(FILE *f, const struct report_data *rd)
{
	const struct rd_group *p = main_group(rd, "process"),
			      *c = main_group(rd, "container"),
			      *v = main_group(rd, "microvm");
	char a[24], b[24];

	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rd_group *g = main_group(rd, rd->launchers[l]);

		if (!g || !g->n)
			continue;
		format_ms(a, sizeof(a), g->stats[RD_STARTUP].median);
		format_ms(b, sizeof(b), g->stats[RD_STARTUP].p95);
		fprintf(f, "The %s started `%s` in %s median (p95 %s, %zu runs). ",
			rd->launchers[l], g->workload, a, b, g->n);
	}
	if (v && v->n && v->stats[RD_STARTUP].median < 1e9)
		fprintf(f, "Booting the micro-VM, its own VMM and guest kernel included, took milliseconds, not the seconds a full VM with firmware needs. ");
	if (c && c->n && p && p->n && p->stats[RD_STARTUP].median > 0)
		fprintf(f, "With its namespaces, root file system and cgroup, the container's median startup was %.1f× the plain process's.",
			c->stats[RD_STARTUP].median / p->stats[RD_STARTUP].median);
	fprintf(f, "\n");
}

static void say_phases(FILE *f, const struct report_data *rd)
{
	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rd_group *g = main_group(rd, rd->launchers[l]);
		int big = 0;
		char a[24], b[24];

		if (!g || !g->nphases)
			continue;
		for (int p = 1; p < g->nphases; p++)
			if (g->phases[p].value > g->phases[big].value)
				big = p;
		format_ms(a, sizeof(a), g->phases[big].value);
		format_ms(b, sizeof(b), g->stats[RD_STARTUP].median);
		fprintf(f, "The %s's largest startup phase was `%s`, %s of its %s median. ",
			rd->launchers[l], g->phases[big].name, a, b);
	}
	fprintf(f, "\n");
}

static void say_times(FILE *f, const struct report_data *rd)
{
	for (int w = 0; w < rd->nworkloads; w++) {
		const struct rd_group *lo = NULL, *hi = NULL;
		char a[24], b[24];

		for (int l = 0; l < rd->nlaunchers; l++) {
			const struct rd_group *g = rd_group_find(rd, 0, l, rd->workloads[w]);

			if (!g || !g->n)
				continue;
			if (!lo || g->stats[RD_TOTAL].median < lo->stats[RD_TOTAL].median)
				lo = g;
			if (!hi || g->stats[RD_TOTAL].median > hi->stats[RD_TOTAL].median)
				hi = g;
		}
		if (!lo)
			continue;
		format_ms(a, sizeof(a), lo->stats[RD_TOTAL].median);
		format_ms(b, sizeof(b), hi->stats[RD_TOTAL].median);
		if (lo == hi)
			fprintf(f, "With `%s`, only the %s ran: %s median total time. ",
				rd->workloads[w], rd->launchers[lo->launcher], a);
		else
			fprintf(f, "With `%s`, the median total time ran from %s (%s) to %s (%s). ",
				rd->workloads[w], a, rd->launchers[lo->launcher], b,
				rd->launchers[hi->launcher]);
	}
	fprintf(f, "\n");
}

static void say_memory(FILE *f, const struct report_data *rd)
{
	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rd_group *g = main_group(rd, rd->launchers[l]);
		char a[24], b[24], c[24];

		if (!g || !g->n)
			continue;
		md_kib(a, sizeof(a), g->peak_kib);
		md_kib(b, sizeof(b), g->overhead_kib);
		md_kib(c, sizeof(c), g->kvm_kib);
		fprintf(f, "Under the %s, `%s` peaked at %s and the isolation added %s%s%s. ",
			rd->launchers[l], g->workload, a, b,
			g->kvm_kib > 0 ? ", plus an estimated KVM kernel memory of " : "",
			g->kvm_kib > 0 ? c : "");
	}
	fprintf(f, "\n");
}

static void say_reach(FILE *f, const struct report_data *rd)
{
	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rf_probe *p = probe_of(rd, rd->launchers[l]);

		if (!p)
			continue;
		fprintf(f, "Under the %s, the workload talked to the %s kernel: %d system call numbers were reached, %d denied, %d blocked and %d absent; %d reach the host kernel directly. ",
			rd->launchers[l], p->guest_kernel ? "guest" : "host",
			p->count[REACH_REACHED], p->count[REACH_DENIED],
			p->count[REACH_BLOCKED], p->count[REACH_ABSENT], p->host_direct);
	}
	fprintf(f, "\n");
}

static void say_strip(FILE *f, const struct report_data *rd)
{
	(void)rd;
	fprintf(f, "Each cell is one system call number, in the colour (and height) of its class: a run of *blocked* cells is a seccomp filter at work, gaps of *reached* cells among them are what the filter lets through.\n");
}

static void say_density(FILE *f, const struct report_data *rd, bool memory)
{
	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rf_density *best = NULL;
		char a[24];

		for (size_t i = 0; i < rd->ndensity; i++)
			if (rd->density[i].machine == 0 && rd->density[i].launcher == l &&
			    (!best || rd->density[i].step->ready > best->ready))
				best = rd->density[i].step;
		if (!best || !best->ready)
			continue;
		if (memory && best->below_noise)
			snprintf(a, sizeof(a), "below noise");
		else if (memory)
			md_kib(a, sizeof(a), best->per_instance_kib);
		else
			format_ms(a, sizeof(a), best->all_ready_ns);
		fprintf(f, "%s %.0f %s instances%s: %s. ",
			memory ? "Memory per instance, with" : "Time until all of",
			best->ready, rd->launchers[l],
			memory ? " up" : " were ready", a);
		if (memory && best->below_noise)
			fprintf(f, "(The host's available memory moved more than %s instances took: too little to measure this way.) ",
				rd->launchers[l]);
	}
	fprintf(f, "\n");
}

static void say_exits(FILE *f, const struct report_data *rd)
{
	for (size_t i = 0; i < rd->ngroups; i++) {
		const struct rd_group *g = &rd->groups[i];
		int big = 0;

		if (g->machine || !g->nexits)
			continue;
		for (int e = 1; e < g->nexits; e++)
			if (g->exits[e].value > g->exits[big].value)
				big = e;
		fprintf(f, "With `%s`, the most frequent VM exit was `%s`, %.0f per run (median). ",
			g->workload, g->exits[big].name + 5, g->exits[big].value);
	}
	fprintf(f, "Every exit is a trip from the guest to KVM and often to the VMM; on software or paravirtual KVM each costs microseconds.\n");
}

/* A class-wide figure: per launcher, the machines at either end. Row r
 * of the figure is machine r. */
static void say_class(FILE *f, const struct report_data *rd,
		      const struct figure *fig)
{
	const struct fig_block *b = &fig->blocks[0];

	for (int c = 1; c < fig->ncols; c++) {
		double lo = INFINITY, hi = -INFINITY;
		size_t ilo = 0, ihi = 0;

		for (size_t r = 0; r < b->nrows && r < (size_t)rd->nmachines; r++) {
			double v = b->cells[r * fig->ncols + c];

			if (isnan(v))
				continue;
			if (v < lo)
				lo = v, ilo = r;
			if (v > hi)
				hi = v, ihi = r;
		}
		if (isinf(lo))
			continue;
		if (lo == hi)
			fprintf(f, "%s: %.3g on every machine that ran it. ",
				fig->cols[c].name, lo);
		else
			fprintf(f, "%s: from %.3g on %s (%s) to %.3g on %s (%s). ",
				fig->cols[c].name, lo, rd->machines[ilo].label,
				rd->machines[ilo].env.virtualization, hi,
				rd->machines[ihi].label,
				rd->machines[ihi].env.virtualization);
	}
	fprintf(f, "The numbers are the figure's y axis: %s.\n", fig->ylabel);
}

/* A sweep: per line, where it starts and ends. */
static void say_sweep(FILE *f, const struct figure *fig)
{
	for (int b = 0; b < fig->nblocks; b++) {
		const struct fig_block *blk = &fig->blocks[b];
		const double *first = blk->cells, *last;

		if (blk->nrows < 2)
			continue;
		last = blk->cells + (blk->nrows - 1) * (size_t)fig->ncols;
		fprintf(f, "%s: %.3g %s at %s:%g, %.3g %s at %s:%g (%.2f× for %.3g× the %s). ",
			blk->title, first[1], fig->cols[1].unit, fig->cols[0].name,
			first[0], last[1], fig->cols[1].unit, fig->cols[0].name,
			last[0], first[1] > 0 ? last[1] / first[1] : NAN,
			last[0] / first[0], fig->cols[0].name);
	}
	fprintf(f, "(%s.)\n", fig->ylabel);
}

static void say(FILE *f, const struct report_data *rd, const struct figure *fig)
{
	if (strncmp(fig->name, "class-", 6) == 0)
		say_class(f, rd, fig);
	else if (strcmp(fig->name, "startup") == 0)
		say_startup(f, rd);
	else if (strcmp(fig->name, "phases") == 0)
		say_phases(f, rd);
	else if (strcmp(fig->name, "times") == 0)
		say_times(f, rd);
	else if (strcmp(fig->name, "memory") == 0)
		say_memory(f, rd);
	else if (strcmp(fig->name, "reach") == 0)
		say_reach(f, rd);
	else if (strcmp(fig->name, "reach-strip") == 0)
		say_strip(f, rd);
	else if (strcmp(fig->name, "density-ready") == 0)
		say_density(f, rd, false);
	else if (strcmp(fig->name, "density-memory") == 0)
		say_density(f, rd, true);
	else if (strcmp(fig->name, "vm-exits") == 0)
		say_exits(f, rd);
	else if (strcmp(fig->name, "ladder") == 0)
		report_ladder_say(f, rd);
	else if (strncmp(fig->name, "sweep-", 6) == 0)
		say_sweep(f, fig);
}

static void figures(FILE *f, const struct report_md *r)
{
	fprintf(f, "## Figures\n\n");
	if (!r->images)
		fprintf(f, "The images are not rendered yet: run `gnuplot *.gp` in this directory.\n\n");
	for (int i = 0; i < r->figs->n; i++) {
		const struct figure *fig = &r->figs->figs[i];

		fprintf(f, "### %s\n\n", fig->title);
		if (r->images)
			fprintf(f, "![%s](%s.%s)\n\n", fig->title, fig->name, r->image_format);
		say(f, r->rd, fig);
		fprintf(f, "\nData: [`%s.dat`](%s.dat), script: [`%s.gp`](%s.gp).\n\n",
			fig->name, fig->name, fig->name, fig->name);
	}
}

/* Each claim ends with its verdict on this data, stated the same way
 * whichever way it goes. */
static const char *verdict_words(enum claim_verdict v)
{
	return v == CLAIM_HOLDS		? "holds"
	       : v == CLAIM_DOES_NOT_HOLD ? "does not hold"
					  : "not measured";
}

static void claim_memory(FILE *f, const struct report_data *rd, enum claim_verdict v)
{
	const struct rd_group *c = main_group(rd, "container"), *vm = main_group(rd, "microvm");
	char a[24], b[24];

	if (v == CLAIM_NOT_MEASURED) {
		fprintf(f, "Not measured here: it needs both the container and the micro-VM.\n");
		return;
	}
	md_kib(a, sizeof(a), rd_footprint_kib(vm));
	md_kib(b, sizeof(b), rd_footprint_kib(c));
	fprintf(f, "Micro-VM footprint %s, container %s for `%s` (ratio %.2f): the claim %s in this measurement.\n",
		a, b, vm->workload,
		rd_footprint_kib(c) > 0 ? rd_footprint_kib(vm) / rd_footprint_kib(c) : INFINITY,
		verdict_words(v));
}

static void claim_slow(FILE *f, const struct report_data *rd, enum claim_verdict v)
{
	const struct rd_group *vm = main_group(rd, "microvm"), *c = main_group(rd, "container"),
			      *p = main_group(rd, "process");
	const struct rd_group *other = claim_slow_baseline(rd, 0);
	char a[24], b[24];

	if (v == CLAIM_NOT_MEASURED) {
		fprintf(f, "Not measured here: it needs the micro-VM and the container or the process.\n");
		return;
	}
	format_ms(a, sizeof(a), vm->stats[RD_STARTUP].median);
	fprintf(f, "The micro-VM started in %s median", a);
	if (c && c->n) {
		format_ms(b, sizeof(b), c->stats[RD_STARTUP].median);
		fprintf(f, ", %.2f× the container's %s", vm->stats[RD_STARTUP].median /
							  c->stats[RD_STARTUP].median, b);
	}
	if (p && p->n) {
		format_ms(b, sizeof(b), p->stats[RD_STARTUP].median);
		fprintf(f, " and %.2f× the process's %s", vm->stats[RD_STARTUP].median /
							   p->stats[RD_STARTUP].median, b);
	}
	fprintf(f, ": against the %s, the claim %s in this measurement.",
		rd->launchers[other->launcher], verdict_words(v));
	fprintf(f, " A minimal VM with its own small kernel and no firmware %s; a general-purpose VM booting firmware and a full kernel takes far longer.\n",
		vm->stats[RD_STARTUP].median < 1e9 ? "starts in milliseconds"
						   : "took over a second here");
}

static void claim_kernel(FILE *f, const struct report_data *rd, enum claim_verdict v)
{
	const struct rf_probe *c = probe_of(rd, "container"), *p = probe_of(rd, "process");

	if (v == CLAIM_NOT_MEASURED) {
		fprintf(f, "Not measured here: run `isolab probe`.\n");
		return;
	}
	fprintf(f, "The container's workload talked to the %s kernel: %d system call numbers reached the host kernel directly",
		c->guest_kernel ? "guest" : "host", c->host_direct);
	if (p)
		fprintf(f, " (a plain process: %d; the container's seccomp filter blocked %d)",
			p->host_direct, c->count[REACH_BLOCKED]);
	fprintf(f, ": the claim %s in this measurement.\n", verdict_words(v));
}

static void claim_least(FILE *f, const struct report_data *rd, enum claim_verdict v)
{
	int probed = 0;

	if (v == CLAIM_NOT_MEASURED) {
		fprintf(f, "Not measured here: it needs `isolab probe` of the process and another launcher.\n");
		return;
	}
	fprintf(f, "System call numbers that reached the host kernel directly:");
	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rf_probe *p = probe_of(rd, rd->launchers[l]);

		if (p)
			fprintf(f, "%s %s %d", probed++ ? ";" : "", rd->launchers[l],
				p->host_direct);
	}
	if (v == CLAIM_HOLDS)
		fprintf(f, ". The process reached the most, so by this measure the claim holds in this measurement.");
	else
		fprintf(f, ". The %s reached more than the process, so by this measure the claim does not hold in this measurement.",
			rd->launchers[claim_most_reach(rd, 0)]);
	fprintf(f, " Syscall reach is one measure of isolation; namespaces, cgroups and capabilities are others.\n");
}

static void claims_one_machine(FILE *f, const struct report_data *rd)
{
	static void (*const say_claim[CLAIM_COUNT])(FILE *, const struct report_data *,
						    enum claim_verdict) = {
		[CLAIM_VM_MEMORY] = claim_memory, [CLAIM_VM_SLOW] = claim_slow,
		[CLAIM_SHARED_KERNEL] = claim_kernel, [CLAIM_PROCESS_LEAST] = claim_least,
	};

	fprintf(f, "## Claims checked\n\nClassic textbook claims, held against this measurement.\n\n");
	for (int c = 0; c < CLAIM_COUNT; c++) {
		fprintf(f, "- **%s** ", claim_statement(c));
		say_claim[c](f, rd, claim_judge(rd, 0, c));
	}
}

/* A class: how often each claim held, then each machine's verdicts. */
static void claims_per_machine(FILE *f, const struct report_data *rd)
{
	fprintf(f, "## Claims checked, machine by machine\n\n"
		   "Classic textbook claims, held against each machine's measurement "
		   "(a report of one machine's files says how, in sentences).\n\n"
		   "| claim | holds | does not hold | not measured |\n|---|---|---|---|\n");
	for (int c = 0; c < CLAIM_COUNT; c++) {
		int n[CLAIM_NVERDICTS] = { 0 };

		for (int m = 0; m < rd->nmachines; m++)
			n[claim_judge(rd, m, c)]++;
		fprintf(f, "| %s | %d | %d | %d |\n", claim_statement(c),
			n[CLAIM_HOLDS], n[CLAIM_DOES_NOT_HOLD], n[CLAIM_NOT_MEASURED]);
	}
	fprintf(f, "\n| machine |");
	for (int c = 0; c < CLAIM_COUNT; c++)
		fprintf(f, " %s |", claim_short(c));
	fprintf(f, "\n|---|");
	for (int c = 0; c < CLAIM_COUNT; c++)
		fprintf(f, "---|");
	fprintf(f, "\n");
	for (int m = 0; m < rd->nmachines; m++) {
		fprintf(f, "| ");
		machines_md_text(f, rd->machines[m].label);
		fprintf(f, " |");
		for (int c = 0; c < CLAIM_COUNT; c++)
			fprintf(f, " %s |", verdict_words(claim_judge(rd, m, c)));
		fprintf(f, "\n");
	}
}

int report_md_write(FILE *f, const void *ctx)
{
	const struct report_md *r = ctx;

	fprintf(f, "# %s\n\n", r->title ? r->title : "isolab report");
	fprintf(f, "Written by `isolab report` from %zu launcher/workload series, %zu probe reports, %zu density steps and %zu ladder rungs.\n\n",
		r->rd->ngroups, r->rd->nprobes, r->rd->ndensity, r->rd->nrungs);
	environment(f, r->rd);
	configs_md_section(f, r->rd);
	tables(f, r->rd);
	figures(f, r);
	if (r->rd->nmachines == 1)
		claims_one_machine(f, r->rd);
	else if (r->rd->nmachines > 1)
		claims_per_machine(f, r->rd);
	return ferror(f) ? -1 : 0;
}
