/* cmd_density: `isolab density`, how many idle instances of one launcher
 * fit at once (lab/density/density.h): for each --count, the time until
 * all are ready and the memory each, written whole at the end. A step that
 * stops short is written, then reported as the failure. */
#include <inttypes.h>
#include <limits.h>
#include <string.h>

#include "lab/cli/commands.h"
#include "lab/core/session.h"
#include "lab/density/density.h"
#include "lab/host/atomic_file.h"
#include "lab/host/paths.h"
#include "lab/report/density_output.h"

/* The plan: every step of --count, each instance running the idle
 * workload at path. */
static void density_plan_for(const struct cli *cli, int launcher,
			     const char *path, int cancel_fd,
			     struct density_plan *plan)
{
	static char *idle_argv[] = { "isolab-workload", "idle", NULL };

	plan->launcher = all_launchers[launcher];
	plan->request = (struct launch_request){
		.binary = path, .argv = idle_argv,
		.timeout_ns = cli->timeout_ns, .stdout_fd = -1,
		.stderr_fd = -1, .stdin_fd = -1, .cancel_fd = cancel_fd,
		.stop_at = cli->test_stop_at,
		.config = cli->config[launcher],
	};
	memcpy(plan->counts, cli->counts, sizeof(cli->counts));
	plan->ncounts = cli->ncounts;
}

/* A step that stopped short, after the results are written. */
static int stopped_short(const struct density_step *steps, int nsteps,
			 struct err *err)
{
	for (int i = 0; i < nsteps; i++)
		if (steps[i].failure[0])
			return err_set(err, ERR_RUNTIME,
				       "density stopped at %" PRIu64 " of %" PRIu64
				       " instances: %s",
				       steps[i].ready, steps[i].count,
				       steps[i].failure);
	return 0;
}

static int density_command(const struct cli *cli, int cancel_fd, int *status,
			   struct err *err)
{
	int launcher = cli_first_selected(cli), nsteps = 0, noptions, rc;
	struct density_step steps[DENSITY_MAX_STEPS];
	struct density_plan plan = { 0 };
	struct option_record options[RESULTS_MAX_OPTIONS];
	struct launch_session session;
	struct atomic_file af = { 0 };
	struct environment env;
	char path[PATH_MAX];

	(void)status;
	if (paths_find_helper("isolab-workload", path, sizeof(path), err) < 0 ||
	    all_launchers[launcher]->available(cli->config[launcher], err) < 0)
		return -1;
	if (cli->output_path && atomic_file_open(&af, cli->output_path, err) < 0)
		return -1;
	density_plan_for(cli, launcher, path, cancel_fd, &plan);
	environment_capture(&env);
	/* Every instance of every step shares one session: the launches run
	 * concurrently, which its read-only state allows. */
	rc = launch_session_unless_cold(plan.launcher, plan.request.config,
					cli->cold, &session,
					&plan.request.session, err);
	if (rc == 0)
		rc = density_run(&plan, steps, &nsteps, err);
	launch_session_close(&session);
	environment_capture_end(&env);
	/* Up to the largest count of instances were starting and then
	 * ending at once: their threads are in that load, not other work. */
	env.load_end_counts_own = true;
	if (rc < 0) {
		atomic_file_abort(&af);
		return -1;
	}
	noptions = options_record(plan.launcher, plan.request.config, options,
				  RESULTS_MAX_OPTIONS);
	if (density_write(af.f ? af.f : stdout, &env, plan.launcher->name,
			  options, noptions, steps, nsteps,
			  cli->out.format) < 0) {
		atomic_file_abort(&af);
		return err_sys(err, "writing the results");
	}
	if (af.f && atomic_file_commit(&af, err) < 0)
		return -1;
	return stopped_short(steps, nsteps, err);
}

const struct cli_command command_density = {
	.name = "density",
	.summary = "how many idle instances fit at once: time until all are ready, memory each",
	.id = CMD_DENSITY,
	.usage = "usage: isolab density --launcher NAME [--count 1,10,100,1000] [--timeout S]\n"
		"                      [--format table|csv|json] [--output FILE] [--cold] [launcher options]\n",
	.run = density_command,
	.launcher_options = true,
	.writes_results = true,
};
