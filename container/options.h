/* options: the container launcher's configuration and its parsing.
 *
 * Contract: ct_config_init() sets full isolation (every namespace the
 * kernel has, default seccomp, Docker's default capabilities, cgroup limits
 * mem=1G,pids=1024, private network, hostname "isolab-ct", container root
 * remapped to unprivileged host ids). Limits given with --cgroup are
 * marked explicit; mem= below CT_MEM_MIN_BYTES is refused. ct_options[]
 * declares each option once (lab/core/launcher.h): its parser applies one
 * --option VALUE at a time, in the order given; bad values and
 * contradictions (--net host with net in --ns, --hostname without a UTS
 * namespace, --userns without a user namespace, ...) fail with ERR_USAGE and one line saying what to type.
 * Pure: no system calls except the capability-name lookup of libcap. */
#ifndef ISOLAB_CONTAINER_OPTIONS_H
#define ISOLAB_CONTAINER_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/host/err.h"
#include "lab/core/launcher.h"

/* Namespaces, as a bit set of our own (not CLONE_* values). */
enum ct_ns {
	CT_NS_USER = 1u << 0,
	CT_NS_PID = 1u << 1,
	CT_NS_MNT = 1u << 2,
	CT_NS_UTS = 1u << 3,
	CT_NS_IPC = 1u << 4,
	CT_NS_NET = 1u << 5,
	CT_NS_CGROUP = 1u << 6,
	CT_NS_TIME = 1u << 7,
	CT_NS_ALL = (1u << 8) - 1,
};

enum ct_seccomp { CT_SECCOMP_DEFAULT, CT_SECCOMP_STRICT, CT_SECCOMP_OFF };
enum ct_caps { CT_CAPS_DEFAULT, CT_CAPS_NONE, CT_CAPS_KEEP };
enum ct_net { CT_NET_NONE, CT_NET_HOST };
enum ct_bin { CT_BIN_AUTO, CT_BIN_BIND, CT_BIN_COPY };
/* Whose host ids container root gets (container/userns.h). */
enum ct_userns { CT_USERNS_REMAP, CT_USERNS_HOST_ROOT };

/* The smallest --cgroup mem= accepted. What a container is charged before
 * its program's first instruction (page tables, stack, its first pages)
 * was measured on Linux 6.18, cgroup v1: isolab-workload needs 88 KiB,
 * busybox sh 192 KiB; below, the OOM killer ends it at exec. It varies
 * with the order of copy-on-write faults: the init is a fork of isolab,
 * and a page either side writes first is copied into the writer's
 * cgroup. At 256K a `noop` was OOM-killed once in a `make test` on a
 * loaded machine, so the minimum leaves twice that. */
#define CT_MEM_MIN_BYTES (512u << 10)

struct ct_limits {
	uint64_t mem_bytes; /* 0: no limit */
	uint64_t pids;      /* 0: no limit */
	uint32_t cpu_pct;   /* 0: no limit; 100 = one CPU */
	bool enabled;       /* false: --cgroup none, no cgroup at all */
	bool explicit;      /* given with --cgroup: a run that cannot apply
			       them fails instead of running without */
};

struct ct_config {
	unsigned ns;          /* enum ct_ns bits */
	bool ns_given;        /* --ns was on the command line */
	enum ct_seccomp seccomp;
	enum ct_caps caps;
	uint64_t keep_caps;   /* CT_CAPS_KEEP: bit n = capability n */
	struct ct_limits limits;
	enum ct_net net;
	bool net_given;
	char hostname[65];
	bool hostname_given;
	enum ct_bin bin_mode; /* how the binary enters the rootfs */
	enum ct_userns userns;
	bool userns_given;
};

void ct_config_init(struct ct_config *c);

/* The container launcher's options, each with its parser and its "show"
 * (the current value as a user would type it); ends with {0}. */
extern const struct launcher_option ct_options[];

/* Parsers behind ct_options, exposed for the unit tests. */
int ct_parse_ns(const char *text, unsigned *out, struct err *err);
int ct_parse_limits(const char *text, struct ct_limits *out, struct err *err);
int ct_parse_size(const char *what, const char *text, uint64_t *out,
		  struct err *err);

/* "mem=8M,pids=4,cpu=50%" for the limits set; buf of at least 64 bytes. */
const char *ct_limits_describe(const struct ct_limits *l, char *buf,
			       unsigned len);

/* "user,pid,mnt" for a bit set; buf of at least 64 bytes. */
const char *ct_ns_describe(unsigned ns, char *buf, unsigned len);

#endif
