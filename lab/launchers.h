/* launchers: the registry of launchers, by name. */
#ifndef ISOLAB_LAUNCHERS_H
#define ISOLAB_LAUNCHERS_H

#include "lab/launcher.h"

extern const struct launcher process_launcher;   /* process/ */
extern const struct launcher container_launcher; /* container/ */
extern const struct launcher microvm_launcher;   /* microvm/ */

/* All launchers in the order compare shows them; NULL-terminated. */
extern const struct launcher *const all_launchers[];

/* NULL if there is no launcher of that name. */
const struct launcher *launcher_find(const char *name);

/* "process, container, microvm", for error messages. */
const char *launcher_names(void);

#endif
