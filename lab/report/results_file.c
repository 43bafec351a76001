/* Reading uses Debian's json-c: a small, long-maintained C library with a
 * static archive (isolab links statically), and its tokener reports where
 * and why a document is malformed, which the user's one-line error needs. */
#include "lab/report/results_file.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/core/results.h"

#define MAX_FILE_BYTES (64u << 20)

static struct json_object *field(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static double number(struct json_object *o, const char *key)
{
	struct json_object *v = field(o, key);

	return v && (json_object_is_type(v, json_type_int) ||
		     json_object_is_type(v, json_type_double))
		       ? json_object_get_double(v)
		       : 0;
}

static bool boolean(struct json_object *o, const char *key)
{
	struct json_object *v = field(o, key);

	return v && json_object_is_type(v, json_type_boolean) &&
	       json_object_get_boolean(v);
}

static void text(struct json_object *o, const char *key, char *buf,
		 size_t len)
{
	struct json_object *v = field(o, key);

	snprintf(buf, len, "%s",
		 v && json_object_is_type(v, json_type_string)
			 ? json_object_get_string(v)
			 : "");
}

static int named_values(struct json_object *o, struct rf_named *out)
{
	int n = 0;

	if (!o || !json_object_is_type(o, json_type_object))
		return 0;
	json_object_object_foreach(o, key, val)
	{
		if (n == RF_MAX_NAMED)
			break;
		snprintf(out[n].name, sizeof(out[n].name), "%s", key);
		out[n++].value = json_object_get_double(val);
	}
	return n;
}

static void read_environment(struct json_object *e, struct rf_environment *env)
{
	text(e, "isolab_version", env->isolab_version,
	     sizeof(env->isolab_version));
	text(e, "kernel", env->kernel, sizeof(env->kernel));
	text(e, "cpu_model", env->cpu_model, sizeof(env->cpu_model));
	env->cores = (int)number(e, "cores");
	text(e, "virtualization", env->virtualization,
	     sizeof(env->virtualization));
	text(e, "virtualization_detail", env->virt_detail,
	     sizeof(env->virt_detail));
	text(e, "cgroup_layout", env->cgroup_layout,
	     sizeof(env->cgroup_layout));
	env->load_start = field(e, "load_start") ? number(e, "load_start") : -1;
	env->load_end = field(e, "load_end") ? number(e, "load_end") : -1;
	env->load_end_counts_own = field(e, "load_end_counts_own") &&
				   json_object_get_boolean(field(e, "load_end_counts_own"));
}

/* The name a result is shown under: a --variant's label, else its
 * launcher. */
static void read_label(struct json_object *o, char *label, size_t size)
{
	text(o, field(o, "variant") ? "variant" : "launcher", label, size);
}

static void read_run(struct json_object *o, struct rf_run *r)
{
	read_label(o, r->launcher, sizeof(r->launcher));
	text(o, "workload", r->workload, sizeof(r->workload));
	r->rep = (int)number(o, "rep");
	r->startup_ns = number(o, "startup_ns");
	r->run_ns = number(o, "run_ns");
	r->teardown_ns = number(o, "teardown_ns");
	r->total_ns = number(o, "total_ns");
	r->workload_peak_kib = number(o, "workload_peak_kib");
	r->overhead_kib = number(o, "overhead_kib");
	r->failed = number(o, "exit_code") != 0 || number(o, "signal") != 0 ||
		    boolean(o, "timed_out") || boolean(o, "oom_killed") ||
		    boolean(o, "interrupted");
	r->nphases = named_values(field(o, "phases"), r->phases);
	r->ncounters = named_values(field(o, "counters"), r->counters);
}

static void read_session(struct json_object *o, struct rf_session *s)
{
	struct json_object *options = field(o, "options");

	text(o, "launcher", s->launcher, sizeof(s->launcher));
	read_label(o, s->label, sizeof(s->label));
	s->options_recorded =
		options && json_object_is_type(options, json_type_object);
	if (!s->options_recorded)
		return;
	json_object_object_foreach(options, key, val)
	{
		struct rf_option *opt = &s->options[s->noptions];

		if (s->noptions == RF_MAX_OPTIONS)
			break;
		if (!json_object_is_type(val, json_type_string))
			continue;
		snprintf(opt->name, sizeof(opt->name), "%s", key);
		snprintf(opt->value, sizeof(opt->value), "%s",
			 json_object_get_string(val));
		s->noptions++;
	}
}

static int class_of(const char *name)
{
	for (int c = 0; c < REACH_NCLASSES; c++)
		if (strcmp(name, reach_class_name(c)) == 0)
			return c;
	return -1;
}

static int read_probe(struct json_object *o, struct rf_probe *p)
{
	struct json_object *calls = field(o, "syscalls"),
			   *counts = field(o, "counts");
	size_t n = calls && json_object_is_type(calls, json_type_array)
			   ? json_object_array_length(calls)
			   : 0;
	char kernel[16];

	read_session(o, &p->config);
	/* Shown under its label: a probe --variant's (files from before
	 * "variant" held the label in "launcher"). */
	snprintf(p->launcher, sizeof(p->launcher), "%s", p->config.label);
	text(o, "kernel", kernel, sizeof(kernel));
	p->guest_kernel = strcmp(kernel, "guest") == 0;
	for (int c = 0; c < REACH_NCLASSES; c++)
		p->count[c] = (int)number(counts, c == REACH_NOT_PROBED
							  ? "not_probed"
							  : reach_class_name(c));
	p->host_direct = (int)number(o, "host_direct");
	p->cls = calloc(n ? n : 1, 1);
	if (!p->cls)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct json_object *call = json_object_array_get_idx(calls, i);
		char name[24];
		int nr = (int)number(call, "nr"), c;

		text(call, "class", name, sizeof(name));
		c = class_of(name);
		if (nr < 0 || (size_t)nr >= n || c < 0)
			continue;
		p->cls[nr] = (unsigned char)c;
		if (nr + 1 > p->nsyscalls)
			p->nsyscalls = nr + 1;
	}
	return 0;
}

static void read_density(struct json_object *o, struct rf_density *d)
{
	char failure[8];

	text(o, "launcher", d->launcher, sizeof(d->launcher));
	read_session(o, &d->config);
	d->count = number(o, "count");
	d->ready = number(o, "ready");
	d->all_ready_ns = number(o, "all_ready_ns");
	d->memory_kib = number(o, "memory_kib");
	d->harness_kib = number(o, "harness_kib");
	d->per_instance_kib = number(o, "per_instance_kib");
	d->below_noise = boolean(o, "below_noise") || d->per_instance_kib <= 0;
	text(o, "failure", failure, sizeof(failure));
	d->stopped = failure[0] != '\0';
}

static void read_rung(struct json_object *o, struct rf_rung *r)
{
	struct json_object *inc = field(o, "increment");

	text(o, "label", r->label, sizeof(r->label));
	text(o, "launcher", r->launcher, sizeof(r->launcher));
	text(o, "skipped", r->skipped, sizeof(r->skipped));
	r->startup_ns = number(o, "startup_ns");
	r->run_ns = number(o, "run_ns");
	r->teardown_ns = number(o, "teardown_ns");
	r->footprint_kib = number(o, "footprint_kib");
	r->host_reach = field(o, "host_reach") ? (int)number(o, "host_reach") : -1;
	r->has_increment = inc && json_object_is_type(inc, json_type_object);
	if (!r->has_increment)
		return;
	r->inc_startup_ns = number(inc, "startup_ns");
	r->inc_startup_err_ns = number(inc, "startup_ns_uncertainty");
	r->inc_footprint_kib = number(inc, "footprint_kib");
	r->ndeltas = named_values(field(inc, "phases"), r->deltas);
}

/* Allocates *items for the array at key and fills each with read_one. */
#define READ_ARRAY(root, key, items, nitems, read_one)                      \
	do {                                                                \
		struct json_object *arr_ = field(root, key);                \
		size_t n_ = arr_ && json_object_is_type(arr_,               \
							json_type_array)    \
				    ? json_object_array_length(arr_)        \
				    : 0;                                    \
		(items) = calloc(n_ ? n_ : 1, sizeof(*(items)));            \
		if (!(items))                                               \
			goto oom;                                           \
		for (size_t i_ = 0; i_ < n_; i_++)                          \
			read_one(json_object_array_get_idx(arr_, i_),       \
				 &(items)[i_]);                             \
		(nitems) = n_;                                              \
	} while (0)

static void read_probe_or_note(struct json_object *o, struct rf_probe *p)
{
	if (read_probe(o, p) < 0)
		p->nsyscalls = -1; /* out of memory, caught by the caller */
}

static int read_sections(struct json_object *root, struct results_file *rf,
			 struct err *err)
{
	READ_ARRAY(root, "runs", rf->runs, rf->nruns, read_run);
	READ_ARRAY(root, "probe", rf->probes, rf->nprobes, read_probe_or_note);
	READ_ARRAY(root, "density", rf->density, rf->ndensity, read_density);
	text(field(root, "ladder"), "workload", rf->ladder_workload,
	     sizeof(rf->ladder_workload));
	READ_ARRAY(field(root, "ladder"), "rungs", rf->rungs, rf->nrungs,
		   read_rung);
	READ_ARRAY(root, "sessions", rf->sessions, rf->nsessions,
		   read_session);
	for (size_t i = 0; i < rf->nprobes; i++)
		if (rf->probes[i].nsyscalls < 0)
			goto oom;
	return 0;
oom:
	return err_set(err, ERR_RUNTIME, "%s: out of memory", rf->path);
}

static char *slurp(const char *path, struct err *err)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *bigger;
	size_t len = 0, cap = 0;

	if (!f)
		return err_set(err, ERR_USAGE, "%s: cannot read: %s", path,
			       strerror(errno)),
		       NULL;
	for (;;) {
		if (len + 1 >= cap) {
			cap = cap ? cap * 2 : 1 << 16;
			if (cap > MAX_FILE_BYTES) {
				err_set(err, ERR_USAGE,
					"%s: larger than 64 MiB; not an isolab results file",
					path);
				break;
			}
			bigger = realloc(buf, cap);
			if (!bigger) {
				err_set(err, ERR_RUNTIME, "%s: out of memory", path);
				break;
			}
			buf = bigger;
		}
		len += fread(buf + len, 1, cap - len - 1, f);
		if (ferror(f)) {
			err_set(err, ERR_USAGE, "%s: cannot read: %s", path,
				errno == EISDIR ? "it is a directory"
						: strerror(errno));
			break;
		}
		if (feof(f)) {
			fclose(f);
			buf[len] = '\0';
			return buf;
		}
	}
	fclose(f);
	free(buf);
	return NULL;
}

static struct json_object *parse(const char *path, const char *buf,
				 struct err *err)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *root;
	enum json_tokener_error jerr;

	if (!tok)
		return err_set(err, ERR_RUNTIME, "out of memory"), NULL;
	root = json_tokener_parse_ex(tok, buf, (int)strlen(buf) + 1);
	jerr = json_tokener_get_error(tok);
	if (!root || jerr != json_tokener_success) {
		err_set(err, ERR_USAGE,
			"%s: not valid JSON (%s at byte %zu); give a file written by isolab --format json",
			path, json_tokener_error_desc(jerr),
			json_tokener_get_parse_end(tok));
		json_object_put(root);
		root = NULL;
	}
	json_tokener_free(tok);
	return root;
}

static int check_schema(const char *path, struct json_object *root,
			int *version, struct err *err)
{
	struct json_object *v = field(root, "schema_version");
	struct json_object *env = field(root, "environment");

	if (!json_object_is_type(root, json_type_object) || !v || !env ||
	    !json_object_is_type(env, json_type_object) ||
	    (!field(root, "runs") && !field(root, "probe") &&
	     !field(root, "density") && !field(root, "ladder")))
		return err_set(err, ERR_USAGE,
			       "%s: not an isolab results file (no schema_version, environment and runs, probe, density or ladder); write one with --format json --output FILE",
			       path);
	if (!json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) < 1)
		return err_set(err, ERR_USAGE,
			       "%s: unknown schema_version %s; this isolab reads 1 to %d",
			       path, json_object_to_json_string(v),
			       RESULTS_SCHEMA_VERSION);
	if (json_object_get_int64(v) > RESULTS_SCHEMA_VERSION)
		return err_set(err, ERR_USAGE,
			       "%s: schema_version %lld is newer than this isolab reads (up to %d); update isolab",
			       path, (long long)json_object_get_int64(v),
			       RESULTS_SCHEMA_VERSION);
	*version = (int)json_object_get_int64(v);
	return 0;
}

int results_file_read(const char *path, struct results_file *out,
		      struct err *err)
{
	struct json_object *root;
	char *buf;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	snprintf(out->path, sizeof(out->path), "%s", path);
	buf = slurp(path, err);
	if (!buf)
		return -1;
	root = parse(path, buf, err);
	free(buf);
	if (!root)
		return -1;
	if (check_schema(path, root, &out->schema_version, err) == 0) {
		read_environment(field(root, "environment"), &out->env);
		rc = read_sections(root, out, err);
	}
	json_object_put(root);
	if (rc < 0)
		results_file_free(out);
	return rc;
}

void results_file_free(struct results_file *rf)
{
	for (size_t i = 0; rf->probes && i < rf->nprobes; i++)
		free(rf->probes[i].cls);
	free(rf->runs);
	free(rf->probes);
	free(rf->density);
	free(rf->rungs);
	free(rf->sessions);
	rf->rungs = NULL;
	rf->sessions = NULL;
	rf->nsessions = 0;
	rf->runs = NULL;
	rf->probes = NULL;
	rf->density = NULL;
	rf->nruns = rf->nprobes = rf->ndensity = rf->nrungs = 0;
}

double rf_counter(const struct rf_run *run, const char *name)
{
	for (int i = 0; i < run->ncounters; i++)
		if (strcmp(run->counters[i].name, name) == 0)
			return run->counters[i].value;
	return 0;
}
