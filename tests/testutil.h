/* powermap tests — shared helpers: temp dirs, files, running the CLI, dumps. */
#ifndef POWERMAP_TESTUTIL_H
#define POWERMAP_TESTUTIL_H

#include <stddef.h>

#ifdef PM_ASAN
#include <sanitizer/lsan_interface.h>
/* Fail the current test if it leaked (Criterion forks each test). */
#define PM_LEAK_CHECK() \
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "memory leaked (see LSan report)")
#else
#define PM_LEAK_CHECK() ((void)0)
#endif

/*
 * A Criterion test whose body is followed by a leak check under ASan.
 * (Assertions or aborts in a suite's .fini do not fail a test in
 * Criterion 2.4, so the check has to run inside the test itself.)
 */
#define PM_TEST(suite, name)                                     \
	static void suite##_##name##_body(void);                 \
	Test(suite, name)                                        \
	{                                                        \
		suite##_##name##_body();                         \
		PM_LEAK_CHECK();                                 \
	}                                                        \
	static void suite##_##name##_body(void)

/* A fresh temporary directory (removed by tu_rmdir). Aborts on failure. */
char *tu_tmpdir(void);

/* Remove a directory tree and free the path. */
void tu_rmdir(char *dir);

/* dir/name, newly allocated. */
char *tu_path(const char *dir, const char *name);

/* Write `content` to dir/name; returns the path (caller frees). */
char *tu_write(const char *dir, const char *name, const char *content);

/* Read a whole file (NUL-terminated); NULL if missing. Caller frees. */
char *tu_read(const char *path);

/* Result of running the powermap binary. */
struct tu_run {
	int status;   /* exit code, or 128 + signal */
	char *out;    /* stdout */
	char *err;    /* stderr */
};

/*
 * Run $POWERMAP_BIN with --db db (if db is not NULL) and the NULL-terminated
 * arguments; capture stdout and stderr. Free with tu_run_free.
 */
void tu_pm(struct tu_run *r, const char *db, ...);

/* Same, with the arguments as a NULL-terminated array (stdin is /dev/null). */
void tu_pm_argv(struct tu_run *r, const char *db, const char *const *args);

/*
 * Same, as a user without privileges: as root, the program runs as nobody
 * (65534), so that file permissions apply to it.
 */
void tu_pm_unprivileged(struct tu_run *r, const char *db, const char *const *args);

/* Same, with `input` written to the program's stdin through a pipe. */
void tu_pm_input(struct tu_run *r, const char *db, const char *input, const char *const *args);

void tu_run_free(struct tu_run *r);

/* Every row of every table of the database at `path`, as text. Caller frees. */
char *tu_db_dump(const char *path);

/* $POWERMAP_GRAPHS/sub (e.g. "demo-ja/people.csv"), newly allocated. */
char *tu_graph(const char *sub);

/* Import every file of both demo accounts (graphs/demo-ja, demo-en) into db. */
void tu_import_demo(struct tu_run *r, const char *db);

/*
 * The fixture of the suites that work on the demo: a fresh folder (*dir)
 * with both demo accounts imported into *db (aborts, saying why, when the
 * import fails); tu_demo_end removes it and frees both.
 */
void tu_demo_begin(char **dir, char **db);
void tu_demo_end(char *dir, char *db);

#endif
