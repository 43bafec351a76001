/* cmd_ladder: `isolab ladder` (lab/cli/cmd_ladder.h). */
#include "lab/cli/cmd_ladder.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/cli/commands.h"
#include "lab/cli/launching.h"
#include "lab/cli/outcome.h"
#include "lab/host/atomic_file.h"
#include "lab/host/elf_check.h"
#include "lab/ladder/ladder.h"
#include "lab/report/ladder_output.h"
#include "lab/core/launcher_try.h"
#include "lab/host/numparse.h"
#include "lab/host/paths.h"
#include "lab/core/workload_spec.h"

#define LADDER_DEFAULT_REPS 10

void ladder_cmd_help(FILE *f)
{
	fprintf(f, "usage: isolab ladder [--workload W] [-n N] [--warmup N] [--timeout S]\n"
		   "                     [--format table|csv|json] [--output FILE] [--ladder FILE]\n\n"
		   "What each piece of isolation costs, one step at a time: process -> +user ns ->\n"
		   "+pid ns -> +mount ns & pivot_root -> +uts/ipc/net/cgroup/time ns -> +cgroup limits\n"
		   "-> +capabilities dropped -> +seccomp -> micro-VM. Every rung runs -n times in\n"
		   "interleaved rounds; for each: what it adds, startup/run/teardown/footprint\n"
		   "medians, the increment over the rung below with its 95%% uncertainty and the\n"
		   "startup phases it goes to, the host system calls its workload reaches (the\n"
		   "probe), and its isolation checklist. A rung that cannot run here is shown with\n"
		   "the reason and the others go on; isolab then exits 3.\n\n"
		   "options:\n"
		   "  -w, --workload W  what isolab-workload does (default noop)\n"
		   "  -n, --reps N      measured runs per rung (default %d)\n"
		   "      --warmup N    unmeasured rounds first (default 1)\n"
		   "  -t, --timeout S   kill a workload after S seconds (default 10)\n"
		   "  -f, --format FMT  table (default), csv or json\n"
		   "  -o, --output FILE write the results to FILE (whole, or not at all)\n"
		   "      --ladder FILE a custom ladder: one rung per line, LABEL:LAUNCHER[:OPTIONS],\n"
		   "                    options joined by commas, e.g.\n"
		   "                    bare:container:--ns=none,--seccomp=off,--cgroup=none\n"
		   "                    (# starts a comment; a bad line is refused with its number)\n"
		   "  -h, --help        show this help\n",
		LADDER_DEFAULT_REPS);
}

/* The option arg names ("--reps" or "-n"), or NULL. */
static const char *option_of(const char *arg)
{
	static const char *const names[][2] = {
		{ "--workload", "-w" }, { "--reps", "-n" }, { "--warmup", "" },
		{ "--timeout", "-t" },  { "--format", "-f" }, { "--output", "-o" },
		{ "--ladder", "" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(arg, names[i][0]) == 0 ||
		    (names[i][1][0] && strcmp(arg, names[i][1]) == 0))
			return names[i][0];
	return NULL;
}

static int set_option(struct ladder_opts *o, const char *name,
		      const char *value, struct err *err)
{
	if (strcmp(name, "--workload") == 0) {
		o->workload = value;
		return workload_spec_check(value, err);
	}
	if (strcmp(name, "--reps") == 0)
		return parse_count("-n", value, 1, 100000, &o->reps, err);
	if (strcmp(name, "--warmup") == 0)
		return parse_count("--warmup", value, 0, 10000, &o->warmup, err);
	if (strcmp(name, "--timeout") == 0)
		return parse_seconds("--timeout", value, &o->timeout_ns, err);
	if (strcmp(name, "--format") == 0)
		return output_parse_format(value, &o->format, err);
	if (strcmp(name, "--output") == 0)
		o->output_path = strcmp(value, "-") == 0 ? NULL : value;
	else
		o->ladder_path = value;
	return 0;
}

int ladder_cmd_parse(int argc, char **argv, struct ladder_opts *o,
		     struct err *err)
{
	memset(o, 0, sizeof(*o));
	o->workload = "noop";
	o->reps = LADDER_DEFAULT_REPS;
	o->warmup = 1;
	o->timeout_ns = 10ull * 1000000000ull;
	for (int i = 2; i < argc; i++) {
		char name[32];
		const char *arg = argv[i], *value = NULL, *eq = strchr(arg, '=');
		const char *opt;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			o->help = true;
			continue;
		}
		/* --name=value, -n3 (attached, as getopt takes it), or apart. */
		bool attached = arg[0] == '-' && arg[1] && arg[1] != '-' && arg[2];

		snprintf(name, sizeof(name), "%.*s",
			 attached ? 2 : eq && arg[1] == '-' ? (int)(eq - arg) : (int)strlen(arg),
			 arg);
		if (!(opt = option_of(name)))
			return err_set(err, ERR_USAGE,
				       "unknown option or argument '%s' (isolab ladder --help)",
				       arg);
		if (attached)
			value = arg + 2;
		else if (eq && arg[1] == '-')
			value = eq + 1;
		else if (i + 1 < argc)
			value = argv[++i];
		else
			return err_set(err, ERR_USAGE, "%s needs a value", name);
		if (set_option(o, opt, value, err) < 0)
			return -1;
	}
	return 0;
}

static int write_ladder(const struct ladder_opts *o, const struct ladder *lad,
			struct atomic_file *af, struct err *err)
{
	FILE *f = af->f ? af->f : stdout;

	if (ladder_write(f, lad, o->format) < 0 || fflush(f)) {
		const char *what = af->f ? o->output_path : "the results";

		err_sys(err, "writing %s", what);
		atomic_file_abort(af);
		return -1;
	}
	return af->f ? atomic_file_commit(af, err) : 0;
}

/* Every rung's reason, when none could run. */
static int none_ran(const struct ladder *lad, struct err *err)
{
	for (int i = 0; i < lad->n; i++)
		if (!lad->rung[i].skipped[0])
			return 0;
	return err_set(err, ERR_RUNTIME, "no rung of the ladder could run here; the first: %s: %.400s",
		       lad->rung[0].v.label, lad->rung[0].skipped);
}

int ladder_cmd_run(const struct ladder_opts *o, int cancel_fd, int *status,
		   struct err *err)
{
	struct atomic_file af = { 0 };
	char binary[PATH_MAX], *argv[] = { "isolab-workload", (char *)o->workload, NULL };
	struct ladder_plan plan = {
		.binary = binary, .argv = argv, .timeout_ns = o->timeout_ns,
		.cancel_fd = cancel_fd, .probe_reach = true,
	};
	struct ladder *lad = malloc(sizeof(*lad));
	int rc;

	if (!lad)
		return err_set(err, ERR_RUNTIME, "out of memory");
	rc = o->ladder_path ? ladder_file_read(o->ladder_path, lad, err)
			    : ladder_standard(lad, err);
	if (rc < 0) {
		free(lad);
		return -1;
	}
	snprintf(lad->workload, sizeof(lad->workload), "%s", o->workload);
	lad->reps = o->reps;
	lad->warmup = o->warmup;
	rc = paths_find_helper("isolab-workload", binary, sizeof(binary), err);
	if (rc == 0)
		rc = elf_check_static_x86_64(binary, err);
	/* Fail on an unwritable path now, not after the measuring. */
	if (rc == 0 && o->output_path)
		rc = atomic_file_open(&af, o->output_path, err);
	if (rc == 0)
		rc = ladder_run(&plan, lad, err);
	if (rc == 0)
		rc = none_ran(lad, err);
	if (rc == 0)
		rc = write_ladder(o, lad, &af, err);
	else
		atomic_file_abort(&af);
	for (int i = 0; rc == 0 && i < lad->n; i++)
		if (lad->rung[i].skipped[0]) {
			if (o->output_path || o->format != FORMAT_TABLE)
				fprintf(stderr, "isolab: rung '%s' did not run: %s\n",
					lad->rung[i].v.label, lad->rung[i].skipped);
			*status = EXIT_NOT_ALL_RAN;
		}
	ladder_free(lad);
	free(lad);
	return rc;
}

/* isolab ladder parses its own command line; the prelude is that of every
 * launching command (launching.h), once the line is good. */
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
	cancel_fd = launching_begin();
	rc = ladder_cmd_run(&o, cancel_fd, &status, &err);
	if (cancel_fd >= 0)
		close(cancel_fd);
	if (rc < 0) {
		failure_print(&err, true);
		return err.kind == ERR_NONE ? ERR_RUNTIME : (int)err.kind;
	}
	return status;
}

const struct cli_command command_ladder = {
	.name = "ladder",
	.summary = "what each piece of isolation costs, one rung at a time (lab/cli/cmd_ladder.c)",
	.main = ladder_main,
};
