#include "lab/report/figure_data.h"
#include "lab/report/figure_sweep.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NS_PER_MS 1e6
#define KIB_PER_MIB 1024.0

void environment_footnote(const struct rf_environment *env, char *buf,
			  size_t len)
{
	/* Two lines: the machine, then its virtualization, which the load
	 * and options follow; one line ran off a PNG's right edge. */
	snprintf(buf, len, "isolab %.20s | %.100s | %.80s, %d core%s\nKVM: %.31s%s%.80s%s",
		 env->isolab_version, env->kernel, env->cpu_model, env->cores,
		 env->cores == 1 ? "" : "s",
		 env->virtualization, env->virt_detail[0] ? " (" : "",
		 env->virt_detail, env->virt_detail[0] ? ")" : "");
}

void format_ms(char *buf, size_t len, double ns)
{
	if (ns < 1e6)
		snprintf(buf, len, "%.0f µs", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.*f ms", ns < 1e7 ? 2 : 1, ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", ns / 1e9);
}

static void titled(struct figure *fig, const char *prefix, const char *title)
{
	snprintf(fig->title, sizeof(fig->title), "%s%s%s", prefix ? prefix : "",
		 prefix ? ": " : "", title);
}

/* Several machines: each one's kernel and CPU would not fit, so the
 * footnote gives the isolab versions and how many ran busy, and points to
 * the table of machines. */
static void class_footnote(const struct report_data *rd, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "%d machines, ordered by virtualization mode | isolab ",
				       rd->nmachines);
	int busy = 0;

	for (int m = 0; m < rd->nmachines; m++) {
		bool seen = false;

		busy += rd->machines[m].busy;
		for (int k = 0; k < m; k++)
			seen |= strcmp(rd->machines[k].env.isolab_version,
				       rd->machines[m].env.isolab_version) == 0;
		if (!seen && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 m ? ", " : "", rd->machines[m].env.isolab_version);
	}
	if (used < len)
		snprintf(buf + used, len - used,
			 "\neach machine's kernel, CPU, cores and load: machines.md%s",
			 busy ? " (some ran busy: load above their core count)" : "");
}

/* The options that are not the default, "strict seccomp=strict", when
 * they fit in `room` characters; "" when none or too long (report.md's
 * configurations list them all). A launcher whose files disagree is
 * said to differ instead. */
static void nondefault_options(const struct report_data *rd, char *buf,
			       size_t room)
{
	size_t used = 0;
	bool conflict = false;

	buf[0] = '\0';
	for (size_t i = 0; i < rd->nconfigs; i++) {
		const struct rd_config *c = &rd->configs[i];

		conflict |= c->conflict;
		for (int o = 0; c->session && o < c->session->noptions; o++)
			if (c->nondefault[o] && used < room)
				used += (size_t)snprintf(buf + used, room - used,
							 "%s%s %s=%s", used ? ", " : "",
							 rd->launchers[c->launcher],
							 c->session->options[o].name,
							 c->session->options[o].value);
	}
	if (conflict)
		snprintf(buf, room, "options differ between files (report.md)");
	else if (used >= room - 1)
		buf[0] = '\0';
}

/* Figures measured on a busy machine say so: the load is part of what
 * a reader needs to judge the numbers. */
static void footnote(const struct report_data *rd, struct figure *fig)
{
	const struct rd_machine *m = &rd->machines[0];
	char options[72];
	size_t used;

	if (rd->nmachines != 1) {
		class_footnote(rd, fig->footnote, sizeof(fig->footnote));
		return;
	}
	environment_footnote(&m->env, fig->footnote, sizeof(fig->footnote));
	used = strlen(fig->footnote);
	if (m->load_max >= 0)
		snprintf(fig->footnote + used, sizeof(fig->footnote) - used,
			 " | load average up to %.1f on %d core%s%s",
			 m->load_max, m->env.cores, m->env.cores == 1 ? "" : "s",
			 m->busy ? " (busy: figures unreliable)"
						    : "");
	else
		snprintf(fig->footnote + used, sizeof(fig->footnote) - used,
			 " | load not recorded");
	nondefault_options(rd, options, sizeof(options));
	used = strlen(fig->footnote);
	if (options[0])
		snprintf(fig->footnote + used, sizeof(fig->footnote) - used,
			 " | %s", options);
}

/* Box plots of every successful run's startup, per workload and launcher. */
static int startup_boxes(const struct report_data *rd, struct figure *fig)
{
	int L = rd->nlaunchers;
	struct fig_block *medians;
	bool titled_once[RD_MAX_LAUNCHERS] = { 0 };

	figure_column(fig, "x", "", -1);
	figure_column(fig, "startup", "ms", -1);
	for (int w = 0; w < rd->nworkloads; w++) {
		for (int l = 0; l < L; l++) {
			const struct rd_group *g = rd_group_find(rd, 0, l, rd->workloads[w]);
			struct fig_block *b;

			if (!g || !g->n)
				continue;
			b = figure_block(fig, titled_once[l] ? "" : rd->launchers[l], l);
			if (!b)
				return -1;
			titled_once[l] = true;
			for (size_t i = 0; i < g->n; i++) {
				double row[2] = { w * (L + 1) + l + 1,
						  g->samples[RD_STARTUP][i] / NS_PER_MS };

				if (block_row(b, 2, row, NULL) < 0)
					return -1;
			}
		}
		figure_tic(fig, w * (L + 1) + (L + 1) / 2.0, rd->workloads[w]);
	}
	medians = figure_block(fig, "", -1);
	if (!medians)
		return -1;
	for (size_t gi = 0; gi < rd->ngroups; gi++) {
		const struct rd_group *g = &rd->groups[gi];
		int w = 0;
		char label[32];

		if (g->machine != 0 || !g->n)
			continue;
		while (strcmp(rd->workloads[w], g->workload) != 0)
			w++;
		format_ms(label, sizeof(label), g->stats[RD_STARTUP].median);
		double row[2] = { w * (L + 1) + g->launcher + 1,
				  g->stats[RD_STARTUP].median / NS_PER_MS };
		if (block_row(medians, 2, row, label) < 0)
			return -1;
	}
	fig->logy = true;
	snprintf(fig->xlabel, sizeof(fig->xlabel), "workload");
	snprintf(fig->ylabel, sizeof(fig->ylabel), "startup latency (ms, log scale)");
	snprintf(fig->about, sizeof(fig->about),
		 "every run's startup; one block per box, the last block holds the medians");
	return medians->nrows ? 1 : 0;
}

/* Can phase `name` get its column now: in each launcher's sequence that
 * has it, is every phase before it a column already? */
static bool phase_placeable(const struct rd_group *const *seq, int nseq,
			    const char *name, const struct figure *fig)
{
	for (int l = 0; l < nseq; l++) {
		int at = -1;

		for (int p = 0; seq[l] && p < seq[l]->nphases && at < 0; p++)
			if (strcmp(seq[l]->phases[p].name, name) == 0)
				at = p;
		for (int p = 0; p < at; p++)
			if (figure_column_index(fig, seq[l]->phases[p].name) < 0)
				return false;
	}
	return true;
}

/* The phase columns, in an order every launcher's own order agrees with
 * (each launcher lists its phases in the order they end): a stacked bar
 * then draws each launcher's phases bottom to top as they happened, and
 * a phase two launchers share (ready, exec) sits above the phases before
 * it in both. Where two launchers disagree, the first launcher's order
 * wins. */
static void phase_columns(const struct rd_group *const *seq, int nseq,
			  struct figure *fig)
{
	for (;;) {
		const char *next = NULL, *fallback = NULL;

		for (int l = 0; l < nseq && !next; l++)
			for (int p = 0; seq[l] && p < seq[l]->nphases && !next; p++) {
				const char *name = seq[l]->phases[p].name;

				if (figure_column_index(fig, name) >= 0)
					continue;
				if (!fallback)
					fallback = name;
				if (phase_placeable(seq, nseq, name, fig))
					next = name;
			}
		if (!next)
			next = fallback;
		if (!next || fig->ncols == FIG_MAX_COLS)
			return;
		figure_column(fig, next, "ms", fig->ncols - 1);
	}
}

/* Rows per launcher of the main workload: the median phases. */
static int phases_stacked(const struct report_data *rd, struct figure *fig)
{
	const char *w = rd_main_workload(rd);
	struct fig_block *b = figure_block(fig, "", -1);
	const struct rd_group *seq[RD_MAX_LAUNCHERS];
	int row = 0, nseq = 0;

	if (!b || !w)
		return b ? 0 : -1;
	figure_column(fig, "x", "", -1);
	for (int l = 0; l < rd->nlaunchers && nseq < RD_MAX_LAUNCHERS; l++)
		seq[nseq++] = rd_group_find(rd, 0, l, w);
	phase_columns(seq, nseq, fig);
	for (int l = 0; l < rd->nlaunchers; l++) {
		const struct rd_group *g = rd_group_find(rd, 0, l, w);
		double cells[FIG_MAX_COLS] = { row };

		if (!g || !g->nphases)
			continue;
		for (int p = 0; p < g->nphases; p++) {
			int c = figure_column_index(fig, g->phases[p].name);

			if (c > 0)
				cells[c] = g->phases[p].value / NS_PER_MS;
		}
		if (block_row(b, fig->ncols, cells, rd->launchers[l]) < 0)
			return -1;
		figure_tic(fig, row++, rd->launchers[l]);
	}
	snprintf(fig->xlabel, sizeof(fig->xlabel), "launcher (workload %s)", w);
	snprintf(fig->ylabel, sizeof(fig->ylabel), "median startup phase (ms)");
	snprintf(fig->about, sizeof(fig->about),
		 "median duration of each startup phase, one row per launcher");
	return row > 0 && fig->ncols > 1;
}

/* One row per workload and launcher; value(g, k) gives column k. */
static int per_group_rows(const struct report_data *rd, struct figure *fig,
			  double (*value)(const struct rd_group *, int))
{
	struct fig_block *b = figure_block(fig, "", -1);
	int row = 0;

	if (!b)
		return -1;
	for (int w = 0; w < rd->nworkloads; w++)
		for (int l = 0; l < rd->nlaunchers; l++) {
			const struct rd_group *g = rd_group_find(rd, 0, l, rd->workloads[w]);
			double cells[FIG_MAX_COLS] = { row };
			char label[FIG_LABEL];

			if (!g || !g->n)
				continue;
			for (int c = 1; c < fig->ncols; c++)
				cells[c] = value(g, c - 1);
			snprintf(label, sizeof(label), "%s\\n%s", rd->launchers[l],
				 rd->workloads[w]);
			if (block_row(b, fig->ncols, cells, label) < 0)
				return -1;
			figure_tic(fig, row++, label);
		}
	return row > 0;
}

static double times_value(const struct rd_group *g, int k)
{
	static const enum rd_measure order[] = { RD_RUN, RD_TEARDOWN, RD_TOTAL };

	return g->stats[order[k]].median / NS_PER_MS;
}

static double memory_value(const struct rd_group *g, int k)
{
	double v[] = { g->peak_kib, g->overhead_kib, g->kvm_kib };

	return v[k] / KIB_PER_MIB;
}

static int times_clustered(const struct report_data *rd, struct figure *fig)
{
	figure_column(fig, "x", "", -1);
	figure_column(fig, "run", "ms", 0);
	figure_column(fig, "teardown", "ms", 1);
	figure_column(fig, "total", "ms", 2);
	fig->logy = true;
	snprintf(fig->xlabel, sizeof(fig->xlabel), "launcher and workload");
	snprintf(fig->ylabel, sizeof(fig->ylabel), "median time (ms, log scale)");
	snprintf(fig->about, sizeof(fig->about),
		 "median run, teardown and total time per launcher and workload");
	return per_group_rows(rd, fig, times_value);
}

static int memory_stacked(const struct report_data *rd, struct figure *fig)
{
	figure_column(fig, "x", "", -1);
	figure_column(fig, "workload peak", "MiB", 0);
	figure_column(fig, "isolation overhead", "MiB", 1);
	figure_column(fig, "KVM kernel estimate", "MiB", 2);
	snprintf(fig->xlabel, sizeof(fig->xlabel), "launcher and workload");
	snprintf(fig->ylabel, sizeof(fig->ylabel), "median memory footprint (MiB)");
	fig->label_totals = true; /* 20 KiB beside 16 MiB is too thin to see */
	snprintf(fig->about, sizeof(fig->about),
		 "median memory per launcher and workload: the workload's peak RSS, what the isolation adds, KVM's kernel memory");
	return per_group_rows(rd, fig, memory_value);
}

static const char *class_title(int c)
{
	return c == REACH_NOT_PROBED ? "not probed" : reach_class_name(c);
}

static int reach_stacked(const struct report_data *rd, struct figure *fig)
{
	struct fig_block *b = figure_block(fig, "", -1);
	int row = 0;

	if (!b)
		return -1;
	figure_column(fig, "x", "", -1);
	for (int c = 0; c < REACH_NCLASSES; c++)
		figure_column(fig, class_title(c), "syscalls", c);
	for (size_t i = 0; i < rd->nprobes; i++) {
		const struct rd_probe *p = &rd->probes[i];
		double cells[FIG_MAX_COLS] = { row };

		if (p->machine != 0)
			continue;
		for (int c = 0; c < REACH_NCLASSES; c++)
			cells[c + 1] = p->probe->count[c];
		if (block_row(b, fig->ncols, cells, rd->launchers[p->launcher]) < 0)
			return -1;
		figure_tic(fig, row++, rd->launchers[p->launcher]);
	}
	snprintf(fig->xlabel, sizeof(fig->xlabel), "launcher");
	snprintf(fig->ylabel, sizeof(fig->ylabel), "system call numbers (count)");
	snprintf(fig->about, sizeof(fig->about),
		 "how many system call numbers fall in each class, per launcher");
	return row > 0;
}

static int reach_strip(const struct report_data *rd, struct figure *fig)
{
	struct fig_block *blocks[REACH_NCLASSES];
	int row = 0;

	figure_column(fig, "syscall_nr", "", -1);
	figure_column(fig, "row", "", -1);
	for (int c = 0; c < REACH_NCLASSES; c++)
		if (!(blocks[c] = figure_block(fig, class_title(c), c)))
			return -1;
	for (size_t i = 0; i < rd->nprobes; i++) {
		const struct rd_probe *p = &rd->probes[i];

		if (p->machine != 0)
			continue;
		for (int nr = 0; nr < p->probe->nsyscalls; nr++) {
			double cells[2] = { nr, row };

			if (block_row(blocks[p->probe->cls[nr]], 2, cells, NULL) < 0)
				return -1;
		}
		figure_tic(fig, row++, rd->launchers[p->launcher]);
	}
	snprintf(fig->xlabel, sizeof(fig->xlabel), "system call number (x86-64)");
	snprintf(fig->ylabel, sizeof(fig->ylabel), "launcher");
	snprintf(fig->about, sizeof(fig->about),
		 "every system call number per launcher; one block per class, row = the launcher's y position");
	return row > 0;
}

static double density_ready_ms(const struct rf_density *d)
{
	return d->ready > 0 && d->all_ready_ns > 0 ? d->all_ready_ns / NS_PER_MS : NAN;
}

static double density_mib(const struct rf_density *d)
{
	return d->ready > 0 && !d->below_noise
		       ? d->per_instance_kib / KIB_PER_MIB
		       : NAN;
}

/* One line per launcher; a launcher measured but with no value to draw
 * (why_not: "below noise") is named in fig->not_drawn instead. */
static int density_lines(const struct report_data *rd, struct figure *fig,
			 double (*value)(const struct rf_density *),
			 const char *why_not)
{
	int rows = 0;
	size_t used = 0;

	figure_column(fig, "instances", "", -1);
	for (int l = 0; l < rd->nlaunchers; l++) {
		struct fig_block *b = NULL;
		bool measured = false;

		for (size_t i = 0; i < rd->ndensity; i++) {
			const struct rd_density *d = &rd->density[i];
			double cells[2] = { d->step->ready, value(d->step) };

			if (d->machine != 0 || d->launcher != l)
				continue;
			measured = true;
			if (isnan(cells[1]))
				continue;
			if (!b && !(b = figure_block(fig, rd->launchers[l], l)))
				return -1;
			if (block_row(b, 2, cells, NULL) < 0)
				return -1;
			rows++;
		}
		if (measured && !b && used < sizeof(fig->not_drawn))
			used += (size_t)snprintf(fig->not_drawn + used,
						 sizeof(fig->not_drawn) - used, "%s%s",
						 used ? ", " : "", rd->launchers[l]);
	}
	if (used && used < sizeof(fig->not_drawn))
		snprintf(fig->not_drawn + used, sizeof(fig->not_drawn) - used,
			 ": %s, not drawn", why_not);
	fig->logx = fig->logy = true;
	snprintf(fig->xlabel, sizeof(fig->xlabel), "instances held at once (log scale)");
	return rows > 0;
}

static int density_ready(const struct report_data *rd, struct figure *fig)
{
	figure_column(fig, "all ready", "ms", -1);
	snprintf(fig->ylabel, sizeof(fig->ylabel), "time until all are ready (ms, log scale)");
	snprintf(fig->about, sizeof(fig->about),
		 "isolab density: instances ready, time from the first start until all were ready");
	return density_lines(rd, fig, density_ready_ms, "none ready");
}

static int density_memory(const struct report_data *rd, struct figure *fig)
{
	figure_column(fig, "per instance", "MiB", -1);
	snprintf(fig->ylabel, sizeof(fig->ylabel), "memory per instance (MiB, log scale)");
	snprintf(fig->about, sizeof(fig->about),
		 "isolab density: instances ready, MemAvailable lost per instance (isolab's own growth excluded)");
	return density_lines(rd, fig, density_mib, "below noise");
}

/* The isolation ladder: per rung, the rung below's startup, the
 * increment over it (labelled) and the host reach on the right axis. A
 * rung that did not run keeps its place, without numbers. */
static int ladder_staircase(const struct report_data *rd, struct figure *fig)
{
	struct fig_block *b = figure_block(fig, "", -1);
	double base = 0;
	int ran = 0;

	if (!b)
		return -1;
	figure_column(fig, "x", "", -1);
	figure_column(fig, "startup of the rung below", "ms", 7);
	figure_column(fig, "increment", "ms", 0);
	figure_column(fig, "host reach (right axis)", "calls", 5);
	figure_column(fig, "increment uncertainty (95%)", "ms", -1);
	for (size_t i = 0; i < rd->nrungs; i++) {
		const struct rf_rung *r = &rd->rungs[i];
		double cells[5] = { (double)i, NAN, NAN, NAN, NAN };
		char label[FIG_LABEL] = "", tic[FIG_LABEL], v[24];

		if (!r->skipped[0]) {
			double inc = r->has_increment ? r->inc_startup_ns : r->startup_ns;

			cells[1] = r->has_increment ? base / NS_PER_MS : 0;
			cells[2] = inc / NS_PER_MS;
			cells[4] = r->has_increment ? r->inc_startup_err_ns / NS_PER_MS : 0;
			format_ms(v, sizeof(v), fabs(inc));
			snprintf(label, sizeof(label), "%s%s",
				 !r->has_increment ? "" : inc < 0 ? "-" : "+", v);
			base = r->startup_ns;
			ran++;
		}
		if (r->host_reach >= 0)
			cells[3] = r->host_reach;
		if (block_row(b, fig->ncols, cells, label) < 0)
			return -1;
		snprintf(tic, sizeof(tic), "%.52s%s", r->label,
			 r->skipped[0] ? " (not run)" : "");
		figure_tic(fig, (double)i, tic);
	}
	snprintf(fig->xlabel, sizeof(fig->xlabel), "rung (workload %s)",
		 rd->ladder_workload && rd->ladder_workload[0] ? rd->ladder_workload : "?");
	snprintf(fig->ylabel, sizeof(fig->ylabel), "median startup (ms)");
	snprintf(fig->y2label, sizeof(fig->y2label), "host system calls reached");
	snprintf(fig->about, sizeof(fig->about),
		 "isolab ladder: per rung, the rung below's median startup, the increment, host reach, the increment's 95%% uncertainty");
	return ran > 0;
}

static int sweep_mem(const struct report_data *rd, struct figure *fig)
{
	return sweep_figure(rd, fig, "mem");
}

static int sweep_cpu(const struct report_data *rd, struct figure *fig)
{
	return sweep_figure(rd, fig, "cpu");
}

static int sweep_syscall(const struct report_data *rd, struct figure *fig)
{
	return sweep_figure(rd, fig, "syscall");
}

static int sweep_io(const struct report_data *rd, struct figure *fig)
{
	return sweep_figure(rd, fig, "io");
}

static int vm_exits(const struct report_data *rd, struct figure *fig)
{
	struct fig_block *b = figure_block(fig, "", -1);
	int row = 0;

	if (!b)
		return -1;
	figure_column(fig, "x", "", -1);
	for (size_t gi = 0; gi < rd->ngroups; gi++)
		for (int e = 0; rd->groups[gi].machine == 0 && e < rd->groups[gi].nexits; e++) {
			const char *name = rd->groups[gi].exits[e].name + 5;

			if (figure_column_index(fig, name) < 0)
				figure_column(fig, name, "exits", fig->ncols - 1);
		}
	for (size_t gi = 0; gi < rd->ngroups; gi++) {
		const struct rd_group *g = &rd->groups[gi];
		double cells[FIG_MAX_COLS] = { row };
		char label[FIG_LABEL];

		if (g->machine != 0 || !g->nexits)
			continue;
		for (int e = 0; e < g->nexits; e++) {
			int c = figure_column_index(fig, g->exits[e].name + 5);

			if (c > 0)
				cells[c] = g->exits[e].value;
		}
		snprintf(label, sizeof(label), "%s\\n%s", rd->launchers[g->launcher],
			 g->workload);
		if (block_row(b, fig->ncols, cells, label) < 0)
			return -1;
		figure_tic(fig, row++, label);
	}
	fig->logy = true;
	snprintf(fig->xlabel, sizeof(fig->xlabel), "workload");
	snprintf(fig->ylabel, sizeof(fig->ylabel), "median VM exits per run (log scale)");
	snprintf(fig->about, sizeof(fig->about), "median VM exits per run, by reason");
	return row > 0;
}

/* Several machines: one row per machine, one column per launcher. */
static int class_rows(const struct report_data *rd, struct figure *fig,
		      double (*value)(const struct report_data *, int, int))
{
	struct fig_block *b = figure_block(fig, "", -1);
	int rows = 0;

	if (!b)
		return -1;
	figure_column(fig, "x", "", -1);
	for (int l = 0; l < rd->nlaunchers; l++)
		figure_column(fig, rd->launchers[l], "", l);
	for (int m = 0; m < rd->nmachines; m++) {
		double cells[FIG_MAX_COLS] = { m };
		char label[FIG_LABEL];
		bool any = false;

		for (int l = 0; l < rd->nlaunchers; l++) {
			cells[l + 1] = value(rd, m, l);
			any |= !isnan(cells[l + 1]);
		}
		snprintf(label, sizeof(label), "%.38s\\n(%.20s)", rd->machines[m].label,
			 rd->machines[m].env.virtualization);
		if (block_row(b, fig->ncols, cells, label) < 0)
			return -1;
		figure_tic(fig, m, label);
		rows += any;
	}
	snprintf(fig->xlabel, sizeof(fig->xlabel), "machine (virtualization mode)");
	return rows > 0;
}

static double class_startup(const struct report_data *rd, int m, int l)
{
	const struct rd_group *g = rd_group_find(rd, m, l, rd_main_workload(rd));

	return g && g->n ? g->stats[RD_STARTUP].median / NS_PER_MS : NAN;
}

static double class_memory(const struct report_data *rd, int m, int l)
{
	const struct rd_group *g = rd_main_group(rd, m, rd->launchers[l]);

	return g && g->n ? rd_footprint_kib(g) / KIB_PER_MIB : NAN;
}

static double class_reach(const struct report_data *rd, int m, int l)
{
	const struct rf_probe *p = rd_probe_of(rd, m, rd->launchers[l]);

	return p ? p->host_direct : NAN;
}

static double class_density(const struct report_data *rd, int m, int l)
{
	double best = NAN, at = 0;

	for (size_t i = 0; i < rd->ndensity; i++) {
		const struct rd_density *d = &rd->density[i];

		if (d->machine == m && d->launcher == l && d->step->ready > at &&
		    !isnan(density_mib(d->step))) {
			at = d->step->ready;
			best = density_mib(d->step);
		}
	}
	return best;
}

struct figure_kind {
	const char *name, *title;
	enum fig_style style;
	int (*build)(const struct report_data *, struct figure *);
};

static int cs_startup(const struct report_data *rd, struct figure *fig)
{
	fig->logy = true;
	snprintf(fig->ylabel, sizeof(fig->ylabel), "median startup, %s (ms, log scale)",
		 rd_main_workload(rd) ? rd_main_workload(rd) : "");
	snprintf(fig->about, sizeof(fig->about), "median startup per machine and launcher");
	return rd_main_workload(rd) ? class_rows(rd, fig, class_startup) : 0;
}

static int cs_memory(const struct report_data *rd, struct figure *fig)
{
	fig->logy = true;
	snprintf(fig->ylabel, sizeof(fig->ylabel), "median memory footprint (MiB, log scale)");
	snprintf(fig->about, sizeof(fig->about),
		 "median footprint (workload peak + isolation overhead + KVM kernel estimate) per machine and launcher");
	return rd_main_workload(rd) ? class_rows(rd, fig, class_memory) : 0;
}

static int cs_reach(const struct report_data *rd, struct figure *fig)
{
	snprintf(fig->ylabel, sizeof(fig->ylabel), "system calls reaching the host kernel (count)");
	snprintf(fig->about, sizeof(fig->about),
		 "system calls that reach the host kernel directly, per machine and launcher");
	return class_rows(rd, fig, class_reach);
}

static int cs_density(const struct report_data *rd, struct figure *fig)
{
	fig->logy = true;
	snprintf(fig->ylabel, sizeof(fig->ylabel), "memory per instance at the largest N (MiB, log scale)");
	snprintf(fig->about, sizeof(fig->about),
		 "isolab density: memory per instance at the largest count each machine reached");
	return class_rows(rd, fig, class_density);
}

static const struct figure_kind one_machine[] = {
	{ "startup", "Startup latency per launcher", FIG_BOXPLOT, startup_boxes },
	{ "phases", "Startup phases per launcher", FIG_STACKED, phases_stacked },
	{ "times", "Run, teardown and total time per launcher", FIG_CLUSTERED, times_clustered },
	{ "memory", "Memory footprint per launcher", FIG_STACKED, memory_stacked },
	{ "reach", "Syscall reach per launcher", FIG_STACKED, reach_stacked },
	{ "reach-strip", "Every system call number, by class", FIG_STRIP, reach_strip },
	{ "density-ready", "Density: time until all instances are ready", FIG_LINES, density_ready },
	{ "density-memory", "Density: memory per instance", FIG_LINES, density_memory },
	{ "vm-exits", "VM exits by reason per workload", FIG_CLUSTERED, vm_exits },
	{ "ladder", "The isolation ladder: what each rung adds to startup", FIG_STAIRCASE, ladder_staircase },
	{ "sweep-mem", "Sweep: footprint against the memory touched", FIG_LINES, sweep_mem },
	{ "sweep-cpu", "Sweep: run time against CPU rounds", FIG_LINES, sweep_cpu },
	{ "sweep-syscall", "Sweep: run time against system calls made", FIG_LINES, sweep_syscall },
	{ "sweep-io", "Sweep: run time against KiB written", FIG_LINES, sweep_io },
};

static const struct figure_kind many_machines[] = {
	{ "class-startup", "Startup latency on every machine", FIG_CLUSTERED, cs_startup },
	{ "class-memory", "Memory footprint on every machine", FIG_CLUSTERED, cs_memory },
	{ "class-reach", "Syscall reach on every machine", FIG_CLUSTERED, cs_reach },
	{ "class-density", "Density on every machine", FIG_CLUSTERED, cs_density },
	{ "ladder", "The isolation ladder: what each rung adds to startup", FIG_STAIRCASE, ladder_staircase },
};

int figures_build(const struct report_data *rd, const char *title,
		  struct figure_set *set, struct err *err)
{
	const struct figure_kind *kinds = rd->nmachines > 1 ? many_machines : one_machine;
	size_t n = rd->nmachines > 1 ? sizeof(many_machines) / sizeof(*kinds)
				     : sizeof(one_machine) / sizeof(*kinds);

	memset(set, 0, sizeof(*set));
	for (size_t k = 0; k < n; k++) {
		struct figure *fig = figure_add(set, kinds[k].name, kinds[k].style);
		int rc;

		if (!fig)
			goto oom;
		titled(fig, title, kinds[k].title);
		footnote(rd, fig);
		rc = kinds[k].build(rd, fig);
		if (rc < 0)
			goto oom;
		if (rc == 0) /* nothing to show */
			figure_drop_last(set);
	}
	return 0;
oom:
	figure_set_free(set);
	return err_set(err, ERR_RUNTIME, "out of memory");
}
