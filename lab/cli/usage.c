/* usage: isolab --help and COMMAND --help, from the command table
 * (commands.h), the shared options (cli_options.h) and the launchers'
 * option tables. */
#include "lab/cli/usage.h"

#include "lab/cli/cli_options.h"
#include "lab/cli/commands.h"
#include "lab/core/workload_spec.h"

/* "process, container or microvm", from the registry. */
static const char *launchers_or(char *buf, size_t len)
{
	const char *names[LAUNCHER_COUNT];

	for (int i = 0; i < LAUNCHER_COUNT; i++)
		names[i] = all_launchers[i]->name;
	return option_enum_list(names, LAUNCHER_COUNT, buf, len);
}

/* The options every command of this kind takes (cli_options.h). */
static void print_common_options(FILE *f, enum command c)
{
	char names[128];

	fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < common_options_count; i++) {
		const struct common_option *o = &common_options[i];
		char left[40];

		if (!(o->commands & CMD_BIT(c)))
			continue;
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s %s",
				 o->short_name, o->name, o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s %s", o->name,
				 o->arg ? o->arg : "");
		if (o->id == OPT_LAUNCHER && command_only_launcher(c))
			fprintf(f, "  %-26s %s (the only one, and the default)\n",
				left, command_only_launcher(c));
		else if (o->id == OPT_LAUNCHER)
			fprintf(f, "  %-26s %s %s\n", left, launchers_or(names, sizeof(names)),
				o->help);
		else
			fprintf(f, "  %-26s %s\n", left, o->help);
	}
}

/* Each launcher's own options, under its name. */
static void print_launcher_options(FILE *f, enum command c)
{
	for (int i = 0; all_launchers[i]; i++) {
		const struct launcher_option *o = all_launchers[i]->options;

		if (!o || !o->name || !command_offers(c, all_launchers[i]))
			continue;
		fprintf(f, "\n%s launcher options:\n", all_launchers[i]->name);
		for (; o->name; o++) {
			char left[40];

			snprintf(left, sizeof(left), "--%s %s", o->name, o->arg);
			fprintf(f, "  %-26s %s\n", left, o->help);
		}
	}
}

static void print_command_help(FILE *f, const struct cli_command *c)
{
	fputs(c->usage, f);
	print_common_options(f, c->id);
	if (c->launcher_options)
		print_launcher_options(f, c->id);
	if (c->workloads) {
		fprintf(f, "\nworkloads (isolab-workload):\n");
		workload_spec_print_help(f);
	}
}

void cli_print_help(FILE *f, enum command id)
{
	const struct cli_command *c = command_of(id);

	if (c) {
		print_command_help(f, c);
		return;
	}
	fprintf(f, "isolab: run one workload as a process, in a container and in a micro-VM,\n"
		   "and measure what each costs (startup, memory) and what each isolates.\n\n"
		   "usage: isolab COMMAND [options]\n\ncommands:\n");
	for (int i = 0; cli_commands[i]; i++)
		fprintf(f, "  %-9s %s\n", cli_commands[i]->name,
			cli_commands[i]->summary);
	fprintf(f, "\nlaunchers:\n");
	for (int i = 0; all_launchers[i]; i++)
		fprintf(f, "  %-9s %s\n", all_launchers[i]->name,
			all_launchers[i]->summary);
	fprintf(f, "\n'isolab COMMAND --help' shows a command's options; 'isolab --version' the version.\n");
	cli_print_exit_status(f);
	fprintf(f, "\nSee also isolab(1).\n");
}

void cli_print_exit_status(FILE *f)
{
	fprintf(f, "\nexit status:\n"
		   "  0    done (run, compare: even if the workload crashed; that is a result)\n"
		   "  1    a runtime failure; doctor: something is missing\n"
		   "  2    a usage error: fix the command line\n"
		   "  3    compare, probe: done, but a launcher could not run here (listed with the reason)\n"
		   "  130  interrupted (Ctrl-C, SIGTERM); nothing was written\n"
		   "  exec: the program's status; 124 timeout; 125 isolab failed or bad usage;\n"
		   "        126 program could not be run; 127 program not found\n"
		   "  shell: the shell's or the COMMAND's status\n");
}
