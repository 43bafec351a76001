/* What an --output path names (lab/host/output_target.c) and how atomic_file
 * writes it, in a private temporary directory. Device nodes are left to
 * tests/e2e/output_targets.sh, which makes them on a private tmpfs. */
#include "tests/unit/cmocka_all.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "lab/host/atomic_file.h"
#include "lab/host/output_target.h"

static char dir[64];

static const char *at(const char *name)
{
	static char buf[4][PATH_MAX];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", dir, name);
	return p;
}

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/isolab-unit-target.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void resolves(const char *path, enum output_target_kind kind,
		     const char *final)
{
	struct output_target t;
	struct err err = { 0 };

	assert_int_equal(output_target_resolve(path, &t, &err), 0);
	assert_int_equal(t.kind, kind);
	if (final)
		assert_string_equal(t.path, final);
}

static void refused(const char *path, const char *why)
{
	struct output_target t;
	struct err err = { 0 };

	assert_int_equal(output_target_resolve(path, &t, &err), -1);
	assert_int_equal(err.kind, ERR_USAGE);
	assert_non_null(strstr(err.msg, why));
}

static void regular_and_new_files_are_replaced(void **state)
{
	(void)state;
	write_file(at("r.json"), "x");
	resolves(at("r.json"), OUTPUT_REPLACE, at("r.json"));
	resolves(at("new.json"), OUTPUT_REPLACE, at("new.json"));
}

static void symlinks_are_followed_to_the_final_target(void **state)
{
	char rel[PATH_MAX];

	(void)state;
	write_file(at("final"), "x");
	assert_int_equal(symlink("final", at("l1")), 0);   /* relative */
	assert_int_equal(symlink(at("l1"), at("l2")), 0);  /* absolute */
	resolves(at("l2"), OUTPUT_REPLACE, at("final"));
	assert_int_equal(symlink("nothing-yet", at("dangling")), 0);
	resolves(at("dangling"), OUTPUT_REPLACE, at("nothing-yet"));
	/* A relative name given by the user resolves beside it. */
	assert_int_equal(chdir(dir), 0);
	resolves("l1", OUTPUT_REPLACE, "final");
	assert_int_equal(chdir("/"), 0);
	snprintf(rel, sizeof(rel), "%s", at("loop"));
	assert_int_equal(symlink("loop", rel), 0);
	refused(rel, "too many levels");
}

static void fifo_is_written_in_place(void **state)
{
	(void)state;
	assert_int_equal(mkfifo(at("fifo"), 0600), 0);
	resolves(at("fifo"), OUTPUT_IN_PLACE, at("fifo"));
	assert_int_equal(symlink(at("fifo"), at("to-fifo")), 0);
	resolves(at("to-fifo"), OUTPUT_IN_PLACE, at("fifo"));
}

static void descriptors_are_written_directly(void **state)
{
	struct output_target t;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(output_target_resolve("-", &t, &err), 0);
	assert_int_equal(t.kind, OUTPUT_TO_FD);
	assert_int_equal(t.fd, 1);
	assert_int_equal(output_target_resolve("/dev/stderr", &t, &err), 0);
	assert_int_equal(t.fd, 2);
	assert_int_equal(symlink("/proc/self/fd/1", at("my-stdout")), 0);
	assert_int_equal(output_target_resolve(at("my-stdout"), &t, &err), 0);
	assert_int_equal(t.kind, OUTPUT_TO_FD);
	assert_int_equal(t.fd, 1);
	refused("/dev/fd/987", "descriptor 987 is not open");
}

static void directories_and_sockets_are_refused(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	(void)state;
	refused(dir, "is a directory");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", at("sock"));
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(s);
	refused(at("sock"), "is a socket");
	assert_int_equal(symlink(at("sock"), at("to-sock")), 0);
	refused(at("to-sock"), "is a socket");
	refused("", "needs a file name");
}

static void replacement_keeps_mode_and_link(void **state)
{
	struct atomic_file af;
	struct err err = { 0 };
	struct stat st;
	char buf[16] = { 0 };
	FILE *f;

	(void)state;
	write_file(at("kept"), "old");
	chmod(at("kept"), 0640);
	assert_int_equal(symlink("kept", at("to-kept")), 0);
	assert_int_equal(atomic_file_open(&af, at("to-kept"), &err), 0);
	fputs("new", af.f);
	assert_int_equal(atomic_file_commit(&af, &err), 0);
	assert_int_equal(lstat(at("to-kept"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(at("kept"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	f = fopen(at("kept"), "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "new");
}

/* The target turned into something else while isolab measured: nothing is
 * renamed over it and the temporary file goes. */
static void commit_refuses_a_target_that_changed(void **state)
{
	struct atomic_file af;
	struct err err = { 0 };
	struct stat st;

	(void)state;
	assert_int_equal(atomic_file_open(&af, at("becomes-fifo"), &err), 0);
	fputs("data", af.f);
	assert_int_equal(mkfifo(at("becomes-fifo"), 0600), 0);
	assert_int_equal(atomic_file_commit(&af, &err), -1);
	assert_non_null(strstr(err.msg, "no longer a regular file"));
	assert_int_equal(lstat(at("becomes-fifo"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(access(af.tmp, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(regular_and_new_files_are_replaced, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(symlinks_are_followed_to_the_final_target, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(fifo_is_written_in_place, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(descriptors_are_written_directly, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(directories_and_sockets_are_refused, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(replacement_keeps_mode_and_link, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(commit_refuses_a_target_that_changed, make_dir, remove_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
