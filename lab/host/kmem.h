/* kmem: kernel memory charged to isolab's own memory cgroup, for what a
 * launcher costs the kernel beyond anything user space can see (KVM's
 * vCPU state and shadow page tables, say). Other activity in the same
 * cgroup moves the figure too, so a delta of it is an estimate. */
#ifndef ISOLAB_KMEM_H
#define ISOLAB_KMEM_H

#include <stdint.h>

/* Bytes of kernel memory charged to this process's memory cgroup (v1:
 * memory.kmem.usage_in_bytes; v2: memory.stat "kernel"), or -1 when the
 * kernel does not account it here. */
int64_t kmem_cgroup_bytes(void);

#endif
