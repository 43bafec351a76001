/* fsutil: whole-file writes of small control files (/proc,
 * /sys/fs/cgroup). No allocation, so the child may use them. Both return
 * -1 with errno set on failure. Reads: procfs_read_text
 * (lab/host/procfs.h). */
#ifndef ISOLAB_CONTAINER_FSUTIL_H
#define ISOLAB_CONTAINER_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Write text in one write(2); a short write is an error (EIO). */
int ct_write_file(const char *path, const char *text);
/* The same, path relative to the directory fd dir (or AT_FDCWD). */
int ct_write_file_at(int dir, const char *path, const char *text);
/* The directory path names an entry of ("/a/b" for "/a/b/c"), in out. */
void ct_parent_dir(const char *path, char *out, size_t len);

#endif
