/* cli_options: the options the commands share (the launchers' own are
 * declared by each launcher, lab/core/launcher.h), each declared once: its
 * name, short name, argument, the commands that take it (a bit per enum
 * command), its help line, and how its value is parsed into struct cli.
 * cli_parse.c finds and sets them; usage.c lists them. Private to lab/cli. */
#ifndef ISOLAB_CLI_OPTIONS_H
#define ISOLAB_CLI_OPTIONS_H

#include <stddef.h>

#include "lab/cli/cli.h"

#define CMD_BIT(c) (1u << (c))

enum option_id {
	OPT_LAUNCHER, OPT_WORKLOAD, OPT_BINARY, OPT_REPS, OPT_WARMUP,
	OPT_TIMEOUT, OPT_FORMAT, OPT_OUTPUT, OPT_PHASES, OPT_COUNT, OPT_CLEANUP,
	OPT_HELP, OPT_VERBOSE, OPT_ITERATIONS, OPT_INTERVAL, OPT_RATE, OPT_ONCE,
	OPT_NO_COLOR, OPT_COLD, OPT_VARIANT,
};

struct common_option {
	enum option_id id;
	const char *name;
	char short_name;
	const char *arg; /* NULL: a flag */
	unsigned commands;
	const char *help;
};

extern const struct common_option common_options[];
extern const size_t common_options_count;

/* The entry for option `arg` ("--name" or "-x"), preferring the one that
 * applies to command c (an option may mean different things to two). */
const struct common_option *common_option_find(const char *arg,
					       enum command c);
/* Parses value (NULL for a flag) into cli; -1 with ERR_USAGE. */
int common_option_set(struct cli *cli, const struct common_option *o,
		      const char *value, struct err *err);

/* Split a comma list in buf (modified) into at most max items; an empty
 * list or item ("", "a,,b", "a,") is a typo to report, not to skip. */
int split_list(const char *option, char *buf, char *items[], int max,
	       struct err *err);

#endif
