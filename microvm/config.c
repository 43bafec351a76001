#include "microvm/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct launcher_option microvm_options[] = {
	{ "mem", "MiB", "guest RAM in MiB (8-4096, default 16)" },
	{ "guest-kernel", "PATH",
	  "guest kernel ELF to boot instead of isolab-guest (for testing)" },
	{ 0 },
};

void microvm_config_init(void *config)
{
	struct microvm_config *c = config;

	memset(c, 0, sizeof(*c));
	c->mem_mib = MICROVM_MEM_DEFAULT_MIB;
}

int microvm_config_set(void *config, const char *option, const char *value,
		       struct err *err)
{
	struct microvm_config *c = config;

	if (strcmp(option, "mem") == 0) {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(value ? value : "", &end, 10);
		if (!value || *value < '0' || *value > '9' || *end || errno ||
		    v < MICROVM_MEM_MIN_MIB || v > MICROVM_MEM_MAX_MIB)
			return err_set(err, ERR_USAGE,
				       "--mem wants a whole number of MiB from %d to %d, not '%s'",
				       MICROVM_MEM_MIN_MIB, MICROVM_MEM_MAX_MIB,
				       value ? value : "");
		c->mem_mib = v;
		return 0;
	}
	if (strcmp(option, "guest-kernel") == 0) {
		if (!value || !*value ||
		    strlen(value) >= sizeof(c->guest_kernel))
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
	return err_set(err, ERR_USAGE, "the microvm launcher has no option --%s",
		       option);
}
