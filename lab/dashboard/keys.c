/* keys: the key table and its actions. */
#include "lab/dashboard/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static const int rates[] = { 1, 2, 5, 10, 20, 50, 0 }; /* 0: max */
#define NRATES (int)(sizeof(rates) / sizeof(rates[0]))

void ui_rate_text(int rate, char *buf, size_t len)
{
	if (rate)
		snprintf(buf, len, "%d/s", rate);
	else
		snprintf(buf, len, "max");
}

static void act_quit(struct dash_ui *ui, int key)
{
	(void)key;
	ui->quit = true;
}

static void act_help(struct dash_ui *ui, int key)
{
	(void)key;
	ui->help = !ui->help;
}

static void act_pause(struct dash_ui *ui, int key)
{
	(void)key;
	ui->paused = !ui->paused;
	runner_set_paused(dash_ladder_active(&ui->ladder, &ui->worker),
			  ui->paused);
	snprintf(ui->message, sizeof(ui->message), "%s",
		 ui->paused ? "paused: space resumes" : "resumed");
}

static void act_reset(struct dash_ui *ui, int key)
{
	(void)key;
	runner_reset(dash_ladder_active(&ui->ladder, &ui->worker));
	snprintf(ui->message, sizeof(ui->message), "statistics reset");
}

static void apply_workload(struct dash_ui *ui)
{
	struct runner_job job;

	workloads_job(&ui->workloads.item[ui->workload], ui->args, &job);
	dash_worker_set_job(&ui->worker, &job);
	dash_ladder_set_job(&ui->ladder, &job);
	ui->message[0] = '\0'; /* the status line shows the workload */
}

static void act_workload(struct dash_ui *ui, int key)
{
	int n = ui->workloads.n;

	if (key >= '1' && key <= '9') {
		if (key - '1' >= n)
			return;
		ui->workload = key - '1';
	} else {
		ui->workload = (ui->workload + (key == 'W' ? n - 1 : 1)) % n;
	}
	apply_workload(ui);
}

static void act_size(struct dash_ui *ui, int key)
{
	struct workload_choice *w = &ui->workloads.item[ui->workload];

	if (!workloads_resize(w, key == ']')) {
		snprintf(ui->message, sizeof(ui->message),
			 "%s has no size to change", w->name);
		return;
	}
	apply_workload(ui);
}

static void act_rate(struct dash_ui *ui, int key)
{
	int at = 0;
	uint64_t gap;
	char text[16];

	while (at < NRATES - 1 && rates[at] != ui->rate)
		at++;
	at += key == '+' || key == '=' ? 1 : -1;
	at = at < 0 ? 0 : at >= NRATES ? NRATES - 1 : at;
	ui->rate = rates[at];
	gap = ui->rate ? 1000000000ull / (uint64_t)ui->rate : 0;
	runner_set_gap(ui->worker.runner, gap);
	dash_ladder_set_gap(&ui->ladder, gap);
	ui_rate_text(ui->rate, text, sizeof(text));
	snprintf(ui->message, sizeof(ui->message),
		 "launch rate %s per column", text);
}

static void act_probe(struct dash_ui *ui, int key)
{
	(void)key;
	snprintf(ui->message, sizeof(ui->message), "%s",
		 dash_worker_probe(&ui->worker) ? "probing syscall reach..."
						: "the probe is still running");
}

static void act_export(struct dash_ui *ui, int key)
{
	struct err err = { 0 };

	(void)key;
	if (dash_worker_export(ui->ladder.on ? &ui->ladder.worker : &ui->worker,
			       ui->message, sizeof(ui->message), &err) < 0)
		snprintf(ui->message, sizeof(ui->message), "export failed: %.280s",
			 err.msg);
}

static void act_focus(struct dash_ui *ui, int key)
{
	int n = ui->worker.n;

	ui->focus = (ui->focus + (key == KEY_LEFT || key == KEY_BTAB ? n - 1 : 1)) % n;
}

static void act_option(struct dash_ui *ui, int key)
{
	(void)key;
	dash_worker_cycle_option(&ui->worker, ui->focus, ui->message,
				 sizeof(ui->message));
}

/* Short: the status line shares 80 columns with the workload and rate. */
#define COLUMNS_ONLY "(l: columns)"

static void act_ladder(struct dash_ui *ui, int key)
{
	struct runner_job job;
	struct err err = { 0 };

	(void)key;
	workloads_job(&ui->workloads.item[ui->workload], ui->args, &job);
	if (dash_ladder_toggle(&ui->ladder, &ui->worker, &job, ui->rate,
			       ui->paused, &err) < 0)
		snprintf(ui->message, sizeof(ui->message), "ladder: %.300s",
			 err.msg);
	else
		snprintf(ui->message, sizeof(ui->message), "%s",
			 ui->ladder.on ? "the isolation ladder " COLUMNS_ONLY
				       : "the launcher columns");
}

const struct key_binding key_table[] = {
	{ { 'q', 'Q', KEY_F(10) }, "q F10", "q quit", "quit", NULL, act_quit },
	{ { '?', 'h', KEY_F(1) }, "? h F1", "? help", "this help (any key closes it)", NULL, act_help },
	{ { ' ' }, "space", "space pause", "pause or resume the launches", NULL, act_pause },
	{ { 'w', 'W', '1', '2', '3', '4', '5', '6', '7', '8', '9' }, "w W 1-9",
	  "w workload", "next / previous workload; 1-9 pick: noop cpu mem syscall io hello crash hang --binary",
	  NULL, act_workload },
	{ { '[', ']' }, "[ ]", NULL, "smaller / larger workload size (cpu, mem, syscall, io)", NULL, act_size },
	{ { '+', '=', '-' }, "+ -", "+- rate", "faster / slower launch rate, per column (1/s .. max)", NULL, act_rate },
	{ { 'l' }, "l", "l ladder", "ladder view: a bar per rung, cumulative; l again: the columns", NULL, act_ladder },
	{ { 'o' }, "o", "o option", "cycle the option values its launcher lists (--spawn --seccomp --net ...)",
	  "options are per rung here " COLUMNS_ONLY, act_option },
	{ { '\t', KEY_BTAB, KEY_LEFT, KEY_RIGHT }, "Tab arrows", NULL, "move the focus between columns",
	  "no focus here " COLUMNS_ONLY, act_focus },
	{ { 'r' }, "r", "r reset", "reset the statistics", NULL, act_reset },
	{ { 'p' }, "p", "p probe", "run the syscall reach probe again",
	  "no syscall reach here " COLUMNS_ONLY, act_probe },
	{ { 'e' }, "e", "e export", "export the runs so far (the ladder view: the rungs') as a JSON results file",
	  NULL, act_export },
};
const int key_table_len = sizeof(key_table) / sizeof(key_table[0]);

static bool acts_in(const struct key_binding *b, bool ladder)
{
	return !ladder || !b->not_in_ladder;
}

int keys_hints(bool ladder, int width, const struct key_binding **out,
	       int max)
{
	const struct key_binding *help = NULL;
	int n = 0, used = 0;

	for (int i = 0; i < key_table_len; i++)
		if (key_table[i].run == act_help)
			help = &key_table[i];
	/* The help's room is kept first: it tells what the line leaves out. */
	if (help)
		used = (int)strlen(help->hint) + KEY_HINT_GAP;
	for (int i = 0; i < key_table_len && n < max; i++) {
		const struct key_binding *b = &key_table[i];
		int w = b->hint ? (int)strlen(b->hint) : 0;

		if (!b->hint || !acts_in(b, ladder))
			continue;
		if (b == help) {
			out[n++] = b;
			continue;
		}
		if (used + w > width)
			continue;
		out[n++] = b;
		used += w + KEY_HINT_GAP;
	}
	return n;
}

const char *keys_help(const struct key_binding *b, bool ladder, char *buf,
		      size_t len)
{
	if (acts_in(b, ladder))
		return b->help;
	snprintf(buf, len, "not in the ladder view: %s", b->not_in_ladder);
	return buf;
}

bool keys_dispatch(struct dash_ui *ui, int key)
{
	for (int i = 0; i < key_table_len; i++)
		for (int k = 0; k < KEY_CODES_MAX && key_table[i].codes[k]; k++)
			if (key_table[i].codes[k] == key) {
				if (acts_in(&key_table[i], ui->ladder.on))
					key_table[i].run(ui, key);
				else
					snprintf(ui->message, sizeof(ui->message),
						 "%s: %s", key_table[i].names,
						 key_table[i].not_in_ladder);
				return true;
			}
	return false;
}
