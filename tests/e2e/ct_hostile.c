/* ct_hostile: what a curious student (or an attacker) tries from inside a
 * container, built -static by the e2e tests and run with --binary.
 *
 *   ct_hostile escape   the CAP_SYS_ADMIN escape of issue 9: unmount the
 *                       /proc/sys cover, write back kernel.core_pattern and
 *                       vm.swappiness, remount the /dev/null bind read-write,
 *                       chmod and chown /dev/null to what they already are
 *   ct_hostile hostile  the rest: host processes and mounts, /proc/sys,
 *                       remounting /proc, ptrace of the parent, keyctl, a new
 *                       user namespace, /dev beyond the minimal set, reboot,
 *                       sethostname, writing outside the rootfs (run it
 *                       with the default capabilities)
 *   ct_hostile masked   reads the paths Docker masks in /proc
 *
 * Every write puts back the value just read, so even a step that succeeds
 * changes nothing. Each step prints one line:
 *   STEP refused ERRNO-NAME        the kernel said no (what we want)
 *   STEP ALLOWED [detail]          it worked: a hole
 *   STEP hidden [detail]           there was nothing to reach
 * The exit status is 1 if any step was ALLOWED, else 0. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static int holes;

static void refused(const char *step, int e)
{
	printf("%s refused %s\n", step, strerrorname_np(e) ? strerrorname_np(e) : "?");
}

static void allowed(const char *step, const char *detail)
{
	printf("%s ALLOWED %s\n", step, detail);
	holes++;
}

/* rc < 0: refused with errno; else allowed. */
static void report(const char *step, long rc, const char *detail)
{
	if (rc < 0)
		refused(step, errno);
	else
		allowed(step, detail);
}

/* Read a sysctl and write the same text back. */
static void write_back(const char *step, const char *path)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		refused(step, errno);
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		refused(step, n < 0 ? errno : EIO);
		return;
	}
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		refused(step, errno);
		return;
	}
	report(step, write(fd, buf, (size_t)n), "wrote the value back");
	close(fd);
}

static void escape(void)
{
	struct stat st;

	report("umount-proc-sys", umount2("/proc/sys", 0), "the cover is gone");
	report("umount-proc-sys-detach", umount2("/proc/sys", MNT_DETACH),
	       "the cover is gone");
	write_back("write-core_pattern", "/proc/sys/kernel/core_pattern");
	write_back("write-swappiness", "/proc/sys/vm/swappiness");
	report("remount-dev-null-rw",
	       mount(NULL, "/dev/null", NULL, MS_REMOUNT | MS_BIND, NULL),
	       "the bind is writable");
	if (stat("/dev/null", &st) < 0) {
		refused("stat-dev-null", errno);
		return;
	}
	report("chmod-dev-null", chmod("/dev/null", st.st_mode & 07777),
	       "mode set");
	report("chown-dev-null", chown("/dev/null", st.st_uid, st.st_gid),
	       "owner set");
}

/* Numeric entries of /proc: the processes this container can see. */
static int count_pids(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			n++;
	closedir(d);
	return n;
}

/* A mount point in our mountinfo that the rootfs does not make. */
static void host_mounts(void)
{
	static const char *const ours[] = { "/", "/bin/", "/dev/", "/proc" };
	char line[1024], where[512], extra[600] = "";
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int alien = 0;

	if (!f) {
		refused("see-host-mounts", errno);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		bool known = false;

		if (sscanf(line, "%*s %*s %*s %*s %511s", where) != 1)
			continue;
		for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
			if (strcmp(where, "/") == 0 ||
			    (strcmp(ours[i], "/") != 0 &&
			     strncmp(where, ours[i], strlen(ours[i])) == 0))
				known = true;
		if (!known) {
			alien++;
			snprintf(extra + strlen(extra),
				 sizeof(extra) - strlen(extra), " %s", where);
		}
	}
	fclose(f);
	if (alien)
		allowed("see-host-mounts", extra);
	else
		printf("see-host-mounts hidden\n");
}

/* Is pid 1 isolab's init (container/init.h), our parent in a pid
 * namespace? */
static int under_isolab_init(void)
{
	char name[32] = "";
	FILE *f = fopen("/proc/1/comm", "r");

	if (f) {
		if (!fgets(name, sizeof(name), f))
			name[0] = '\0';
		fclose(f);
	}
	return strcmp(name, "isolab-init\n") == 0;
}

static void ptrace_parent(void)
{
	pid_t ppid = getppid();

	/* In a pid namespace isolab is outside: no pid names it. The
	 * parent there is isolab-init, which must refuse the attach. */
	if (ppid == 0)
		printf("ptrace-parent hidden ppid=0\n");
	else
		report("ptrace-parent", ptrace(PTRACE_ATTACH, ppid, 0, 0),
		       "attached");
}

static void open_devices(void)
{
	static const char *const devs[] = { "/dev/mem", "/dev/kmem",
					    "/dev/port", "/dev/kmsg",
					    "/dev/sda", "/dev/vda",
					    "/dev/nvme0n1", "/dev/kvm",
					    "/dev/console" };
	char step[64];

	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		int fd = open(devs[i], O_RDONLY | O_NONBLOCK);

		snprintf(step, sizeof(step), "open-%s", devs[i]);
		report(step, fd, "opened");
		if (fd >= 0)
			close(fd);
	}
	/* A node of our own for the host's first disk (8:0) and /dev/mem. */
	report("mknod-sda", mknod("/sda", S_IFBLK | 0600, makedev(8, 0)),
	       "made");
}

/* Climb above / and look around: only the rootfs's own entries may show. */
static void see_host_root(void)
{
	static const char *const ours[] = { ".", "..", "bin", "dev", "proc",
					     "etc", "root", "tmp" };
	DIR *d = opendir("/../../..");
	struct dirent *e;
	char extra[256] = "";

	if (!d) {
		refused("see-host-root", errno);
		return;
	}
	while ((e = readdir(d))) {
		size_t i, n = sizeof(ours) / sizeof(ours[0]);

		for (i = 0; i < n && strcmp(e->d_name, ours[i]); i++)
			;
		if (i == n)
			snprintf(extra + strlen(extra),
				 sizeof(extra) - strlen(extra), " %.40s",
				 e->d_name);
	}
	closedir(d);
	if (extra[0])
		allowed("see-host-root", extra);
	else
		printf("see-host-root hidden\n");
}

static void write_outside(void)
{
	static const char *const paths[] = { "/escape-test", "/bin/escape-test",
					     "/dev/escape-test",
					     "/proc/escape-test",
					     "/../../../../tmp/escape-test" };
	char step[80];

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int fd = open(paths[i], O_WRONLY | O_CREAT | O_EXCL, 0600);

		snprintf(step, sizeof(step), "create-%s", paths[i]);
		report(step, fd, "created");
		if (fd >= 0) {
			close(fd);
			unlink(paths[i]);
		}
	}
	see_host_root();
}

static void hostile(void)
{
	char name[65] = { 0 };
	int n = count_pids();

	if (n < 0)
		refused("see-host-processes", errno);
	else if (n > 1 + under_isolab_init())
		allowed("see-host-processes",
			"more than our own pid (and isolab-init) in /proc");
	else
		printf("see-host-processes hidden only=%d\n", n);
	host_mounts();
	write_back("write-proc-sys-hostname", "/proc/sys/kernel/hostname");
	write_back("write-proc-sys-core_pattern", "/proc/sys/kernel/core_pattern");
	report("remount-proc-rw",
	       mount(NULL, "/proc", NULL, MS_REMOUNT, NULL), "remounted");
	report("mount-new-proc", mount("proc", "/dev", "proc", 0, NULL),
	       "mounted");
	ptrace_parent();
	report("keyctl-join-session", syscall(SYS_keyctl, 1 /* JOIN */, "x"),
	       "joined a keyring");
	open_devices();
	/* RB_ENABLE_CAD: harmless if it ever succeeded. */
	report("reboot", reboot(RB_ENABLE_CAD), "accepted");
	gethostname(name, sizeof(name) - 1);
	report("sethostname", sethostname(name, strlen(name)), "set");
	write_outside();
	/* Last: it changes our own namespaces. */
	report("unshare-user", unshare(CLONE_NEWUSER), "new user namespace");
}

static void masked(void)
{
	static const char *const files[] = { "/proc/kcore", "/proc/keys",
					     "/proc/timer_list",
					     "/proc/sched_debug",
					     "/proc/latency_stats" };
	static const char *const dirs[] = { "/proc/scsi", "/proc/acpi",
					    "/proc/asound" };
	char step[64], buf[64];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int fd = open(files[i], O_RDONLY);
		ssize_t got = fd < 0 ? -1 : read(fd, buf, sizeof(buf));

		snprintf(step, sizeof(step), "read-%s", files[i]);
		if (fd < 0 && errno == ENOENT)
			printf("%s hidden absent\n", step);
		else if (got == 0)
			printf("%s hidden empty\n", step);
		else
			report(step, got, "read data");
		if (fd >= 0)
			close(fd);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		int n = 0;

		snprintf(step, sizeof(step), "list-%s", dirs[i]);
		if (!d && errno == ENOENT) {
			printf("%s hidden absent\n", step);
			continue;
		}
		if (!d) {
			refused(step, errno);
			continue;
		}
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				n++;
		closedir(d);
		if (n)
			allowed(step, "has entries");
		else
			printf("%s hidden empty\n", step);
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "escape") == 0)
		escape();
	else if (argc == 2 && strcmp(argv[1], "hostile") == 0)
		hostile();
	else if (argc == 2 && strcmp(argv[1], "masked") == 0)
		masked();
	else {
		fprintf(stderr, "usage: ct_hostile escape|hostile|masked\n");
		return 2;
	}
	return holes ? 1 : 0;
}
