/* The syscall reach probe's host side: classification, the generated name
 * table (checked against the compiler's own view of <asm/unistd.h>), and
 * the parser of the probe's output, fed good, killed and hostile output. */
#include "tests/unit/cmocka_all.h"

#include <asm/unistd.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/probe/reach.h"
#include "lab/report/reach_output.h"

/* Output as the workload writes it: a sweep from `first`, stopping before
 * `stop` (PROBE_NR_LAST + 1 for all of it), ending when `complete`. Every
 * probed call answers EBADF, except getpid (1234). */
static char *sweep(int first, int stop, bool complete, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	fprintf(f, "probe-begin %d %d\n", first, PROBE_NR_LAST);
	fprintf(f, "probe-state before pid=1 umask=0022\n");
	for (int nr = first; nr < stop; nr++) {
		if (reach_unsafe_reason(nr))
			fprintf(f, "probe %d skip\n", nr);
		else
			fprintf(f, "probe %d %d\n", nr,
				nr == __NR_getpid ? 1234 : -EBADF);
	}
	if (complete)
		fprintf(f, "probe-state after pid=1 umask=0022\nprobe-end %d\n",
			PROBE_NR_LAST);
	fclose(f);
	return buf;
}

static struct reach_report *report(void)
{
	struct reach_report *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	return r;
}

static void classes(void **state)
{
	(void)state;
	assert_int_equal(reach_classify(-ENOSYS, false, 0), REACH_ABSENT);
	assert_int_equal(reach_classify(-EPERM, false, 0), REACH_DENIED);
	assert_int_equal(reach_classify(-EACCES, false, 0), REACH_DENIED);
	assert_int_equal(reach_classify(-EBADF, false, 0), REACH_REACHED);
	assert_int_equal(reach_classify(-EFAULT, false, 0), REACH_REACHED);
	assert_int_equal(reach_classify(0, false, 0), REACH_REACHED);
	assert_int_equal(reach_classify(4321, false, 0), REACH_REACHED);
	/* A filter's errno wins over what the same errno means otherwise. */
	assert_int_equal(reach_classify(-EPERM, true, EPERM), REACH_BLOCKED);
	assert_int_equal(reach_classify(-ENOSYS, true, ENOSYS), REACH_BLOCKED);
	/* A filter that does not answer this call (it looks at arguments):
	 * the kernel's answer decides. */
	assert_int_equal(reach_classify(-EBADF, true, EPERM), REACH_REACHED);
	assert_int_equal(reach_classify(-ENOSYS, true, EPERM), REACH_ABSENT);
	/* A killing filter (errno 0) never matches an answer. */
	assert_int_equal(reach_classify(0, true, 0), REACH_REACHED);
	assert_string_equal(reach_class_name(REACH_NOT_PROBED), "not probed");
}

/* The generated table against the compiler's own #defines, parsed here
 * independently of lab/scripts/gen-syscall-names.sh. */
static void names_match_the_headers(void **state)
{
	FILE *p = popen("echo | ${CC:-cc} -E -dM -include asm/unistd.h -x c -", "r");
	char line[256], name[128];
	int nr, max = -1, count = 0;

	(void)state;
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		if (sscanf(line, "#define __NR_%127s %d", name, &nr) != 2)
			continue;
		count++;
		if (nr > max)
			max = nr;
		if (!syscall_name(nr) || strcmp(syscall_name(nr), name) != 0)
			fail_msg("nr %d: header says %s, table says %s", nr,
				 name, syscall_name(nr) ? syscall_name(nr) : "nothing");
		assert_int_equal(syscall_number(name), nr);
	}
	assert_int_equal(pclose(p), 0);
	assert_int_equal(max, SYSCALL_NR_MAX);
	assert_int_equal(count, SYSCALL_NAMES_COUNT);
	assert_string_equal(syscall_name(0), "read");
	assert_string_equal(syscall_name(59), "execve");
	assert_string_equal(syscall_name(__NR_getpid), "getpid");
	assert_null(syscall_name(-1));
	assert_null(syscall_name(SYSCALL_NR_MAX + 1));
	assert_int_equal(syscall_number("no_such_call"), -1);
	assert_true(PROBE_NR_LAST > SYSCALL_NR_MAX);
}

static void unsafe_calls_have_reasons(void **state)
{
	(void)state;
	assert_non_null(reach_unsafe_reason(__NR_reboot));
	assert_non_null(reach_unsafe_reason(__NR_exit));
	assert_non_null(reach_unsafe_reason(__NR_exit_group));
	assert_non_null(reach_unsafe_reason(__NR_vfork));
	assert_non_null(reach_unsafe_reason(__NR_pause));
	assert_null(reach_unsafe_reason(__NR_getpid));
	assert_null(reach_unsafe_reason(__NR_kill)); /* probed, aimed at no pid */
	assert_null(reach_unsafe_reason(PROBE_NR_LAST));
}

static void parses_a_whole_sweep(void **state)
{
	struct reach_report *r = report();
	struct err err = { 0 };
	size_t len;
	char *out = sweep(0, PROBE_NR_LAST + 1, true, &len);
	int next;
	bool complete;

	(void)state;
	assert_int_equal(reach_parse(r, 0, out, len, &next, &complete, &err), 0);
	assert_true(complete);
	assert_int_equal(next, PROBE_NR_LAST + 1);
	assert_true(r->call[__NR_getpid].seen);
	assert_int_equal(r->call[__NR_getpid].ret, 1234);
	assert_false(r->call[__NR_reboot].seen);
	assert_string_equal(r->state_before, "pid=1 umask=0022");
	assert_true(reach_state_unchanged(r));
	reach_finish(r, NULL, NULL);
	assert_int_equal(r->call[__NR_getpid].cls, REACH_REACHED);
	assert_int_equal(r->call[__NR_reboot].cls, REACH_NOT_PROBED);
	assert_int_equal(r->count[REACH_REACHED] + r->count[REACH_NOT_PROBED],
			 REACH_NR_COUNT);
	assert_int_equal(reach_host_direct(r), r->count[REACH_REACHED]);
	free(out);
	free(r);
}

/* Killed at getpid: the run ends after the line before it, maybe in the
 * middle of a line; the resumed run starts after getpid. */
static void parses_a_killed_sweep_and_its_resumption(void **state)
{
	struct reach_report *r = report();
	struct err err = { 0 };
	size_t len, len2;
	char *out = sweep(0, __NR_getpid, false, &len);
	char *rest = sweep(__NR_getpid + 1, PROBE_NR_LAST + 1, true, &len2);
	int next;
	bool complete;

	(void)state;
	out = realloc(out, len + 8);
	memcpy(out + len, "probe 3", 7); /* a torn line is not counted */
	assert_int_equal(reach_parse(r, 0, out, len + 7, &next, &complete, &err), 0);
	assert_false(complete);
	assert_int_equal(next, __NR_getpid);
	r->call[next].signal = 31;
	assert_int_equal(reach_parse(r, next + 1, rest, len2, &next, &complete, &err), 0);
	assert_true(complete);
	reach_finish(r, NULL, NULL);
	assert_int_equal(r->call[__NR_getpid].cls, REACH_BLOCKED);
	assert_int_equal(r->call[__NR_getpid - 1].cls, REACH_REACHED);
	assert_int_equal(r->count[REACH_BLOCKED], 1);
	/* Killed before the sweep began, and after it ended. */
	free(out);
	out = sweep(0, 0, false, &len);
	assert_int_equal(reach_parse(r, 0, out, 20, &next, &complete, &err), 0);
	assert_int_equal(next, -1);
	assert_int_equal(reach_parse(r, 0, "", 0, &next, &complete, &err), 0);
	assert_int_equal(next, -1);
	free(out);
	free(rest);
	free(r);
}

static int parse_text(const char *text, struct err *err)
{
	struct reach_report *r = report();
	int next, rc;
	bool complete;

	rc = reach_parse(r, 0, text, strlen(text), &next, &complete, err);
	free(r);
	return rc;
}

/* Each line is one hostile or broken variant of a valid beginning. */
static void rejects_malformed_output(void **state)
{
	char begin[64], text[1024], big[REACH_STATE_MAX + 64];
	const char *bodies[] = {
		"probe 1 -9\n",              /* out of order: 0 comes first */
		"probe 0 -9\nprobe 0 -9\n",  /* twice */
		"probe 0 -9000\n",           /* not an errno */
		"probe 0 12abc\n",           /* not a number */
		"probe 0 99999999999999999999\n", /* overflows a long */
		"probe 0\n",                 /* no value */
		"probe  0 -9\n",             /* stray blank */
		"probe 0 skip\n",            /* read is probed */
		"probe 0 -9\x01\n",          /* control byte */
		"probe 0 -9\xc3\xa9\n",      /* not ASCII */
		"probe-end 514\n",           /* ends early */
		"hello\n",
	};
	struct err err = { 0 };

	(void)state;
	snprintf(begin, sizeof(begin), "probe-begin 0 %d\nprobe-state before x\n",
		 PROBE_NR_LAST);
	assert_int_equal(parse_text(begin, &err), 0);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", begin, bodies[i]);
		if (parse_text(text, &err) == 0)
			fail_msg("accepted: %s", bodies[i]);
		assert_non_null(strstr(err.msg, "probe output"));
	}
	/* No header, the wrong range, a skip where isolab probes. */
	assert_int_equal(parse_text("probe 0 -9\n", &err), -1);
	assert_int_equal(parse_text("probe-begin 0 9999\n", &err), -1);
	snprintf(text, sizeof(text), "probe-begin 5 %d\n", PROBE_NR_LAST);
	assert_int_equal(parse_text(text, &err), -1);
	/* reboot answered: a workload that made a call isolab never makes. */
	snprintf(text, sizeof(text), "probe-begin %d %d\nprobe-state before x\nprobe %d 0\n",
		 __NR_reboot, PROBE_NR_LAST, __NR_reboot);
	{
		struct reach_report *r = report();
		int next;
		bool complete;

		assert_int_equal(reach_parse(r, __NR_reboot, text, strlen(text),
					     &next, &complete, &err), -1);
		free(r);
	}
	/* A state line longer than any the workload writes. */
	memset(big, 'x', sizeof(big));
	snprintf(text, sizeof(text), "probe-begin 0 %d\nprobe-state before %.*s\n",
		 PROBE_NR_LAST, (int)sizeof(big) - 1, big);
	assert_int_equal(parse_text(text, &err), -1);
}

static void rejects_output_after_the_end(void **state)
{
	struct reach_report *r = report();
	struct err err = { 0 };
	size_t len;
	char *out = sweep(0, PROBE_NR_LAST + 1, true, &len);
	int next;
	bool complete;

	(void)state;
	out = realloc(out, len + 16);
	memcpy(out + len, "probe 0 -9\n", 11);
	assert_int_equal(reach_parse(r, 0, out, len + 11, &next, &complete, &err), -1);
	free(out);
	free(r);
}

/* A launcher whose filter answers getpid with EPERM and kills at kill. */
static int fake_filter(const void *config, int nr, int *errno_out)
{
	(void)config;
	if (nr == __NR_getpid) {
		*errno_out = EPERM;
		return 1;
	}
	if (nr == __NR_kill) {
		*errno_out = 0;
		return 1;
	}
	return 0;
}

static int fake_vmm(const void *config, const char *const **names)
{
	static const char *const allowed[] = { "read", "write", "ioctl", NULL };

	(void)config;
	*names = allowed;
	return 3;
}

static void the_launchers_filter_decides_blocked(void **state)
{
	const struct launcher fake = { .name = "fake",
				       .syscall_filter = fake_filter };
	struct reach_report *r = report();

	(void)state;
	for (int nr = 0; nr < REACH_NR_COUNT; nr++)
		r->call[nr] = (struct reach_call){ .seen = true, .ret = -EBADF };
	r->call[__NR_getpid].ret = -EPERM;
	r->call[__NR_getuid].ret = -EPERM; /* the kernel's EPERM: denied */
	r->call[__NR_kill].signal = 31;
	r->call[400].ret = -ENOSYS;
	r->call[__NR_read].signal = SIGILL; /* allowed by the filter */
	reach_finish(r, &fake, NULL);
	assert_int_equal(r->call[__NR_read].cls, REACH_ABSENT);
	assert_int_equal(r->call[__NR_getpid].cls, REACH_BLOCKED);
	assert_int_equal(r->call[__NR_getuid].cls, REACH_DENIED);
	assert_int_equal(r->call[__NR_kill].cls, REACH_BLOCKED);
	assert_int_equal(r->call[400].cls, REACH_ABSENT);
	assert_int_equal(r->count[REACH_BLOCKED], 2);
	free(r);
}

/* Without a filter nothing is blocked: this machine's kernel answers the
 * unassigned number 335 with SIGILL, a plain process must not show it as
 * stopped by a filter. */
static void a_kill_without_a_filter_is_the_kernels_answer(void **state)
{
	const struct launcher plain = { .name = "plain" };
	struct reach_report *r = report();

	(void)state;
	for (int nr = 0; nr < REACH_NR_COUNT; nr++)
		r->call[nr] = (struct reach_call){ .seen = true, .ret = -EBADF };
	r->call[335].signal = SIGILL;
	r->call[__NR_getpid].signal = SIGSEGV;
	r->call[__NR_getppid].signal = SIGSYS;
	reach_finish(r, &plain, NULL);
	assert_int_equal(r->call[335].cls, REACH_ABSENT);
	assert_int_equal(r->call[__NR_getpid].cls, REACH_REACHED);
	assert_int_equal(r->call[__NR_getppid].cls, REACH_BLOCKED);
	assert_int_equal(r->count[REACH_BLOCKED], 1);
	free(r);
}

/* Two launchers, one a micro-VM: the JSON lists the difference by name
 * and the guest reaches no host call directly. */
static void json_lists_differences_and_the_vmm(void **state)
{
	const struct launcher vm = { .name = "vm", .vmm_syscalls = fake_vmm };
	struct reach_set s;
	struct reach_report *a, *b;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(&s, 0, sizeof(s));
	a = reach_set_add(&s);
	b = reach_set_add(&s);
	a->launcher = "host";
	b->launcher = "vm";
	b->guest_kernel = true;
	b->vmm_count = fake_vmm(NULL, &b->vmm_names);
	for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
		a->call[nr] = (struct reach_call){ .seen = true, .ret = -EBADF };
		b->call[nr] = (struct reach_call){ .seen = true, .ret = -ENOSYS };
	}
	b->call[0].ret = -EBADF; /* the guest implements read */
	reach_finish(a, NULL, NULL);
	reach_finish(b, &vm, NULL);
	assert_int_equal(reach_host_direct(b), 0);
	assert_int_equal(reach_guest_implemented(b), 1);
	assert_false(reach_set_differs(&s, 0));
	assert_true(reach_set_differs(&s, 1));
	f = open_memstream(&buf, &len);
	assert_int_equal(reach_json(f, &s), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\"schema_version\":3"));
	assert_non_null(strstr(buf, "{\"nr\":1,\"name\":\"write\",\"classes\":{\"host\":\"reached\",\"vm\":\"absent\"}}"));
	assert_null(strstr(buf, "{\"nr\":0,\"name\":\"read\",\"classes\""));
	assert_non_null(strstr(buf, "\"vmm_allowlist\":{\"count\":3,\"syscalls\":[{\"nr\":0,\"name\":\"read\"}"));
	assert_non_null(strstr(buf, "\"nr\":169,\"name\":\"reboot\",\"reason\":"));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(reach_table(f, &s, true), 0);
	fclose(f);
	assert_non_null(strstr(buf, "write (1)"));
	assert_non_null(strstr(buf, "host=reached vm=absent"));
	assert_non_null(strstr(buf, "+ 3 via the VMM"));
	assert_null(strstr(buf, "read (0) "));
	free(buf);
	reach_set_free(&s);
}

/* The table lists first what isolation stops on the host kernel, then
 * counts the rest (a guest kernel's absent calls), listed on --verbose. */
static void table_groups_the_differences(void **state)
{
	struct reach_set s;
	struct reach_report *p, *c, *v;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(&s, 0, sizeof(s));
	p = reach_set_add(&s);
	c = reach_set_add(&s);
	v = reach_set_add(&s);
	p->launcher = "proc", c->launcher = "ct", v->launcher = "vm";
	v->guest_kernel = true;
	v->vmm_count = -1;
	for (int nr = 0; nr < REACH_NR_COUNT; nr++) {
		p->call[nr].cls = c->call[nr].cls = REACH_REACHED;
		v->call[nr].cls = nr < 10 ? REACH_REACHED : REACH_ABSENT;
	}
	c->call[165].cls = REACH_BLOCKED; /* mount */
	c->call[103].cls = REACH_DENIED;  /* syslog */
	for (int verbose = 0; verbose < 2; verbose++) {
		f = open_memstream(&buf, &len);
		assert_int_equal(reach_table(f, &s, verbose), 0);
		fclose(f);
		assert_non_null(strstr(buf, "2 that proc reaches and a launcher on the same (host) kernel does not:\n"
					    "  syslog (103)                 proc=reached ct=denied vm=absent\n"
					    "  mount (165)                  proc=reached ct=blocked vm=absent\n"));
		assert_non_null(strstr(buf, "others (vm absent "));
		if (verbose) {
			assert_non_null(strstr(buf, "  munmap (11) "));
			assert_null(strstr(buf, "--verbose lists them"));
		} else {
			assert_null(strstr(buf, "  munmap (11) "));
			assert_non_null(strstr(buf, "; --verbose lists them\n"));
		}
		free(buf);
		buf = NULL;
	}
	reach_set_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classes),
		cmocka_unit_test(table_groups_the_differences),
		cmocka_unit_test(names_match_the_headers),
		cmocka_unit_test(unsafe_calls_have_reasons),
		cmocka_unit_test(parses_a_whole_sweep),
		cmocka_unit_test(parses_a_killed_sweep_and_its_resumption),
		cmocka_unit_test(rejects_malformed_output),
		cmocka_unit_test(rejects_output_after_the_end),
		cmocka_unit_test(the_launchers_filter_decides_blocked),
		cmocka_unit_test(a_kill_without_a_filter_is_the_kernels_answer),
		cmocka_unit_test(json_lists_differences_and_the_vmm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
