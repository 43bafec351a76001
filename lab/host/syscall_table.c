#include "lab/host/syscall_table.h"

#include <stdio.h>
#include <string.h>

#include "syscall_names.h" /* generated: SYSCALL_NR_MAX */

static const char *const names[SYSCALL_NR_MAX + 1] = {
#define SYSCALL_NAME(nr, name) [nr] = #name,
#include "syscall_names.h"
#undef SYSCALL_NAME
};

const char *syscall_name(int nr)
{
	return nr >= 0 && nr <= SYSCALL_NR_MAX ? names[nr] : NULL;
}

const char *syscall_label(int nr, char *buf, size_t len)
{
	const char *name = syscall_name(nr);

	if (name)
		snprintf(buf, len, "%s (%d)", name, nr);
	else
		snprintf(buf, len, "#%d", nr);
	return buf;
}

int syscall_number(const char *name)
{
	for (int nr = 0; nr <= SYSCALL_NR_MAX; nr++)
		if (names[nr] && strcmp(names[nr], name) == 0)
			return nr;
	return -1;
}
