/* results_file: isolab results files read back, for `isolab plot` and
 * `isolab report`.
 *
 * results_file_read() parses one file written by `isolab run`, `compare`,
 * `probe` or `density` with --format json (schema in README.md), or the
 * combined results.json `isolab report` keeps; any mix of "runs", "probe"
 * "density" and "ladder" sections is accepted (schema 1 to 3). It refuses, with one line naming the
 * file, what is not JSON, not an isolab result, or has a schema_version
 * this isolab does not know (older than 1 or newer than
 * RESULTS_SCHEMA_VERSION). Numbers are kept as doubles in the file's units
 * (ns, KiB); nothing is summarised here. Each sessions[] record's
 * "options" (the configuration its runs had) is kept as written; a file
 * from before options were recorded reads with none known. */
#ifndef ISOLAB_REPORT_RESULTS_FILE_H
#define ISOLAB_REPORT_RESULTS_FILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "lab/host/err.h"
#include "lab/probe/reach.h"

#define RF_NAME 48
#define RF_MAX_NAMED 32

struct rf_environment {
	char isolab_version[32];
	char kernel[160];
	char cpu_model[128];
	int cores;
	char virtualization[32]; /* "hardware", "software" or "none" */
	char virt_detail[96];
	char cgroup_layout[16];
	double load_start, load_end; /* 1-minute load averages; -1: not
					recorded (files before they were) */
	bool load_end_counts_own; /* see struct environment */
};

struct rf_named {
	char name[RF_NAME];
	double value;
};

struct rf_run {
	char launcher[RF_NAME];
	char workload[96];
	int rep;
	double startup_ns, run_ns, teardown_ns, total_ns;
	double workload_peak_kib, overhead_kib;
	bool failed; /* non-zero exit, signal, timeout, OOM or interrupted */
	int nphases;
	struct rf_named phases[RF_MAX_NAMED];     /* in startup order */
	int ncounters;
	struct rf_named counters[RF_MAX_NAMED];   /* e.g. exit_io */
};

struct rf_option {
	char name[RF_NAME];
	char value[96]; /* as a user would type it: "strict", "mem=1G,pids=1024" */
};

#define RF_MAX_OPTIONS 24

/* One sessions[] record: the configuration one launcher's (or variant's)
 * runs had in this file. */
struct rf_session {
	char label[RF_NAME];    /* as its runs are shown: the variant's label,
				   else the launcher's name */
	char launcher[RF_NAME]; /* the launcher itself */
	bool options_recorded;  /* false: written before "options" existed */
	int noptions;
	struct rf_option options[RF_MAX_OPTIONS]; /* in the file's order */
};

struct rf_probe {
	char launcher[RF_NAME];
	bool guest_kernel;
	int count[REACH_NCLASSES]; /* by enum reach_class */
	int host_direct;
	int nsyscalls;
	struct rf_session config; /* the options it ran with, if recorded */
	unsigned char *cls; /* [nsyscalls], enum reach_class by number */
};

struct rf_density {
	char launcher[RF_NAME];
	double count, ready, all_ready_ns, memory_kib, harness_kib,
		per_instance_kib;
	bool stopped; /* the step stopped short (its failure is non-empty) */
	bool below_noise; /* per_instance_kib is too small to tell from the
			     host's own movement (older files: negative) */
	struct rf_session config; /* the options it ran with, if recorded */
};

/* One rung of an `isolab ladder` (schema 3). Skipped rungs keep their
 * reason and no numbers; has_increment is false for the bottom rung. */
struct rf_rung {
	char label[64];
	char launcher[RF_NAME];
	char skipped[200];    /* "" when it ran */
	double startup_ns, run_ns, teardown_ns, footprint_kib;
	bool has_increment;
	double inc_startup_ns, inc_startup_err_ns, inc_footprint_kib;
	int host_reach;       /* -1: not known */
	int ndeltas;          /* the increment's phases, as in the file */
	struct rf_named deltas[RF_MAX_NAMED];
};

struct results_file {
	char path[PATH_MAX];
	int schema_version;
	struct rf_environment env;
	struct rf_run *runs;
	size_t nruns;
	struct rf_probe *probes;
	size_t nprobes;
	struct rf_density *density;
	size_t ndensity;
	char ladder_workload[96];
	struct rf_rung *rungs; /* "ladder": {"rungs": [...]} */
	size_t nrungs;
	struct rf_session *sessions;
	size_t nsessions;
};

int results_file_read(const char *path, struct results_file *out,
		      struct err *err);
void results_file_free(struct results_file *rf);

/* The counter name a value is looked up by, 0 when absent. */
double rf_counter(const struct rf_run *run, const char *name);

#endif
