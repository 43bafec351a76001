/* engine: grades one lab. Copies only the student's sources named in the
 * manifest into a fresh build directory next to a pristine copy of the
 * lab's support files, builds from clean, runs every test with its
 * timeout, removes the build directory. Produces a report; printing it is
 * lab/check/render.h's job. A build error or a missing file fails the
 * tests with the reason; only a broken lab or machine is an err. The
 * measured numbers in the student's answers.md are checked against their
 * results files too (reported apart from the points). */
#ifndef ISOLAB_CHECK_ENGINE_H
#define ISOLAB_CHECK_ENGINE_H

#include <stdbool.h>

#include "lab/check/answers.h"
#include "lab/check/manifest.h"
#include "lab/host/err.h"

struct check_outcome {
	char name[80];
	int points, max;
	char why[400]; /* empty when passed */
};

struct check_report {
	const struct manifest *lab;
	struct check_outcome tests[MANIFEST_MAX_TESTS];
	int ntests;
	int auto_points, auto_max, teacher_max;
	/* The measured answers in answers.md (lab/check/answers.h): shown
	 * apart, for the teacher; they do not change the automatic total. */
	struct answer_outcome answers[MANIFEST_MAX_TESTS];
	int nanswers, answers_verified;
};

int check_lab(const struct manifest *lab, const char *student_dir,
	      struct check_report *report, struct err *err);

static inline bool check_passed(const struct check_report *r)
{
	return r->auto_points == r->auto_max;
}

#endif
