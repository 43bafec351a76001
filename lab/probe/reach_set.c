/* reach_set: owns the reports of one probe. */
#include "lab/probe/reach_set.h"

#include <stdlib.h>
#include <string.h>

void reach_set_init(struct reach_set *s)
{
	memset(s, 0, sizeof(*s));
	environment_capture(&s->env);
}

void reach_set_free(struct reach_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->reports[i]);
	s->n = 0;
}

struct reach_report *reach_set_add(struct reach_set *s)
{
	struct reach_report *r;

	if (s->n == REACH_MAX_LAUNCHERS || !(r = calloc(1, sizeof(*r))))
		return NULL;
	s->reports[s->n++] = r;
	return r;
}

void reach_set_drop(struct reach_set *s)
{
	if (s->n)
		free(s->reports[--s->n]);
}

bool reach_set_differs(const struct reach_set *s, int nr)
{
	for (size_t i = 1; i < s->n; i++)
		if (s->reports[i]->call[nr].cls != s->reports[0]->call[nr].cls)
			return true;
	return false;
}
