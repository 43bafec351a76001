/* isolab: the command. Parses the command line, turns SIGINT/SIGTERM into
 * a file descriptor every launcher watches (so Ctrl-C tears a run down
 * cleanly instead of killing isolab mid-setup), and dispatches. */
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "lab/atomic_file.h"
#include "lab/check/curriculum.h"
#include "lab/cli.h"
#include "lab/density.h"
#include "lab/doctor.h"
#include "lab/elf_check.h"
#include "lab/hostinfo.h"
#include "lab/launcher_try.h"
#include "lab/measure.h"
#include "lab/not_run_output.h"
#include "lab/paths.h"
#include "lab/probe_cmd.h"
#include "lab/shell.h"

#define EXIT_TIMEOUT 124

struct program {
	char path[PATH_MAX];
	char *argv[256];
	char label[96];
};

/* Which program runs, with which argv, under which label. */
static int resolve_program(const struct cli *cli, struct program *prog,
			   struct err *err)
{
	int n = 0;

	if (cli->binary) {
		if (snprintf(prog->path, sizeof(prog->path), "%s", cli->binary) >=
		    (int)sizeof(prog->path))
			return err_set(err, ERR_USAGE, "--binary path too long");
		prog->argv[n++] = prog->path;
		snprintf(prog->label, sizeof(prog->label), "%s",
			 basename(prog->path));
	} else {
		if (paths_find_helper("isolab-workload", prog->path,
				      sizeof(prog->path), err) < 0)
			return -1;
		prog->argv[n++] = "isolab-workload";
		if (cli->command != CMD_EXEC)
			prog->argv[n++] = (char *)cli->workload;
		snprintf(prog->label, sizeof(prog->label), "%s",
			 cli->command == CMD_EXEC ? cli->tail[0] : cli->workload);
	}
	if (cli->ntail > (int)(sizeof(prog->argv) / sizeof(char *)) - n - 1)
		return err_set(err, ERR_USAGE, "too many workload arguments");
	for (int i = 0; i < cli->ntail; i++)
		prog->argv[n++] = cli->tail[i];
	prog->argv[n] = NULL;
	return elf_check_static_x86_64(prog->path, err);
}

static struct launch_request request_for(const struct cli *cli,
					 const struct program *prog,
					 int launcher, int cancel_fd)
{
	return (struct launch_request){
		.binary = prog->path,
		.argv = prog->argv,
		.timeout_ns = cli->timeout_ns,
		.stdout_fd = -1,
		.stderr_fd = -1,
		.stdin_fd = -1,
		.cancel_fd = cancel_fd,
		.config = cli->config[launcher],
	};
}

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
};

static int measure_part(void *ctx, bool *launched, struct err *err)
{
	struct measure_part *p = ctx;

	return measure_series(&p->plan, p->rs, launched, err);
}

/* run and compare. A launcher that cannot run here is listed with the
 * reason (lab/launcher_try.h), and *status says so. */
static int cmd_measure(const struct cli *cli, int cancel_fd, int *status,
		       struct err *err)
{
	struct atomic_file af = { 0 };
	struct result_set rs;
	struct program prog;
	int rc = 0;
	size_t ran = 0;

	if (resolve_program(cli, &prog, err) < 0)
		return -1;
	/* Fail on an unwritable path now, not after minutes of measuring. */
	if (cli->output_path && atomic_file_open(&af, cli->output_path, err) < 0)
		return -1;
	result_set_init(&rs);
	for (int i = 0; all_launchers[i] && rc >= 0; i++) {
		struct measure_part part = {
			.plan = {
				.launcher = all_launchers[i],
				.request = request_for(cli, &prog, i, cancel_fd),
				.label = prog.label,
				.reps = cli->reps,
				.warmup = cli->warmup,
			},
			.rs = &rs,
		};

		if (!cli->selected[i])
			continue;
		rc = launcher_try(all_launchers[i], cli->config[i],
				  measure_part, &part, &rs.not_run, err);
		ran += rc == 0;
	}
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

static int selected_launcher(const struct cli *cli)
{
	int i = 0;

	while (!cli->selected[i])
		i++;
	return i;
}

static int cmd_density(const struct cli *cli, int cancel_fd, struct err *err)
{
	static char *idle_argv[] = { "isolab-workload", "idle", NULL };
	int launcher = selected_launcher(cli), nsteps = 0, rc;
	struct density_step steps[DENSITY_MAX_STEPS];
	struct density_plan plan = { .launcher = all_launchers[launcher] };
	struct atomic_file af = { 0 };
	struct environment env;
	char path[PATH_MAX];

	if (paths_find_helper("isolab-workload", path, sizeof(path), err) < 0 ||
	    plan.launcher->available(cli->config[launcher], err) < 0)
		return -1;
	if (cli->output_path && atomic_file_open(&af, cli->output_path, err) < 0)
		return -1;
	plan.request = (struct launch_request){
		.binary = path, .argv = idle_argv,
		.timeout_ns = cli->timeout_ns, .stdout_fd = -1,
		.stderr_fd = -1, .stdin_fd = -1, .cancel_fd = cancel_fd,
		.config = cli->config[launcher],
	};
	memcpy(plan.counts, cli->counts, sizeof(cli->counts));
	plan.ncounts = cli->ncounts;
	environment_capture(&env);
	rc = density_run(&plan, steps, &nsteps, err);
	if (rc < 0) {
		atomic_file_abort(&af);
		return -1;
	}
	if (density_write(af.f ? af.f : stdout, &env, plan.launcher->name,
			  steps, nsteps, cli->out.format) < 0) {
		atomic_file_abort(&af);
		return err_sys(err, "writing the results");
	}
	if (af.f && atomic_file_commit(&af, err) < 0)
		return -1;
	for (int i = 0; i < nsteps; i++)
		if (steps[i].failure[0])
			return err_set(err, ERR_RUNTIME,
				       "density stopped at %" PRIu64 " of %" PRIu64
				       " instances: %s",
				       steps[i].ready, steps[i].count,
				       steps[i].failure);
	return 0;
}

/* The exit status of `isolab exec`, as timeout(1) and env(1) report it. */
static int exec_status(const struct launch_result *res)
{
	if (res->timed_out)
		return EXIT_TIMEOUT;
	if (res->signal)
		return 128 + res->signal;
	return res->exit_code;
}

static int cmd_exec(const struct cli *cli, int cancel_fd, int *status,
		    struct err *err)
{
	struct launch_result *res;
	struct program prog;
	int launcher = selected_launcher(cli);
	struct launch_request req;

	if (resolve_program(cli, &prog, err) < 0)
		return -1;
	if (all_launchers[launcher]->available(cli->config[launcher], err) < 0)
		return -1;
	req = request_for(cli, &prog, launcher, cancel_fd);
	req.stdin_fd = STDIN_FILENO;
	req.stdout_fd = STDOUT_FILENO;
	req.stderr_fd = STDERR_FILENO;
	req.outcome_only = true;
	res = malloc(sizeof(*res));
	if (!res)
		return err_set(err, ERR_RUNTIME, "out of memory");
	if (launch_run(all_launchers[launcher], &req, res, err) < 0) {
		free(res);
		return -1;
	}
	if (res->timed_out)
		fprintf(stderr, "isolab: %s timed out and was killed (--timeout)\n",
			prog.label);
	*status = res->interrupted ? 130 : exec_status(res);
	/* A program that failed may have failed for what the note says
	 * (e.g. a system call the micro-VM's guest kernel lacks). */
	if (*status != 0 && res->note[0])
		fprintf(stderr, "isolab: %s\n", res->note);
	free(res);
	return 0;
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

int main(int argc, char **argv)
{
	struct err err = { 0 };
	struct cli cli;
	int status = 0, rc = 0, cancel_fd;

	if (curriculum_command(argc, argv))
		return curriculum_main(argc, argv);
	if (cli_parse(&cli, argc, argv, &err) < 0) {
		fprintf(stderr, "isolab: %s\n", err.msg);
		cli_free(&cli);
		return err.kind;
	}
	if (cli.version) {
		printf("isolab %s\n", ISOLAB_VERSION);
	} else if (cli.help) {
		cli_print_help(stdout, cli.command);
	} else {
		cancel_fd = cancel_fd_open();
		if (cli.command == CMD_DOCTOR)
			status = doctor_report(stdout, cli.config, cancel_fd);
		else if (cli.command == CMD_EXEC)
			rc = cmd_exec(&cli, cancel_fd, &status, &err);
		else if (cli.command == CMD_SHELL)
			rc = shell_run(&cli, &status, &err);
		else if (cli.command == CMD_DENSITY)
			rc = cmd_density(&cli, cancel_fd, &err);
		else if (cli.command == CMD_PROBE)
			rc = probe_command(&cli, cancel_fd, &status, &err);
		else
			rc = cmd_measure(&cli, cancel_fd, &status, &err);
		if (cancel_fd >= 0)
			close(cancel_fd);
	}
	cli_free(&cli);
	if (rc < 0) {
		fprintf(stderr, "isolab: %s\n", err.msg);
		return err.kind == ERR_NONE ? 1 : (int)err.kind;
	}
	return status;
}
