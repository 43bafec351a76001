/* isolab: the command. Finds the command in the table (lab/cli/commands.h)
 * and runs it: one that parses its own command line gets argv; the others
 * get the parsed line (lab/cli/cli.h), after the prelude every launching
 * command shares (lab/cli/launching.h). A failure is one line on stderr and
 * the exit status of lab/cli/outcome.h, or the command's own. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/cli/cli.h"
#include "lab/cli/commands.h"
#include "lab/cli/launching.h"
#include "lab/cli/outcome.h"
#include "lab/cli/usage.h"
#include "lab/host/hostinfo.h"

static bool is_help(const char *word)
{
	return strcmp(word, "help") == 0 || strcmp(word, "--help") == 0 ||
	       strcmp(word, "-h") == 0;
}

/* The command of `isolab NAME ...` or `isolab help NAME` when it parses
 * its own line, or NULL. */
static const struct cli_command *own_parser(int argc, char **argv,
					    bool *help)
{
	const struct cli_command *c = NULL;

	*help = argc >= 3 && is_help(argv[1]);
	if (argc >= 2)
		c = command_named(argv[*help ? 2 : 1]);
	return c && c->main ? c : NULL;
}

static int status_of_failure(const struct cli_command *c, enum err_kind kind)
{
	return c && c->failure_status ? c->failure_status(kind)
				      : failure_status(kind);
}

int main(int argc, char **argv)
{
	struct err err = { 0 };
	const struct cli_command *c;
	struct cli cli;
	int status = 0, rc = 0, cancel_fd;
	bool help;

	/* One malloc arena, which grows by brk. glibc gives threads arenas of
	 * their own, which grow a page at a time by mprotect; in a process
	 * holding many VMs every mprotect walks each VM's MMU notifier
	 * (KVM's), and each arena is two more mappings for every fork of a
	 * process launch to copy. Density at 1000, micro-VM and process
	 * alike, became ready in 0.77x the time with one. */
	mallopt(M_ARENA_MAX, 1);
	if ((c = own_parser(argc, argv, &help))) {
		char help_word[] = "--help";
		char *help_argv[] = { argv[0], argv[2], help_word, NULL };

		return help ? c->main(3, help_argv) : c->main(argc, argv);
	}
	if (cli_parse(&cli, argc, argv, &err) < 0) {
		fprintf(stderr, "isolab: %s\n", err.msg);
		cli_free(&cli);
		return status_of_failure(command_of(cli.command), err.kind);
	}
	cli.test_stop_at = getenv("ISOLAB_TEST_STOP_AT");
	c = command_of(cli.command);
	if (cli.version) {
		printf("isolab %s\n", ISOLAB_VERSION);
	} else if (cli.help) {
		cli_print_help(stdout, cli.command);
	} else {
		config_warnings_print(&cli);
		cancel_fd = launching_begin();
		rc = c->run(&cli, cancel_fd, &status, &err);
		if (cancel_fd >= 0)
			close(cancel_fd);
	}
	cli_free(&cli);
	if (rc < 0) {
		failure_print(&err, c->writes_results);
		return status_of_failure(c, err.kind);
	}
	return status;
}
