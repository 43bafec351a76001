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
}
