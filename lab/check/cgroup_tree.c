#include "lab/check/cgroup_tree.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define REMOVE_TRIES 500 /* 10 ms apart: ~5 s for one directory */

/* A killed child of ours stays a zombie until we reap it (on v1 it keeps
 * the cgroup busy; on v2 it would outlive the cgroup as ours). Wait for
 * it briefly: SIGKILL is quick unless the process sleeps uninterruptibly,
 * and then the next round tries again. Not our child: nothing to do. */
static void reap_if_ours(pid_t pid)
{
	for (int i = 0; i < 100 && waitpid(pid, NULL, WNOHANG) == 0; i++)
		usleep(1000);
}

/* Kill every process dir lists, reaping those that are our children;
 * how many were listed. */
static int kill_members(const char *dir)
{
	char path[PATH_MAX + 32];
	FILE *f;
	int pid, listed = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fscanf(f, "%d", &pid) == 1) {
		if (pid <= 0)
			continue;
		kill(pid, SIGKILL);
		reap_if_ours(pid);
		listed++;
	}
	fclose(f);
	return listed;
}

/* v2: "populated 1" in cgroup.events while a process (a dying one
 * included) is in dir or below. v1 has no such file: false. */
static bool populated(const char *dir)
{
	char path[PATH_MAX + 32], key[32];
	int value;
	bool busy = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.events", dir);
	f = fopen(path, "r");
	while (f && fscanf(f, "%31s %d", key, &value) == 2)
		if (!strcmp(key, "populated"))
			busy = value != 0;
	if (f)
		fclose(f);
	return busy;
}

static bool remove_at(const char *dir, int depth);

/* False when a child stayed (after its own ~5 s of tries). */
static bool remove_children(const char *dir, int depth)
{
	char path[PATH_MAX];
	bool all_gone = true;
	struct dirent *d;
	DIR *dp = depth < CGROUP_TREE_MAX_DEPTH ? opendir(dir) : NULL;

	while (dp && (d = readdir(dp)))
		if (d->d_type == DT_DIR && d->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) <
			    (int)sizeof(path))
			all_gone &= remove_at(path, depth + 1);
	if (dp)
		closedir(dp);
	return all_gone;
}

static bool remove_at(const char *dir, int depth)
{
	if (!dir[0] || access(dir, F_OK) < 0)
		return true;
	for (int tries = 0; tries < REMOVE_TRIES; tries++) {
		/* Children first: a student's program may have nested more
		 * (and a process may have made a new one since). */
		if (!remove_children(dir, depth))
			return false;
		if (!kill_members(dir) && !populated(dir) &&
		    (rmdir(dir) == 0 || errno == ENOENT))
			return true;
		usleep(10000);
	}
	return access(dir, F_OK) < 0;
}

bool cgroup_tree_remove(const char *dir)
{
	return remove_at(dir, 0);
}

static int find_below(const char *dir, const char *name, int depth,
		      char (*out)[PATH_MAX], int max, int n)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dp = depth < CGROUP_TREE_MAX_DEPTH ? opendir(dir) : NULL;

	while (dp && n < max && (d = readdir(dp))) {
		if (d->d_type != DT_DIR || d->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) >=
			    (int)sizeof(path))
			continue;
		if (!strcmp(d->d_name, name))
			snprintf(out[n++], PATH_MAX, "%s", path);
		else
			n = find_below(path, name, depth + 1, out, max, n);
	}
	if (dp)
		closedir(dp);
	return n;
}

int cgroup_tree_find(const char *root, const char *name,
		     char (*out)[PATH_MAX], int max)
{
	return find_below(root, name, 0, out, max, 0);
}

bool cgroup_tree_holds(const char *dir, pid_t pid)
{
	char path[PATH_MAX + 32];
	bool found = false;
	FILE *f;
	int p;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "r");
	while (f && !found && fscanf(f, "%d", &p) == 1)
		found = p == pid;
	if (f)
		fclose(f);
	return found;
}
