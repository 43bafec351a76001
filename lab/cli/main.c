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

#include "lab/host/atomic_file.h"
#include "lab/check/curriculum.h"
#include "lab/cli/cli.h"
#include "lab/dashboard/dashboard.h"
#include "lab/density/density.h"
#include "lab/report/density_output.h"
#include "lab/cli/cmd_doctor.h"
#include "lab/host/elf_check.h"
#include "lab/host/hostinfo.h"
#include "lab/cli/cmd_ladder.h"
#include "lab/core/launcher_try.h"
#include "lab/core/measure.h"
#include "lab/report/not_run_output.h"
#include "lab/host/orphans.h"
#include "lab/host/paths.h"
#include "lab/cli/cmd_probe.h"
#include "lab/core/session.h"
#include "lab/report/report_cmd.h"
#include "lab/cli/cmd_shell.h"
#include "lab/host/text.h"
#include "lab/cli/leftovers.h"

/* isolab exec leaves 0-123 and 128+N to the program and keeps its own
 * outcomes apart, as timeout(1) and env(1) do. */
#define EXEC_TIMED_OUT 124
#define EXEC_FAILED 125     /* isolab itself failed, or bad usage */
#define EXEC_CANNOT_RUN 126 /* the program is there but cannot run */
#define EXEC_NOT_FOUND 127  /* the program does not exist */

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

/* The workload of a sweep's step w (--workload MODE:V1,V2,...); a
 * --binary has no sweep. */
static void program_use_workload(struct program *prog, const struct cli *cli,
				 int w)
{
	if (cli->binary)
		return;
	prog->argv[1] = (char *)cli->workloads[w];
	snprintf(prog->label, sizeof(prog->label), "%s", cli->workloads[w]);
}

static struct launch_request request_for(const struct cli *cli,
					 const struct program *prog,
					 const void *config, int cancel_fd)
{
	return (struct launch_request){
		.binary = prog->path,
		.argv = prog->argv,
		.timeout_ns = cli->timeout_ns,
		.stdout_fd = -1,
		.stderr_fd = -1,
		.stdin_fd = -1,
		.cancel_fd = cancel_fd,
		.stop_at = cli->test_stop_at,
		.config = config,
		.user_program = cli->binary != NULL,
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
		result_set_add_session(p->rs, p->plan.launcher->name,
				       p->plan.variant, p->plan.request.session);
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
			.request = request_for(cli, prog, config, cancel_fd),
			.variant = variant,
			.reps = cli->reps,
			.warmup = cli->warmup,
		},
		.rs = rs,
		.cli = cli,
		.prog = prog,
	};
	size_t listed = rs->not_run.n;
	int rc = launcher_try(l, config, measure_part, &part, &rs->not_run, err);

	if (rc == 1 && variant && rs->not_run.n > listed)
		rs->not_run.item[rs->not_run.n - 1].launcher = variant;
	return rc;
}

/* run and compare. A launcher that cannot run here is listed with the
 * reason (lab/core/launcher_try.h), and *status says so. */
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
	struct launch_session session;
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
		.stop_at = cli->test_stop_at,
		.config = cli->config[launcher],
	};
	memcpy(plan.counts, cli->counts, sizeof(cli->counts));
	plan.ncounts = cli->ncounts;
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
		return EXEC_TIMED_OUT;
	if (res->signal)
		return 128 + res->signal;
	return res->exit_code;
}

/* One line on stderr when the program did not end by itself: a user
 * piping exec's output would otherwise see only an exit code. Like a
 * shell, nothing for SIGPIPE, the normal end of `exec ... | head`. Before
 * it, when the program failed, the run's note, which `run` shows in its
 * results (e.g. the call --seccomp strict blocked, or a system call the
 * micro-VM's guest kernel lacks). Workload text is escaped. */
static void report_end(const struct launch_result *res, const char *name,
		       bool failed)
{
	const char *abbrev = res->signal ? sigabbrev_np(res->signal) : NULL;
	char label[TEXT_ESCAPED_SIZE(sizeof(((struct program *)0)->label))];
	char note[TEXT_ESCAPED_SIZE(sizeof(res->note))];
	char fault[TEXT_ESCAPED_SIZE(sizeof(res->fault))];

	text_escape(label, sizeof(label), name, strlen(name));
	text_escape(fault, sizeof(fault), res->fault, sizeof(res->fault));
	/* Only a program that failed: a note on a success (glibc's rseq in
	 * the micro-VM, say) would be noise on every exec. */
	if (failed && res->note[0])
		fprintf(stderr, "isolab: %s\n",
			text_escape(note, sizeof(note), res->note,
				    sizeof(res->note)));
	if (res->timed_out)
		fprintf(stderr, "isolab: %s timed out and was killed (--timeout)\n",
			label);
	else if (res->interrupted || res->signal == SIGPIPE)
		return; /* the user stopped it; a reader closed the pipe */
	else if (res->oom_killed)
		fprintf(stderr, "isolab: %s was killed by the memory limit%s%s%s\n",
			label, fault[0] ? " (" : "", fault, fault[0] ? ")" : "");
	else if (res->signal)
		fprintf(stderr, "isolab: %s was killed by SIG%s%s%s%s\n", label,
			abbrev ? abbrev : "?", fault[0] ? " (" : "", fault,
			fault[0] ? ")" : "");
}

/* A command's failure, as one line on stderr. The layers below say what
 * happened; that an interrupted measurement wrote nothing is the front
 * end's to say (results are written only whole, at the end). */
static void print_failure(const struct err *err, bool writes_results)
{
	fprintf(stderr, "isolab: %s%s\n", err->msg,
		writes_results && err->kind == ERR_INTERRUPTED
			? "; no results were written"
			: "");
}

/* What isolab exits with when a command failed before its program ended. */
static int failure_status(enum command c, enum err_kind kind)
{
	if (kind == ERR_INTERRUPTED)
		return ERR_INTERRUPTED;
	if (c == CMD_EXEC)
		return kind == ERR_NOT_FOUND	  ? EXEC_NOT_FOUND
		       : kind == ERR_NOT_RUNNABLE ? EXEC_CANNOT_RUN
						  : EXEC_FAILED;
	if (kind == ERR_NOT_FOUND || kind == ERR_NOT_RUNNABLE)
		return ERR_USAGE;
	return kind == ERR_NONE ? ERR_RUNTIME : (int)kind;
}

static int cmd_exec(const struct cli *cli, int cancel_fd, int *status,
		    struct err *err)
{
	struct launch_result *res;
	struct program prog;
	int launcher = selected_launcher(cli), rc;
	struct launch_session session;
	struct launch_request req;

	if (resolve_program(cli, &prog, err) < 0)
		return -1;
	if (all_launchers[launcher]->available(cli->config[launcher], err) < 0)
		return -1;
	req = request_for(cli, &prog, cli->config[launcher], cancel_fd);
	req.stdin_fd = STDIN_FILENO;
	req.stdout_fd = STDOUT_FILENO;
	req.stderr_fd = STDERR_FILENO;
	req.outcome_only = true; /* no footprint: no peak to watch for */
	res = malloc(sizeof(*res));
	if (!res)
		return err_set(err, ERR_RUNTIME, "out of memory");
	rc = launch_session_unless_cold(all_launchers[launcher], req.config,
					cli->cold, &session, &req.session, err);
	if (rc == 0)
		rc = launch_run(all_launchers[launcher], &req, res, err);
	launch_session_close(&session);
	orphans_kill(); /* what escaped the launcher's kill */
	if (rc < 0) {
		free(res);
		return -1;
	}
	*status = res->interrupted ? 130 : exec_status(res);
	report_end(res, prog.label, *status != 0);
	free(res);
	return 0;
}

static int cmd_dashboard(const struct cli *cli, int cancel_fd,
			 struct err *err)
{
	struct dashboard_args a = {
		.workload = cli->workload,
		.binary = cli->binary,
		.binary_args = cli->tail,
		.nbinary_args = cli->ntail,
		.timeout_ns = cli->timeout_ns,
		.iterations = cli->iterations ? cli->iterations : cli->once,
		.interval_ns = cli->interval_ns,
		.rate = (int)cli->rate,
		.once = cli->once,
		.no_color = cli->no_color,
	};
	char path[PATH_MAX];

	if (paths_find_helper("isolab-workload", path, sizeof(path), err) < 0)
		return -1;
	if (cli->binary && elf_check_static_x86_64(cli->binary, err) < 0)
		return -1;
	a.workload_path = path;
	for (int i = 0; all_launchers[i]; i++)
		if (cli->selected[i] && a.n < RUNNER_MAX_COLUMNS) {
			a.launchers[a.n] = all_launchers[i];
			a.configs[a.n++] = cli->config[i];
		}
	return dashboard_run(&a, cancel_fd, err);
}

/* Valid but worth knowing: one line per selected launcher that says so. */
static void print_config_warnings(const struct cli *cli)
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

/* isolab ladder parses its own command line (lab/cli/cmd_ladder.h). */
static int ladder_main(int argc, char **argv)
{
	struct ladder_opts o;
	struct err err = { 0 };
	int status = 0, rc, cancel_fd;

	if (ladder_cmd_parse(argc, argv, &o, &err) < 0) {
		fprintf(stderr, "isolab: %s\n", err.msg);
		return ERR_USAGE;
	}
	if (o.help) {
		ladder_cmd_help(stdout);
		return 0;
	}
	sweep_at_start();
	orphans_adopt();
	cancel_fd = cancel_fd_open();
	rc = ladder_cmd_run(&o, cancel_fd, &status, &err);
	if (cancel_fd >= 0)
		close(cancel_fd);
	if (rc < 0) {
		print_failure(&err, true);
		return err.kind == ERR_NONE ? ERR_RUNTIME : (int)err.kind;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct err err = { 0 };
	struct cli cli;
	int status = 0, rc = 0, cancel_fd;

	if (argc >= 2 && report_cmd_is(argv[1]))
		return report_cmd_main(argc, argv);
	if (argc >= 3 && report_cmd_is(argv[2]) &&
	    (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	     strcmp(argv[1], "-h") == 0)) {
		report_cmd_help(stdout, argv[2]);
		return 0;
	}
	if (argc >= 2 && ladder_cmd_is(argv[1]))
		return ladder_main(argc, argv);
	if (argc >= 3 && ladder_cmd_is(argv[2]) &&
	    (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0)) {
		ladder_cmd_help(stdout);
		return 0;
	}
	if (curriculum_command(argc, argv))
		return curriculum_main(argc, argv);
	if (cli_parse(&cli, argc, argv, &err) < 0) {
		fprintf(stderr, "isolab: %s\n", err.msg);
		cli_free(&cli);
		return failure_status(cli.command, err.kind);
	}
	cli.test_stop_at = getenv("ISOLAB_TEST_STOP_AT");
	if (cli.version) {
		printf("isolab %s\n", ISOLAB_VERSION);
	} else if (cli.help) {
		cli_print_help(stdout, cli.command);
	} else {
		print_config_warnings(&cli);
		/* What a SIGKILLed isolab left, and what escapes this run. */
		sweep_at_start();
		orphans_adopt();
		cancel_fd = cancel_fd_open();
		if (cli.command == CMD_DOCTOR) {
			bool json = cli.out.format == FORMAT_JSON;

			status = doctor_report(stdout, json, cli.config,
					       cancel_fd);
			/* The leftovers go beside a JSON report, never into
			 * it: stdout stays one JSON document. */
			status |= sweep_report(json ? stderr : stdout,
					       cli.cleanup);
		}
		else if (cli.command == CMD_EXEC)
			rc = cmd_exec(&cli, cancel_fd, &status, &err);
		else if (cli.command == CMD_SHELL)
			rc = shell_run(&cli, &status, &err);
		else if (cli.command == CMD_DENSITY)
			rc = cmd_density(&cli, cancel_fd, &err);
		else if (cli.command == CMD_PROBE)
			rc = probe_command(&cli, cancel_fd, &status, &err);
		else if (cli.command == CMD_DASHBOARD)
			rc = cmd_dashboard(&cli, cancel_fd, &err);
		else
			rc = cmd_measure(&cli, cancel_fd, &status, &err);
		if (cancel_fd >= 0)
			close(cancel_fd);
	}
	cli_free(&cli);
	if (rc < 0) {
		print_failure(&err, cli.command != CMD_EXEC &&
					    cli.command != CMD_SHELL &&
					    cli.command != CMD_DOCTOR &&
					    cli.command != CMD_DASHBOARD);
		return failure_status(cli.command, err.kind);
	}
	return status;
}
