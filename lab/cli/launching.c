/* launching: before a command launches (launching.h). */
#include "lab/cli/launching.h"

#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>

#include "lab/cli/leftovers.h"
#include "lab/host/orphans.h"

/* Valid but worth knowing: one line per selected launcher that says so. */
void config_warnings_print(const struct cli *cli)
{
	for (int i = 0; all_launchers[i]; i++) {
		char line[256];

		if (cli->selected[i] && all_launchers[i]->config_warning &&
		    all_launchers[i]->config_warning(cli->config[i], line,
						     sizeof(line)))
			fprintf(stderr, "isolab: warning: %s\n", line);
	}
}

/* SIGINT/SIGTERM/SIGHUP arrive on a signalfd that launchers poll. */
static int cancel_fd_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

int launching_begin(void)
{
	/* What a SIGKILLed isolab left, and what escapes this run. */
	sweep_at_start();
	orphans_adopt();
	return cancel_fd_open();
}
