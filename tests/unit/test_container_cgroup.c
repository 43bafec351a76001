/* Unit tests: where the container's cgroups go (container/cgroup.c,
 * ct_cg_plan), for v1, the v1/v2 hybrid and pure v2, from the text of
 * /proc/self/cgroup; the init's way back to isolab's own cgroup
 * (ct_cg_open_leave); removing the empty ones early (ct_cg_remove_empty). */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "container/cgroup.h"
#include "container/cgroup_delegate.h"
#include "lab/host/procfs.h"

/* This machine: v1 controllers, an empty cgroup2 at unified/, isolab in a
 * memory cgroup of its own, the root elsewhere. */
static const char hybrid[] =
	"9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
	"4:memory:/process_api/5a1b\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n";

/* A systemd v1 host: cpu and cpuacct co-mounted, a session scope. */
static const char v1[] =
	"12:pids:/user.slice/user-1000.slice/session-2.scope\n"
	"4:cpu,cpuacct:/user.slice\n"
	"3:memory:/user.slice/user-1000.slice/session-2.scope\n"
	"1:name=systemd:/user.slice/user-1000.slice/session-2.scope\n";

static const char v2[] = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope\n";

static const struct ct_limits all = { .mem_bytes = 64 << 20, .pids = 32,
				      .cpu_pct = 50, .enabled = true };
static const struct ct_limits mem_only = { .mem_bytes = 64 << 20,
					   .enabled = true };

static void test_hybrid(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V1, hybrid, "/sys/fs/cgroup", "leaf",
				    &all, &cg, &e), 0);
	assert_int_equal(cg.ndirs, 3);
	assert_string_equal(cg.dir[0].controller, "memory");
	assert_string_equal(cg.dir[0].path,
			    "/sys/fs/cgroup/memory/process_api/5a1b/leaf");
	assert_string_equal(cg.dir[1].path, "/sys/fs/cgroup/pids/leaf");
	assert_string_equal(cg.dir[2].path, "/sys/fs/cgroup/cpu/leaf");
	for (int i = 0; i < cg.ndirs; i++)
		assert_false(cg.dir[i].created);
}

static void test_v1_comounted(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V1, v1, "/sys/fs/cgroup", "x", &all,
				    &cg, &e), 0);
	assert_string_equal(cg.dir[0].path,
			    "/sys/fs/cgroup/memory/user.slice/user-1000.slice/session-2.scope/x");
	assert_string_equal(cg.dir[1].path,
			    "/sys/fs/cgroup/pids/user.slice/user-1000.slice/session-2.scope/x");
	/* "cpu,cpuacct" holds cpu; "cpuacct" alone must not match "cpu". */
	assert_string_equal(cg.dir[2].path, "/sys/fs/cgroup/cpu/user.slice/x");
}

static void test_v1_no_cpu_dir_without_cpu_limit(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V1, hybrid, "/sys/fs/cgroup", "l",
				    &mem_only, &cg, &e), 0);
	assert_int_equal(cg.ndirs, 2);
}

static void test_v1_cpuacct_is_not_cpu(void **state)
{
	static const char text[] = "4:memory:/\n3:pids:/\n2:cpuacct:/a\n";
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V1, text, "/sys/fs/cgroup", "l",
				    &all, &cg, &e), -1);
	assert_non_null(strstr(e.msg, "no cpu controller"));
}

static void test_v2(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V2, v2, "/sys/fs/cgroup", "leaf",
				    &all, &cg, &e), 0);
	assert_int_equal(cg.ndirs, 1);
	assert_string_equal(cg.dir[0].controller, "");
	assert_string_equal(cg.dir[0].path,
			    "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope/leaf");
}

static void test_v2_root_and_hybrid_line(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V2, "0::/\n", "/sys/fs/cgroup", "l",
				    &all, &cg, &e), 0);
	assert_string_equal(cg.dir[0].path, "/sys/fs/cgroup/l");
	/* The hybrid text's v2 line is "0::/" too. */
	assert_int_equal(ct_cg_plan(CT_CG_V2, hybrid, "/sys/fs/cgroup", "l",
				    &all, &cg, &e), 0);
	assert_string_equal(cg.dir[0].path, "/sys/fs/cgroup/l");
}

/* Paths are bounded (CT_CG_PATH_MAX): one just inside fits, a deeper own
 * cgroup is refused with a line that says so. */
static void test_path_bound(void **state)
{
	/* "/sys/fs/cgroup" + own + "/leaf" is one short of the bound. */
	char own[CT_CG_PATH_MAX - sizeof("/sys/fs/cgroup/leaf") + 1];
	char text[sizeof(own) + 8];
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	memset(own, 'a', sizeof(own) - 1);
	own[0] = '/';
	own[sizeof(own) - 1] = '\0';
	snprintf(text, sizeof(text), "0::%s\n", own);
	assert_int_equal(ct_cg_plan(CT_CG_V2, text, "/sys/fs/cgroup", "leaf",
				    &all, &cg, &e), 0);
	assert_int_equal(strlen(cg.dir[0].path), CT_CG_PATH_MAX - 1);
	assert_int_equal(ct_cg_plan(CT_CG_V2, text, "/sys/fs/cgroup", "leaf2",
				    &all, &cg, &e), -1);
	assert_non_null(strstr(e.msg, "too deep"));
	assert_null(strchr(e.msg, '\n'));
}

static void test_missing(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V2, v1, "/sys/fs/cgroup", "l", &all,
				    &cg, &e), -1);
	assert_non_null(strstr(e.msg, "cgroup v2"));
	assert_int_equal(ct_cg_plan(CT_CG_V1, v2, "/sys/fs/cgroup", "l", &all,
				    &cg, &e), -1);
	assert_non_null(strstr(e.msg, "memory"));
	assert_int_equal(ct_cg_plan(CT_CG_NONE, v2, "/sys/fs/cgroup", "l", &all,
				    &cg, &e), -1);
	assert_int_equal(ct_cg_plan(CT_CG_V1, "", "/sys/fs/cgroup", "l", &all,
				    &cg, &e), -1);
}

/* After isolab moved itself into its own leaf of a delegated v2 cgroup,
 * the containers still go next to that leaf, not below it. */
static void test_v2_plans_beside_own_leaf(void **state)
{
	struct ct_cgroup cg;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ct_cg_plan(CT_CG_V2, "0::/u.slice/run-1.scope/isolab-ct-77-self\n",
				    "/sys/fs/cgroup", "leaf", &all, &cg, &e), 0);
	assert_string_equal(cg.dir[0].path,
			    "/sys/fs/cgroup/u.slice/run-1.scope/leaf");
	assert_true(ct_cg_is_self_leaf("isolab-ct-77-self"));
	assert_false(ct_cg_is_self_leaf("isolab-ct-77-1234"));
	assert_false(ct_cg_is_self_leaf("isolab-ct--self"));
}

/* A fake delegated cgroup on disk: what the files would say on cgroupfs.
 * The kernel's part (EBUSY while the cgroup holds processes) is not
 * modelled; the decisions are. */
struct fake_cg {
	char dir[64], leaf[128];
};

static void put(const char *dir, const char *file, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void get(const char *dir, const char *file, char *buf, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
}

static void fake_make(struct fake_cg *f, const char *procs, bool delegated)
{
	snprintf(f->dir, sizeof(f->dir), "/tmp/isolab-test-deleg-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	if (geteuid() != 0)
		assert_true(delegated); /* a user owns what it makes */
	else if (delegated)
		assert_int_equal(setxattr(f->dir, "trusted.delegate", "1", 1, 0), 0);
	put(f->dir, "cgroup.procs", procs);
	put(f->dir, "cgroup.subtree_control", "");
	/* cgroupfs makes these files with the directory */
	snprintf(f->leaf, sizeof(f->leaf), "%s/isolab-ct-%d-self", f->dir,
		 (int)getpid());
	assert_int_equal(mkdir(f->leaf, 0755), 0);
	put(f->leaf, "cgroup.procs", "");
}

static void fake_remove(struct fake_cg *f)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
}

/* The init's way back (container/init.h): the join file of the cgroup
 * isolab itself is in, per this machine's /proc/self/cgroup, below a fake
 * root; writing "0" there is the move. */
static void test_leave_opens_isolab_own_cgroup(void **state)
{
	char root[] = "/tmp/isolab-test-leave-XXXXXX", own[512], dir[1024];
	char cmd[1100], buf[16];
	const char *controllers[] = { "memory", "pids" };
	struct ct_cgroup cg = { .layout = CT_CG_V1, .ndirs = 2 };
	int fds[CT_CG_MAX_DIRS];
	struct err e = { 0 };

	(void)state;
	if (procfs_own_cgroup("memory", own, sizeof(own)) < 0) {
		cg = (struct ct_cgroup){ .layout = CT_CG_V2, .ndirs = 1 };
		controllers[0] = "";
	}
	assert_non_null(mkdtemp(root));
	for (int i = 0; i < cg.ndirs; i++) {
		snprintf(cg.dir[i].controller, sizeof(cg.dir[i].controller),
			 "%s", controllers[i]);
		assert_int_equal(procfs_own_cgroup(controllers[i], own,
						   sizeof(own)), 0);
		snprintf(dir, sizeof(dir), "%s/%s%s", root, controllers[i],
			 strcmp(own, "/") == 0 ? "" : own);
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
		assert_int_equal(system(cmd), 0);
		put(dir, cg.layout == CT_CG_V2 ? "cgroup.procs" : "tasks", "");
	}
	assert_int_equal(ct_cg_open_leave(&cg, root, fds, &e), cg.ndirs);
	for (int i = 0; i < cg.ndirs; i++) {
		assert_int_equal(write(fds[i], "0", 1), 1);
		close(fds[i]);
		assert_int_equal(procfs_own_cgroup(controllers[i], own,
						   sizeof(own)), 0);
		snprintf(dir, sizeof(dir), "%s/%s%s", root, controllers[i],
			 strcmp(own, "/") == 0 ? "" : own);
		get(dir, cg.layout == CT_CG_V2 ? "cgroup.procs" : "tasks", buf,
		    sizeof(buf));
		assert_string_equal(buf, "0");
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* After the init left: what is empty goes, what is not stays for the
 * teardown after the init's exit (ct_cg_remove). */
static void test_remove_empty_keeps_what_is_busy(void **state)
{
	struct ct_cgroup cg = { .layout = CT_CG_V1, .ndirs = 2 };

	(void)state;
	for (int i = 0; i < 2; i++) {
		snprintf(cg.dir[i].path, sizeof(cg.dir[i].path),
			 "/tmp/isolab-test-empty-XXXXXX");
		assert_non_null(mkdtemp(cg.dir[i].path));
		cg.dir[i].created = true;
	}
	put(cg.dir[1].path, "tasks", "42\n"); /* not empty: rmdir fails */
	assert_false(ct_cg_remove_empty(&cg));
	assert_false(cg.dir[0].created);
	assert_int_equal(access(cg.dir[0].path, F_OK), -1);
	assert_true(cg.dir[1].created);
	unlink(strcat(cg.dir[1].path, "/tasks"));
	*strrchr(cg.dir[1].path, '/') = '\0';
	assert_true(ct_cg_remove_empty(&cg));
	assert_false(cg.dir[1].created);
}

static void test_delegated_alone_moves_into_leaf(void **state)
{
	struct fake_cg f;
	char procs[32], buf[64], why[256] = "";

	(void)state;
	snprintf(procs, sizeof(procs), "%d\n", (int)getpid());
	fake_make(&f, procs, true);
	assert_int_equal(ct_cg_v2_make_room(f.dir, &all, why, sizeof(why)), 0);
	get(f.leaf, "cgroup.procs", buf, sizeof(buf));
	assert_string_equal(buf, "0");
	fake_remove(&f);
}

static void test_delegated_with_others_refuses(void **state)
{
	struct fake_cg f;
	char procs[32], buf[64], why[256] = "";

	(void)state;
	snprintf(procs, sizeof(procs), "1\n%d\n", (int)getpid());
	fake_make(&f, procs, true);
	assert_int_equal(ct_cg_v2_make_room(f.dir, &all, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "holds other processes"));
	get(f.leaf, "cgroup.procs", buf, sizeof(buf));
	assert_string_equal(buf, ""); /* isolab did not move */
	fake_remove(&f);
}

/* Not delegated: isolab's cgroup holds isolab, and is not its to
 * rearrange (as root: no delegate xattr). */
static void test_not_delegated_is_refused(void **state)
{
	struct fake_cg f;
	char procs[32], buf[64], why[256] = "";

	(void)state;
	if (geteuid() != 0) {
		skip(); /* whatever a user makes, it owns */
		return;
	}
	snprintf(procs, sizeof(procs), "%d\n", (int)getpid());
	fake_make(&f, procs, false);
	assert_int_equal(ct_cg_v2_make_room(f.dir, &all, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not delegated"));
	get(f.leaf, "cgroup.procs", buf, sizeof(buf));
	assert_string_equal(buf, "");
	fake_remove(&f);
}

/* Controllers handed down already, or nobody inside: nothing to move. */
static void test_ready_or_empty_is_left_alone(void **state)
{
	struct fake_cg f;
	char procs[32], buf[64], why[256] = "";

	(void)state;
	snprintf(procs, sizeof(procs), "%d\n", (int)getpid());
	fake_make(&f, procs, true);
	put(f.dir, "cgroup.subtree_control", "cpu memory pids\n");
	assert_int_equal(ct_cg_v2_make_room(f.dir, &all, why, sizeof(why)), 0);
	get(f.leaf, "cgroup.procs", buf, sizeof(buf));
	assert_string_equal(buf, "");
	fake_remove(&f);
	fake_make(&f, "", false);
	assert_int_equal(ct_cg_v2_make_room(f.dir, &all, why, sizeof(why)), 0);
	get(f.leaf, "cgroup.procs", buf, sizeof(buf));
	assert_string_equal(buf, "");
	fake_remove(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hybrid),
		cmocka_unit_test(test_v1_comounted),
		cmocka_unit_test(test_v1_no_cpu_dir_without_cpu_limit),
		cmocka_unit_test(test_v1_cpuacct_is_not_cpu),
		cmocka_unit_test(test_v2),
		cmocka_unit_test(test_v2_root_and_hybrid_line),
		cmocka_unit_test(test_path_bound),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_v2_plans_beside_own_leaf),
		cmocka_unit_test(test_leave_opens_isolab_own_cgroup),
		cmocka_unit_test(test_remove_empty_keeps_what_is_busy),
		cmocka_unit_test(test_delegated_alone_moves_into_leaf),
		cmocka_unit_test(test_delegated_with_others_refuses),
		cmocka_unit_test(test_not_delegated_is_refused),
		cmocka_unit_test(test_ready_or_empty_is_left_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
