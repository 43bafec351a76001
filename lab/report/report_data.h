/* report_data: everything `isolab plot` and `isolab report` show, computed
 * once from the files read (report_input) and shared by both.
 *
 * Files whose environment is identical (kernel, CPU, cores,
 * virtualization, isolab version) are one machine: a student's compare,
 * probe and density files describe one machine together. Machines are
 * ordered by virtualization mode (hardware, software, none), then as
 * given. Runs are grouped per machine, launcher and workload; a failed run
 * (non-zero exit, signal, timeout) is counted but not measured. Launchers
 * come in isolab's order (process, container, microvm), then any other. */
#ifndef ISOLAB_REPORT_DATA_H
#define ISOLAB_REPORT_DATA_H

#include "lab/report/report_input.h"
#include "lab/core/stats.h"

#define RD_MAX_LAUNCHERS 8

enum rd_measure { RD_STARTUP, RD_RUN, RD_TEARDOWN, RD_TOTAL, RD_NMEASURES };

struct rd_machine {
	struct rf_environment env;
	double load_max; /* the highest load average its files recorded,
			    -1 when none did */
	bool busy;      /* load_max above the core count: other work
			   competed for the CPUs */
	char label[64]; /* the first file's name without directory and .json */
	int order;      /* index in report_data.machines */
};

/* One row of the table of machines: a results file and its environment.
 * `isolab plot` prints and writes it, `isolab report` embeds it. */
struct rd_file {
	const char *name;  /* the path without its directory */
	int machine;       /* index in report_data.machines */
	struct rf_environment env;
	bool load_recorded; /* env.load_start/end hold load averages */
	bool busy;          /* one of them is above the core count */
};

struct rd_group {
	int machine;
	int launcher; /* index in report_data.launchers */
	const char *workload;
	size_t n, failed;
	double *samples[RD_NMEASURES]; /* ns, successful runs in run order */
	struct stats stats[RD_NMEASURES];
	size_t outliers;      /* startup runs with |modified z| > threshold */
	bool slow_first;      /* the first startup was an outlier, slow side */
	double peak_kib, overhead_kib, kvm_kib; /* medians */
	int nphases;
	struct rf_named phases[RF_MAX_NAMED];   /* median ns per phase */
	int nexits;
	struct rf_named exits[RF_MAX_NAMED];    /* median VM exits per reason */
};

#define RD_MAX_CONFIG_FILES 16

/* One configuration a launcher (or variant) ran under on one machine
 * (lab/report/report_configs.c): the options its files' sessions[]
 * recorded, or none known (files from before sessions[].options). The
 * same launcher under other options in another file of that machine is
 * another configuration, and both say so (conflict). */
struct rd_config {
	int machine;
	int launcher;                     /* index in report_data.launchers */
	const struct rf_session *session; /* NULL: options not recorded */
	/* Per session->options[i]: */
	bool nondefault[RF_MAX_OPTIONS];  /* not this isolab's default */
	bool differs[RF_MAX_OPTIONS];     /* another configuration of this
					     launcher here has another value */
	bool conflict; /* this launcher on this machine has other
			  configurations (other or unrecorded options) */
	const char *files[RD_MAX_CONFIG_FILES]; /* names without directory */
	int nfiles;    /* may exceed RD_MAX_CONFIG_FILES; the rest not kept */
};

struct rd_probe {
	int machine, launcher;
	const struct rf_probe *probe;
};

struct rd_density {
	int machine, launcher;
	const struct rf_density *step;
};

struct report_data {
	struct rd_machine *machines;
	int nmachines;
	char launchers[RD_MAX_LAUNCHERS][RF_NAME];
	int nlaunchers;
	const char **workloads;
	int nworkloads;
	struct rd_group *groups;
	size_t ngroups;
	struct rd_probe *probes;
	size_t nprobes;
	struct rd_density *density;
	size_t ndensity;
	/* The ladder of the first file that has one (isolab ladder). */
	const struct rf_rung *rungs;
	size_t nrungs;
	const char *ladder_workload;
	int ladder_machine;
	struct rd_file *files; /* the input files, in input order */
	size_t nfiles;
	struct rd_config *configs; /* per machine, in order of first sight */
	size_t nconfigs;
	bool any_options; /* some file recorded its sessions' options */
};

/* rd points into in (names, probes, density steps): free rd first. */
int report_data_build(const struct report_input *in, struct report_data *rd,
		      struct err *err);
void report_data_free(struct report_data *rd);

/* The index of a launcher (or variant label) in rd->launchers, or -1. */
int rd_launcher_index(const struct report_data *rd, const char *name);
/* The group of a machine, launcher and workload, or NULL. */
const struct rd_group *rd_group_find(const struct report_data *rd,
				     int machine, int launcher,
				     const char *workload);
/* The workload most figures show: "noop" if measured, else the first. */
const char *rd_main_workload(const struct report_data *rd);
/* A machine's group of a launcher (or variant label) and the main
 * workload, or NULL. */
const struct rd_group *rd_main_group(const struct report_data *rd,
				     int machine, const char *launcher);
/* A machine's probe report of a launcher (or variant label), or NULL. */
const struct rf_probe *rd_probe_of(const struct report_data *rd, int machine,
				   const char *launcher);
/* What a group's workload cost in memory: its peak, the isolation's
 * overhead and the kernel memory a VM held (median KiB). */
double rd_footprint_kib(const struct rd_group *g);

#endif
