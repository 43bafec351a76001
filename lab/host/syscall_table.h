/* syscall_table: this machine's x86-64 system call names and numbers.
 *
 * Names come from this machine's <asm/unistd.h>, through a header the
 * build generates (lab/scripts/gen-syscall-names.sh); numbers the headers
 * do not name (newer kernels, gaps) have none. Pure lookups, no state:
 * the launchers use it for their messages and filters, lab/probe/reach.h for
 * the probe. */
#ifndef ISOLAB_SYSCALL_TABLE_H
#define ISOLAB_SYSCALL_TABLE_H

#include <stddef.h>

/* The header's name for nr, or NULL. */
const char *syscall_name(int nr);
/* "clone3 (435)", or "#470" for a number the headers do not name. */
const char *syscall_label(int nr, char *buf, size_t len);
/* The header's number for name, or -1. */
int syscall_number(const char *name);

#endif
