/* userns: which host ids the container's ids map to (--userns).
 *
 * Contract: ct_userns_plan() decides the id map of the container's user
 * namespaces from the mode, the caller's effective ids, and the text of
 * /etc/subuid and /etc/subgid (NULL: no such file):
 *  - remap (default) as root: container uids and gids 0..count-1 map to an
 *    unprivileged host range, the `isolab` line of /etc/subuid and
 *    /etc/subgid if both have one (count at most 65536), else the fixed
 *    range CT_USERNS_BASE..+CT_USERNS_COUNT. Only a privileged parent can
 *    write such a map, so `by_parent` is set.
 *  - remap as a normal user, and host-root: uid/gid 0 map to the caller's
 *    own ids (one id), which the child writes itself.
 * A malformed `isolab` line is an error naming the file and what to fix.
 * Pure: it reads no file itself, for the unit tests. */
#ifndef ISOLAB_CONTAINER_USERNS_H
#define ISOLAB_CONTAINER_USERNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "container/options.h"
#include "lab/host/err.h"

/* Above systemd's container range (0x00080000-0x6FFFFFFF), below 2^31. */
#define CT_USERNS_BASE 1879048192u /* 0x70000000 */
#define CT_USERNS_COUNT 65536u
#define CT_USERNS_ENTRY "isolab"

struct ct_idmap {
	uid_t uid;      /* host uid of container uid 0 */
	gid_t gid;      /* host gid of container gid 0 */
	unsigned count; /* ids mapped, from 0 */
	bool by_parent; /* a range: isolab writes the outer map */
};

/* Find `name`'s first "name:start:count" line in a subuid/subgid text.
 * 0: found, 1: none, -1: malformed (err names `file`). */
int ct_userns_find_range(const char *text, const char *file, const char *name,
			 unsigned *start, unsigned *count, struct err *err);

int ct_userns_plan(enum ct_userns mode, uid_t euid, gid_t egid,
		   const char *subuid, const char *subgid,
		   struct ct_idmap *out, struct err *err);

#endif
