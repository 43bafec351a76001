/* config: the micro-VM launcher's options.
 *   --mem MiB            guest RAM, 8..4096, default 16
 *   --guest-kernel PATH  boot another guest kernel (tests use hostile
 *                        ones); default isolab-guest next to isolab */
#ifndef ISOLAB_MICROVM_CONFIG_H
#define ISOLAB_MICROVM_CONFIG_H

#include <stdint.h>

#include "lab/host/err.h"
#include "lab/core/launcher.h"

#define MICROVM_MEM_MIN_MIB 8
#define MICROVM_MEM_MAX_MIB 4096
#define MICROVM_MEM_DEFAULT_MIB 16

struct microvm_config {
	uint64_t mem_mib;
	char guest_kernel[512]; /* "" = default */
};

/* Each option with its parser and its "show" (lab/core/launcher.h). */
extern const struct launcher_option microvm_options[];

void microvm_config_init(void *config);

#endif
