#include "lab/host/hostinfo.h"
#include "lab/host/virt_detect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

enum cgroup_layout hostinfo_cgroup_layout(void)
{
	return procfs_cgroup_layout("/sys/fs/cgroup");
}

const char *cgroup_layout_name(enum cgroup_layout layout)
{
	static const char *const names[] = {
		[CGROUP_NONE] = "none",
		[CGROUP_V1] = "v1",
		[CGROUP_V2] = "v2",
		[CGROUP_HYBRID] = "hybrid",
	};

	return names[layout];
}

enum virt_mode hostinfo_virt_mode(char *detail, int detail_len)
{
	struct virt_facts facts;

	virt_facts_read(&facts);
	return virt_classify(&facts, detail, detail_len);
}

const char *virt_mode_name(enum virt_mode mode)
{
	static const char *const names[] = {
		[VIRT_NONE] = "none",
		[VIRT_HARDWARE] = "hardware",
		[VIRT_SOFTWARE] = "software/paravirtual",
	};

	return names[mode];
}

static void read_cpu_model(char *out, size_t len)
{
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "re");

	snprintf(out, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) == 0 && colon) {
			colon += 2;
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(out, len, "%s", colon);
			break;
		}
	}
	fclose(f);
}

/* /proc/loadavg's first figure, through glibc. */
static double load_1min(void)
{
	double load;

	return getloadavg(&load, 1) == 1 ? load : -1;
}

void environment_capture(struct environment *env)
{
	struct utsname u;

	memset(env, 0, sizeof(*env));
	snprintf(env->isolab_version, sizeof(env->isolab_version), "%s",
		 ISOLAB_VERSION);
	if (uname(&u) == 0)
		snprintf(env->kernel, sizeof(env->kernel), "%s %s", u.sysname,
			 u.release);
	read_cpu_model(env->cpu_model, sizeof(env->cpu_model));
	env->cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
	env->root = geteuid() == 0;
	env->cgroup_layout = hostinfo_cgroup_layout();
	env->virt_mode = hostinfo_virt_mode(env->virt_detail,
					    sizeof(env->virt_detail));
	env->load_start = env->load_end = load_1min();
}

void environment_capture_end(struct environment *env)
{
	env->load_end = load_1min();
}

bool environment_overloaded(const struct environment *env, double *load)
{
	*load = env->load_end > env->load_start && !env->load_end_counts_own
			? env->load_end
			: env->load_start;
	return env->cores > 0 && *load > env->cores;
}
