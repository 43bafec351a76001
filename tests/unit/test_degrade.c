/* Where a launcher cannot run: the cause of a refused namespace
 * (lab/host/ns_cause.c, lab/host/ns_advice.c) on machines described by hand, and
 * launcher_try() (lab/core/launcher_try.c), which compare and probe share, with
 * fake launchers that fail at each point. */
#include "tests/unit/cmocka_all.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lab/core/launcher_try.h"
#include "lab/host/ns_advice.h"
#include "lab/host/ns_cause.h"

/* A plain host: root, no chroot, no container, user namespaces on. */
static struct ns_facts host(void)
{
	return (struct ns_facts){
		.root = true, .chrooted = 0, .root_is_mount = true,
		.max_user_namespaces = 15000,
		.unprivileged_userns_clone = NS_SYSCTL_ABSENT,
		.apparmor_restrict = NS_SYSCTL_ABSENT,
	};
}

static void chroot_is_named(void **state)
{
	struct ns_facts f = host();
	char advice[400];

	(void)state;
	f.chrooted = 1;
	assert_int_equal(ns_cause_of(&f, true, EPERM), NS_CAUSE_CHROOT);
	/* The chroot forbids only user namespaces. */
	assert_int_equal(ns_cause_of(&f, false, EPERM), NS_CAUSE_UNKNOWN);
	/* Not certain before trying: the kernel may see it otherwise. */
	assert_int_equal(ns_cause_certain(&f, true), NS_CAUSE_UNKNOWN);
	ns_advice(advice, sizeof(advice), NS_CAUSE_CHROOT, &f);
	assert_non_null(strstr(advice, "chroot"));
	assert_non_null(strstr(advice, "run it on the host"));
	assert_non_null(strstr(advice, "--ns pid,mnt"));
	/* A chroot into a plain directory needs a mount point first. */
	f.root_is_mount = false;
	ns_advice(advice, sizeof(advice), NS_CAUSE_CHROOT, &f);
	assert_non_null(strstr(advice, "mount --bind DIR DIR"));
	/* A user can only leave the chroot. */
	f.root = false;
	ns_advice(advice, sizeof(advice), NS_CAUSE_CHROOT, &f);
	assert_null(strstr(advice, "--ns"));
}

static void sysctls_are_named(void **state)
{
	struct ns_facts f = host();
	char advice[400];

	(void)state;
	f.max_user_namespaces = 0;
	assert_int_equal(ns_cause_certain(&f, true), NS_CAUSE_USERNS_OFF);
	assert_int_equal(ns_cause_of(&f, true, ENOSPC), NS_CAUSE_USERNS_OFF);
	ns_advice(advice, sizeof(advice), NS_CAUSE_USERNS_OFF, &f);
	assert_non_null(strstr(advice, "user.max_user_namespaces = 0"));
	f.max_user_namespaces = 10;
	assert_int_equal(ns_cause_of(&f, true, ENOSPC), NS_CAUSE_USERNS_LIMIT);
	/* Debian's switch binds users only. */
	f.unprivileged_userns_clone = 0;
	assert_int_equal(ns_cause_certain(&f, true), NS_CAUSE_UNKNOWN);
	f.root = false;
	assert_int_equal(ns_cause_certain(&f, true), NS_CAUSE_UNPRIV_OFF);
	f.unprivileged_userns_clone = 1;
	f.apparmor_restrict = 1;
	assert_int_equal(ns_cause_of(&f, true, EACCES), NS_CAUSE_APPARMOR);
	ns_advice(advice, sizeof(advice), NS_CAUSE_APPARMOR, &f);
	assert_non_null(strstr(advice, "kernel.apparmor_restrict_unprivileged_userns"));
	/* Without a user namespace, a user cannot have any. */
	assert_int_equal(ns_cause_certain(&f, false), NS_CAUSE_NOT_ROOT);
}

static void container_is_named(void **state)
{
	struct ns_facts f = host();
	char advice[400];

	(void)state;
	assert_int_equal(ns_cause_of(&f, true, EPERM), NS_CAUSE_UNKNOWN);
	strcpy(f.container, "docker");
	assert_int_equal(ns_cause_of(&f, true, EPERM), NS_CAUSE_CONTAINER);
	assert_int_equal(ns_cause_of(&f, false, EPERM), NS_CAUSE_CONTAINER);
	ns_advice(advice, sizeof(advice), NS_CAUSE_CONTAINER, &f);
	assert_non_null(strstr(advice, "docker container"));
	/* A chroot inside a container is still the chroot's doing. */
	f.chrooted = 1;
	assert_int_equal(ns_cause_of(&f, true, EPERM), NS_CAUSE_CHROOT);
}

/* Fake launchers: available() and the part fail as the test says. */
struct fake {
	int available_rc, part_rc;
	bool launches_first;
	enum err_kind kind;
	int parts_run;
};

static int fake_available(const void *config, struct err *err)
{
	const struct fake *f = config;

	return f->available_rc < 0
		       ? err_set(err, ERR_RUNTIME, "no such device here")
		       : 0;
}

static int fake_part(void *ctx, bool *launched, struct err *err)
{
	struct fake *f = ctx;

	f->parts_run++;
	*launched = f->launches_first;
	return f->part_rc < 0 ? err_set(err, f->kind, "failed at its launch")
			      : 0;
}

static const struct launcher fake_launcher = {
	.name = "fake", .available = fake_available,
};

static void try_lists_what_cannot_run(void **state)
{
	struct not_run_list list = { 0 };
	struct err err = { 0 };
	struct fake ok = { 0 }, absent = { .available_rc = -1 },
		    first_fails = { .part_rc = -1, .kind = ERR_USAGE },
		    later_fails = { .part_rc = -1, .launches_first = true,
				    .kind = ERR_RUNTIME },
		    interrupted = { .part_rc = -1, .kind = ERR_INTERRUPTED };

	(void)state;
	assert_int_equal(launcher_try(&fake_launcher, &ok, NULL, fake_part, &ok,
				      &list, &err), 0);
	assert_int_equal(list.n, 0);
	assert_int_equal(launcher_try(&fake_launcher, &absent, "small", fake_part,
				      &absent, &list, &err), 1);
	assert_int_equal(absent.parts_run, 0);
	assert_string_equal(list.item[0].variant, "small"); /* listed under it */
	assert_int_equal(launcher_try(&fake_launcher, &first_fails, NULL, fake_part,
				      &first_fails, &list, &err), 1);
	assert_int_equal(list.n, 2);
	assert_string_equal(list.item[0].reason, "no such device here");
	assert_string_equal(list.item[1].launcher, "fake");
	assert_string_equal(list.item[1].reason, "failed at its launch");
	assert_int_equal(list.item[1].kind, ERR_USAGE);
	/* Ran before, then broke; or the user stopped it: the command ends. */
	assert_int_equal(launcher_try(&fake_launcher, &later_fails, NULL, fake_part,
				      &later_fails, &list, &err), -1);
	assert_int_equal(launcher_try(&fake_launcher, &interrupted, NULL, fake_part,
				      &interrupted, &list, &err), -1);
	assert_int_equal(err.kind, ERR_INTERRUPTED);
	assert_int_equal(list.n, 2);
}

static void nothing_ran_says_why(void **state)
{
	struct not_run_list list = { 0 };
	struct err why = { .kind = ERR_USAGE, .msg = "too big for --mem 8" };
	struct err err = { 0 };

	(void)state;
	not_run_add(&list, "microvm", &why);
	assert_int_equal(not_run_fail(&list, &err), -1);
	assert_int_equal(err.kind, ERR_USAGE);
	assert_string_equal(err.msg, "too big for --mem 8");
	snprintf(why.msg, sizeof(why.msg), "clone3: EPERM");
	not_run_add(&list, "container", &why);
	assert_int_equal(not_run_fail(&list, &err), -1);
	assert_int_equal(err.kind, ERR_RUNTIME);
	assert_non_null(strstr(err.msg, "microvm: too big"));
	assert_non_null(strstr(err.msg, "container: clone3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chroot_is_named),
		cmocka_unit_test(sysctls_are_named),
		cmocka_unit_test(container_is_named),
		cmocka_unit_test(try_lists_what_cannot_run),
		cmocka_unit_test(nothing_ran_says_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
