/* filetree: the few file operations the grader needs: copy a file, copy a
 * folder's files, remove a tree without following symlinks. */
#ifndef ISOLAB_CHECK_FILETREE_H
#define ISOLAB_CHECK_FILETREE_H

#include <sys/types.h>

#include "lab/host/err.h"

int fs_copy_file(const char *from, const char *to, mode_t mode,
		 struct err *err);
/* Copies every regular file of `from` (not below) into `to`. */
int fs_copy_files(const char *from, const char *to, struct err *err);
/* Copies a tree (files and folders), refusing symlinks. */
int fs_copy_tree(const char *from, const char *to, struct err *err);
void fs_remove_tree(const char *path);

#endif
