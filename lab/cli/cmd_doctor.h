/* cmd_doctor: `isolab doctor` (its entry: commands.h), then the list of
 * what killed runs left (leftovers.h). doctor_report tells what this
 * machine supports for each launcher, and for each missing piece what to do. Its verdicts come from trying (lab/host/host_try.h:
 * each namespace, a VM, a cgroup; then one `noop` launch per launcher
 * through lab/core/launcher_try.h), never from settings alone, and leave
 * nothing behind. cancel_fd (or -1) stops a launch when the user presses
 * Ctrl-C. Writes lines for people, or with `json` one object:
 * {schema_version, environment, findings: [{section, check, verdict
 * ("ok", "missing" or "note"), detail, fix}], launchers_missing, took_ns}.
 * Returns 0 when every launcher ran, 1 otherwise. */
#ifndef ISOLAB_CMD_DOCTOR_H
#define ISOLAB_CMD_DOCTOR_H

#include <stdbool.h>
#include <stdio.h>

#include "lab/core/launchers.h"

/* configs: one per entry of all_launchers. */
int doctor_report(FILE *f, bool json, void *const configs[static LAUNCHER_COUNT],
		  int cancel_fd);

#endif
