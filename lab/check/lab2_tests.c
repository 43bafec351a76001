/* Lab 2, namespaces: the student's `minictr [-U] HOSTNAME ROOTFS PROGRAM`
 * runs PROGRAM as pid 1 of new namespaces with its own hostname, root and
 * /proc. The grader prepares a rootfs holding isolab-workload and a random
 * token file, runs `minictr HOST ROOTFS /isolab-workload idle` with a
 * random hostname, and while the workload waits (it reported "ready" on
 * its channel) looks at it from outside: /proc/PID/ns/NS, NSpid in
 * /proc/PID/status, the hostname inside its UTS namespace (setns(2) in a
 * child of the grader), /proc/PID/root, /proc/PID/uid_map, each compared
 * with minictr's own: minictr runs in a mount and UTS namespace the grader
 * made for it (lab/check/supervise.h), so a program that forgets to make
 * its own renames and pivots only that "host", never the machine's. */
#include <dirent.h>
#include <ctype.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/check/filetree.h"
#include "lab/check/supervise.h"
#include "lab/check/tests.h"

static const char *const lab2_namespaces[] = { "pid", "mnt", "uts", "ipc",
					       "net", "cgroup" };
#define NNS (sizeof(lab2_namespaces) / sizeof(lab2_namespaces[0]))

/* What the grader saw of the running container. */
struct lab2_seen {
	pid_t workload; /* host pid, 0 if not found */
	bool ns_differs[NNS], user_ns_differs;
	long inner_pid;
	char hostname[80];
	bool token_visible, host_dir_visible;
	char host_hostname[80]; /* minictr's, while the workload runs */
	bool host_mounts_rootfs;
	int proc_entries; /* pids listed in the container's /proc */
	char proc1_comm[32];
	char uid_map[80];
};

struct lab2_run {
	char rootfs[4200], token[64], hostname[40];
	const char *build_dir;
	struct lab2_seen seen;
};

static void read_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");

	out[0] = '\0';
	if (!f)
		return;
	if (!fgets(out, (int)len, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
}

/* The child of `parent` running isolab-workload. */
static pid_t find_workload(pid_t parent)
{
	struct dirent *d;
	DIR *proc = opendir("/proc");
	pid_t found = 0;

	if (!proc)
		return 0;
	while (!found && (d = readdir(proc))) {
		char path[300], buf[512], *paren;
		int ppid;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		read_line(path, buf, sizeof(buf));
		paren = strrchr(buf, ')');
		if (paren && sscanf(paren + 2, "%*c %d", &ppid) == 1 &&
		    ppid == parent && strstr(buf, "(isolab-workload)"))
			found = (pid_t)atoi(d->d_name);
	}
	closedir(proc);
	return found;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* The hostname inside pid's UTS namespace, asked by a child that joins it. */
static void hostname_inside(pid_t pid, char *out, size_t len)
{
	char path[64];
	int p[2];
	pid_t child;

	out[0] = '\0';
	if (pipe(p) < 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", pid);
	child = fork();
	if (child == 0) {
		struct utsname u;
		int fd = open(path, O_RDONLY);

		if (fd < 0 || setns(fd, CLONE_NEWUTS) < 0 || uname(&u) < 0)
			_exit(1);
		if (write(p[1], u.nodename, strlen(u.nodename)) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (child > 0) {
		ssize_t n = read(p[0], out, len - 1);

		out[n > 0 ? n : 0] = '\0';
		waitpid(child, NULL, 0);
	}
	close(p[0]);
}

static int count_pids(const char *dir)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int n = 0;

	if (!dp)
		return -1;
	while ((d = readdir(dp)))
		n += isdigit((unsigned char)d->d_name[0]) != 0;
	closedir(dp);
	return n;
}

static bool mounts_mention(const char *mountinfo, const char *path);

static void look_inside(void *ctx, pid_t minictr)
{
	struct lab2_run *r = ctx;
	struct lab2_seen *s = &r->seen;
	char path[4400], mine[64], status[4096];
	FILE *f;

	s->workload = find_workload(minictr);
	if (!s->workload)
		return;
	for (size_t i = 0; i < NNS; i++) {
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", s->workload,
			 lab2_namespaces[i]);
		snprintf(mine, sizeof(mine), "/proc/%d/ns/%s", minictr,
			 lab2_namespaces[i]);
		s->ns_differs[i] = !same_file(path, mine);
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/user", s->workload);
	snprintf(mine, sizeof(mine), "/proc/%d/ns/user", minictr);
	s->user_ns_differs = !same_file(path, mine);
	hostname_inside(minictr, s->host_hostname, sizeof(s->host_hostname));
	snprintf(mine, sizeof(mine), "/proc/%d/mountinfo", minictr);
	s->host_mounts_rootfs = mounts_mention(mine, r->rootfs);
	snprintf(path, sizeof(path), "/proc/%d/status", s->workload);
	s->inner_pid = -1;
	f = fopen(path, "r");
	while (f && fgets(status, sizeof(status), f))
		if (!strncmp(status, "NSpid:", 6)) {
			char *last = strrchr(status, '\t');

			s->inner_pid = last ? atol(last + 1) : -1;
		}
	if (f)
		fclose(f);
	hostname_inside(s->workload, s->hostname, sizeof(s->hostname));
	snprintf(path, sizeof(path), "/proc/%d/root/%s", s->workload, r->token);
	s->token_visible = access(path, F_OK) == 0;
	snprintf(path, sizeof(path), "/proc/%d/root%s", s->workload, r->build_dir);
	s->host_dir_visible = access(path, F_OK) == 0;
	snprintf(path, sizeof(path), "/proc/%d/root/proc", s->workload);
	s->proc_entries = count_pids(path);
	snprintf(path, sizeof(path), "/proc/%d/root/proc/1/comm", s->workload);
	read_line(path, s->proc1_comm, sizeof(s->proc1_comm));
	snprintf(path, sizeof(path), "/proc/%d/uid_map", s->workload);
	read_line(path, s->uid_map, sizeof(s->uid_map));
}

static int make_rootfs(struct lab2_run *r, struct check_ctx *ctx, char *why,
		       size_t whylen)
{
	char path[4400];
	struct err err = { 0 };
	int fd;

	snprintf(r->rootfs, sizeof(r->rootfs), "%s/rootfs-%08x", ctx->build_dir,
		 check_random(ctx, 0, 0x7fffffff));
	snprintf(r->token, sizeof(r->token), "token-%08x",
		 check_random(ctx, 0, 0x7fffffff));
	snprintf(path, sizeof(path), "%s/proc", r->rootfs);
	if (mkdir(r->rootfs, 0755) < 0 || mkdir(path, 0755) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/isolab-workload", r->rootfs);
	if (fs_copy_file(ctx->workload, path, 0755, &err) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/%s", r->rootfs, r->token);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		goto fail;
	close(fd);
	return 0;
fail:
	snprintf(why, whylen, "grader could not prepare the rootfs %s", r->rootfs);
	return -1;
}

/* Does a mount table mention path? (A leaked mount would.) */
static bool mounts_mention(const char *mountinfo, const char *path)
{
	char line[4096];
	bool found = false;
	FILE *f = fopen(mountinfo, "r");

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, path) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* Runs the container once, observes it, checks the host afterwards.
 * Returns false (why filled) when the container did not get as far as a
 * running workload. */
static bool run_container(struct check_ctx *ctx, int timeout_s, bool rootless,
			  struct lab2_run *r, bool *host_ok, char *why,
			  size_t whylen)
{
	char minictr[4200], host_before[80], workload[] = "/isolab-workload",
	     idle[] = "idle", flag[] = "-U";
	char *argv[8];
	int n = 0;
	struct supervise_result res;
	struct supervise_spec spec = { .argv = argv, .timeout_ms = timeout_s * 1000,
				       .uid = rootless ? 65534 : -1,
				       .hold_stdin = true, .on_ready = look_inside,
				       .ctx = r, .cwd = ctx->build_dir,
				       .unshare_flags = CLONE_NEWNS | CLONE_NEWUTS,
				       .pids_max = CHECK_PIDS_MAX };
	struct err err = { 0 };

	memset(r, 0, sizeof(*r));
	r->build_dir = ctx->build_dir;
	snprintf(r->hostname, sizeof(r->hostname), "box-%06x",
		 check_random(ctx, 0, 0xffffff));
	if (make_rootfs(r, ctx, why, whylen) < 0)
		return false;
	snprintf(minictr, sizeof(minictr), "%s/minictr", ctx->build_dir);
	argv[n++] = minictr;
	if (rootless)
		argv[n++] = flag;
	argv[n++] = r->hostname;
	argv[n++] = r->rootfs;
	argv[n++] = workload;
	argv[n++] = idle;
	argv[n] = NULL;
	gethostname(host_before, sizeof(host_before));
	if (supervise_run(&spec, &res, &err) < 0) {
		snprintf(why, whylen, "grader could not run minictr: %s", err.msg);
		return false;
	}
	*host_ok = !strcmp(host_before, r->seen.host_hostname) &&
		   !r->seen.host_mounts_rootfs;
	fs_remove_tree(r->rootfs);
	if (res.exec_failed) {
		snprintf(why, whylen, "%s", res.output);
		return false;
	}
	if (!res.ready_lines || !r->seen.workload) {
		char *nl;

		while ((nl = strrchr(res.output, '\n')) && !nl[1])
			*nl = '\0';
		nl = strrchr(res.output, '\n');
		snprintf(why, whylen, "expected isolab-workload running inside, it never started (minictr %s %d%s%.200s)",
			 res.timed_out ? "timed out, status" : "exited with",
			 supervise_status(&res), res.output[0] ? ": " : "",
			 nl ? nl + 1 : res.output);
		return false;
	}
	if (res.timed_out) {
		snprintf(why, whylen, "expected minictr to end when its program ended, it ran for %d s and was killed",
			 timeout_s);
		return false;
	}
	return true;
}

static bool test_namespaces(struct check_ctx *ctx, int timeout_s, char *why,
			    size_t whylen)
{
	struct lab2_run r;
	bool host_ok;
	char same[80] = "";

	if (!run_container(ctx, timeout_s, false, &r, &host_ok, why, whylen))
		return false;
	for (size_t i = 0; i < NNS; i++)
		if (!r.seen.ns_differs[i])
			snprintf(same + strlen(same), sizeof(same) - strlen(same),
				 " %s", lab2_namespaces[i]);
	if (same[0]) {
		snprintf(why, whylen, "expected new pid, mnt, uts, ipc, net and cgroup namespaces, the workload shares the host's:%s",
			 same);
		return false;
	}
	return true;
}

static bool test_pid1(struct check_ctx *ctx, int timeout_s, char *why, size_t whylen)
{
	struct lab2_run r;
	bool host_ok;

	if (!run_container(ctx, timeout_s, false, &r, &host_ok, why, whylen))
		return false;
	if (r.seen.inner_pid != 1) {
		snprintf(why, whylen, "expected the workload to be pid 1 inside, it is pid %ld (NSpid)",
			 r.seen.inner_pid);
		return false;
	}
	return true;
}

static bool test_hostname(struct check_ctx *ctx, int timeout_s, char *why,
			  size_t whylen)
{
	struct lab2_run r;
	bool host_ok;

	if (!run_container(ctx, timeout_s, false, &r, &host_ok, why, whylen))
		return false;
	if (strcmp(r.seen.hostname, r.hostname)) {
		snprintf(why, whylen, "expected hostname '%s' inside, got '%s'",
			 r.hostname, r.seen.hostname);
		return false;
	}
	return true;
}

static bool test_rootfs(struct check_ctx *ctx, int timeout_s, char *why,
			size_t whylen)
{
	struct lab2_run r;
	bool host_ok;

	if (!run_container(ctx, timeout_s, false, &r, &host_ok, why, whylen))
		return false;
	if (!r.seen.token_visible || r.seen.host_dir_visible) {
		snprintf(why, whylen, "expected the rootfs as the workload's root and the host's files out of sight; %s",
			 !r.seen.token_visible ? "the rootfs is not its root"
					       : "the host's /tmp is still visible");
		return false;
	}
	return true;
}

static bool test_proc(struct check_ctx *ctx, int timeout_s, char *why, size_t whylen)
{
	struct lab2_run r;
	bool host_ok;

	if (!run_container(ctx, timeout_s, false, &r, &host_ok, why, whylen))
		return false;
	if (r.seen.proc_entries != 1 || strcmp(r.seen.proc1_comm, "isolab-workload")) {
		snprintf(why, whylen, "expected a /proc inside listing only the workload as pid 1, it lists %d pids, pid 1 is '%s'",
			 r.seen.proc_entries, r.seen.proc1_comm);
		return false;
	}
	return true;
}

static bool test_host_unchanged(struct check_ctx *ctx, int timeout_s, char *why,
				size_t whylen)
{
	struct lab2_run r;
	bool host_ok = false;

	if (!run_container(ctx, timeout_s, false, &r, &host_ok, why, whylen))
		return false;
	if (!host_ok) {
		snprintf(why, whylen, "expected minictr's own hostname and mounts unchanged, %s",
			 r.seen.host_mounts_rootfs ? "the rootfs is mounted on its side"
						   : "its hostname changed");
		return false;
	}
	return true;
}

static bool test_rootless(struct check_ctx *ctx, int timeout_s, char *why,
			  size_t whylen)
{
	struct lab2_run r;
	long inside = -1, outside = -1, count = -1;
	bool host_ok;

	if (!run_container(ctx, timeout_s, true, &r, &host_ok, why, whylen))
		return false;
	sscanf(r.seen.uid_map, "%ld %ld %ld", &inside, &outside, &count);
	if (!r.seen.user_ns_differs || inside != 0 || outside != 65534) {
		snprintf(why, whylen, "expected a user namespace mapping root inside to nobody (65534) outside, uid_map is '%s'",
			 r.seen.user_ns_differs ? r.seen.uid_map : "the host's");
		return false;
	}
	if (r.seen.inner_pid != 1 || strcmp(r.seen.hostname, r.hostname)) {
		snprintf(why, whylen, "expected pid 1 and hostname '%s' as nobody too, got pid %ld, '%s'",
			 r.hostname, r.seen.inner_pid, r.seen.hostname);
		return false;
	}
	return true;
}

const struct check_test lab2_tests[] = {
	{ "lab2.namespaces", test_namespaces },
	{ "lab2.pid1", test_pid1 },
	{ "lab2.hostname", test_hostname },
	{ "lab2.rootfs", test_rootfs },
	{ "lab2.proc", test_proc },
	{ "lab2.host_unchanged", test_host_unchanged },
	{ "lab2.rootless", test_rootless },
	{ NULL, NULL },
};
