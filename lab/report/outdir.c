#include "lab/report/outdir.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#include "lab/host/atomic_file.h"

int outdir_prepare(const char *dir, struct err *err)
{
	struct stat st;

	if (!*dir)
		return err_set(err, ERR_USAGE, "--out needs a directory name");
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return err_set(err, ERR_USAGE,
			       "cannot create --out %s: %s (its parent must exist and be writable)",
			       dir, strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return err_set(err, ERR_USAGE,
			       "--out %s is not a directory; give a directory name", dir);
	return 0;
}

int out_path(char *buf, size_t len, const char *dir, const char *name,
	     const char *ext)
{
	int n = snprintf(buf, len, "%s/%s%s%s", dir, name, ext ? "." : "",
			 ext ? ext : "");

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int outdir_write(const char *dir, const char *name, const char *ext,
		 int (*write)(FILE *f, const void *ctx), const void *ctx,
		 struct err *err)
{
	struct atomic_file af;
	char path[PATH_MAX];

	if (out_path(path, sizeof(path), dir, name, ext) < 0)
		return err_set(err, ERR_USAGE, "--out %s: path too long", dir);
	if (atomic_file_open(&af, path, err) < 0)
		return -1;
	if (write(af.f, ctx) < 0) {
		atomic_file_abort(&af);
		return err_sys(err, "writing %s", path);
	}
	return atomic_file_commit(&af, err);
}
