/*
 * junit.h - JUnit XML reports (report/junit.c), the format every CI reads:
 * one <testsuite> in <testsuites>, one <testcase> per check, a <failure>
 * with a message and the full explanation as its text. The schema ipt-sim
 * writes to is tests/review/junit.xsd (the common Ant/Jenkins shape).
 */
#ifndef IPTSIM_JUNIT_H
#define IPTSIM_JUNIT_H

#include <stddef.h>

struct junit_case {
    const char *name;            /* shown as the test's name */
    const char *classname;       /* groups tests: the expectations file */
    const char *file;            /* optional: source file of the test */
    unsigned line;               /* optional (0): its line */
    const char *failure_message; /* NULL: passed */
    const char *failure_type;
    const char *failure_text; /* the long explanation (a trace) */
    const char *system_out;   /* optional */
};

/* Writes the report to `path` ("-": standard output). Returns 0, or -1 with
 * a message in err. */
int junit_write(const char *path, const char *suite, const struct junit_case *v, size_t n,
                char *err, size_t nerr);

#endif
