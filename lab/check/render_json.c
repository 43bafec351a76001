#include "lab/check/render.h"

#include "lab/report/json.h"

void render_json(FILE *f, const struct check_report *r)
{
	fputs("{\"schema\":\"isolab-check/1\",", f);
	json_key(f, "lab");
	json_string(f, r->lab->id);
	fputc(',', f);
	json_key(f, "title");
	json_string(f, r->lab->title);
	fputs(",\"tests\":[", f);
	for (int i = 0; i < r->ntests; i++) {
		const struct check_outcome *o = &r->tests[i];

		fputs(i ? ",{" : "{", f);
		json_key(f, "name");
		json_string(f, o->name);
		fprintf(f, ",\"passed\":%s,\"points\":%d,\"max\":%d,",
			o->why[0] ? "false" : "true", o->points, o->max);
		json_key(f, "reason");
		json_string(f, o->why);
		fputc('}', f);
	}
	fprintf(f, "],\"automatic\":{\"points\":%d,\"max\":%d},", r->auto_points,
		r->auto_max);
	fprintf(f, "\"teacher\":{\"max\":%d,\"questions\":[", r->teacher_max);
	for (int i = 0; i < r->lab->nquestions; i++) {
		fprintf(f, "%s{\"points\":%d,", i ? "," : "",
			r->lab->questions[i].points);
		json_key(f, "question");
		json_string(f, r->lab->questions[i].text);
		fputc('}', f);
	}
	fprintf(f, "]},\"answers\":{\"verified\":%d,\"total\":%d,\"items\":[",
		r->answers_verified, r->nanswers);
	for (int i = 0; i < r->nanswers; i++) {
		const struct answer_outcome *a = &r->answers[i];

		fputs(i ? ",{" : "{", f);
		json_key(f, "key");
		json_string(f, a->key);
		fprintf(f, ",\"verified\":%s,", a->why[0] ? "false" : "true");
		json_key(f, "state");
		json_string(f, answer_state_name(a->state));
		fputc(',', f);
		json_key(f, "file");
		json_string(f, a->file);
		fputc(',', f);
		json_key(f, "reason");
		json_string(f, a->why);
		fputc('}', f);
	}
	fprintf(f, "]},\"passed\":%s}\n", check_passed(r) ? "true" : "false");
}
