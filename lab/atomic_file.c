#include "lab/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_file_open(struct atomic_file *af, const char *path,
		     struct err *err)
{
	struct stat st;
	int fd;

	memset(af, 0, sizeof(*af));
	if (!*path)
		return err_set(err, ERR_USAGE, "--output needs a file name");
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return err_set(err, ERR_USAGE,
			       "--output %s is a directory; give a file name",
			       path);
	if (snprintf(af->path, sizeof(af->path), "%s", path) >=
		    (int)sizeof(af->path) ||
	    snprintf(af->tmp, sizeof(af->tmp), "%s.tmp-XXXXXX", path) >=
		    (int)sizeof(af->tmp))
		return err_set(err, ERR_USAGE, "--output path is too long");
	fd = mkostemp(af->tmp, O_CLOEXEC);
	if (fd < 0)
		return err_set(err, ERR_USAGE,
			       "cannot write --output %s: %s (choose a writable path)",
			       path, strerror(errno));
	fchmod(fd, 0644);
	af->f = fdopen(fd, "w");
	if (!af->f) {
		close(fd);
		unlink(af->tmp);
		return err_sys(err, "fdopen");
	}
	return 0;
}

int atomic_file_commit(struct atomic_file *af, struct err *err)
{
	int bad = fflush(af->f) != 0 || ferror(af->f) ||
		  fsync(fileno(af->f)) != 0;

	if (fclose(af->f) != 0)
		bad = 1;
	af->f = NULL;
	if (bad || rename(af->tmp, af->path) != 0) {
		int saved = errno;

		unlink(af->tmp);
		errno = saved;
		return err_sys(err, "writing %s", af->path);
	}
	return 0;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->f) {
		fclose(af->f);
		af->f = NULL;
		unlink(af->tmp);
	}
}
