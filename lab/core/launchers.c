#include "lab/core/launchers.h"

#include <string.h>

const struct launcher *const all_launchers[LAUNCHER_COUNT + 1] = {
#define LAUNCHER(name) [LAUNCHER_INDEX_##name] = &name##_launcher,
#include "launchers.def"
#undef LAUNCHER
	[LAUNCHER_COUNT] = NULL,
};

int launcher_index(const char *name)
{
	for (int i = 0; i < LAUNCHER_COUNT; i++)
		if (strcmp(all_launchers[i]->name, name) == 0)
			return i;
	return -1;
}

const struct launcher *launcher_find(const char *name)
{
	int i = launcher_index(name);

	return i < 0 ? NULL : all_launchers[i];
}

const char *launcher_names(void)
{
	return LAUNCHER_NAMES;
}
