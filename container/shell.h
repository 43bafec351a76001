/* shell: `isolab shell --launcher container [isolation options]`.
 *
 * Contract: container_shell() runs an interactive busybox shell (the host's
 * static /bin/busybox, bound into the rootfs as /bin/busybox with /bin/sh)
 * in a container built from `config` (a struct ct_config filled through
 * the container launcher's config_init and options, ct_options[]) or,
 * when `command` is not NULL, runs that one command there (a
 * NULL-terminated argv, looked up by busybox's sh: its applets), and
 * returns the shell's exit status (128+N if a signal N ended it), or -1 with err
 * (ERR_INTERRUPTED when SIGINT, SIGTERM or SIGHUP to isolab stopped it).
 * With a terminal on stdin the shell gets its own pty as controlling
 * terminal (and /dev/console): isolab puts the terminal in raw mode and
 * relays bytes and window sizes, so Ctrl-C, Ctrl-Z and job control act
 * inside the container, never on isolab. SIGTERM/SIGHUP to isolab kill
 * the container. Without a terminal the shell reads isolab's stdin.
 * Everything (processes, cgroups, mounts) is gone when it returns; the
 * terminal is restored. */
#ifndef ISOLAB_CONTAINER_SHELL_H
#define ISOLAB_CONTAINER_SHELL_H

#include "lab/host/err.h"

#define CONTAINER_SHELL_BUSYBOX "/bin/busybox"

int container_shell(const void *config, char *const *command,
		    struct err *err);

#endif
