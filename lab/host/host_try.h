/* host_try: what `isolab doctor` finds out by trying, not by reading
 * settings. Each try is cheap (well under a millisecond here, apart from a
 * network namespace), reports what actually happened with the errno, and
 * leaves nothing behind: namespaces are made by a short-lived child
 * (lab/host/short_child.h) and end with it, the VM's fds are closed, the cgroup
 * is removed. Computing only; doctor.c renders the answers. */
#ifndef ISOLAB_HOST_TRY_H
#define ISOLAB_HOST_TRY_H

#include <limits.h>
#include <stdbool.h>

#include "lab/host/hostinfo.h"

enum { TRY_NS_USER, TRY_NS_COUNT = 8 };

struct ns_try {
	const char *name;  /* as --ns names it: "user", "pid", ... */
	const char *call;  /* what was tried, e.g. "unshare(CLONE_NEWPID)" */
	bool with_user;    /* inside a new user namespace, as a rootless
			      container makes it */
	int err;           /* 0: created; else the errno */
};

/* [TRY_NS_USER] is the user namespace alone; the others are each tried
 * alone as root, and inside a new user namespace otherwise. */
void try_namespaces(struct ns_try out[TRY_NS_COUNT], bool root);

struct kvm_try {
	const char *step;  /* the step that failed, or NULL: a VM was made */
	int err;           /* its errno (0 when it answered wrongly) */
	int api_version;
	/* The device node, for what to say when it cannot be opened. */
	bool exists;
	bool kernel_has_kvm;     /* /sys/class/misc/kvm: the device is
				    registered, whatever /dev shows */
	unsigned uid, gid, mode; /* mode: permission bits */
	char owner[32], group[32]; /* names, or the numbers */
	bool kvm_group_exists;   /* /etc/group has a group named kvm */
	bool in_group;           /* we are in the node's group */
};

/* open /dev/kvm, KVM_GET_API_VERSION, KVM_CREATE_VM, close. */
void try_kvm(struct kvm_try *t);

#define TRY_CGROUP_MAX_DIRS 2

struct cgroup_try {
	int ndirs;
	struct {
		char path[PATH_MAX]; /* the directory made below our own */
		const char *step;    /* what failed, or NULL: made and removed */
		int err;
	} dir[TRY_CGROUP_MAX_DIRS];
	const char *step;            /* finding our own cgroup failed */
	int err;
};

/* mkdir and rmdir a cgroup below isolab's own, where the container
 * launcher makes its own: the memory and pids hierarchies on v1 and the
 * hybrid layout, the one directory on v2. */
void try_cgroup(struct cgroup_try *t, enum cgroup_layout layout);

#endif
