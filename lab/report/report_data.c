#include "lab/report/report_data.h"

#include <stdlib.h>
#include <string.h>

#include "lab/core/launchers.h"
#include "lab/report/report_configs.h"
#include "lab/report/robust_stats.h"

_Static_assert(RD_MAX_LAUNCHERS >= LAUNCHER_COUNT,
	       "a report holds every launcher of the registry");

static bool same_environment(const struct rf_environment *a,
			     const struct rf_environment *b)
{
	return strcmp(a->kernel, b->kernel) == 0 &&
	       strcmp(a->cpu_model, b->cpu_model) == 0 &&
	       a->cores == b->cores &&
	       strcmp(a->virtualization, b->virtualization) == 0 &&
	       strcmp(a->virt_detail, b->virt_detail) == 0 &&
	       strcmp(a->isolab_version, b->isolab_version) == 0;
}

/* isolab writes "software/paravirtual" (virt_mode_name()); hand-edited
 * files may say "software". */
static int virt_rank(const char *mode)
{
	return strcmp(mode, "hardware") == 0	      ? 0
	       : strncmp(mode, "software", 8) == 0 ? 1
						     : 2;
}

/* A load average above the core count means runnable work waited for a
 * CPU, the measured launcher's included. */
static bool busy_load(double load, int cores)
{
	return cores > 0 && load > cores;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void label_of(const char *path, char *buf, size_t len)
{
	const char *base = base_name(path);
	size_t n = strnlen(base, len - 1);

	memcpy(buf, base, n);
	buf[n] = '\0';
	if (n > 5 && strcmp(buf + n - 5, ".json") == 0)
		buf[n - 5] = '\0';
}

/* Machines in virtualization order; file_machine[i] is file i's. */
static int find_machines(const struct report_input *in,
			 struct report_data *rd, int *file_machine)
{
	int *first_file = calloc(in->nfiles, sizeof(int));
	int n = 0, k = 0;

	rd->machines = calloc(in->nfiles, sizeof(*rd->machines));
	if (!first_file || !rd->machines) {
		free(first_file);
		return -1;
	}
	for (size_t f = 0; f < in->nfiles; f++) {
		int m = 0;

		while (m < n && !same_environment(&in->files[first_file[m]].env,
						  &in->files[f].env))
			m++;
		if (m == n)
			first_file[n++] = (int)f;
		file_machine[f] = m;
	}
	/* Stable order by virtualization mode; remap each file's machine. */
	for (int rank = 0; rank < 3; rank++)
		for (int m = 0; m < n; m++) {
			const struct results_file *rf = &in->files[first_file[m]];

			if (virt_rank(rf->env.virtualization) != rank)
				continue;
			rd->machines[k].env = rf->env;
			rd->machines[k].order = k;
			label_of(rf->path, rd->machines[k].label,
				 sizeof(rd->machines[k].label));
			for (size_t f = 0; f < in->nfiles; f++)
				if (file_machine[f] == m)
					file_machine[f] = -1 - k;
			k++;
		}
	for (size_t f = 0; f < in->nfiles; f++)
		file_machine[f] = -1 - file_machine[f];
	rd->nmachines = n;
	for (int m = 0; m < n; m++)
		rd->machines[m].load_max = -1;
	for (size_t f = 0; f < in->nfiles; f++) {
		const struct rf_environment *e = &in->files[f].env;
		double *max = &rd->machines[file_machine[f]].load_max;

		*max = e->load_start > *max ? e->load_start : *max;
		if (!e->load_end_counts_own)
			*max = e->load_end > *max ? e->load_end : *max;
	}
	for (int m = 0; m < n; m++)
		rd->machines[m].busy = busy_load(rd->machines[m].load_max,
						 rd->machines[m].env.cores);
	free(first_file);
	return 0;
}

/* The table of machines' rows: every file with its machine and load. */
static void list_files(const struct report_input *in, struct report_data *rd,
		       const int *file_machine)
{
	for (size_t f = 0; f < in->nfiles; f++) {
		struct rd_file *row = &rd->files[f];
		const struct rf_environment *e = &in->files[f].env;

		row->name = base_name(in->files[f].path);
		row->machine = file_machine[f];
		row->env = *e;
		row->load_recorded = e->load_start >= 0 || e->load_end >= 0;
		row->busy = busy_load(e->load_start, e->cores) ||
			    (!e->load_end_counts_own &&
			     busy_load(e->load_end, e->cores));
	}
}

int rd_launcher_index(const struct report_data *rd, const char *name)
{
	for (int i = 0; i < rd->nlaunchers; i++)
		if (strcmp(rd->launchers[i], name) == 0)
			return i;
	return -1;
}

static void add_launcher(struct report_data *rd, const char *name)
{
	if (rd_launcher_index(rd, name) < 0 && rd->nlaunchers < RD_MAX_LAUNCHERS)
		snprintf(rd->launchers[rd->nlaunchers++], RF_NAME, "%s", name);
}

static void find_launchers(const struct report_input *in,
			   struct report_data *rd)
{
	for (size_t k = 0; k < LAUNCHER_COUNT; k++)
		for (size_t f = 0; f < in->nfiles; f++) {
			const struct results_file *rf = &in->files[f];
			bool seen = false;

			for (size_t i = 0; i < rf->nruns; i++)
				seen |= strcmp(rf->runs[i].launcher, all_launchers[k]->name) == 0;
			for (size_t i = 0; i < rf->nprobes; i++)
				seen |= strcmp(rf->probes[i].launcher, all_launchers[k]->name) == 0;
			for (size_t i = 0; i < rf->ndensity; i++)
				seen |= strcmp(rf->density[i].launcher, all_launchers[k]->name) == 0;
			if (seen)
				add_launcher(rd, all_launchers[k]->name);
		}
	for (size_t f = 0; f < in->nfiles; f++) {
		const struct results_file *rf = &in->files[f];

		for (size_t i = 0; i < rf->nruns; i++)
			add_launcher(rd, rf->runs[i].launcher);
		for (size_t i = 0; i < rf->nprobes; i++)
			add_launcher(rd, rf->probes[i].launcher);
		for (size_t i = 0; i < rf->ndensity; i++)
			add_launcher(rd, rf->density[i].launcher);
	}
}

static int add_workload(struct report_data *rd, const char *w, size_t cap)
{
	for (int i = 0; i < rd->nworkloads; i++)
		if (strcmp(rd->workloads[i], w) == 0)
			return 0;
	if ((size_t)rd->nworkloads == cap)
		return -1;
	rd->workloads[rd->nworkloads++] = w;
	return 0;
}

/* The group of this run, created on first sight. */
static struct rd_group *group_for(struct report_data *rd, int machine,
				  const struct rf_run *run)
{
	int l = rd_launcher_index(rd, run->launcher);

	for (size_t g = 0; g < rd->ngroups; g++)
		if (rd->groups[g].machine == machine &&
		    rd->groups[g].launcher == l &&
		    strcmp(rd->groups[g].workload, run->workload) == 0)
			return &rd->groups[g];
	rd->groups[rd->ngroups] = (struct rd_group){
		.machine = machine, .launcher = l, .workload = run->workload,
	};
	return &rd->groups[rd->ngroups++];
}

/* The runs of each group, as pointers, so the medians can be taken. */
struct group_runs {
	const struct rf_run **runs;
	size_t n;
};

static double named_median(const struct group_runs *gr, const char *name,
			   bool counter, double *scratch)
{
	size_t n = 0;

	for (size_t i = 0; i < gr->n; i++) {
		const struct rf_run *r = gr->runs[i];
		const struct rf_named *list = counter ? r->counters : r->phases;
		int count = counter ? r->ncounters : r->nphases;

		scratch[n] = 0;
		for (int k = 0; k < count; k++)
			if (strcmp(list[k].name, name) == 0)
				scratch[n] = list[k].value;
		n++;
	}
	return median_of(scratch, n);
}

static void add_name(struct rf_named *list, int *n, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(list[i].name, name) == 0)
			return;
	if (*n < RF_MAX_NAMED)
		snprintf(list[(*n)++].name, RF_NAME, "%s", name);
}

static int summarize(struct rd_group *g, const struct group_runs *gr)
{
	double *scratch = calloc(gr->n ? gr->n : 1, sizeof(double));

	if (!scratch)
		return -1;
	for (int m = 0; m < RD_NMEASURES; m++) {
		if (g->n)
			memcpy(scratch, g->samples[m], g->n * sizeof(double));
		stats_compute(scratch, g->n, &g->stats[m]);
	}
	g->outliers = count_outliers(g->samples[RD_STARTUP], g->n);
	g->slow_first = first_run_slow(g->samples[RD_STARTUP], g->n);
	for (size_t i = 0; i < gr->n; i++)
		scratch[i] = gr->runs[i]->workload_peak_kib;
	g->peak_kib = median_of(scratch, gr->n);
	for (size_t i = 0; i < gr->n; i++)
		scratch[i] = gr->runs[i]->overhead_kib;
	g->overhead_kib = median_of(scratch, gr->n);
	for (size_t i = 0; i < gr->n; i++) {
		const struct rf_run *r = gr->runs[i];

		for (int k = 0; k < r->nphases; k++)
			add_name(g->phases, &g->nphases, r->phases[k].name);
		for (int k = 0; k < r->ncounters; k++)
			if (strncmp(r->counters[k].name, "exit_", 5) == 0)
				add_name(g->exits, &g->nexits, r->counters[k].name);
	}
	for (int k = 0; k < g->nphases; k++)
		g->phases[k].value = named_median(gr, g->phases[k].name, false, scratch);
	for (int k = 0; k < g->nexits; k++)
		g->exits[k].value = named_median(gr, g->exits[k].name, true, scratch);
	g->kvm_kib = named_median(gr, "kvm_kernel_kib_estimate", true, scratch);
	free(scratch);
	return 0;
}

static int alloc_group(struct rd_group *g, struct group_runs *gr, size_t cap)
{
	gr->runs = calloc(cap, sizeof(*gr->runs));
	if (!gr->runs)
		return -1;
	for (int m = 0; m < RD_NMEASURES; m++) {
		g->samples[m] = calloc(cap, sizeof(double));
		if (!g->samples[m])
			return -1;
	}
	return 0;
}

/* total: every run of every file, the most any group can hold. */
static int collect_runs(const struct report_input *in, struct report_data *rd,
			const int *file_machine, struct group_runs *gruns,
			size_t total)
{
	for (size_t f = 0; f < in->nfiles; f++)
		for (size_t i = 0; i < in->files[f].nruns; i++) {
			const struct rf_run *run = &in->files[f].runs[i];
			struct rd_group *g = group_for(rd, file_machine[f], run);
			struct group_runs *gr = &gruns[g - rd->groups];

			if (add_workload(rd, run->workload, total) < 0)
				return -1;
			if (run->failed) {
				g->failed++;
				continue;
			}
			if (!gr->runs && alloc_group(g, gr, total) < 0)
				return -1;
			gr->runs[gr->n++] = run;
			g->samples[RD_STARTUP][g->n] = run->startup_ns;
			g->samples[RD_RUN][g->n] = run->run_ns;
			g->samples[RD_TEARDOWN][g->n] = run->teardown_ns;
			g->samples[RD_TOTAL][g->n] = run->total_ns;
			g->n++;
		}
	return 0;
}

static int collect_others(const struct report_input *in,
			  struct report_data *rd, const int *file_machine)
{
	size_t np = 0, nd = 0;

	for (size_t f = 0; f < in->nfiles; f++) {
		np += in->files[f].nprobes;
		nd += in->files[f].ndensity;
	}
	rd->probes = calloc(np + 1, sizeof(*rd->probes));
	rd->density = calloc(nd + 1, sizeof(*rd->density));
	if (!rd->probes || !rd->density)
		return -1;
	for (size_t f = 0; f < in->nfiles; f++) {
		const struct results_file *rf = &in->files[f];

		for (size_t i = 0; i < rf->nprobes; i++)
			rd->probes[rd->nprobes++] = (struct rd_probe){
				file_machine[f],
				rd_launcher_index(rd, rf->probes[i].launcher),
				&rf->probes[i] };
		for (size_t i = 0; i < rf->ndensity; i++)
			rd->density[rd->ndensity++] = (struct rd_density){
				file_machine[f],
				rd_launcher_index(rd, rf->density[i].launcher),
				&rf->density[i] };
		if (rf->nrungs && !rd->rungs) {
			rd->rungs = rf->rungs;
			rd->nrungs = rf->nrungs;
			rd->ladder_workload = rf->ladder_workload;
			rd->ladder_machine = file_machine[f];
		}
	}
	return 0;
}

int report_data_build(const struct report_input *in, struct report_data *rd,
		      struct err *err)
{
	size_t nruns = 0;
	int *file_machine = calloc(in->nfiles + 1, sizeof(int));
	struct group_runs *gruns = NULL;
	int rc = -1;

	memset(rd, 0, sizeof(*rd));
	rd->files = calloc(in->nfiles + 1, sizeof(*rd->files));
	rd->nfiles = in->nfiles;
	for (size_t f = 0; f < in->nfiles; f++)
		nruns += in->files[f].nruns;
	if (!file_machine || !rd->files || find_machines(in, rd, file_machine) < 0)
		goto out;
	list_files(in, rd, file_machine);
	find_launchers(in, rd);
	rd->groups = calloc(nruns + 1, sizeof(*rd->groups));
	rd->workloads = calloc(nruns + 1, sizeof(*rd->workloads));
	gruns = calloc(nruns + 1, sizeof(*gruns));
	if (!rd->groups || !rd->workloads || !gruns ||
	    collect_runs(in, rd, file_machine, gruns, nruns) < 0 ||
	    collect_others(in, rd, file_machine) < 0 ||
	    report_configs_build(in, rd, file_machine) < 0)
		goto out;
	rc = 0;
	for (size_t g = 0; g < rd->ngroups && rc == 0; g++)
		rc = summarize(&rd->groups[g], &gruns[g]);
out:
	for (size_t g = 0; gruns && g < nruns; g++)
		free(gruns[g].runs);
	free(gruns);
	free(file_machine);
	if (rc < 0) {
		report_data_free(rd);
		return err_set(err, ERR_RUNTIME, "out of memory");
	}
	return 0;
}

void report_data_free(struct report_data *rd)
{
	for (size_t g = 0; rd->groups && g < rd->ngroups; g++)
		for (int m = 0; m < RD_NMEASURES; m++)
			free(rd->groups[g].samples[m]);
	free(rd->groups);
	free(rd->machines);
	free(rd->workloads);
	free(rd->probes);
	free(rd->density);
	free(rd->files);
	free(rd->configs);
	memset(rd, 0, sizeof(*rd));
}

const struct rd_group *rd_group_find(const struct report_data *rd,
				     int machine, int launcher,
				     const char *workload)
{
	for (size_t g = 0; g < rd->ngroups; g++)
		if (rd->groups[g].machine == machine &&
		    rd->groups[g].launcher == launcher &&
		    strcmp(rd->groups[g].workload, workload) == 0)
			return &rd->groups[g];
	return NULL;
}

const char *rd_main_workload(const struct report_data *rd)
{
	for (int i = 0; i < rd->nworkloads; i++)
		if (strcmp(rd->workloads[i], "noop") == 0)
			return rd->workloads[i];
	return rd->nworkloads ? rd->workloads[0] : NULL;
}

const struct rd_group *rd_main_group(const struct report_data *rd,
				     int machine, const char *launcher)
{
	int l = rd_launcher_index(rd, launcher);
	const char *w = rd_main_workload(rd);

	return l >= 0 && w ? rd_group_find(rd, machine, l, w) : NULL;
}

const struct rf_probe *rd_probe_of(const struct report_data *rd, int machine,
				   const char *launcher)
{
	int l = rd_launcher_index(rd, launcher);

	for (size_t i = 0; i < rd->nprobes; i++)
		if (rd->probes[i].machine == machine && rd->probes[i].launcher == l)
			return rd->probes[i].probe;
	return NULL;
}

double rd_footprint_kib(const struct rd_group *g)
{
	return g->peak_kib + g->overhead_kib + g->kvm_kib;
}
