/* paths: where isolab finds the programs it ships (isolab-workload, the
 * micro-VM guest kernel). Next to the isolab executable in the build tree
 * (bin/), or in PREFIX/libexec/isolab when installed. */
#ifndef ISOLAB_PATHS_H
#define ISOLAB_PATHS_H

#include <stddef.h>

#include "lab/host/err.h"

int paths_find_helper(const char *name, char *out, size_t outlen,
		      struct err *err);

#endif
