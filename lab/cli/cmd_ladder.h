/* cmd_ladder: `isolab ladder`, its own command line and its run (its
 * entry: commands.h).
 *
 *   isolab ladder [--workload W] [-n N] [--warmup N] [--timeout S]
 *                 [--format table|csv|json] [--output FILE] [--ladder FILE]
 *
 * Parsing is apart from running, so that main can turn signals into a
 * cancel fd (and adopt orphans) only for a command line that is good. */
#ifndef ISOLAB_CMD_LADDER_H
#define ISOLAB_CMD_LADDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lab/host/err.h"
#include "lab/report/output.h"

struct ladder_opts {
	bool help;
	const char *workload; /* "noop" unless given */
	const char *ladder_path; /* NULL: the standard ladder */
	const char *output_path;
	enum output_format format;
	uint64_t reps, warmup, timeout_ns;
};

void ladder_cmd_help(FILE *f);
/* -1 with ERR_USAGE and one line on bad input. */
int ladder_cmd_parse(int argc, char **argv, struct ladder_opts *o,
		     struct err *err);
/* Measures and writes; *status is EXIT_NOT_ALL_RAN when a rung could
 * not run here. */
int ladder_cmd_run(const struct ladder_opts *o, int cancel_fd, int *status,
		   struct err *err);

#endif
