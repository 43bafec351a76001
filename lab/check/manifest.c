#include "lab/check/manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/check/answers.h"
#include "lab/check/tests.h"

/* Split s in place on blanks; returns the number of words. */
static int split_words(char *s, char **w, int max)
{
	int n = 0;

	for (char *tok = strtok(s, " \t"); tok && n < max;
	     tok = strtok(NULL, " \t"))
		w[n++] = tok;
	return n;
}

static int copy_word(char *dst, size_t len, const char *src)
{
	return snprintf(dst, len, "%s", src) >= (int)len ? -1 : 0;
}

/* The words from w[from] on, joined with one space. */
static void join_words(char *dst, size_t len, char **w, int from, int n)
{
	size_t used = 0;

	dst[0] = '\0';
	for (int i = from; i < n && used < len; i++)
		used += (size_t)snprintf(dst + used, len - used, "%s%s",
					 i > from ? " " : "", w[i]);
}

static int parse_points(const char *s, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_line(struct manifest *m, char **w, int n)
{
	if (!strcmp(w[0], "id") && n == 2)
		return copy_word(m->id, sizeof(m->id), w[1]);
	if (!strcmp(w[0], "title") && n >= 2) {
		join_words(m->title, sizeof(m->title), w, 1, n);
		return 0;
	}
	if (!strcmp(w[0], "source") && n == 2 &&
	    m->nsources < MANIFEST_MAX_SOURCES && !strchr(w[1], '/'))
		return copy_word(m->sources[m->nsources++], sizeof(m->sources[0]),
				 w[1]);
	if (!strcmp(w[0], "build") && n >= 2 && n - 1 <= MANIFEST_MAX_ARGS) {
		for (int i = 1; i < n; i++)
			if (copy_word(m->build_args[i - 1],
				      sizeof(m->build_args[0]), w[i]) < 0)
				return -1;
		m->nbuild_args = n - 1;
		return 0;
	}
	if (!strcmp(w[0], "test") && n >= 5 && m->ntests < MANIFEST_MAX_TESTS) {
		struct manifest_test *t = &m->tests[m->ntests];

		if (copy_word(t->kind, sizeof(t->kind), w[1]) < 0 ||
		    !check_test_find(t->kind) ||
		    parse_points(w[2], 1000, &t->points) < 0 ||
		    parse_points(w[3], 600, &t->timeout_s) < 0 ||
		    t->timeout_s == 0)
			return -1;
		join_words(t->name, sizeof(t->name), w, 4, n);
		m->ntests++;
		return 0;
	}
	if (!strcmp(w[0], "teacher") && n >= 3 &&
	    m->nquestions < MANIFEST_MAX_TESTS) {
		struct manifest_question *q = &m->questions[m->nquestions];

		if (parse_points(w[1], 1000, &q->points) < 0)
			return -1;
		join_words(q->text, sizeof(q->text), w, 2, n);
		m->nquestions++;
		return 0;
	}
	if (!strcmp(w[0], "answer") && n == 5 && m->nanswers < MANIFEST_MAX_TESTS) {
		struct manifest_answer *a = &m->answers[m->nanswers];

		if (copy_word(a->key, sizeof(a->key), w[1]) < 0 ||
		    copy_word(a->section, sizeof(a->section), w[2]) < 0 ||
		    copy_word(a->launcher, sizeof(a->launcher), w[3]) < 0 ||
		    copy_word(a->field, sizeof(a->field), w[4]) < 0 ||
		    !answers_query_known(a))
			return -1;
		m->nanswers++;
		return 0;
	}
	return -1;
}

int manifest_read(const char *dir, struct manifest *m, struct err *err)
{
	char path[4200], line[512];
	int lineno = 0, rc = 0;
	FILE *f;

	memset(m, 0, sizeof(*m));
	if (copy_word(m->dir, sizeof(m->dir), dir) < 0)
		return err_set(err, ERR_USAGE, "lab path too long: %s", dir);
	snprintf(path, sizeof(path), "%s/lab.conf", dir);
	f = fopen(path, "r");
	if (!f)
		return err_sys(err, "cannot read %s", path);
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *w[40], *hash = strchr(line, '#');
		int n;

		lineno++;
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		n = split_words(line, w, 40);
		if (n && parse_line(m, w, n) < 0)
			rc = err_set(err, ERR_RUNTIME,
				     "%s line %d: not a valid directive (see lab/check/manifest.h)",
				     path, lineno);
	}
	fclose(f);
	if (rc == 0 && (!m->id[0] || !m->nsources || !m->nbuild_args ||
			!m->ntests))
		rc = err_set(err, ERR_RUNTIME,
			     "%s: needs id, source, build and at least one test",
			     path);
	return rc;
}
