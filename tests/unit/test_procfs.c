/* procfs: the one reader of /proc and cgroup files (lab/host/procfs.h), on
 * files of the formats it reads, written to a temp dir, and on our own
 * /proc/self. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/host/procfs.h"

static char dir[] = "/tmp/isolab-test-procfs-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void cgroup_lines(void **state)
{
	static const char hybrid[] =
		"12:pids:/user.slice/a\n"
		"4:cpu,cpuacct:/b\n"
		"3:memory:/c\n"
		"1:name=systemd:/d\n"
		"0::/e/f\n";
	char out[64];

	(void)state;
	assert_int_equal(procfs_cgroup_path(hybrid, "memory", out, sizeof(out)), 0);
	assert_string_equal(out, "/c");
	assert_int_equal(procfs_cgroup_path(hybrid, "cpuacct", out, sizeof(out)), 0);
	assert_string_equal(out, "/b");
	assert_int_equal(procfs_cgroup_path(hybrid, "cpu", out, sizeof(out)), 0);
	assert_string_equal(out, "/b");
	assert_int_equal(procfs_cgroup_path(hybrid, "", out, sizeof(out)), 0);
	assert_string_equal(out, "/e/f");
	assert_int_equal(procfs_cgroup_path(hybrid, "pid", out, sizeof(out)), -1);
	assert_int_equal(procfs_cgroup_path(hybrid, "blkio", out, sizeof(out)), -1);
	/* no room, no path, not absolute */
	assert_int_equal(procfs_cgroup_path(hybrid, "pids", out, 4), -1);
	assert_int_equal(procfs_cgroup_path("0::\n", "", out, sizeof(out)), -1);
	assert_int_equal(procfs_cgroup_path("0::x\n", "", out, sizeof(out)), -1);
	assert_int_equal(procfs_cgroup_path("", "", out, sizeof(out)), -1);
	/* our own: every process is in some cgroup */
	assert_true(procfs_own_cgroup("", out, sizeof(out)) == 0 ||
		    procfs_own_cgroup("memory", out, sizeof(out)) == 0);
	assert_int_equal(out[0], '/');
}

static void numbers_in_files(void **state)
{
	long v = 0;

	(void)state;
	assert_int_equal(procfs_read_long(write_file("sysctl", "63\n"), &v), 0);
	assert_int_equal(v, 63);
	assert_int_equal(procfs_read_long(write_file("empty", ""), &v), -1);
	assert_int_equal(procfs_read_long("/nonexistent/sysctl", &v), -1);
	assert_int_equal(procfs_key_number(write_file("stat", "anon 4096\nkernel_stack 16384\nkernel 81920\n"), "kernel"), 81920);
	assert_int_equal(procfs_key_number(write_file("stat", "anon 1\n"), "kernel"), -1);
	assert_int_equal(procfs_field_kib(write_file("meminfo", "MemTotal:  100 kB\nMemAvailable:   42 kB\n"), "MemAvailable"), 42);
	assert_int_equal(procfs_field_kib(write_file("meminfo", "MemAvailableX: 1 kB\n"), "MemAvailable"), -1);
	{
		char text[4];

		assert_int_equal(procfs_read_text(write_file("text", "12 34"), text, sizeof(text)), 3);
		assert_string_equal(text, "12 ");
		assert_int_equal(procfs_read_text("/nonexistent", text, sizeof(text)), -1);
	}
}

/* A file that comes in more than one read (a pipe written twice) is read
 * whole, up to EOF. */
static void text_in_several_reads(void **state)
{
	char path[64], text[32];
	int fds[2];
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (write(fds[1], "abc", 3) != 3)
			_exit(1);
		usleep(100000);
		_exit(write(fds[1], "def", 3) != 3);
	}
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	assert_int_equal(procfs_read_text(path, text, sizeof(text)), 6);
	assert_string_equal(text, "abcdef");
	close(fds[0]);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
}

/* Our children, as /proc/self/task/PID/children and
 * /proc/thread-self/children list them. */
static void children_of_a_task(void **state)
{
	pid_t kids[4], got[4];
	int n;

	(void)state;
	assert_int_equal(procfs_children(getpid(), got, 4), 0);
	for (int i = 0; i < 2; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			pause();
			_exit(0);
		}
	}
	n = procfs_children(getpid(), got, 4);
	assert_int_equal(n, 2);
	assert_true((got[0] == kids[0] && got[1] == kids[1]) ||
		    (got[0] == kids[1] && got[1] == kids[0]));
	assert_int_equal(procfs_children(getpid(), got, 1), 1);
	/* pid 0: the calling thread's, here the main thread's. */
	assert_int_equal(procfs_children(0, got, 4), 2);
	for (int i = 0; i < 2; i++) {
		kill(kids[i], SIGKILL);
		assert_int_equal(waitpid(kids[i], NULL, 0), kids[i]);
	}
}

static void our_own_status(void **state)
{
	char name[64];

	(void)state;
	assert_int_equal(procfs_status_field(0, "Name", name, sizeof(name)), 0);
	assert_string_equal(name, "test_procfs");
	assert_int_equal(procfs_status_field(getpid(), "Name", name,
					     sizeof(name)), 0);
	assert_string_equal(name, "test_procfs");
	assert_true(procfs_status_kib(0, "VmRSS") > 0);
	assert_int_equal(procfs_status_kib(0, "NoSuchField"), -1);
}

static void numeric_entries_sorted(void **state)
{
	char path[256];
	int *v = NULL, n = 0;

	(void)state;
	for (int i = 0; i < 3; i++) {
		static const char *const names[] = { "10", "2", "abc" };

		snprintf(path, sizeof(path), "%s/list", dir);
		mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/list/%s", dir, names[i]);
		assert_int_equal(mkdir(path, 0700), 0);
	}
	snprintf(path, sizeof(path), "%s/list", dir);
	assert_int_equal(procfs_list_numbers(path, false, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0], 2);
	assert_int_equal(v[1], 10);
	free(v);
	/* listing our own fds leaves out the one doing the listing */
	assert_int_equal(procfs_list_numbers("/proc/self/fd", true, &v, &n), 0);
	for (int i = 0; i < n; i++)
		assert_true(fcntl(v[i], F_GETFD) >= 0);
	free(v);
}

static void layout_of_a_plain_directory(void **state)
{
	(void)state;
	assert_int_equal(procfs_cgroup_layout(dir), CGROUP_NONE);
	assert_int_not_equal(procfs_cgroup_layout("/sys/fs/cgroup"), -1);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cgroup_lines),
		cmocka_unit_test(numbers_in_files),
		cmocka_unit_test(our_own_status),
		cmocka_unit_test(text_in_several_reads),
		cmocka_unit_test(children_of_a_task),
		cmocka_unit_test(numeric_entries_sorted),
		cmocka_unit_test(layout_of_a_plain_directory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
