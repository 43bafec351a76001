/* answers: the measured answers in a student's answers.md, checked against
 * the isolab results files they came from.
 *
 * The lab's manifest declares which keys are measured and where in a
 * results file each number is (`answer KEY probe LAUNCHER CLASS`: that
 * launcher's count of a reach class, e.g. reached; `answer KEY run
 * LAUNCHER FIELD`: the median of startup_ns, total_ns or peak_kib over
 * that launcher's runs that did not fail). The student writes
 *     KEY: NUMBER from FILE
 * FILE a results file (`--format json --output FILE`) in the lab folder.
 * An answer is verified when FILE is an isolab result (a schema_version
 * this isolab reads), its environment is this machine's (kernel, CPU
 * model, cores, cgroup layout), and NUMBER equals the file's (run medians
 * within 1%, for rounding). Questions of judgement (`teacher`) are not
 * answers here. Checking only: rendering is lab/check/render_*.c. */
#ifndef ISOLAB_CHECK_ANSWERS_H
#define ISOLAB_CHECK_ANSWERS_H

#include <stdbool.h>

#include "lab/check/manifest.h"
#include "lab/host/hostinfo.h"

enum answer_state {
	ANSWER_VERIFIED,
	ANSWER_MISSING,  /* no "KEY: NUMBER from FILE" line */
	ANSWER_BAD_FILE, /* FILE unreadable, not an isolab result, or lacks it */
	ANSWER_FOREIGN,  /* FILE's environment is not this machine's */
	ANSWER_MISMATCH, /* NUMBER is not FILE's */
};

struct answer_outcome {
	char key[48];
	enum answer_state state;
	double written;  /* what the student wrote */
	double expected; /* what the file says, when it was read */
	char file[64];
	char why[320];   /* empty when verified */
};

/* "verified", "missing", "bad file", "foreign", "mismatch". */
const char *answer_state_name(enum answer_state s);

/* True when the manifest's query names a known section, class or field. */
bool answers_query_known(const struct manifest_answer *a);

/* One outcome per answer the manifest declares, in its order, from
 * DIR/answers.md (out has room for MANIFEST_MAX_TESTS). `here` is this
 * machine. Never fails: what is wrong is each outcome's `why`. */
void answers_check(const struct manifest *lab, const char *student_dir,
		   const struct environment *here, struct answer_outcome *out);

#endif
