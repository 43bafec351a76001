/* cmd_probe: `isolab probe`, the syscall reach probe under each selected
 * launcher (lab/probe/reach_run.h), written as a table, CSV or JSON. A launcher
 * that cannot run here is listed with the reason, as compare does
 * (lab/core/launcher_try.h), and *status is then EXIT_NOT_ALL_RAN. */
#include <limits.h>
#include <stdlib.h>

#include "lab/cli/commands.h"
#include "lab/host/atomic_file.h"
#include "lab/host/elf_check.h"
#include "lab/core/launcher_try.h"
#include "lab/core/session.h"
#include "lab/report/not_run_output.h"
#include "lab/host/paths.h"
#include "lab/report/reach_output.h"
#include "lab/probe/reach_run.h"

static int write_report(const struct cli *cli, const struct reach_set *s,
			struct atomic_file *af, struct err *err)
{
	FILE *f = af->f ? af->f : stdout;

	if (reach_write(f, s, &cli->out) < 0 || fflush(f)) {
		/* Named before the abort, which forgets the file. */
		const char *what = af->f ? cli->output_path : "the report";

		err_sys(err, "writing %s", what);
		atomic_file_abort(af);
		return -1;
	}
	return af->f ? atomic_file_commit(af, err) : 0;
}

struct probe_part {
	struct reach_plan plan;
	struct reach_set *set;
	const char *variant; /* its label names the report, or NULL */
};

/* A probe that fails, at whichever of its launches, leaves no report:
 * the launcher is listed as not run (*launched stays false). */
static int probe_part(void *ctx, bool *launched, struct err *err)
{
	struct probe_part *p = ctx;
	struct reach_report *r = reach_set_add(p->set);
	struct launch_session session;
	int rc;

	(void)launched;
	if (!r)
		return err_set(err, ERR_RUNTIME, "out of memory");
	/* One session for the sweep's launches. */
	rc = launch_session_open(p->plan.launcher, p->plan.config, &session,
				 err);
	if (rc == 0) {
		p->plan.session = &session;
		rc = reach_run(&p->plan, r, err);
		p->plan.session = NULL;
		launch_session_close(&session);
	}
	if (rc == 0) {
		r->variant = p->variant;
		r->noptions = options_record(p->plan.launcher, p->plan.config,
					     r->options, RESULTS_MAX_OPTIONS);
		return 0;
	}
	reach_set_drop(p->set);
	return -1;
}

/* One launcher's, or one variant's, report; a variant that cannot run
 * is listed under its label. */
static int probe_one(const struct launcher *l, const void *config,
		     const char *variant, const char *workload,
		     const struct cli *cli, int cancel_fd, struct reach_set *s,
		     struct err *err)
{
	struct probe_part part = {
		.plan = {
			.launcher = l,
			.config = config,
			.workload = workload,
			.timeout_ns = cli->timeout_ns,
			.cancel_fd = cancel_fd,
			.stop_at = cli->test_stop_at,
		},
		.set = s,
		.variant = variant,
	};
	return launcher_try(l, config, variant, probe_part, &part, &s->not_run,
			    err);
}

static int probe_command(const struct cli *cli, int cancel_fd, int *status,
			 struct err *err)
{
	struct atomic_file af = { 0 };
	char workload[PATH_MAX];
	struct reach_set *s;
	int rc = 0;

	if (paths_find_helper("isolab-workload", workload, sizeof(workload),
			      err) < 0 ||
	    elf_check_static_x86_64(workload, err) < 0)
		return -1;
	/* Fail on an unwritable path now, not after the sweeps. */
	if (cli->output_path && atomic_file_open(&af, cli->output_path, err) < 0)
		return -1;
	if (!(s = malloc(sizeof(*s)))) {
		atomic_file_abort(&af);
		return err_set(err, ERR_RUNTIME, "out of memory");
	}
	reach_set_init(s);
	for (int v = 0; v < cli->nvariants && rc >= 0; v++)
		rc = probe_one(cli->variants[v].launcher, cli->variants[v].config,
			       cli->variants[v].label, workload, cli, cancel_fd,
			       s, err);
	for (int i = 0; !cli->nvariants && all_launchers[i] && rc >= 0; i++)
		if (cli->selected[i])
			rc = probe_one(all_launchers[i], cli->config[i], NULL,
				       workload, cli, cancel_fd, s, err);
	environment_capture_end(&s->env);
	if (rc >= 0 && s->n == 0)
		rc = not_run_fail(&s->not_run, err);
	if (rc >= 0)
		rc = write_report(cli, s, &af, err);
	else
		atomic_file_abort(&af);
	if (rc == 0 && s->not_run.n) {
		if (cli->output_path || cli->out.format != FORMAT_TABLE)
			not_run_warn(stderr, &s->not_run);
		*status = EXIT_NOT_ALL_RAN;
	}
	reach_set_free(s);
	free(s);
	return rc < 0 ? -1 : 0;
}

const struct cli_command command_probe = {
	.name = "probe",
	.summary = "which system calls the workload reaches under each launcher",
	.id = CMD_PROBE,
	.usage = "usage: isolab probe [--launcher A,B | --variant LABEL:LAUNCHER[:OPTIONS]...] [--timeout S] [--format table|csv|json]\n"
		"                    [--output FILE] [--verbose]\n"
		"                    [launcher options]\n"
		"Runs the probe workload under each launcher: it tries every system call number\n"
		"with arguments that fail validation and reports which reach the kernel.\n"
		"A launcher that cannot run here is listed with the reason; isolab then exits 3.\n",
	.run = probe_command,
	.many_launchers = true,
	.launcher_options = true,
	.writes_results = true,
};
