/* option_cycle: the `o` key's steps, from the launcher's option tables. */
#include "lab/dashboard/option_cycle.h"

#include <string.h>

/* The step-th listed value (1-based) over all options, or false. */
static bool nth_value(const struct launcher *l, int step,
		      const struct launcher_option **o, const char **value)
{
	int k = 0;

	for (const struct launcher_option *p = l->options; p && p->name; p++)
		for (size_t v = 0; p->values && v < p->nvalues; v++) {
			if (!p->values[v] || ++k != step)
				continue;
			*o = p;
			*value = p->values[v];
			return true;
		}
	return false;
}

static int count_values(const struct launcher *l)
{
	const struct launcher_option *o;
	const char *v;
	int n = 0;

	while (nth_value(l, n + 1, &o, &v))
		n++;
	return n;
}

/* Does `value` change the given config, and does its parser take it? */
static bool step_applies(const struct launcher *l, const void *given,
			 const struct launcher_option *o, const char *value,
			 void *next)
{
	char shown[128];
	struct err ignored = { 0 };

	launcher_option_show(l, given, o->name, shown, sizeof(shown));
	if (strcmp(shown, value) == 0)
		return false;
	memcpy(next, given, l->config_size);
	return launcher_option_set(l, next, o->name, value, &ignored) == 0;
}

int option_cycle_next(const struct launcher *l, const void *given, int from,
		      void *next, struct option_step *out, struct err *err)
{
	int n = count_values(l);

	*out = (struct option_step){ 0 };
	for (int step = from + 1; step <= n; step++) {
		const struct launcher_option *o;
		const char *value;

		if (nth_value(l, step, &o, &value) &&
		    step_applies(l, given, o, value, next)) {
			*out = (struct option_step){ step, o, value };
			return 0;
		}
	}
	/* Past the last one: back to the config as given, unless nothing
	 * else applies at all. */
	memcpy(next, given, l->config_size);
	if (from > 0)
		return 0;
	return err_set(err, ERR_USAGE,
		       "the %s launcher lists no option values to cycle",
		       l->name);
}
