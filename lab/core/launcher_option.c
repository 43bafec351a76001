/* launcher_option: finding, setting and showing a launcher's options by
 * name, and the enum-table helpers their parsers share (lab/core/launcher.h). */
#include "lab/core/launcher.h"

#include <stdio.h>
#include <string.h>

/* An enum field is read and written as an unsigned int, which is what the
 * compiler makes of an enum with small non-negative values; a field of
 * another size is refused (shown as "?"), never half-written. */
static bool enum_field(const struct launcher_option *o)
{
	return o->values && o->field_size == sizeof(unsigned);
}

static size_t enum_field_get(const struct launcher_option *o,
			     const void *config)
{
	unsigned v;

	memcpy(&v, (const char *)config + o->field_offset, sizeof(v));
	return v;
}

static int enum_field_set(const struct launcher_option *o, void *config,
			  const char *value, struct err *err)
{
	int i = option_enum_value(o->name, o->values, o->nvalues, value, err);
	unsigned v = (unsigned)i;

	if (i < 0)
		return -1;
	memcpy((char *)config + o->field_offset, &v, sizeof(v));
	return 0;
}

const struct launcher_option *
launcher_option_find(const struct launcher *l, const char *name)
{
	for (const struct launcher_option *o = l->options; o && o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

int launcher_option_set(const struct launcher *l, void *config,
			const char *name, const char *value, struct err *err)
{
	const struct launcher_option *o = launcher_option_find(l, name);

	if (!o || (!o->set && !enum_field(o)))
		return err_set(err, ERR_USAGE,
			       "--%s does not apply to the %s launcher", name,
			       l->name);
	if (!value)
		return err_set(err, ERR_USAGE, "--%s needs a value", name);
	if (!o->set)
		return enum_field_set(o, config, value, err);
	return o->set(config, value, err);
}

int launcher_option_show(const struct launcher *l, const void *config,
			 const char *name, char *buf, size_t len)
{
	const struct launcher_option *o = launcher_option_find(l, name);

	if (len)
		buf[0] = '\0';
	if (!o || !len)
		return -1;
	if (o->show)
		o->show(config, buf, len);
	else if (enum_field(o))
		snprintf(buf, len, "%s",
			 option_enum_name(o->values, o->nvalues,
					  enum_field_get(o, config)));
	else
		return -1;
	return 0;
}

int option_enum_parse(const char *const *names, size_t n, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], value) == 0)
			return (int)i;
	return -1;
}

int option_enum_value(const char *name, const char *const *names, size_t n,
		      const char *value, struct err *err)
{
	int i = option_enum_parse(names, n, value);
	char list[128];

	if (i < 0)
		return err_set(err, ERR_USAGE, "--%s: unknown value '%s'; use %s", name,
			       value, option_enum_list(names, n, list, sizeof(list)));
	return i;
}

const char *option_enum_list(const char *const *names, size_t n, char *buf,
			     size_t len)
{
	size_t used = 0, left = 0;

	for (size_t i = 0; i < n; i++)
		left += names[i] != NULL;
	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!names[i])
			continue;
		left--;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s", names[i],
					 left > 1 ? ", " : left == 1 ? " or " : "");
	}
	return buf;
}

const char *option_enum_name(const char *const *names, size_t n, size_t i)
{
	return i < n && names[i] ? names[i] : "?";
}
