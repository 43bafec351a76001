/* launchers: the registry of launchers, by name.
 *
 * The list is generated once (build/gen/launchers.def, from the LAUNCHERS
 * each launcher's module.mk adds to; lab/scripts/gen-launchers.sh), so a
 * fourth launcher is a folder, a module.mk and a `const struct launcher
 * NAME_launcher`, nothing here. Every per-launcher array is sized
 * LAUNCHER_COUNT, with a _Static_assert where it is declared. Only this
 * registry (lab/core/launchers.c) names the launchers; lab/ includes nothing
 * from their folders. */
#ifndef ISOLAB_LAUNCHERS_H
#define ISOLAB_LAUNCHERS_H

#include "lab/core/launcher.h"

#include "launchers.def" /* LAUNCHER_NAMES */

enum launcher_index {
#define LAUNCHER(name) LAUNCHER_INDEX_##name,
#include "launchers.def"
#undef LAUNCHER
	LAUNCHER_COUNT
};

/* Each launcher's own, defined in its folder (NAME_launcher). */
#define LAUNCHER(name) extern const struct launcher name##_launcher;
#include "launchers.def"
#undef LAUNCHER

/* All launchers in the order compare shows them; NULL-terminated. */
extern const struct launcher *const all_launchers[LAUNCHER_COUNT + 1];

/* NULL if there is no launcher of that name. */
const struct launcher *launcher_find(const char *name);
/* Its index in all_launchers, or -1. */
int launcher_index(const char *name);

/* "process, container, microvm", for error messages. */
const char *launcher_names(void);

#endif
