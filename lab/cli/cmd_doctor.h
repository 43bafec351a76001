/* cmd_doctor: `isolab doctor` (its entry: commands.h), then the list of
 * what killed runs left (leftovers.h). doctor_find finds what this
 * machine supports for each launcher, and for each missing piece what to do. Its verdicts come from trying (lab/host/host_try.h:
 * each namespace, a VM, a cgroup; then one `noop` launch per launcher
 * through lab/core/launcher_try.h), never from settings alone, and leave
 * nothing behind. cancel_fd (or -1) stops a launch when the user presses
 * Ctrl-C. The findings are data (lab/report/doctor_output.h, which also
 * draws them); d->launchers_missing counts the launchers that could not
 * run. Returns -1 (err set) only when out of memory; free d either way. */
#ifndef ISOLAB_CMD_DOCTOR_H
#define ISOLAB_CMD_DOCTOR_H

#include "lab/core/launchers.h"
#include "lab/host/err.h"
#include "lab/report/doctor_output.h"

/* configs: one per entry of all_launchers. */
int doctor_find(struct doctor_findings *d,
		void *const configs[static LAUNCHER_COUNT], int cancel_fd,
		struct err *err);

#endif
