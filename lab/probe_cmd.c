#include "lab/probe_cmd.h"

#include <limits.h>
#include <stdlib.h>

#include "lab/atomic_file.h"
#include "lab/elf_check.h"
#include "lab/paths.h"
#include "lab/reach_output.h"
#include "lab/reach_run.h"

static int write_report(const struct cli *cli, const struct reach_set *s,
			struct atomic_file *af, struct err *err)
{
	FILE *f = af->f ? af->f : stdout;

	if (reach_write(f, s, cli->out.format) < 0 || fflush(f)) {
		const char *what = af->f ? cli->output_path : "the report";

		err_sys(err, "writing %s", what);
		atomic_file_abort(af);
		return -1;
	}
	return af->f ? atomic_file_commit(af, err) : 0;
}

/* Probe one launcher into the set, or list it as not run (or, when it was
 * the only one asked for, fail with its reason). */
static int probe_one(const struct cli *cli, int i, const char *workload,
		     int cancel_fd, struct reach_set *s, struct err *err)
{
	const struct launcher *l = all_launchers[i];
	struct reach_plan plan = {
		.launcher = l,
		.config = cli->config[i],
		.workload = workload,
		.timeout_ns = cli->timeout_ns,
		.cancel_fd = cancel_fd,
	};
	struct reach_report *r;
	struct err why = { 0 };

	if (l->available(cli->config[i], &why) < 0) {
		reach_set_skip(s, l->name, why.msg);
		return 0;
	}
	if (!(r = reach_set_add(s)))
		return err_set(err, ERR_RUNTIME, "out of memory");
	if (reach_run(&plan, r, &why) == 0)
		return 0;
	reach_set_drop(s);
	if (why.kind == ERR_INTERRUPTED) {
		*err = why;
		return -1;
	}
	reach_set_skip(s, l->name, why.msg);
	return 0;
}

int probe_command(const struct cli *cli, int cancel_fd, struct err *err)
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
	for (int i = 0; all_launchers[i] && rc == 0; i++)
		if (cli->selected[i])
			rc = probe_one(cli, i, workload, cancel_fd, s, err);
	environment_capture_end(&s->env);
	if (rc == 0 && s->n == 0)
		rc = err_set(err, ERR_RUNTIME, "no launcher could be probed: %s",
			     s->nskipped ? s->skipped[0].reason
					 : "none selected");
	if (rc == 0)
		rc = write_report(cli, s, &af, err);
	else
		atomic_file_abort(&af);
	reach_set_free(s);
	free(s);
	return rc;
}
