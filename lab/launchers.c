#include "lab/launchers.h"

#include <string.h>

const struct launcher *const all_launchers[] = {
	&process_launcher,
	&container_launcher,
	&microvm_launcher,
	NULL,
};

const struct launcher *launcher_find(const char *name)
{
	for (int i = 0; all_launchers[i]; i++)
		if (strcmp(all_launchers[i]->name, name) == 0)
			return all_launchers[i];
	return NULL;
}

const char *launcher_names(void)
{
	return "process, container, microvm";
}
