/* commands: isolab's commands, in one table. Dispatch (main.c), the
 * command-line parser (cli_parse.c) and the help (usage.c) all read it, so
 * there is no second list to keep in step: a command is its file,
 * cmd_NAME.c, which defines its entry, and one line in the table
 * (commands.c), whose order is the order isolab --help lists them.
 *
 * A command is either parsed by cli_parse (id and run set: run, compare,
 * exec, ...) or parses its own command line (main set: ladder, plot,
 * report, lab, check); `isolab help NAME` runs the latter as
 * `isolab NAME --help`. */
#ifndef ISOLAB_COMMANDS_H
#define ISOLAB_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/cli/cli.h"

struct cli_command {
	const char *name;
	const char *summary; /* its line in isolab --help */

	/* A command cli_parse reads: */
	enum command id;
	const char *usage;   /* NAME --help: the lines above the options */
	/* Runs it once the prelude is done (launching.h); *status is the
	 * exit status when it returns 0. */
	int (*run)(const struct cli *cli, int cancel_fd, int *status,
		   struct err *err);
	bool many_launchers;   /* --launcher takes a list; all by default */
	bool shell_only;       /* only a launcher with a shell hook will do */
	bool launcher_options; /* its --help lists the launchers' options */
	bool workloads;        /* its --help lists isolab-workload's modes */
	bool writes_results;   /* interrupted, it says nothing was written */
	/* The exit status when it failed before its program ended; NULL:
	 * failure_status() (outcome.h). */
	int (*failure_status)(enum err_kind kind);

	/* A command that parses its own command line; returns the exit
	 * status. */
	int (*main)(int argc, char **argv);
};

/* Every command, in the order of isolab --help; NULL-terminated. */
extern const struct cli_command *const cli_commands[];

/* The command called `name`, or NULL. */
const struct cli_command *command_named(const char *name);
/* The command cli_parse knows as `id`, or NULL (CMD_NONE). */
const struct cli_command *command_of(enum command id);
/* "" for CMD_NONE. */
const char *command_name(enum command id);
/* "run, compare, ... or check", for the messages that list them. */
const char *command_names(char *buf, size_t len);

bool command_takes_many(enum command id);
/* The one launcher command `id` can use (shell: the one with a shell
 * hook), or NULL when any will do. */
const char *command_only_launcher(enum command id);
bool command_offers(enum command id, const struct launcher *l);

/* The entries, each defined in its command's file. */
extern const struct cli_command command_run, command_compare, command_exec,
	command_shell, command_density, command_doctor, command_probe,
	command_dashboard, command_ladder, command_plot, command_report,
	command_lab, command_check;

#endif
