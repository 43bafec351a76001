/* cli: the isolab command line, parsed into one plain struct.
 *
 *   isolab run      --launcher NAME [--workload W | --binary PATH] [options]
 *   isolab compare  [--launcher A,B] [--workload W | --binary PATH] [options]
 *   isolab exec     --launcher NAME [--binary PATH] -- WORKLOAD [ARGS]
 *   isolab probe    [--launcher A,B] [--format F] [--output FILE]
 *   isolab shell    [--launcher container] [isolation options] [-- CMD [ARGS]]
 *   isolab density  --launcher NAME [--count 1,10,100,1000] [options]
 *   isolab doctor   [--cleanup] [--format text|json]
 *   isolab dashboard [--launcher A,B] [--workload W] [--once] [options]
 *
 * (ladder, plot, report, lab and check parse their own command line: see
 * lab/cli/commands.h.) Options shared by the commands are in
 * lab/cli/cli_options.h. Launcher options (--spawn, --ns, --mem, ...) are found in the launchers'
 * option tables and handed to launcher_option_set(); an option that belongs
 * to none of the selected launchers is a usage error. */
#ifndef ISOLAB_CLI_H
#define ISOLAB_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lab/host/err.h"
#include "lab/core/launchers.h"
#include "lab/report/output.h"
#include "lab/core/variant.h"

enum command {
	CMD_NONE, CMD_RUN, CMD_COMPARE, CMD_EXEC, CMD_SHELL, CMD_DENSITY,
	CMD_DOCTOR, CMD_PROBE, CMD_DASHBOARD
};

#define CLI_MAX_VARIANTS 8
#define CLI_MAX_WORKLOADS 16

struct cli {
	enum command command;
	bool help, version;
	bool explicit_launcher; /* --launcher was given */
	bool cleanup;          /* doctor --cleanup */
	bool cold;             /* --cold: no session, each run opens its own */
	const char *test_stop_at; /* ISOLAB_TEST_STOP_AT, read once by main */
	/* Selected launchers, in all_launchers order. */
	bool selected[LAUNCHER_COUNT];
	void *config[LAUNCHER_COUNT]; /* one per entry of all_launchers */
	const char *workload;  /* "noop" unless given; a sweep's first */
	/* --workload MODE:V1,V2,...: one workload per value, in order */
	char workloads[CLI_MAX_WORKLOADS][96];
	int nworkloads;
	/* compare --variant LABEL:LAUNCHER[:OPTIONS], in order; when given,
	 * they replace the launchers */
	const char *variant_specs[CLI_MAX_VARIANTS];
	/* a sweep of a launcher option (--mem 16,64,256) made into variants */
	char sweep_specs[CLI_MAX_VARIANTS][256];
	struct variant variants[CLI_MAX_VARIANTS];
	int nvariants;
	const char *binary;    /* --binary, or NULL for isolab-workload */
	char **tail;           /* what follows "--" */
	int ntail;
	uint64_t reps, warmup;
	uint64_t timeout_ns;  /* 0: no limit */
	bool timeout_given;
	struct output_options out;
	const char *output_path;
	uint64_t counts[16]; /* density: instance counts, in order */
	int ncounts;
	/* dashboard */
	uint64_t iterations;  /* per column, 0: until q */
	uint64_t interval_ns; /* redraw period */
	uint64_t rate;        /* launches per second per column, 0: max */
	bool once, no_color;
};

/* Parse argv (lab/cli/cli_parse.c); on a usage error returns -1 with
 * err->kind == ERR_USAGE. */
int cli_parse(struct cli *cli, int argc, char **argv, struct err *err);
void cli_free(struct cli *cli);
/* The first selected launcher: the one of a command that takes one. */
int cli_first_selected(const struct cli *cli);

#endif
