#include "lab/check/filetree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_copy_file(const char *from, const char *to, mode_t mode,
		 struct err *err)
{
	char buf[65536];
	int in, out, rc = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return err_sys(err, "cannot read %s", from);
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return err_sys(err, "cannot create %s", to);
	}
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 || write(out, buf, (size_t)n) != n)
			rc = err_sys(err, "copying %s to %s", from, to);
	}
	close(in);
	if (close(out) < 0 && rc == 0)
		rc = err_sys(err, "writing %s", to);
	return rc;
}

static int copy_dir(const char *from, const char *to, int recurse,
		    struct err *err)
{
	struct dirent *d;
	DIR *dir = opendir(from);
	int rc = 0;

	if (!dir)
		return err_sys(err, "cannot read %s", from);
	while (rc == 0 && (d = readdir(dir))) {
		char src[4096], dst[4096];
		struct stat st;

		if (d->d_name[0] == '.')
			continue;
		if (snprintf(src, sizeof(src), "%s/%s", from, d->d_name) >= (int)sizeof(src) ||
		    snprintf(dst, sizeof(dst), "%s/%s", to, d->d_name) >= (int)sizeof(dst)) {
			rc = err_set(err, ERR_RUNTIME, "path too long in %s", from);
			break;
		}
		if (lstat(src, &st) < 0) {
			rc = err_sys(err, "cannot read %s", src);
		} else if (S_ISREG(st.st_mode)) {
			rc = fs_copy_file(src, dst, st.st_mode & 0777, err);
		} else if (S_ISDIR(st.st_mode) && recurse) {
			if (mkdir(dst, 0755) < 0)
				rc = err_sys(err, "cannot create %s", dst);
			else
				rc = copy_dir(src, dst, 1, err);
		} else if (recurse) {
			rc = err_set(err, ERR_RUNTIME,
				     "%s is not a regular file or folder", src);
		}
	}
	closedir(dir);
	return rc;
}

int fs_copy_files(const char *from, const char *to, struct err *err)
{
	return copy_dir(from, to, 0, err);
}

int fs_copy_tree(const char *from, const char *to, struct err *err)
{
	return copy_dir(from, to, 1, err);
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void fs_remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
