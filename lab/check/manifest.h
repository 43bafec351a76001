/* manifest: a lab described as data, read from curriculum/labN-NAME/lab.conf.
 *
 * One directive a line, '#' starts a comment:
 *   id LAB                       e.g. lab1
 *   title TEXT
 *   source FILE                  a file the student writes (copied to the build)
 *   build CMD...                 run in the build directory (no shell)
 *   test KIND POINTS TIMEOUT_S NAME...   an automatic test (KIND: lab/check/tests.h)
 *   teacher POINTS QUESTION...   a question the teacher grades (answers.md)
 *   answer KEY probe LAUNCHER CLASS   a measured answer in answers.md, checked
 *   answer KEY run LAUNCHER FIELD     against the results file the student
 *                                names (lab/check/answers.h says how)
 * The lab's support/ folder (Makefile, helpers) is copied next to the
 * sources, pristine; starter/ is what `isolab lab start` hands out. */
#ifndef ISOLAB_CHECK_MANIFEST_H
#define ISOLAB_CHECK_MANIFEST_H

#include "lab/host/err.h"

#define MANIFEST_MAX_SOURCES 8
#define MANIFEST_MAX_TESTS 24
#define MANIFEST_MAX_ARGS 8

struct manifest_test {
	char kind[48];
	char name[80];
	int points;
	int timeout_s;
};

struct manifest_question {
	char text[160];
	int points;
};

/* A measured answer: KEY's number must be QUERY of its results file. */
struct manifest_answer {
	char key[48];
	char section[8];  /* "probe" or "run" */
	char launcher[48];
	char field[24];   /* a reach class, or a run field */
};

struct manifest {
	char dir[4096]; /* the lab's folder */
	char id[32];
	char title[128];
	char sources[MANIFEST_MAX_SOURCES][64];
	int nsources;
	char build_args[MANIFEST_MAX_ARGS][64];
	int nbuild_args;
	struct manifest_test tests[MANIFEST_MAX_TESTS];
	int ntests;
	struct manifest_question questions[MANIFEST_MAX_TESTS];
	int nquestions;
	struct manifest_answer answers[MANIFEST_MAX_TESTS];
	int nanswers;
};

/* Read DIR/lab.conf into m. Errors name the file and line. */
int manifest_read(const char *dir, struct manifest *m, struct err *err);

#endif
