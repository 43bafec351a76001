#include "lab/host/kmem.h"

#include <stdio.h>

#include "lab/host/procfs.h"

int64_t kmem_cgroup_bytes(void)
{
	char cg[256], path[512];

	if (procfs_own_cgroup("memory", cg, sizeof(cg)) == 0) {
		long v;

		snprintf(path, sizeof(path),
			 "/sys/fs/cgroup/memory%s/memory.kmem.usage_in_bytes", cg);
		return procfs_read_long(path, &v) < 0 ? -1 : v;
	}
	if (procfs_own_cgroup("", cg, sizeof(cg)) == 0) {
		snprintf(path, sizeof(path), "/sys/fs/cgroup%s/memory.stat", cg);
		return procfs_key_number(path, "kernel");
	}
	return -1;
}
