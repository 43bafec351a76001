#include "lab/check/engine.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/check/filetree.h"
#include "lab/check/supervise.h"
#include "lab/check/tests.h"
#include "lab/host/paths.h"

#define BUILD_TIMEOUT_MS 120000

static void fail_all(struct check_report *r, const char *why)
{
	for (int i = 0; i < r->ntests; i++)
		snprintf(r->tests[i].why, sizeof(r->tests[i].why), "%s", why);
}

/* The last non-empty line of s, for a one-line reason. */
static const char *last_line(char *s)
{
	char *end = s + strlen(s), *start;

	while (end > s && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	start = strrchr(s, '\n');
	return start ? start + 1 : s;
}

/* Copy the sources and the support files; build. Returns 0, or 1 with
 * why filled when the student's side is at fault, or -1 on err. */
static int prepare(const struct manifest *lab, const char *student_dir,
		   const char *build_dir, char *why, size_t whylen,
		   struct err *err)
{
	struct supervise_result res;
	struct supervise_spec spec = { .cwd = build_dir, .timeout_ms = BUILD_TIMEOUT_MS,
				       .uid = -1 };
	char *argv[MANIFEST_MAX_ARGS + 2];
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/support", lab->dir);
	if (fs_copy_files(path, build_dir, err) < 0)
		return -1;
	for (int i = 0; i < lab->nsources; i++) {
		char to[PATH_MAX * 2];
		struct err copy_err = { 0 };

		snprintf(path, sizeof(path), "%s/%s", student_dir, lab->sources[i]);
		snprintf(to, sizeof(to), "%s/%s", build_dir, lab->sources[i]);
		unlink(to); /* the student's file wins over a support default */
		if (access(path, R_OK) < 0) {
			snprintf(why, whylen, "missing %s in %s", lab->sources[i],
				 student_dir);
			return 1;
		}
		if (fs_copy_file(path, to, 0644, &copy_err) < 0) {
			if (snprintf(why, whylen, "%s", copy_err.msg) >= (int)whylen)
				why[whylen - 1] = '\0';
			return 1;
		}
	}
	argv[0] = "/usr/bin/env";
	for (int i = 0; i < lab->nbuild_args; i++)
		argv[i + 1] = (char *)lab->build_args[i];
	argv[lab->nbuild_args + 1] = NULL;
	spec.argv = argv;
	if (supervise_run(&spec, &res, err) < 0)
		return -1;
	if (res.timed_out || supervise_status(&res) != 0) {
		snprintf(why, whylen, "build failed%s: %s",
			 res.timed_out ? " (timed out)" : "",
			 last_line(res.output));
		return 1;
	}
	return 0;
}

static void check_answers(const struct manifest *lab, const char *student_dir,
			  struct check_report *r)
{
	struct environment here;

	environment_capture(&here);
	answers_check(lab, student_dir, &here, r->answers);
	r->nanswers = lab->nanswers;
	for (int i = 0; i < r->nanswers; i++)
		r->answers_verified += r->answers[i].state == ANSWER_VERIFIED;
}

int check_lab(const struct manifest *lab, const char *student_dir,
	      struct check_report *r, struct err *err)
{
	char build_dir[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	char workload[PATH_MAX], isolab[PATH_MAX], why[400] = "";
	struct check_ctx ctx = { .build_dir = build_dir, .workload = workload,
				 .isolab = isolab };
	ssize_t self;
	int rc;

	memset(r, 0, sizeof(*r));
	r->lab = lab;
	r->ntests = lab->ntests;
	for (int i = 0; i < lab->ntests; i++) {
		snprintf(r->tests[i].name, sizeof(r->tests[i].name), "%s",
			 lab->tests[i].name);
		r->tests[i].max = lab->tests[i].points;
		r->auto_max += lab->tests[i].points;
	}
	for (int i = 0; i < lab->nquestions; i++)
		r->teacher_max += lab->questions[i].points;
	if (paths_find_helper("isolab-workload", workload, sizeof(workload), err) < 0)
		return -1;
	self = readlink("/proc/self/exe", isolab, sizeof(isolab) - 1);
	if (self < 0)
		return err_sys(err, "cannot find isolab's own path");
	isolab[self] = '\0';
	if (getrandom(&ctx.rng, sizeof(ctx.rng), 0) != sizeof(ctx.rng) || !ctx.rng)
		ctx.rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
	if (snprintf(build_dir, sizeof(build_dir), "%s/isolab-check.XXXXXX",
		     tmp && *tmp ? tmp : "/tmp") >= (int)sizeof(build_dir))
		return err_set(err, ERR_USAGE, "TMPDIR too long");
	if (!mkdtemp(build_dir))
		return err_sys(err, "cannot create a build directory in %s",
			       tmp && *tmp ? tmp : "/tmp");
	/* Rootless tests run the program as nobody. */
	chmod(build_dir, 0755);
	rc = prepare(lab, student_dir, build_dir, why, sizeof(why), err);
	if (rc == 1)
		fail_all(r, why);
	for (int i = 0; rc == 0 && i < lab->ntests; i++) {
		const struct manifest_test *t = &lab->tests[i];
		struct check_outcome *o = &r->tests[i];

		if (check_test_find(t->kind)->run(&ctx, t->timeout_s, o->why,
						  sizeof(o->why))) {
			o->points = o->max;
			o->why[0] = '\0';
			r->auto_points += o->points;
		} else if (!o->why[0]) {
			snprintf(o->why, sizeof(o->why), "failed");
		}
	}
	fs_remove_tree(build_dir);
	if (rc >= 0)
		check_answers(lab, student_dir, r);
	return rc < 0 ? -1 : 0;
}
