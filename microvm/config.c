#include "microvm/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int set_mem(void *config, const char *value, struct err *err)
{
	struct microvm_config *c = config;
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(value, &end, 10);
	if (*value < '0' || *value > '9' || *end || errno ||
	    v < MICROVM_MEM_MIN_MIB || v > MICROVM_MEM_MAX_MIB)
		return err_set(err, ERR_USAGE,
			       "--mem wants a whole number of MiB from %d to %d, not '%s'",
			       MICROVM_MEM_MIN_MIB, MICROVM_MEM_MAX_MIB, value);
	c->mem_mib = v;
	return 0;
}

static void show_mem(const void *config, char *buf, size_t len)
{
	const struct microvm_config *c = config;

	snprintf(buf, len, "%llu", (unsigned long long)c->mem_mib);
}

static int set_guest_kernel(void *config, const char *value, struct err *err)
{
	struct microvm_config *c = config;

	if (!*value || strlen(value) >= sizeof(c->guest_kernel))
		return err_set(err, ERR_USAGE,
			       "--guest-kernel wants a path (shorter than %zu bytes)",
			       sizeof(c->guest_kernel));
	if (access(value, R_OK) < 0)
		return err_set(err, ERR_USAGE,
			       "--guest-kernel %s: %s (give a readable guest kernel ELF)",
			       value, strerror(errno));
	snprintf(c->guest_kernel, sizeof(c->guest_kernel), "%s", value);
	return 0;
}

static void show_guest_kernel(const void *config, char *buf, size_t len)
{
	const struct microvm_config *c = config;

	snprintf(buf, len, "%s", c->guest_kernel[0] ? c->guest_kernel
						    : "isolab-guest");
}

const struct launcher_option microvm_options[] = {
	{ .name = "mem", .arg = "MiB",
	  .help = "guest RAM in MiB (8-4096, default 16; run, compare: a list such as 16,64,256 measures each)",
	  .set = set_mem, .show = show_mem, .sweep = true },
	{ .name = "guest-kernel", .arg = "PATH",
	  .help = "guest kernel ELF to boot instead of isolab-guest (for testing)",
	  .set = set_guest_kernel, .show = show_guest_kernel },
	{ 0 },
};

void microvm_config_init(void *config)
{
	struct microvm_config *c = config;

	memset(c, 0, sizeof(*c));
	c->mem_mib = MICROVM_MEM_DEFAULT_MIB;
}
