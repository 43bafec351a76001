/* program: which program a launching command runs (isolab-workload with a
 * workload, or the user's --binary with its arguments), with which argv and
 * under which label, and the launch request that runs it. Shared by run,
 * compare and exec. */
#ifndef ISOLAB_PROGRAM_H
#define ISOLAB_PROGRAM_H

#include <limits.h>

#include "lab/cli/cli.h"
#include "lab/core/launcher.h"

struct program {
	char path[PATH_MAX];
	char *argv[256];
	char label[96];
};

/* Finds the program and checks it is a static x86-64 executable; -1 with
 * ERR_USAGE (or ERR_NOT_FOUND, ...) when it cannot run. */
int program_resolve(const struct cli *cli, struct program *prog,
		    struct err *err);
/* The workload of a sweep's step w (--workload MODE:V1,V2,...); a
 * --binary has no sweep. */
void program_use_workload(struct program *prog, const struct cli *cli, int w);
/* A request for prog under config, output not passed through. */
struct launch_request program_request(const struct cli *cli,
				      const struct program *prog,
				      const void *config, int cancel_fd);

#endif
