/* Unit tests: ladder rungs from specs and files (lab/ladder/ladder.c,
 * lab/core/variant.c) and the increments derived from their runs. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab/cli/cli.h"
#include "lab/ladder/ladder.h"
#include "lab/cli/cmd_ladder.h"

/* A run whose startup has the phases "a" then "mounts", lasting a_ns
 * and m_ns, then runs 1 ms and tears down in 0.1 ms. */
static void add_run(struct ladder_rung *r, uint64_t a_ns, uint64_t m_ns,
		    uint64_t kib)
{
	struct run_record *rec = result_set_add(&r->rs);
	struct timeline *tl;

	assert_non_null(rec);
	rec->launcher = r->v.launcher->name;
	snprintf(rec->workload, sizeof(rec->workload), "noop");
	tl = &rec->res.tl;
	tl->request_ns = 1000;
	tl->nmarks = 0;
	timeline_mark_at(tl, "a", tl->request_ns + a_ns);
	if (m_ns)
		timeline_mark_at(tl, "mounts", tl->request_ns + a_ns + m_ns);
	tl->ready_ns = tl->request_ns + a_ns + m_ns;
	tl->exited_ns = tl->ready_ns + 1000000;
	tl->done_ns = tl->exited_ns + 100000;
	rec->res.workload_peak_kib = kib;
}

static void test_standard_ladder(void **state)
{
	struct ladder lad;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ladder_standard(&lad, &e), 0);
	assert_int_equal(lad.n, 9);
	assert_string_equal(lad.rung[0].v.launcher->name, "process");
	assert_string_equal(lad.rung[8].v.launcher->name, "microvm");
	/* Each container rung adds to the checklist of the one below. */
	for (int i = 1; i < 8; i++) {
		int below = 0, here = 0;

		for (int k = 0; k < ISOLATION_ITEMS; k++) {
			below += lad.rung[i - 1].iso.has[k];
			here += lad.rung[i].iso.has[k];
			if (lad.rung[i - 1].iso.has[k])
				assert_true(lad.rung[i].iso.has[k]);
		}
		assert_true(here > below);
	}
	ladder_free(&lad);
}

static void test_increments_add_up(void **state)
{
	static const uint64_t a[3][5] = {
		{ 100, 120, 90, 110, 105 },
		{ 300, 310, 280, 900, 305 }, /* one outlier */
		{ 300, 320, 290, 310, 300 },
	};
	static const uint64_t m[3] = { 0, 0, 1000 };
	struct ladder lad;
	struct err e = { 0 };
	const char *specs[] = { "p:process", "u:container:--ns=user,--cgroup=none",
				"um:container:--ns=user,mnt,--cgroup=none" };
	double sum;

	(void)state;
	memset(&lad, 0, sizeof(lad));
	for (int i = 0; i < 3; i++) {
		struct ladder_rung *r = &lad.rung[lad.n++];

		assert_int_equal(variant_parse(specs[i], &r->v, &e), 0);
		result_set_init(&r->rs);
		isolation_of(r->v.launcher, r->v.config, &r->iso);
		for (int k = 0; k < 5; k++)
			add_run(r, a[i][k], m[i], 20 + (uint64_t)i * 4);
	}
	assert_int_equal(ladder_derive(&lad, &e), 0);
	assert_int_equal(lad.rung[0].below, -1);
	assert_int_equal(lad.rung[2].below, 1);
	sum = lad.rung[0].sum.metric[METRIC_STARTUP].median;
	for (int i = 1; i < 3; i++)
		sum += lad.rung[i].inc[METRIC_STARTUP];
	assert_true(sum == lad.rung[2].sum.metric[METRIC_STARTUP].median);
	assert_true(lad.rung[1].inc[METRIC_STARTUP] == 200);
	assert_true(lad.rung[2].inc[METRIC_STARTUP] == 995); /* 1300 - 305 */
	assert_true(lad.rung[2].inc[METRIC_FOOTPRINT] == 4);
	/* The outlier widens nothing much: the uncertainty is MAD-based. */
	assert_true(lad.rung[1].inc_err[METRIC_STARTUP] > 0);
	assert_true(lad.rung[1].inc_err[METRIC_STARTUP] < 100);
	/* Where the mount rung's millisecond went. */
	assert_string_equal(lad.rung[2].deltas[0].name, "mounts");
	assert_true(lad.rung[2].deltas[0].ns == 1000);
	assert_non_null(strstr(lad.rung[2].adds, "+mount namespace"));
	assert_non_null(strstr(lad.rung[2].adds, "+own root filesystem"));
	assert_null(strstr(lad.rung[2].adds, "user namespace"));
	assert_non_null(strstr(lad.rung[0].adds, "no isolation"));
	ladder_free(&lad);
}

static void test_skipped_rung_is_stepped_over(void **state)
{
	struct ladder lad;
	struct err e = { 0 };
	const char *specs[] = { "p:process", "vm:microvm", "c:container" };

	(void)state;
	memset(&lad, 0, sizeof(lad));
	for (int i = 0; i < 3; i++) {
		struct ladder_rung *r = &lad.rung[lad.n++];

		assert_int_equal(variant_parse(specs[i], &r->v, &e), 0);
		result_set_init(&r->rs);
		if (i != 1)
			add_run(r, 100 * (uint64_t)(i + 1), 0, 20);
	}
	snprintf(lad.rung[1].skipped, sizeof(lad.rung[1].skipped), "no kvm");
	assert_int_equal(ladder_derive(&lad, &e), 0);
	assert_int_equal(lad.rung[2].below, 0);
	assert_true(lad.rung[2].inc[METRIC_STARTUP] == 200);
	ladder_free(&lad);
}

static void expect_file_error(const char *text, const char *needle)
{
	char path[] = "/tmp/isolab-test-ladder.XXXXXX";
	int fd = mkstemp(path);
	struct ladder lad;
	struct err e = { 0 };

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(ladder_file_read(path, &lad, &e), -1);
	unlink(path);
	assert_int_equal(e.kind, ERR_USAGE);
	assert_non_null(strstr(e.msg, needle));
	assert_null(strchr(e.msg, '\n'));
}

static void test_bad_files(void **state)
{
	(void)state;
	expect_file_error("process:process\n\n# c\nnolauncher\n", ":4: variant 'nolauncher' is not LABEL:LAUNCHER");
	expect_file_error("a:vm\n", ":1: variant 'a': unknown launcher 'vm'");
	expect_file_error("a:container:ns=user\n", ":1: variant 'a': 'ns=user' is not --OPTION=VALUE");
	expect_file_error("a:container:--mem=64\n", ":1: variant 'a': --mem is not an option of the container launcher");
	expect_file_error("a:process:\n", ":1: variant 'a': nothing after the last ':'");
	expect_file_error("  # only a comment\n", "has no rungs");
}

static void test_variant_options_hold_commas(void **state)
{
	struct variant v;
	struct err e = { 0 };
	struct isolation iso;

	(void)state;
	assert_int_equal(variant_parse("x:container:--ns=user,pid,uts,--seccomp=off", &v, &e), 0);
	isolation_of(v.launcher, v.config, &iso);
	assert_true(iso.has[ISOLATION_USER_NS] && iso.has[ISOLATION_PID_NS] &&
		    iso.has[ISOLATION_UTS_NS]);
	assert_false(iso.has[ISOLATION_NET_NS] || iso.has[ISOLATION_SECCOMP]);
	assert_string_equal(v.label, "x");
	variant_free(&v);
}

static int parse(struct cli *cli, struct err *e, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	memset(e, 0, sizeof(*e));
	return cli_parse(cli, argc, argv, e);
}

static void test_cli_sweep_and_variants(void **state)
{
	char *sweep[] = { "isolab", "compare", "--workload", "mem:1,2,4,8", NULL };
	char *vars[] = { "isolab", "compare", "--variant", "bare:container:--ns=none,--seccomp=off",
			 "--variant", "full:container", NULL };
	char *bad_list[] = { "isolab", "run", "-l", "process", "--workload", "mem:1,,2", NULL };
	char *bad_value[] = { "isolab", "run", "-l", "process", "--workload", "cpu:5,x", NULL };
	char *twice[] = { "isolab", "compare", "--variant", "a:process", "--variant", "a:process", NULL };
	char *with_opt[] = { "isolab", "compare", "--variant", "a:container", "--ns", "none", NULL };
	struct cli cli;
	struct err e;
	struct isolation iso;

	(void)state;
	assert_int_equal(parse(&cli, &e, sweep), 0);
	assert_int_equal(cli.nworkloads, 4);
	assert_string_equal(cli.workloads[0], "mem:1");
	assert_string_equal(cli.workloads[3], "mem:8");
	cli_free(&cli);

	assert_int_equal(parse(&cli, &e, vars), 0);
	assert_int_equal(cli.nvariants, 2);
	assert_string_equal(cli.variants[0].label, "bare");
	isolation_of(cli.variants[0].launcher, cli.variants[0].config, &iso);
	assert_false(iso.has[ISOLATION_PID_NS] || iso.has[ISOLATION_SECCOMP]);
	isolation_of(cli.variants[1].launcher, cli.variants[1].config, &iso);
	assert_true(iso.has[ISOLATION_PID_NS] && iso.has[ISOLATION_SECCOMP]);
	cli_free(&cli);

	assert_int_equal(parse(&cli, &e, bad_list), -1);
	assert_non_null(strstr(e.msg, "an empty item"));
	cli_free(&cli);
	assert_int_equal(parse(&cli, &e, bad_value), -1);
	assert_non_null(strstr(e.msg, "workload cpu:N"));
	cli_free(&cli);
	assert_int_equal(parse(&cli, &e, twice), -1);
	assert_non_null(strstr(e.msg, "given twice"));
	cli_free(&cli);
	assert_int_equal(parse(&cli, &e, with_opt), -1);
	assert_non_null(strstr(e.msg, "inside each variant"));
	cli_free(&cli);
}

static void test_ladder_command_line(void **state)
{
	char *ok[] = { "isolab", "ladder", "-n3", "--warmup=0", "-w", "cpu:10", "--ladder", "x", NULL };
	char *bad[] = { "isolab", "ladder", "--reps", "0", NULL };
	char *stray[] = { "isolab", "ladder", "extra", NULL };
	struct ladder_opts o;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(ladder_cmd_parse(8, ok, &o, &e), 0);
	assert_int_equal(o.reps, 3);
	assert_int_equal(o.warmup, 0);
	assert_string_equal(o.workload, "cpu:10");
	assert_string_equal(o.ladder_path, "x");
	assert_int_equal(ladder_cmd_parse(4, bad, &o, &e), -1);
	assert_int_equal(e.kind, ERR_USAGE);
	assert_int_equal(ladder_cmd_parse(3, stray, &o, &e), -1);
	assert_non_null(strstr(e.msg, "'extra'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard_ladder),
		cmocka_unit_test(test_increments_add_up),
		cmocka_unit_test(test_skipped_rung_is_stepped_over),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_variant_options_hold_commas),
		cmocka_unit_test(test_cli_sweep_and_variants),
		cmocka_unit_test(test_ladder_command_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
