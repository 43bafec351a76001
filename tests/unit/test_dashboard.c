/* dashboard: the layout arithmetic, sparkline and bar scaling, the
 * checklist panel drawn from an isolation struct, the ladder view's
 * staircase, and the `o` key's option steps. */
#include "tests/unit/cmocka_all.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/core/launchers.h"

#include "lab/dashboard/canvas.h"
#include "lab/dashboard/keys.h"
#include "lab/dashboard/layout.h"
#include "lab/dashboard/option_cycle.h"
#include "lab/dashboard/panels.h"
#include "lab/dashboard/render.h"
#include "lab/dashboard/spark.h"
#include "lab/dashboard/staircase.h"
#include "lab/dashboard/ui.h"

static void check_layout_fits(int w, int h, int ncols)
{
	struct layout l;
	int right = 0;

	layout_compute(w, h, ncols, &l);
	assert_false(l.too_small);
	assert_int_equal(l.top.y, 0);
	assert_int_equal(l.status.y, h - 2);
	assert_int_equal(l.keys.y, h - 1);
	/* Columns side by side, one blank apart, within the width. */
	for (int c = 0; c < ncols; c++) {
		assert_true(l.col[c].w >= 20);
		if (c)
			assert_int_equal(l.col[c].x, right + 1);
		right = l.col[c].x + l.col[c].w;
	}
	assert_int_equal(right, w);
	/* Panels stacked from row 1, ending above the status line. */
	assert_int_equal(l.panel_y[0], 1);
	for (int p = 1; p < PANEL_COUNT; p++)
		assert_int_equal(l.panel_y[p], l.panel_y[p - 1] + l.panel_h[p - 1]);
	assert_true(l.panel_y[PANEL_COUNT - 1] + l.panel_h[PANEL_COUNT - 1] <=
		    h - 2);
	/* Every checklist item has a row. */
	assert_true((l.panel_h[PANEL_CHECKLIST] - l.titles) * l.checklist_per_line >=
		    ISOLATION_ITEMS);
	assert_true(l.checklist_per_line * l.checklist_cell <= l.col[0].w + 1);
}

static void layout_fits_the_classroom_sizes(void **state)
{
	(void)state;
	check_layout_fits(80, 24, 3);
	check_layout_fits(120, 40, 3);
	check_layout_fits(120, 40, 2);
	check_layout_fits(80, 24, 1);
	check_layout_fits(200, 60, 3);
}

static void layout_titles_and_room_grow_with_the_screen(void **state)
{
	struct layout small, big;

	(void)state;
	layout_compute(80, 24, 3, &small);
	layout_compute(120, 40, 3, &big);
	assert_true(big.titles);
	assert_true(big.panel_h[PANEL_STARTUP] >= small.panel_h[PANEL_STARTUP]);
	/* At 120x40 the workload's output (hello) has lines of its own. */
	assert_true(big.panel_h[PANEL_OUTPUT] >= 6);
}

static void layout_below_the_minimum_is_too_small(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(79, 24, 3, &l);
	assert_true(l.too_small);
	layout_compute(80, 23, 3, &l);
	assert_true(l.too_small);
	layout_compute(60, 15, 3, &l);
	assert_true(l.too_small);
}

static void spark_scales_to_the_shared_maximum(void **state)
{
	(void)state;
	assert_int_equal(spark_height(0, 100, 2), 0);
	assert_int_equal(spark_height(50, 0, 2), 0);
	assert_int_equal(spark_height(100, 100, 2), 16);
	assert_int_equal(spark_height(200, 100, 2), 16); /* clipped */
	assert_int_equal(spark_height(50, 100, 2), 8);
	assert_int_equal(spark_height(50, 100, 1), 4);
	/* Any non-zero value shows at least one step. */
	assert_int_equal(spark_height(1, 1000000, 1), 1);
	/* Proportional: twice the value, twice the height. */
	assert_int_equal(spark_height(25, 100, 2) * 2, spark_height(50, 100, 2));
}

static void spark_fills_rows_from_the_bottom(void **state)
{
	(void)state;
	assert_int_equal(spark_fill(12, 0), 8);
	assert_int_equal(spark_fill(12, 1), 4);
	assert_int_equal(spark_fill(3, 1), 0);
	assert_int_equal(spark_fill(16, 1), 8);
}

static void bars_scale_and_keep_small_parts(void **state)
{
	(void)state;
	assert_int_equal(bar_cells(0, 10, 40), 0);
	assert_int_equal(bar_cells(10, 10, 40), 40);
	assert_int_equal(bar_cells(5, 10, 40), 20);
	assert_int_equal(bar_cells(0.001, 10, 40), 1);
	assert_int_equal(bar_cells(20, 10, 40), 40);
}

/* The text of row y of the canvas, UTF-8. */
static void row_text(const struct canvas *cv, int y, char *out, size_t len)
{
	size_t n = 0;

	for (int x = 0; x < cv->w && n + 5 < len; x++)
		n += (size_t)utf8_encode(cv->cells[y * cv->w + x].ch, out + n);
	out[n] = '\0';
}

enum { PANEL_W = 40, PANEL_H = 5 };

/* A panel of one column drawn on a fresh canvas (UTF-8 or ASCII): its
 * rows as text. */
static void draw_panel(void (*draw)(const struct panel_ctx *),
		       const struct dash_column *col, bool utf8,
		       char rows[PANEL_H][256])
{
	struct dash_snapshot snap = { .n = 1 };
	struct canvas cv;
	struct panel_ctx p = {
		.cv = &cv, .r = { 0, 0, PANEL_W, PANEL_H }, .titled = true,
		.per_line = 4, .snap = &snap, .col = col,
	};

	assert_int_equal(canvas_init(&cv, PANEL_W, PANEL_H, utf8), 0);
	draw(&p);
	for (int y = 0; y < PANEL_H; y++)
		row_text(&cv, y, rows[y], sizeof(rows[y]));
	canvas_free(&cv);
}

static void checklist_shows_what_the_config_isolates(void **state)
{
	struct dash_column col = { .name = "x" };
	char rows[PANEL_H][256];

	(void)state;
	col.iso.has[ISOLATION_PID_NS] = true;
	col.iso.has[ISOLATION_SECCOMP] = true;
	draw_panel(panel_checklist_draw, &col, true, rows);
	assert_non_null(strstr(rows[0], "isolation"));
	assert_non_null(strstr(rows[1], "✓ pid"));
	assert_non_null(strstr(rows[1], "✗ mount"));
	assert_non_null(strstr(rows[3], "✓ seccmp"));
	assert_non_null(strstr(rows[3], "✗ rootfs"));

	/* ASCII, and a changed config changes the list. */
	col.iso.has[ISOLATION_PID_NS] = false;
	draw_panel(panel_checklist_draw, &col, false, rows);
	assert_non_null(strstr(rows[1], "- pid"));
	assert_non_null(strstr(rows[3], "+ seccmp"));
}

/* A launcher that cannot run here gives its reason once, in the startup
 * panel; its reach panel says it was not probed, in a few words. A probe
 * that failed on its own keeps its reason. */
static void reach_of_a_launcher_that_cannot_run_is_short(void **state)
{
	struct dash_column col = { .name = "microvm" };
	char rows[PANEL_H][256];

	(void)state;
	col.reach.state = REACH_FAILED;
	snprintf(col.reach.reason, sizeof(col.reach.reason),
		 "cannot open /dev/kvm (load kvm_intel or kvm_amd)");
	col.run.state = WORKER_CANNOT_RUN;
	draw_panel(panel_reach_draw, &col, true, rows);
	assert_non_null(strstr(rows[1], "not probed: cannot run"));
	for (int y = 0; y < PANEL_H; y++)
		assert_null(strstr(rows[y], "kvm"));

	col.run.state = WORKER_RUNNING;
	draw_panel(panel_reach_draw, &col, true, rows);
	assert_non_null(strstr(rows[1], "cannot open /dev/kvm"));
}

/* A micro-VM's seven phases do not fit a narrow column's legend with their
 * times: it names them without, and where even the names do not all fit,
 * shows those that do, then "+N" for the rest, never a bar of seven parts
 * beside a legend of five that looks complete. Three phases keep their
 * times. */
static void legend_says_how_many_phases_it_leaves_out(void **state)
{
	static const char *const names[] = { "vm", "memory", "load", "vcpu",
					     "seccomp", "guest kernel", "ready" };
	struct dash_column col = { .name = "microvm" };
	struct sample_summary *s = &col.run.summary;
	char rows[PANEL_H][256], *more;
	int shown = 0;

	(void)state;
	col.run.state = WORKER_RUNNING;
	s->startup.n = 1;
	s->startup.median = s->startup.p95 = 1e6;
	s->nphases = (int)(sizeof(names) / sizeof(names[0]));
	for (int i = 0; i < s->nphases; i++)
		s->phase_median[i] = (struct phase_span){ names[i], 100000 };
	draw_panel(panel_startup_draw, &col, true, rows);
	for (int i = 0; i < s->nphases; i++)
		shown += strstr(rows[PANEL_H - 1], names[i]) != NULL;
	more = strchr(rows[PANEL_H - 1], '+');
	assert_true(shown > 0 && shown < s->nphases);
	assert_non_null(more);
	assert_int_equal(atoi(more + 1), s->nphases - shown);
	assert_null(strstr(rows[PANEL_H - 1], "µs"));

	s->nphases = 3;
	draw_panel(panel_startup_draw, &col, true, rows);
	assert_non_null(strstr(rows[PANEL_H - 1], "vm 100 µs"));
	assert_non_null(strstr(rows[PANEL_H - 1], "load 100 µs"));
	assert_null(strchr(rows[PANEL_H - 1], '+'));
}

static void staircase_steps_line_up(void **state)
{
	/* 1, 1.5, 1.5 (+0), 3 ms: the top gets the full width. */
	const double med[] = { 1e6, 1.5e6, 1.5e6, 3e6 };
	const bool has[] = { true, true, true, true };
	struct stair st[4];

	(void)state;
	staircase_compute(med, has, 4, 60, st);
	assert_int_equal(st[0].below, -1);
	assert_int_equal(st[0].base_cells, 0);
	assert_int_equal(st[0].inc_cells, 20);
	assert_true(st[0].inc_ns == 1e6);
	for (int i = 1; i < 4; i++) {
		/* Each bar is the whole median; its base is the bar below. */
		assert_int_equal(st[i].below, i - 1);
		assert_int_equal(st[i].base_cells + st[i].inc_cells,
				 bar_cells(med[i], 3e6, 60));
		assert_int_equal(st[i].base_cells,
				 st[i - 1].base_cells + st[i - 1].inc_cells);
		assert_true(st[i].inc_ns == med[i] - med[i - 1]);
	}
	assert_int_equal(st[1].inc_cells, 10);
	assert_int_equal(st[2].inc_cells, 0);
	assert_int_equal(st[3].base_cells + st[3].inc_cells, 60);
	/* The increments add up to the top rung's total. */
	assert_true(st[0].inc_ns + st[1].inc_ns + st[2].inc_ns + st[3].inc_ns ==
		    med[3]);
}

static void staircase_skips_rungs_without_a_median(void **state)
{
	/* The second cannot run; the third counts from the first. A
	 * cheaper rung is all base, its increment negative. */
	const double med[] = { 2e6, 0, 4e6, 3e6 };
	const bool has[] = { true, false, true, true };
	struct stair st[4];

	(void)state;
	staircase_compute(med, has, 4, 40, st);
	assert_false(st[1].has);
	assert_int_equal(st[1].base_cells + st[1].inc_cells, 0);
	assert_int_equal(st[2].below, 0);
	assert_true(st[2].inc_ns == 2e6);
	assert_int_equal(st[2].base_cells, 20);
	assert_int_equal(st[2].inc_cells, 20);
	assert_int_equal(st[3].below, 2);
	assert_true(st[3].inc_ns == -1e6);
	assert_int_equal(st[3].base_cells, 30);
	assert_int_equal(st[3].inc_cells, 0);
}

static void staircase_names_the_phase_that_grew_most(void **state)
{
	const struct phase_span below[] = { { "clone", 300 }, { "exec", 500 } };
	const struct phase_span rung[] = { { "clone", 400 }, { "mounts", 900 },
					   { "exec", 450 } };
	const char *name;
	double grew;

	(void)state;
	assert_true(staircase_top_phase(rung, 3, below, 2, &name, &grew));
	assert_string_equal(name, "mounts"); /* new: grew from 0 */
	assert_true(grew == 900);
	{
		const struct phase_span same[] = { { "clone", 400 }, { "exec", 450 } };

		assert_true(staircase_top_phase(same, 2, below, 2, &name, &grew));
		assert_string_equal(name, "clone");
		assert_true(grew == 100);
	}
	/* Another timeline (the rung lacks "exec"): no phase compares. */
	assert_false(staircase_top_phase(rung, 2, below, 2, &name, &grew));
	assert_null(name);
	/* Nothing grew: no phase to name. */
	assert_false(staircase_top_phase(below, 2, below, 2, &name, &grew));
	assert_null(name);
}

static void ladder_view_labels_rungs_and_reasons(void **state)
{
	static struct dash_snapshot snap;
	struct canvas cv;
	char line[512];

	(void)state;
	memset(&snap, 0, sizeof(snap));
	snap.n = 3;
	snap.col[0].name = "process";
	snap.col[0].run.summary.startup = (struct stats){ .n = 5, .median = 1e6 };
	snap.col[1].name = "+pid ns";
	snap.col[1].run.summary.startup = (struct stats){ .n = 5, .median = 2.5e6 };
	snap.col[1].run.summary.runs = 5;
	snap.col[2].name = "micro-VM";
	snap.col[2].run.state = WORKER_CANNOT_RUN;
	snprintf(snap.col[2].run.reason, sizeof(snap.col[2].run.reason),
		 "cannot open /dev/kvm");
	assert_int_equal(canvas_init(&cv, 80, 12, true), 0);
	view_ladder_draw(&cv, 0, 12, &snap);
	row_text(&cv, 0, line, sizeof(line));
	assert_non_null(strstr(line, "isolation ladder"));
	row_text(&cv, 2, line, sizeof(line));
	assert_non_null(strstr(line, "process "));
	assert_non_null(strstr(line, "1.00 ms"));
	assert_non_null(strstr(line, "base"));
	row_text(&cv, 4, line, sizeof(line));
	assert_non_null(strstr(line, "+pid ns "));
	assert_non_null(strstr(line, "2.50 ms"));
	assert_non_null(strstr(line, "+1.50 ms"));
	assert_non_null(strstr(line, "runs 5"));
	row_text(&cv, 6, line, sizeof(line));
	assert_non_null(strstr(line, "micro-VM"));
	assert_non_null(strstr(line, "cannot run here: cannot open /dev/kvm"));
	canvas_free(&cv);
}

/* The bottom line of a screen w x h, main view or ladder view. */
static void hint_line(int w, int h, bool ladder, char *line, size_t len)
{
	static struct dash_snapshot snap, rungs;
	struct canvas cv;
	size_t n;

	memset(&snap, 0, sizeof(snap));
	memset(&rungs, 0, sizeof(rungs));
	snap.n = 3;
	snap.col[0].name = "process";
	snap.col[1].name = "container";
	snap.col[2].name = "microvm";
	rungs.n = 1;
	rungs.col[0].name = "process";
	snap.ladder = ladder ? &rungs : NULL;
	assert_int_equal(canvas_init(&cv, w, h, true), 0);
	render_screen(&cv, &snap, false);
	row_text(&cv, h - 1, line, len);
	canvas_free(&cv);
	n = strlen(line);
	while (n && line[n - 1] == ' ')
		line[--n] = '\0';
}

static bool is_hint(const char *text)
{
	for (int i = 0; i < key_table_len; i++)
		if (key_table[i].hint && !strcmp(key_table[i].hint, text))
			return true;
	return false;
}

/* Every piece of the line, two blanks apart, is a whole hint. */
static void check_whole_hints(const char *line)
{
	char copy[1024], *p = copy;

	snprintf(copy, sizeof(copy), "%s", line);
	while (*p) {
		char *gap = strstr(p, "  ");

		if (gap)
			*gap = '\0';
		if (!is_hint(p))
			fail_msg("hint line [%s]: [%s] is not a whole hint", line, p);
		p = gap ? gap + 2 : p + strlen(p);
	}
}

static void hint_line_keeps_whole_hints_and_help(void **state)
{
	static const int widths[] = { 80, 81, 90, 100, 120, 200 };
	char line[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++)
		for (int ladder = 0; ladder < 2; ladder++) {
			hint_line(widths[i], 24, ladder, line, sizeof(line));
			check_whole_hints(line);
			assert_non_null(strstr(line, "? help"));
			assert_true(strlen(line) <= (size_t)widths[i]);
		}
	/* At the minimum size, the view switch and the option key stay. */
	hint_line(80, 24, false, line, sizeof(line));
	assert_non_null(strstr(line, "l ladder"));
	assert_non_null(strstr(line, "o option"));
	hint_line(200, 24, false, line, sizeof(line));
	assert_non_null(strstr(line, "e export"));
	assert_non_null(strstr(line, "p probe"));
	/* Keys that do not act in the ladder view have no hint there. */
	hint_line(200, 24, true, line, sizeof(line));
	assert_null(strstr(line, "o option"));
	assert_null(strstr(line, "p probe"));
	assert_non_null(strstr(line, "e export"));
	/* A width too narrow for the rest still keeps the help. */
	{
		const struct key_binding *b[32];
		int n = keys_hints(false, 10, b, 32);

		assert_int_equal(n, 1);
		assert_string_equal(b[0]->hint, "? help");
	}
}

static const struct key_binding *binding_of(int key)
{
	for (int i = 0; i < key_table_len; i++)
		for (int k = 0; k < KEY_CODES_MAX && key_table[i].codes[k]; k++)
			if (key_table[i].codes[k] == key)
				return &key_table[i];
	return NULL;
}

/* In the ladder view, o, p and Tab answer why they do not act (and act
 * on nothing: this ui has no workers, so acting would crash), and the
 * help in that view says the same. */
static void ladder_view_refuses_the_column_keys(void **state)
{
	static struct dash_ui ui;
	static const int keys[] = { 'o', 'p', '\t' };
	char why[200];

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct key_binding *b = binding_of(keys[i]);

		memset(&ui, 0, sizeof(ui));
		ui.ladder.on = true;
		ui.focus = 0;
		assert_true(keys_dispatch(&ui, keys[i]));
		assert_non_null(strstr(ui.message, "(l: columns)"));
		/* Beside "workload noop  rate 10/s  cpu 2.1%  " in 80 columns. */
		assert_true(strlen(ui.message) <= 44);
		assert_int_equal(ui.focus, 0);
		assert_non_null(b);
		assert_non_null(strstr(keys_help(b, true, why, sizeof(why)),
				       "not in the ladder view"));
		assert_string_equal(keys_help(b, false, why, sizeof(why)),
				    b->help);
	}
	/* The keys that act in both views have their own help in both. */
	assert_string_equal(keys_help(binding_of('e'), true, why, sizeof(why)),
			    binding_of('e')->help);
	assert_string_equal(keys_help(binding_of(' '), true, why, sizeof(why)),
			    binding_of(' ')->help);
}

/* A launcher of this test's own: `o` steps through what its table lists,
 * skipping the value already given and one the parser refuses, then back
 * to the config as given; nothing in the dashboard names these options. */
enum shade { SHADE_LIGHT, SHADE_DARK, SHADE_NONE };
struct shade_config {
	enum shade shade;
	enum shade edge;
	int size;
};
static const char *const shade_names[] = {
	[SHADE_LIGHT] = "light", [SHADE_DARK] = "dark", [SHADE_NONE] = "none",
};
static int set_edge(void *config, const char *value, struct err *err)
{
	struct shade_config *c = config;
	int i = option_enum_value("edge", shade_names, 3, value, err);

	if (i < 0)
		return -1;
	if (i == SHADE_NONE)
		return err_set(err, ERR_USAGE, "--edge none: not with a size");
	c->edge = (enum shade)i;
	return 0;
}
static void show_size(const void *config, char *buf, size_t len)
{
	snprintf(buf, len, "%d", ((const struct shade_config *)config)->size);
}
static const struct launcher_option shade_options[] = {
	{ .name = "size", .show = show_size }, /* free-form: not cycled */
	{ .name = "shade",
	  LAUNCHER_OPTION_ENUM(struct shade_config, shade, shade_names) },
	{ .name = "edge", .set = set_edge,
	  LAUNCHER_OPTION_ENUM(struct shade_config, edge, shade_names) },
	{ 0 },
};
static const struct launcher shade_launcher = {
	.name = "shade", .options = shade_options,
	.config_size = sizeof(struct shade_config),
};

static void option_cycle_steps_through_listed_values(void **state)
{
	const struct shade_config given = { SHADE_DARK, SHADE_LIGHT, 7 };
	struct shade_config next;
	struct option_step step = { 0 };
	struct err err = { 0 };
	char seen[256] = "";

	(void)state;
	do {
		char shade[16], edge[16];

		assert_int_equal(option_cycle_next(&shade_launcher, &given,
						   step.step, &next, &step,
						   &err), 0);
		assert_int_equal(next.size, 7);
		launcher_option_show(&shade_launcher, &next, "shade", shade,
				     sizeof(shade));
		launcher_option_show(&shade_launcher, &next, "edge", edge,
				     sizeof(edge));
		snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen),
			 "%s=%s:%s/%s ", step.option ? step.option->name : "-",
			 step.value ? step.value : "", shade, edge);
	} while (step.step != 0);
	assert_string_equal(seen, "shade=light:light/light shade=none:none/light "
				  "edge=dark:dark/dark -=:dark/light ");
}

/* The real launchers: each step sets exactly the value it names. */
static void option_cycle_covers_the_launchers_values(void **state)
{
	(void)state;
	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		const struct launcher *l = all_launchers[i];
		char given[4096], next[4096];
		struct option_step step = { 0 };
		struct err err = { 0 };
		int steps = 0;

		assert_true(l->config_size <= sizeof(given));
		if (l->config_init)
			l->config_init(given);
		do {
			char shown[128];
			int rc = option_cycle_next(l, given, step.step, next,
						   &step, &err);

			if (rc < 0) { /* a launcher listing no values */
				assert_int_equal(steps, 0);
				break;
			}
			if (step.option) {
				launcher_option_show(l, next, step.option->name,
						     shown, sizeof(shown));
				assert_string_equal(shown, step.value);
			} else {
				assert_memory_equal(next, given, l->config_size);
			}
			assert_true(++steps < 64);
		} while (step.step != 0);
		if (strcmp(l->name, "process") == 0)
			assert_int_equal(steps, 3); /* vfork posix_spawn, back */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_fits_the_classroom_sizes),
		cmocka_unit_test(layout_titles_and_room_grow_with_the_screen),
		cmocka_unit_test(layout_below_the_minimum_is_too_small),
		cmocka_unit_test(spark_scales_to_the_shared_maximum),
		cmocka_unit_test(spark_fills_rows_from_the_bottom),
		cmocka_unit_test(bars_scale_and_keep_small_parts),
		cmocka_unit_test(checklist_shows_what_the_config_isolates),
		cmocka_unit_test(reach_of_a_launcher_that_cannot_run_is_short),
		cmocka_unit_test(staircase_steps_line_up),
		cmocka_unit_test(staircase_skips_rungs_without_a_median),
		cmocka_unit_test(staircase_names_the_phase_that_grew_most),
		cmocka_unit_test(ladder_view_labels_rungs_and_reasons),
		cmocka_unit_test(hint_line_keeps_whole_hints_and_help),
		cmocka_unit_test(ladder_view_refuses_the_column_keys),
		cmocka_unit_test(option_cycle_steps_through_listed_values),
		cmocka_unit_test(option_cycle_covers_the_launchers_values),
		cmocka_unit_test(legend_says_how_many_phases_it_leaves_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
