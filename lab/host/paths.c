#include "lab/host/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lab/proto/util.h"

int paths_find_helper(const char *name, char *out, size_t outlen,
		      struct err *err)
{
	static const char *const relative[] = { "", "../libexec/isolab/" };
	char self[PATH_MAX], unreadable[PATH_MAX] = "";
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n < 0)
		return err_sys(err, "cannot find isolab's own path");
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		slash[1] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(relative); i++) {
		int len = snprintf(out, outlen, "%s%s%s", self, relative[i],
				   name);

		if (len <= 0 || (size_t)len >= outlen)
			continue;
		if (access(out, R_OK) == 0)
			return 0;
		if (errno == EACCES && !unreadable[0])
			snprintf(unreadable, sizeof(unreadable), "%s", out);
	}
	if (unreadable[0])
		return err_set(err, ERR_RUNTIME,
			       "%s is not readable by this user (permission denied); isolab reads it before running it: chmod a+r %s, or reinstall with 'make install'",
			       unreadable, unreadable);
	return err_set(err, ERR_RUNTIME,
		       "%s not found next to isolab or in ../libexec/isolab (run 'make', or 'make install')",
		       name);
}
