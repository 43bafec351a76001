/* commands: the table (lab/cli/commands.h) and what it answers. */
#include "lab/cli/commands.h"

#include <string.h>

#include "lab/core/launcher.h"

const struct cli_command *const cli_commands[] = {
	&command_run, &command_compare, &command_exec, &command_shell,
	&command_density, &command_doctor, &command_probe, &command_dashboard,
	&command_ladder, &command_plot, &command_report, &command_lab,
	&command_check, NULL,
};

const struct cli_command *command_named(const char *name)
{
	for (int i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

const struct cli_command *command_of(enum command id)
{
	for (int i = 0; id != CMD_NONE && cli_commands[i]; i++)
		if (cli_commands[i]->id == id)
			return cli_commands[i];
	return NULL;
}

const char *command_name(enum command id)
{
	const struct cli_command *c = command_of(id);

	return c ? c->name : "";
}

const char *command_names(char *buf, size_t len)
{
	const char *names[32];
	size_t n = 0;

	while (cli_commands[n] && n < sizeof(names) / sizeof(names[0])) {
		names[n] = cli_commands[n]->name;
		n++;
	}
	return option_enum_list(names, n, buf, len);
}

bool command_takes_many(enum command id)
{
	const struct cli_command *c = command_of(id);

	return c && c->many_launchers;
}

const char *command_only_launcher(enum command id)
{
	const struct cli_command *c = command_of(id);

	for (int i = 0; c && c->shell_only && i < LAUNCHER_COUNT; i++)
		if (all_launchers[i]->shell)
			return all_launchers[i]->name;
	return NULL;
}

bool command_offers(enum command id, const struct launcher *l)
{
	const char *only = command_only_launcher(id);

	return !only || strcmp(only, l->name) == 0;
}
