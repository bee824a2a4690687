/*
 * powermap CLI — shared declarations of the command-line front end.
 * Only src/cli prints to the terminal or decides exit codes.
 */
#ifndef POWERMAP_CLI_H
#define POWERMAP_CLI_H

#include <stdio.h>
#include <time.h>
#include <jansson.h>
#include "powermap/error.h"
#include "powermap/params.h"
#include "powermap/store.h"

struct pm_strbuf;

/* Exit codes. */
#define EXIT_OK 0
#define EXIT_ERR 1
#define EXIT_USAGE 2

struct cli {
	const char *db_path;     /* --db, POWERMAP_DB or ./powermap.db */
	struct pm_store *st;     /* opened for commands with NEEDS_DB */
	const char *name;        /* command name */
	const char *now;         /* POWERMAP_NOW: a fixed clock, or NULL */
	char cmdline[512];       /* "import people.csv ...", recorded in history */
	enum pm_lang lang;       /* --lang, else $POWERMAP_LANG / the locale */
	int lang_said;           /* ... given by --lang, $POWERMAP_LANG or a ja locale */
	int wait_ms;             /* --wait, else $POWERMAP_WAIT, else PM_STORE_WAIT_MS */
	char today[11];          /* cli_today's answer */
};

/*
 * Today as the analyses' default --as-of: POWERMAP_NOW's date, else the
 * date on this machine's clock (TZ), the clock interactions are stored by
 * — so that a meeting at 8:00 in Tokyo counts on its own day, not on
 * yesterday's in UTC.
 */
const char *cli_today(struct cli *c);

/* `en` or `ja` in the command's language. */
#define TR(c, en, ja) PM_TR((c)->lang, en, ja)

/* Open c->db_path (creating it when `create`), recording c->cmdline. */
int cli_open_store(struct cli *c, int create);

/*
 * Work on items 0..n-1 in worker processes, at most `jobs` (1..16) at once,
 * for work that renders or is too slow for one processor. Each item runs in
 * a child of its own, forked from this process (so what one item leaves in
 * a library's globals never reaches another). Closes c->st first (no SQLite
 * connection may cross a fork; c->st is NULL after): the child opens its
 * own and calls work(child's cli, item, out). What work appends to `out`
 * comes back as done(item, bytes, length), in the order items finish. work
 * returns EXIT_OK, or an exit code after printing why: no more items start,
 * the running ones are stopped, and that code is returned; done returning
 * non-zero does the same (EXIT_ERR). EXIT_OK when every item was done.
 */
typedef int (*cli_work_fn)(struct cli *c, size_t item, struct pm_strbuf *out, void *ctx);
typedef int (*cli_done_fn)(size_t item, const char *data, size_t len, void *ctx);
int cli_workers_run(struct cli *c, size_t n, int jobs, cli_work_fn work, cli_done_fn done,
		    void *ctx);

/* Worker processes for `n` items: the processors online, at most 4 and at most n; 1 at least. */
int cli_workers_default(size_t n);

typedef int (*cli_cmd_fn)(struct cli *c, int argc, char **argv);

/* Commands (one file each: src/cli/cmd_<name>.c). */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_accounts(struct cli *c, int argc, char **argv);
int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_add(struct cli *c, int argc, char **argv);
/*
 * rm interaction ID (argv: what follows "interaction"): removed, recorded in
 * the history, and the strength its owner's tie has from the history
 * written again. In a transaction of its own; returns the exit code.
 */
int cli_rm_interaction(struct cli *c, int argc, char **argv);

int cmd_set(struct cli *c, int argc, char **argv);
int cmd_rm(struct cli *c, int argc, char **argv);
int cmd_log(struct cli *c, int argc, char **argv);
int cmd_action(struct cli *c, int argc, char **argv);
int cmd_plan(struct cli *c, int argc, char **argv);
int cmd_kpi(struct cli *c, int argc, char **argv);
int cmd_team(struct cli *c, int argc, char **argv);
int cmd_chart(struct cli *c, int argc, char **argv);
int cmd_review(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_rank(struct cli *c, int argc, char **argv);
int cmd_paths(struct cli *c, int argc, char **argv);
int cmd_next(struct cli *c, int argc, char **argv);
int cmd_factions(struct cli *c, int argc, char **argv);
int cmd_risks(struct cli *c, int argc, char **argv);
int cmd_reach(struct cli *c, int argc, char **argv);
int cmd_config(struct cli *c, int argc, char **argv);
int cmd_draw(struct cli *c, int argc, char **argv);
int cmd_strengths(struct cli *c, int argc, char **argv);
int cmd_engagement(struct cli *c, int argc, char **argv);
int cmd_dedupe(struct cli *c, int argc, char **argv);

/* "powermap: error: ..." on stderr; returns EXIT_ERR. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The message of a library error; returns EXIT_ERR. */
int cli_fail_err(const struct pm_error *err);

/* A usage error for command `cmd`, with a pointer to --help; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The usage error for the option getopt_long just refused in argv (opterr is
 * 0, so getopt says nothing itself): "unknown option '--x'" or "option
 * '--top' needs a value", in the user's language. Returns EXIT_USAGE.
 */
int cli_bad_option(const char *cmd, char *const *argv);

/* Print `text` (a command's help) to stdout and return EXIT_OK. */
int cli_help(const char *text);

/*
 * A command's help in c's language: `en`, or `ja` followed by `ja_more`
 * (NULL, or the rest of a Japanese help longer than one C string may be).
 * Returns EXIT_OK.
 */
int cli_help_in(const struct cli *c, const char *en, const char *ja, const char *ja_more);

/* Print JSON value `v` to stdout (indented), then release it. */
int cli_print_json(json_t *v);


/* Write one change of `strengths` to its link (src/cli/cmd_strengths.c). */
struct pm_strength_change;
int cli_strength_put(struct cli *c, const struct pm_strength_change *ch, struct pm_error *err);

/* --- options shared by the analysis commands (src/cli/params.c) --- */

struct pm_params;

/* getopt_long entries for --as-of, --half-life and --param; codes 900..902. */
#define CLI_PARAM_OPTIONS                                          \
	{ "as-of", required_argument, NULL, 900 },                 \
	{ "half-life", required_argument, NULL, 901 },             \
	{ "param", required_argument, NULL, 902 }

/* Help text for those options: --as-of for commands that judge engagement ... */
#define CLI_PARAM_HELP                                                               \
	"  --as-of DATE        judge recency and engagement as of DATE (default: today)\n" \
	CLI_PARAM_HELP_REST

/* ... and for those that only decay tie strength (rank, factions, draw). */
#define CLI_PARAM_HELP_DECAY                                                         \
	"  --as-of DATE        decay tie strength as of DATE (default: today)\n"        \
	CLI_PARAM_HELP_REST

#define CLI_PARAM_HELP_REST                                                          \
	"  --half-life DAYS    tie strength halves every DAYS without contact (365)\n"     \
	"  --param NAME=VALUE  set any analysis parameter (see 'powermap config')\n"     \
	"  --lang ja|en        language of the output (default: $POWERMAP_LANG, $LANG)\n"

/* The same three in Japanese (the commands' help_ja). */
#define CLI_PARAM_HELP_JA                                                             \
	"  --as-of DATE        この日付の時点で新しさと関与を判断する（既定: 今日）\n"     \
	CLI_PARAM_HELP_REST_JA

#define CLI_PARAM_HELP_DECAY_JA                                                       \
	"  --as-of DATE        この日付の時点で関係の強さを減衰させる（既定: 今日）\n"     \
	CLI_PARAM_HELP_REST_JA

#define CLI_PARAM_HELP_REST_JA                                                        \
	"  --half-life DAYS    接触がないと関係の強さが DAYS 日ごとに半分になる（365）\n" \
	"  --param NAME=VALUE  任意の分析パラメーターを設定する（'powermap config' 参照）\n" \
	"  --lang ja|en        出力の言語（既定: $POWERMAP_LANG、$LANG）\n"

/*
 * A date as people type it — 2026-11-25, 2026/11/25, 2026/1/5, 2026.11.25,
 * 2026年11月25日, full-width digits — into out as YYYY-MM-DD. 0, or -1 when
 * it is not a date.
 */
int cli_date_arg(const char *arg, char out[11]);

/*
 * The canonical text of value v of column col as people type it (Excel
 * dates, full-width digits, Japanese enum words ...; kept in *keep when it
 * differs), checked unless empty. NULL after printing a usage error of
 * command cmd that quotes the value as typed, after "OPT: " when opt is
 * not NULL.
 */
struct pm_column;
const char *cli_value(const char *cmd, const char *opt, const struct pm_column *col,
		      const char *v, struct pm_strbuf *keep);

/*
 * A number typed with a Japanese input method — full-width digits, '．',
 * '－', '＋', surrounding spaces — rewritten in place as ASCII ("３" -> "3",
 * pm_fold_width); any other text is left as it is. Call on an option's value
 * before parsing it.
 */
void cli_fold_number(char *arg);

/* Defaults, then the database's config table. EXIT_OK or EXIT_ERR (printed). */
int cli_params_init(struct cli *c, struct pm_params *p);

/*
 * After the options: the store shows people as they stood at p->as_of
 * (their role, stance and power rewound through the history). EXIT_OK or
 * EXIT_ERR (printed).
 */
int cli_params_ready(struct cli *c, const struct pm_params *p);

/*
 * Handle option code ch (900..902) into p. Returns 1 if handled, 0 if ch is
 * not one of them, -1 after printing a usage error for `cmd`.
 */
int cli_params_option(const char *cmd, int ch, const char *arg, struct pm_params *p);

/*
 * A stored time "2026-11-28T14:17:41Z" as the reader's local time (TZ),
 * "2026-11-28 23:17 JST", into buf; anything else (a date) as it is.
 */
const char *cli_local_time(const char *utc, char *buf, size_t size);

/* Seconds since *t0 (CLOCK_MONOTONIC), for progress lines. */
double cli_elapsed(const struct timespec *t0);

/* Progress of ranking every account (pm_portfolio's progress callback). */
struct cli_rank_progress {
	const char *cmd;          /* "accounts", "report" */
	struct timespec t0;       /* when the command started */
	time_t last;              /* the last line, at most one a second */
};

/* "\rCMD:   12.3 s: ranked DONE of TOTAL" on stderr, at most once a second. Returns 0. */
int cli_rank_progress_show(size_t done, size_t total, void *ctx);

/* The last progress line: how many were ranked (the others left out), a newline. */
void cli_rank_progress_end(const struct cli_rank_progress *pr, size_t ranked, size_t total);

/* "0.62" style number for tables. */
const char *cli_num(char *buf, size_t size, double x);

/* --- aligned tables (src/cli/text_table.c) --- */

/*
 * A copy of text from the data, safe to print on a terminal: control
 * characters (C0, DEL, C1: escape sequences) become spaces; newlines too
 * unless `keep_newlines`. NULL on no memory; free() it.
 */
char *cli_clean(const char *s);
char *cli_clean_keep(const char *s, int keep_newlines);

/* Terminal columns that UTF-8 string `s` occupies (East Asian wide = 2). */
size_t cli_display_width(const char *s);

/*
 * Print `text` to f wrapped to `width` display columns, each line indented
 * by `indent` spaces; the text's own line breaks are kept, Latin words are
 * not cut, Japanese breaks between any two characters.
 */
void cli_wrap(FILE *f, const char *text, size_t indent, size_t width);

struct cli_table;

/* A table with `ncols` columns and the given header cells (copied). */
struct cli_table *cli_table_new(size_t ncols, const char *const *header);

/* Append a row of ncols cells (copied; NULL prints empty). 0 or PM_ENOMEM. */
int cli_table_add(struct cli_table *t, const char *const *cells);

/*
 * Print the table to `f`, columns aligned by display width, the widest
 * columns shortened with "…" so that a line fits `max_width` (0: no limit).
 */
void cli_table_print(struct cli_table *t, FILE *f, size_t max_width);

void cli_table_free(struct cli_table *t);

/*
 * How wide the tables may be: the terminal's width when standard output is
 * one (at least 80 columns), else 100 (files and pipes read alike whatever
 * the terminal: scripts and tests see one layout).
 */
size_t cli_width(void);

#define CLI_WIDTH cli_width()

/* --- records of one kind as a table or JSON array (src/cli/rows.c) --- */

struct cli_rows {
	int t;                          /* enum pm_table_id */
	int idx[PM_TABLE_MAXCOLS];      /* table view: shown column indexes */
	size_t nshown;
	struct cli_table *table;        /* table view, or NULL */
	json_t *array;                  /* JSON view, or NULL */
	size_t count;                   /* rows added */
	enum pm_lang lang;              /* of the table view's headings and enum words */
	int with_id;                    /* actions, interactions: their #ID first */
};

/* Prepare a table view (main columns, headed in `lang`) or, with json, a JSON array view. */
int cli_rows_init(struct cli_rows *r, int t, int json, enum pm_lang lang);

/* pm_row_fn that appends a record to a cli_rows given as ctx. */
int cli_rows_add(const char *const *vals, size_t n, void *ctx);

/* pm_id_row_fn that appends a record with its row id (shown for actions and interactions). */
int cli_rows_add_id(int64_t id, const char *const *vals, size_t n, void *ctx);

/* The JSON array, owned by the caller from now on. */
json_t *cli_rows_take_json(struct cli_rows *r);

void cli_rows_free(struct cli_rows *r);

/* ---- history entries in the reader's words (history_words.c) ----------- */

/* The operation (add, set ...) and the kind of record (person ...) in c's language. */
const char *cli_history_operation(const struct cli *c, const char *action);
const char *cli_history_entity(const struct cli *c, const char *entity);

/*
 * "FIELD<sep>OLD -> NEW" into buf (returned) in c's language: the field's
 * name, and the values of a field with fixed values (stance, role, stage
 * ...) of an `entity` record; "(none)" for a missing value.
 */
const char *cli_history_change(const struct cli *c, const char *entity, const char *field,
			       const char *old_value, const char *new_value, const char *sep,
			       char *buf, size_t size);

/*
 * The subject of a history row in c's language: a tie's kind (A -> B
 * (知人, crm)), an added interaction's channel (P DAY 面談), a removed
 * record (商談 'KEY'). Into buf (size bytes) when it changes, else the
 * subject itself.
 */
const char *cli_history_subject(const struct cli *c, const char *entity, const char *subject,
				char *buf, size_t size);

/*
 * The note of a history row without a field in the reader's words: an
 * import's "12 interactions" is "12 件" in Japanese (the entity column
 * names the kind), a record as the history describes it ('P' との接触（DAY）);
 * other notes as stored. Into buf (size bytes).
 */
const char *cli_history_note(const struct cli *c, const char *action, const char *note,
			     char *buf, size_t size);

#endif
