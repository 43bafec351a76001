/* seccomp_prebuilt: the default profile's filter, compiled at build time.
 *
 * Contract: ct_seccomp_prebuilt() fills out with a copy (freed by
 * ct_seccomp_free) of the filter container/gen/seccomp_default.c compiled
 * when isolab was built, and returns 1, when mode and caps are the ones it
 * was compiled for (the default profile, Docker's default capabilities);
 * otherwise it returns 0 and the caller compiles (ct_seccomp_build). -1
 * with err when out of memory. It is byte for byte what ct_seccomp_build()
 * gives (tests/unit/test_container_seccomp.c). */
#ifndef ISOLAB_CONTAINER_SECCOMP_PREBUILT_H
#define ISOLAB_CONTAINER_SECCOMP_PREBUILT_H

#include "container/seccomp.h"

int ct_seccomp_prebuilt(enum ct_seccomp mode, uint64_t caps,
			struct ct_bpf *out, struct err *err);

#endif
