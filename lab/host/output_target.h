/* output_target: what an --output path names, decided before anything is
 * written, so that isolab (often run as root) never replaces a device node.
 *
 * - "-", /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N (also when
 *   reached through a symlink) name an open descriptor: OUTPUT_TO_FD.
 * - An existing character device or FIFO is written in place: OUTPUT_IN_PLACE.
 * - A regular file, or a name with nothing there yet, is replaced by a
 *   rename: OUTPUT_REPLACE. Symlinks are followed first, so the rename
 *   lands on the final target and the links stay links.
 * - Anything else (directory, socket, block device, a magic /proc link to
 *   something else) is refused with ERR_USAGE, as is a symlink that another
 *   user planted in a shared sticky directory (what fs.protected_symlinks
 *   refuses to open()). */
#ifndef ISOLAB_OUTPUT_TARGET_H
#define ISOLAB_OUTPUT_TARGET_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "lab/host/err.h"

enum output_target_kind {
	OUTPUT_TO_FD,
	OUTPUT_IN_PLACE,
	OUTPUT_REPLACE,
};

struct output_target {
	enum output_target_kind kind;
	int fd;              /* OUTPUT_TO_FD: the descriptor to write to */
	char path[PATH_MAX]; /* the final path, symlinks followed */
	bool exists;         /* OUTPUT_REPLACE: a regular file is there now */
	mode_t mode;         /* ... and its permission bits */
	uid_t uid;
	gid_t gid;
};

int output_target_resolve(const char *path, struct output_target *t,
			  struct err *err);

/* Whether what is at path now may still be replaced by a rename (a regular
 * file or nothing): rechecked just before the rename, because the target
 * can change while isolab measures. */
bool output_target_replaceable(const char *path);

#endif
