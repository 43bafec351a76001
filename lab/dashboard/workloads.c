/* workloads: the dashboard's workload list. */
#include "lab/dashboard/workloads.h"

#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct workload_choice builtin[] = {
	{ "noop", 0, 0, 0, false },
	{ "cpu", 100000, 1000, 1000000000, false },
	{ "mem", 16, 1, 1024, false },
	{ "syscall", 10000, 10, 10000000, false },
	{ "io", 64, 1, 65536, false },
	{ "hello", 0, 0, 0, false },
	{ "crash", 0, 0, 0, false },
	{ "hang", 0, 0, 0, false },
};

int workloads_init(struct workload_list *l, const struct dashboard_args *a,
		   struct err *err)
{
	const char *colon = strchr(a->workload, ':');
	size_t len = colon ? (size_t)(colon - a->workload) : strlen(a->workload);
	int pick = -1;

	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		l->item[l->n] = builtin[i];
		if (strlen(builtin[i].name) == len &&
		    strncmp(builtin[i].name, a->workload, len) == 0)
			pick = l->n;
		l->n++;
	}
	if (a->binary) {
		char copy[PATH_MAX];
		struct workload_choice *b = &l->item[l->n];

		snprintf(copy, sizeof(copy), "%s", a->binary);
		snprintf(b->name, sizeof(b->name), "%s", basename(copy));
		b->binary = true;
		return l->n++;
	}
	if (pick < 0)
		return err_set(err, ERR_USAGE,
			       "isolab dashboard shows noop, cpu:N, mem:N, syscall:N, io:N, hello, crash or hang, not '%s'",
			       a->workload);
	if (colon && l->item[pick].max) {
		uint64_t v = strtoull(colon + 1, NULL, 10);

		if (v < l->item[pick].min || v > l->item[pick].max)
			return err_set(err, ERR_USAGE,
				       "isolab dashboard: --workload %s: the size must be %" PRIu64 " to %" PRIu64,
				       a->workload, l->item[pick].min,
				       l->item[pick].max);
		l->item[pick].size = v;
	}
	return pick;
}

bool workloads_resize(struct workload_choice *w, bool up)
{
	if (!w->max)
		return false;
	if (up)
		w->size = w->size > w->max / 4 ? w->max : w->size * 4;
	else
		w->size = w->size / 4 < w->min ? w->min : w->size / 4;
	return true;
}

void workloads_job(const struct workload_choice *w,
		   const struct dashboard_args *a, struct runner_job *job)
{
	memset(job, 0, sizeof(*job));
	job->timeout_ns = a->timeout_ns;
	if (w->binary) {
		snprintf(job->binary, sizeof(job->binary), "%s", a->binary);
		snprintf(job->label, sizeof(job->label), "%s", w->name);
		snprintf(job->args[job->nargs++], sizeof(job->args[0]), "%s",
			 a->binary);
		for (int i = 0; i < a->nbinary_args && job->nargs < RUNNER_MAX_ARGS; i++)
			snprintf(job->args[job->nargs++], sizeof(job->args[0]),
				 "%s", a->binary_args[i]);
		job->user_program = true;
		return;
	}
	snprintf(job->binary, sizeof(job->binary), "%s", a->workload_path);
	if (w->max)
		snprintf(job->label, sizeof(job->label), "%s:%" PRIu64, w->name,
			 w->size);
	else
		snprintf(job->label, sizeof(job->label), "%s", w->name);
	snprintf(job->args[job->nargs++], sizeof(job->args[0]),
		 "isolab-workload");
	snprintf(job->args[job->nargs++], sizeof(job->args[0]), "%s",
		 job->label);
}
