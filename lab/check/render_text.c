#include "lab/check/render.h"

void render_text(FILE *f, const struct check_report *r)
{
	fprintf(f, "%s: %s\n", r->lab->id, r->lab->title);
	for (int i = 0; i < r->ntests; i++) {
		const struct check_outcome *o = &r->tests[i];

		if (o->why[0])
			fprintf(f, "%s: FAIL: %s (0/%d)\n", o->name, o->why, o->max);
		else
			fprintf(f, "%s: OK (%d/%d)\n", o->name, o->points, o->max);
	}
	fprintf(f, "automatic total: %d/%d\n", r->auto_points, r->auto_max);
	fprintf(f, "left to the teacher: %d points (answers.md)\n", r->teacher_max);
	for (int i = 0; i < r->lab->nquestions; i++)
		fprintf(f, "  teacher (%d): %s\n", r->lab->questions[i].points,
			r->lab->questions[i].text);
	if (!r->nanswers)
		return;
	fprintf(f, "measured answers (answers.md): %d of %d verified against their results files\n",
		r->answers_verified, r->nanswers);
	for (int i = 0; i < r->nanswers; i++) {
		const struct answer_outcome *a = &r->answers[i];

		if (a->why[0])
			fprintf(f, "  %s: NOT VERIFIED: %s\n", a->key, a->why);
		else
			fprintf(f, "  %s: %g from %s: verified\n", a->key, a->written, a->file);
	}
}
