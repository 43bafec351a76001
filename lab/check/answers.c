#include "lab/check/answers.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/probe/reach.h"
#include "lab/report/results_file.h"
#include "lab/report/robust_stats.h"

const char *answer_state_name(enum answer_state s)
{
	static const char *const names[] = {
		[ANSWER_VERIFIED] = "verified", [ANSWER_MISSING] = "missing",
		[ANSWER_BAD_FILE] = "bad file", [ANSWER_FOREIGN] = "foreign",
		[ANSWER_MISMATCH] = "mismatch",
	};

	return s >= ANSWER_VERIFIED && s <= ANSWER_MISMATCH ? names[s] : "?";
}

static const char *const run_fields[] = { "startup_ns", "total_ns", "peak_kib", NULL };

/* The reach class a manifest names ("not_probed" for "not probed"), or -1. */
static int reach_class_of(const char *field)
{
	for (int c = 0; c < REACH_NCLASSES; c++) {
		const char *name = reach_class_name((enum reach_class)c);
		size_t i = 0;

		while (name[i] && field[i] &&
		       (field[i] == name[i] || (field[i] == '_' && name[i] == ' ')))
			i++;
		if (!name[i] && !field[i])
			return c;
	}
	return -1;
}

static int run_field_of(const char *field)
{
	for (int i = 0; run_fields[i]; i++)
		if (!strcmp(run_fields[i], field))
			return i;
	return -1;
}

bool answers_query_known(const struct manifest_answer *a)
{
	if (!strcmp(a->section, "probe"))
		return reach_class_of(a->field) >= 0;
	if (!strcmp(a->section, "run"))
		return run_field_of(a->field) >= 0;
	return false;
}

/* KEY's line in answers.md: true with the number and the file when it
 * reads "KEY: NUMBER from FILE"; otherwise why says what is wrong. */
static bool find_answer(FILE *f, struct answer_outcome *o)
{
	char line[512];
	size_t klen = strlen(o->key);

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end, from[8] = "", file[128] = "", extra[8] = "";

		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, o->key, klen) || p[klen] != ':')
			continue;
		p += klen + 1;
		p[strcspn(p, "\r\n")] = '\0';
		o->written = strtod(p, &end);
		if (end == p) {
			snprintf(o->why, sizeof(o->why), "not filled in: write '%s: NUMBER from FILE'",
				 o->key);
			return false;
		}
		if (sscanf(end, "%7s %127s %7s", from, file, extra) != 2 ||
		    strcmp(from, "from")) {
			snprintf(o->why, sizeof(o->why), "write the results file it came from: '%s: %g from FILE'",
				 o->key, o->written);
			return false;
		}
		if (strchr(file, '/') || file[0] == '.' ||
		    snprintf(o->file, sizeof(o->file), "%s", file) >= (int)sizeof(o->file)) {
			o->state = ANSWER_BAD_FILE;
			snprintf(o->why, sizeof(o->why), "%s: name a results file in the lab folder (no '/')",
				 file);
			return false;
		}
		return true;
	}
	snprintf(o->why, sizeof(o->why), "answers.md has no line '%s: NUMBER from FILE'", o->key);
	return false;
}

/* Whether the file was written on this machine; why names the first
 * difference. */
static bool same_machine(const struct rf_environment *e, const struct environment *here,
			 const char *file, char *why, size_t len)
{
	const char *what = NULL, *there = NULL, *mine = NULL;
	char cores_there[16], cores_here[16];

	snprintf(cores_there, sizeof(cores_there), "%d", e->cores);
	snprintf(cores_here, sizeof(cores_here), "%d", here->cores);
	if (strcmp(e->kernel, here->kernel))
		what = "kernel", there = e->kernel, mine = here->kernel;
	else if (strcmp(e->cpu_model, here->cpu_model))
		what = "CPU", there = e->cpu_model, mine = here->cpu_model;
	else if (e->cores != here->cores)
		what = "cores", there = cores_there, mine = cores_here;
	else if (strcmp(e->cgroup_layout, cgroup_layout_name(here->cgroup_layout)))
		what = "cgroup layout", there = e->cgroup_layout,
		mine = cgroup_layout_name(here->cgroup_layout);
	if (!what)
		return true;
	snprintf(why, len, "%s is not a result from this machine: its %s is '%.80s', here '%.80s'",
		 file, what, there, mine);
	return false;
}

/* The number the query names in rf; false when rf has none. */
static bool file_value(const struct results_file *rf, const struct manifest_answer *a,
		       double *out)
{
	if (!strcmp(a->section, "probe")) {
		for (size_t i = 0; i < rf->nprobes; i++)
			if (!strcmp(rf->probes[i].launcher, a->launcher)) {
				*out = rf->probes[i].count[reach_class_of(a->field)];
				return true;
			}
		return false;
	}
	double *v = calloc(rf->nruns + 1, sizeof(*v));
	size_t n = 0;
	int field = run_field_of(a->field);

	for (size_t i = 0; v && i < rf->nruns; i++) {
		const struct rf_run *r = &rf->runs[i];

		if (r->failed || strcmp(r->launcher, a->launcher))
			continue;
		v[n++] = field == 0 ? r->startup_ns : field == 1 ? r->total_ns
								 : r->workload_peak_kib;
	}
	if (n)
		*out = median_of(v, n);
	free(v);
	return n > 0;
}

static void check_one(const struct manifest_answer *a, FILE *answers, const char *dir,
		      const struct environment *here, struct answer_outcome *o)
{
	struct results_file rf;
	struct err err = { 0 };
	char path[4200];
	double tolerance;

	snprintf(o->key, sizeof(o->key), "%s", a->key);
	o->state = ANSWER_MISSING;
	if (!answers) {
		snprintf(o->why, sizeof(o->why), "no answers.md in the lab folder");
		return;
	}
	if (!find_answer(answers, o))
		return;
	o->state = ANSWER_BAD_FILE;
	snprintf(path, sizeof(path), "%s/%s", dir, o->file);
	if (results_file_read(path, &rf, &err) < 0) {
		snprintf(o->why, sizeof(o->why), "%.300s", err.msg);
		return;
	}
	if (!same_machine(&rf.env, here, o->file, o->why, sizeof(o->why))) {
		o->state = ANSWER_FOREIGN;
	} else if (!file_value(&rf, a, &o->expected)) {
		snprintf(o->why, sizeof(o->why), "%s has no %s of launcher %s (run isolab %s --launcher %s ... --format json --output %s)",
			 o->file, !strcmp(a->section, "probe") ? "probe" : "successful run",
			 a->launcher, a->section, a->launcher, o->file);
	} else {
		/* Counts are exact; a median may be rounded by the student. */
		tolerance = !strcmp(a->section, "probe") ? 0.5 : 0.01 * fabs(o->expected) + 0.5;
		if (fabs(o->written - o->expected) <= tolerance) {
			o->state = ANSWER_VERIFIED;
		} else {
			o->state = ANSWER_MISMATCH;
			snprintf(o->why, sizeof(o->why), "%s says %s %s of %s is %g, answers.md says %g",
				 o->file, a->section, a->field, a->launcher, o->expected,
				 o->written);
		}
	}
	results_file_free(&rf);
}

void answers_check(const struct manifest *lab, const char *student_dir,
		   const struct environment *here, struct answer_outcome *out)
{
	char path[4200];
	FILE *answers;

	snprintf(path, sizeof(path), "%s/answers.md", student_dir);
	answers = fopen(path, "r");
	for (int i = 0; i < lab->nanswers; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		check_one(&lab->answers[i], answers, student_dir, here, &out[i]);
	}
	if (answers)
		fclose(answers);
}
