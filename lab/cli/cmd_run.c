/* cmd_run: `isolab run`, and the measuring that `isolab compare` shares
 * (cmd_run.h): every selected launcher or variant measured over -n runs,
 * one session each unless --cold, the results written whole at the end. */
#include "lab/cli/cmd_run.h"

#include <stdlib.h>

#include "lab/cli/commands.h"
#include "lab/cli/program.h"
#include "lab/core/launcher_try.h"
#include "lab/core/measure.h"
#include "lab/core/session.h"
#include "lab/host/atomic_file.h"
#include "lab/report/not_run_output.h"

static int write_results(const struct cli *cli, const struct result_set *rs,
			 struct atomic_file *af, struct err *err)
{
	if (!af->f) {
		if (output_write(stdout, rs, &cli->out) < 0 || fflush(stdout))
			return err_sys(err, "writing the results");
		return 0;
	}
	if (output_write(af->f, rs, &cli->out) < 0) {
		atomic_file_abort(af);
		return err_sys(err, "writing %s", cli->output_path);
	}
	return atomic_file_commit(af, err);
}

struct measure_part {
	struct measure_plan plan;
	struct result_set *rs;
	const struct cli *cli;
	struct program *prog;
};

/* One launcher (or variant): one session for all of its runs, its cost
 * recorded once, and every workload of the sweep, in order. */
static int measure_part(void *ctx, bool *launched, struct err *err)
{
	struct measure_part *p = ctx;
	struct launch_session session;
	int rc = 0;

	if (launch_session_unless_cold(p->plan.launcher, p->plan.request.config,
				       p->cli->cold, &session,
				       &p->plan.request.session, err) < 0)
		return -1;
	for (int w = 0; w < p->cli->nworkloads && rc == 0; w++) {
		program_use_workload(p->prog, p->cli, w);
		p->plan.label = p->prog->label;
		rc = measure_series(&p->plan, p->rs, launched, err);
	}
	if (*launched)
		result_set_add_session(p->rs, p->plan.launcher,
				       p->plan.request.config, p->plan.variant,
				       p->plan.request.session);
	launch_session_close(&session);
	p->plan.request.session = NULL;
	return rc;
}

/* One row group of compare/run: a launcher with its config, or a
 * variant. A launcher that cannot run goes on the not-run list under the
 * variant's label. */
static int measure_one(const struct cli *cli, struct program *prog,
		       const struct launcher *l, const void *config,
		       const char *variant, int cancel_fd,
		       struct result_set *rs, struct err *err)
{
	struct measure_part part = {
		.plan = {
			.launcher = l,
			.request = program_request(cli, prog, config, cancel_fd),
			.variant = variant,
			.reps = cli->reps,
			.warmup = cli->warmup,
		},
		.rs = rs,
		.cli = cli,
		.prog = prog,
	};
	return launcher_try(l, config, variant, measure_part, &part,
			    &rs->not_run, err);
}

int measure_command(const struct cli *cli, int cancel_fd, int *status,
		    struct err *err)
{
	struct atomic_file af = { 0 };
	struct result_set rs;
	struct program prog;
	int rc = 0;
	size_t ran = 0;

	if (program_resolve(cli, &prog, err) < 0)
		return -1;
	/* Fail on an unwritable path now, not after minutes of measuring. */
	if (cli->output_path && atomic_file_open(&af, cli->output_path, err) < 0)
		return -1;
	result_set_init(&rs);
	for (int v = 0; v < cli->nvariants && rc >= 0; v++) {
		rc = measure_one(cli, &prog, cli->variants[v].launcher,
				 cli->variants[v].config, cli->variants[v].label,
				 cancel_fd, &rs, err);
		ran += rc == 0;
	}
	for (int i = 0; !cli->nvariants && all_launchers[i] && rc >= 0; i++) {
		if (!cli->selected[i])
			continue;
		rc = measure_one(cli, &prog, all_launchers[i], cli->config[i],
				 NULL, cancel_fd, &rs, err);
		ran += rc == 0;
	}
	environment_capture_end(&rs.env);
	if (rc >= 0 && ran == 0)
		rc = not_run_fail(&rs.not_run, err);
	if (rc >= 0)
		rc = write_results(cli, &rs, &af, err);
	else
		atomic_file_abort(&af);
	if (rc == 0 && rs.not_run.n) {
		if (cli->output_path || cli->out.format != FORMAT_TABLE)
			not_run_warn(stderr, &rs.not_run);
		*status = EXIT_NOT_ALL_RAN;
	}
	result_set_free(&rs);
	return rc < 0 ? -1 : 0;
}

const struct cli_command command_run = {
	.name = "run",
	.summary = "measure one launcher over -n runs",
	.id = CMD_RUN,
	.usage = "usage: isolab run --launcher NAME [--workload W | --binary PATH [-- ARGS]] [-n N] [--warmup N]\n"
		"                  [--timeout S] [--format table|csv|json] [--output FILE] [--phases] [--cold] [launcher options]\n",
	.run = measure_command,
	.launcher_options = true,
	.workloads = true,
	.writes_results = true,
};
