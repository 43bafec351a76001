/* caps: which capabilities the container keeps, and dropping the rest.
 *
 * Contract: the default set is Docker's (CT_CAPS_DOCKER_DEFAULT below).
 * ct_caps_parse_list() turns "CAP_SYS_ADMIN,net_raw" into a bit set (libcap
 * names, case-insensitive, CAP_ prefix optional) or fails with ERR_USAGE.
 * ct_caps_apply() runs in the child just before exec: it drops every other
 * capability from the bounding set and sets permitted = effective =
 * inheritable = keep, so the exec'd program (uid 0 in its namespace, under
 * no_new_privs) ends with exactly `keep`. It returns -1 with errno set. */
#ifndef ISOLAB_CONTAINER_CAPS_H
#define ISOLAB_CONTAINER_CAPS_H

#include <stdint.h>

#include "container/options.h"
#include "lab/host/err.h"

/* Docker's default: chown, dac_override, fowner, fsetid, kill, setgid,
 * setuid, setpcap, net_bind_service, net_raw, sys_chroot, mknod,
 * audit_write, setfcap. */
uint64_t ct_caps_docker_default(void);
/* The capabilities a container with config c keeps (--caps). */
uint64_t ct_caps_kept(const struct ct_config *c);

int ct_caps_parse_list(const char *text, uint64_t *out, struct err *err);

/* The highest capability number this kernel knows (/proc), or libcap's. */
int ct_caps_last_cap(void);

/* In the child; last_cap from ct_caps_last_cap() computed in the parent. */
int ct_caps_apply(uint64_t keep, int last_cap);

/* "chown,kill,..." for reports; buf of len bytes. */
const char *ct_caps_describe(uint64_t caps, char *buf, unsigned len);

#endif
