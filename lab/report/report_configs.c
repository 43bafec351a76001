#include "lab/report/report_configs.h"

#include <stdlib.h>
#include <string.h>

#include "lab/core/launchers.h"

const char *rd_config_option(const struct rd_config *c, const char *name)
{
	for (int i = 0; c->session && i < c->session->noptions; i++)
		if (strcmp(c->session->options[i].name, name) == 0)
			return c->session->options[i].value;
	return NULL;
}

/* The session whose runs are shown under `label`, with its options
 * recorded; NULL when the file predates them. */
static const struct rf_session *session_of(const struct results_file *rf,
					   const char *label)
{
	for (size_t i = 0; i < rf->nsessions; i++)
		if (strcmp(rf->sessions[i].label, label) == 0)
			return rf->sessions[i].options_recorded
				       ? &rf->sessions[i]
				       : NULL;
	return NULL;
}

static bool same_options(const struct rf_session *a,
			 const struct rf_session *b)
{
	if (!a || !b)
		return a == b;
	if (a->noptions != b->noptions)
		return false;
	for (int i = 0; i < a->noptions; i++) {
		const char *v = NULL;

		for (int k = 0; k < b->noptions; k++)
			if (strcmp(b->options[k].name, a->options[i].name) == 0)
				v = b->options[k].value;
		if (!v || strcmp(v, a->options[i].value) != 0)
			return false;
	}
	return true;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void add_file(struct rd_config *c, const char *path)
{
	const char *name = base_name(path);
	int kept = c->nfiles < RD_MAX_CONFIG_FILES ? c->nfiles
						   : RD_MAX_CONFIG_FILES;

	for (int i = 0; i < kept; i++)
		if (c->files[i] == name)
			return;
	if (c->nfiles < RD_MAX_CONFIG_FILES)
		c->files[c->nfiles] = name;
	c->nfiles++;
}

static void note(struct report_data *rd, int machine, int launcher,
		 const struct rf_session *s, const char *path)
{
	struct rd_config *c = NULL;

	if (launcher < 0)
		return; /* a label past RD_MAX_LAUNCHERS: not in the tables */
	for (size_t i = 0; i < rd->nconfigs && !c; i++)
		if (rd->configs[i].machine == machine &&
		    rd->configs[i].launcher == launcher &&
		    same_options(rd->configs[i].session, s))
			c = &rd->configs[i];
	if (!c) {
		c = &rd->configs[rd->nconfigs++];
		*c = (struct rd_config){ .machine = machine,
					 .launcher = launcher,
					 .session = s };
	}
	add_file(c, path);
}

/* Marks the options that are not the launcher's default, by showing
 * each of a freshly initialised config the way the file's writer did. */
static int mark_defaults(struct rd_config *c)
{
	const struct launcher *l =
		c->session ? launcher_find(c->session->launcher) : NULL;
	void *config;
	char value[96];

	if (!l)
		return 0;
	config = calloc(1, l->config_size ? l->config_size : 1);
	if (!config)
		return -1;
	if (l->config_init)
		l->config_init(config);
	for (int i = 0; i < c->session->noptions; i++) {
		const struct rf_option *o = &c->session->options[i];

		c->nondefault[i] =
			launcher_option_show(l, config, o->name, value,
					     sizeof(value)) == 0 &&
			strcmp(value, o->value) != 0;
	}
	free(config);
	return 0;
}

/* Two configurations of one launcher on one machine: both say so, and
 * each marks the options whose values the other does not share. */
static void mark_conflict(struct rd_config *a, const struct rd_config *b)
{
	a->conflict = true;
	for (int i = 0; a->session && b->session && i < a->session->noptions;
	     i++) {
		const char *other = rd_config_option(b, a->session->options[i].name);

		a->differs[i] |= !other ||
				 strcmp(other, a->session->options[i].value) != 0;
	}
}

/* By machine, then launcher order, each stable: a launcher's
 * configurations stand together. */
static void sort_configs(struct report_data *rd)
{
	for (size_t i = 1; i < rd->nconfigs; i++) {
		struct rd_config c = rd->configs[i];
		size_t k = i;

		for (; k > 0 && (rd->configs[k - 1].machine > c.machine ||
				 (rd->configs[k - 1].machine == c.machine &&
				  rd->configs[k - 1].launcher > c.launcher));
		     k--)
			rd->configs[k] = rd->configs[k - 1];
		rd->configs[k] = c;
	}
}

/* A probe's or a density step's options, where its file recorded them
 * (older files did not: those say nothing, rather than conflict). */
static void note_recorded(struct report_data *rd, int machine,
			  const struct rf_session *s, const char *path)
{
	if (s->options_recorded)
		note(rd, machine, rd_launcher_index(rd, s->label), s, path);
}

int report_configs_build(const struct report_input *in,
			 struct report_data *rd, const int *file_machine)
{
	size_t nentries = 0;

	for (size_t f = 0; f < in->nfiles; f++)
		nentries += in->files[f].nruns + in->files[f].nprobes +
			    in->files[f].ndensity;
	rd->configs = calloc(nentries + 1, sizeof(*rd->configs));
	if (!rd->configs)
		return -1;
	/* A row's label appears once per file however many runs it has. */
	for (size_t f = 0; f < in->nfiles; f++) {
		const struct results_file *rf = &in->files[f];

		for (size_t i = 0; i < rf->nruns; i++) {
			const char *label = rf->runs[i].launcher;
			bool seen = false;

			for (size_t k = 0; k < i && !seen; k++)
				seen = strcmp(rf->runs[k].launcher, label) == 0;
			if (!seen)
				note(rd, file_machine[f],
				     rd_launcher_index(rd, label),
				     session_of(rf, label), rf->path);
		}
		for (size_t i = 0; i < rf->nprobes; i++)
			note_recorded(rd, file_machine[f], &rf->probes[i].config,
				      rf->path);
		for (size_t i = 0; i < rf->ndensity; i++)
			note_recorded(rd, file_machine[f], &rf->density[i].config,
				      rf->path);
	}
	sort_configs(rd);
	for (size_t i = 0; i < rd->nconfigs; i++) {
		struct rd_config *c = &rd->configs[i];

		rd->any_options |= c->session != NULL;
		if (mark_defaults(c) < 0)
			return -1;
		for (size_t k = 0; k < rd->nconfigs; k++)
			if (k != i && rd->configs[k].machine == c->machine &&
			    rd->configs[k].launcher == c->launcher)
				mark_conflict(c, &rd->configs[k]);
	}
	return 0;
}
