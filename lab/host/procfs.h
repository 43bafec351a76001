/* procfs: reading this machine's /proc and cgroup files, in one place.
 *
 * Small readers, each for one kind of file, with no state of their own:
 *   "Field:  123 kB" lines   /proc/PID/status, /proc/meminfo
 *   a number alone           /proc/sys/..., a cgroup counter
 *   "key 123" lines          a cgroup's memory.stat, cpu.stat
 *   /proc/self/cgroup        our cgroup in one hierarchy
 *   numeric directory names  /proc/self/fd, /proc/self/task
 *   a small file whole       /etc/subuid, cgroup.procs
 *   a task's children        /proc/PID/task/PID/children
 * and the cgroup layout of a cgroup mount (v2, v1, the v1/v2 hybrid).
 * A file that is missing or does not say what was asked gives -1 (errno
 * set by the failing call where there was one). */
#ifndef ISOLAB_PROCFS_H
#define ISOLAB_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The text after "field:" in /proc/PID/status (0: our own), leading blanks
 * and the newline dropped, into value; -1 when the file or line is not
 * there. */
int procfs_status_field(pid_t pid, const char *field, char *value,
			size_t len);
/* The number of a "Field:  123 kB" line of path (KiB), or -1. */
int64_t procfs_field_kib(const char *path, const char *field);
/* The same in /proc/PID/status (0: our own). */
int64_t procfs_status_kib(pid_t pid, const char *field);

/* A small file whole (up to len-1 bytes: /proc files, cgroup files,
 * /etc/subuid), NUL-terminated in buf; its length, or -1. No allocation:
 * a clone child may call it. */
ssize_t procfs_read_text(const char *path, char *buf, size_t len);
/* Up to max children of pid's main thread (/proc/PID/task/PID/children),
 * or of the calling thread for pid 0 (/proc/thread-self/children); 0:
 * none, or -1. */
int procfs_children(pid_t pid, pid_t *out, int max);

/* The number a file holds alone (a sysctl, memory.current), into *out. */
int procfs_read_long(const char *path, long *out);
/* The number of the "key N" line of path (memory.stat), or -1. */
int64_t procfs_key_number(const char *path, const char *key);

/* Our cgroup's path in the hierarchy whose controller list holds
 * `controller` ("cpu" matches "cpu,cpuacct"; "" is the v2 line "0::"),
 * from text in the format of /proc/self/cgroup; -1 when no line matches
 * or the path does not fit. */
int procfs_cgroup_path(const char *text, const char *controller, char *out,
		       size_t len);
/* The same from our own /proc/self/cgroup. */
int procfs_own_cgroup(const char *controller, char *out, size_t len);

/* The numeric entries of a /proc directory, sorted, in a malloc'd array
 * (*out, *count). skip_own_fd leaves out the fd that lists the directory
 * (for /proc/self/fd). */
int procfs_list_numbers(const char *dir, bool skip_own_fd, int **out,
			int *count);

enum cgroup_layout { CGROUP_NONE, CGROUP_V1, CGROUP_V2, CGROUP_HYBRID };
/* How cgroups are mounted at root (/sys/fs/cgroup): cgroup2 there is v2;
 * v1 hierarchies (memory or pids) are v1, or the hybrid when root/unified
 * is a cgroup2 mount; otherwise none. */
enum cgroup_layout procfs_cgroup_layout(const char *root);

#endif
