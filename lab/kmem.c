#include "lab/kmem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The path of our cgroup for one v1 controller ("memory"), or for the v2
 * hierarchy (controller ""), from /proc/self/cgroup. */
static int own_cgroup(const char *controller, char *out, size_t len)
{
	char line[512];
	int found = -1;
	FILE *f = fopen("/proc/self/cgroup", "re");

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		char *ctl = strchr(line, ':'), *path;

		if (!ctl || !(path = strchr(ctl + 1, ':')))
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (strcmp(ctl + 1, controller) == 0) {
			snprintf(out, len, "%s", path);
			found = 0;
		}
	}
	fclose(f);
	return found;
}

static int64_t read_number(const char *path, const char *key)
{
	char line[256];
	int64_t v = -1;
	size_t klen = key ? strlen(key) : 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	while (v < 0 && fgets(line, sizeof(line), f))
		if (!key)
			v = strtoll(line, NULL, 10);
		else if (strncmp(line, key, klen) == 0 && line[klen] == ' ')
			v = strtoll(line + klen + 1, NULL, 10);
	fclose(f);
	return v;
}

int64_t kmem_cgroup_bytes(void)
{
	char cg[256], path[512];

	if (own_cgroup("memory", cg, sizeof(cg)) == 0) {
		snprintf(path, sizeof(path),
			 "/sys/fs/cgroup/memory%s/memory.kmem.usage_in_bytes", cg);
		return read_number(path, NULL);
	}
	if (own_cgroup("", cg, sizeof(cg)) == 0) {
		snprintf(path, sizeof(path), "/sys/fs/cgroup%s/memory.stat", cg);
		return read_number(path, "kernel");
	}
	return -1;
}
