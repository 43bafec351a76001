/* variant: "LABEL:LAUNCHER[:OPTIONS]" into a launcher and its config. */
#include "lab/core/variant.h"

#include <stdlib.h>
#include <string.h>

#include "lab/core/launchers.h"

/* Is `name` one of l's options? */
/* One "--name=value" item (modified in place) into v->config. */
static int apply_option(struct variant *v, char *item, struct err *err)
{
	char *eq = strchr(item, '=');

	if (strncmp(item, "--", 2) != 0 || !eq || eq == item + 2)
		return err_set(err, ERR_USAGE,
			       "variant '%s': '%s' is not --OPTION=VALUE; join options with commas, e.g. %s:container:--ns=user,pid,--seccomp=off",
			       v->label, item, v->label);
	*eq = '\0';
	if (!launcher_option_find(v->launcher, item + 2))
		return err_set(err, ERR_USAGE,
			       "variant '%s': %s is not an option of the %s launcher (isolab run --launcher %s --help)",
			       v->label, item, v->launcher->name,
			       v->launcher->name);
	if (launcher_option_set(v->launcher, v->config, item + 2, eq + 1,
				err) < 0) {
		char why[sizeof(err->msg)];

		memcpy(why, err->msg, sizeof(why));
		return err_set(err, ERR_USAGE, "variant '%s': %.400s",
			       v->label, why);
	}
	return 0;
}

static int apply_options(struct variant *v, struct err *err)
{
	char list[VARIANT_OPTIONS];
	char *item = list;

	memcpy(list, v->options, sizeof(list));
	while (item) {
		char *next = strstr(item, ",--");

		if (next)
			*next++ = '\0';
		if (apply_option(v, item, err) < 0)
			return -1;
		item = next;
	}
	return 0;
}

int variant_parse(const char *spec, struct variant *v, struct err *err)
{
	const char *colon = strchr(spec, ':'), *launcher, *options;
	char name[32];
	size_t n;

	memset(v, 0, sizeof(*v));
	if (!colon || colon == spec)
		return err_set(err, ERR_USAGE,
			       "variant '%s' is not LABEL:LAUNCHER[:OPTIONS], e.g. bare:container:--ns=none,--seccomp=off",
			       spec);
	if ((size_t)(colon - spec) >= sizeof(v->label))
		return err_set(err, ERR_USAGE,
			       "variant label '%.*s' is longer than %d characters",
			       (int)(colon - spec), spec, VARIANT_LABEL - 1);
	memcpy(v->label, spec, (size_t)(colon - spec));
	launcher = colon + 1;
	options = strchr(launcher, ':');
	n = options ? (size_t)(options - launcher) : strlen(launcher);
	if (n == 0 || n >= sizeof(name))
		return err_set(err, ERR_USAGE,
			       "variant '%s' names no launcher; use %s",
			       v->label, launcher_names());
	memcpy(name, launcher, n);
	name[n] = '\0';
	if (!(v->launcher = launcher_find(name)))
		return err_set(err, ERR_USAGE,
			       "variant '%s': unknown launcher '%s'; use %s",
			       v->label, name, launcher_names());
	if (options && !options[1])
		return err_set(err, ERR_USAGE,
			       "variant '%s': nothing after the last ':'; give options or drop the ':'",
			       v->label);
	if (options && strlen(options + 1) >= sizeof(v->options))
		return err_set(err, ERR_USAGE,
			       "variant '%s': its options are longer than %d characters",
			       v->label, VARIANT_OPTIONS - 1);
	if (options)
		strcpy(v->options, options + 1);
	v->config = calloc(1, v->launcher->config_size ? v->launcher->config_size : 1);
	if (!v->config)
		return err_set(err, ERR_RUNTIME, "out of memory");
	if (v->launcher->config_init)
		v->launcher->config_init(v->config);
	if (v->options[0] && apply_options(v, err) < 0) {
		variant_free(v);
		return -1;
	}
	return 0;
}

void variant_free(struct variant *v)
{
	free(v->config);
	v->config = NULL;
}
