/*
 * powermap add / set — quick edits without a CSV. Both take one option per
 * column of the record's table (--title, --last-contact, ...), built from the
 * table descriptor, so they accept exactly what a CSV file would.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/strengths.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define ADD_EXAMPLES \
	"  powermap add org acme --name \"Acme Corp\" --kind customer\n" \
	"  powermap add org toho --kind customer --employees 1200 --revenue 18000000000 --currency JPY\n" \
	"  powermap add person jdoe --name \"Jane Doe\" --org acme --role champion\n" \
	"  powermap add person boss --name \"Pat Boss\" --org acme --role economic_buyer\n" \
	"  powermap add link jdoe boss --kind reports_to\n" \
	"  powermap add link nakano-yuta jdoe --kind knows --strength 0.7 --source crm\n" \
	"  powermap add interaction jdoe --at 2026/11/27 --channel meeting --owner nakano-yuta\n" \
	"  powermap add interaction jdoe boss --at 2026/11/28 --channel meeting --owner nakano-yuta\n" \
	"  powermap add action boss --channel referral --via jdoe --owner nakano-yuta --due 2026-12-15\n"

static const char add_help[] =
	"usage: powermap [--db FILE] add org KEY [--name NAME] --kind KIND [--industry TEXT]\n"
	"                                 [--parent ORG] [--employees N] [--revenue N]\n"
	"                                 [--currency CUR] [--region TEXT] [--website URL]\n"
	"                                 [--domains LIST] [--notes TEXT]\n"
	"       powermap [--db FILE] add person KEY [--name NAME] [--org ORG] [--title TEXT]\n"
	"                                 [--department TEXT] [--email TEXT] [--url URL]\n"
	"                                 [--role ROLE] [--stance STANCE] [--power 1-5]\n"
	"                                 [--notes TEXT]\n"
	"       powermap [--db FILE] add link FROM TO --kind KIND [--strength 0-1]\n"
	"                                 [--last-contact DATE] [--source TEXT] [--notes TEXT]\n"
	"       powermap [--db FILE] add interaction PERSON... --at DATE --channel CH [...]\n"
	"       powermap [--db FILE] add deal KEY --account ORG [--stage S] [--amount N] [...]\n"
	"       powermap [--db FILE] add action TARGET --channel CH [--due DATE] [--via P] [...]\n"
	"       powermap [--db FILE] add plan ACCOUNT SECTION --text TEXT\n"
	"\n"
	"Add one record; every CSV column of its kind is an option (underscores\n"
	"may be written as dashes). People and orgs are named by key or unique\n"
	"exact name. Fails if the record already exists (use 'set' to change).\n"
	"Without --name, a person's or org's KEY is its name too (add person\n"
	"\"山田 太郎\" --org acme). A meeting with several people is one\n"
	"interaction with each, added together or not at all.\n"
	"\n"
	"Values (or their Japanese words: 顧客 経済的決裁者 支持 上司 ...):\n"
	"kind (org) customer|own|partner|investor|bank|other; role economic_buyer|\n"
	"decision_maker|technical_buyer|user_buyer|champion|coach|influencer|\n"
	"gatekeeper|blocker; stance champion|supporter|neutral|skeptic|opponent|\n"
	"unknown; kind (link) reports_to|influences|knows.\n"
	"\n"
	"Examples:\n"
	ADD_EXAMPLES;

static const char add_help_ja[] =
	"使い方: powermap [--db ファイル] add org キー [--name 名前] --kind 種類 [--industry 文]\n"
	"                                 [--parent 組織] [--employees 人数] [--revenue 金額]\n"
	"                                 [--currency 通貨] [--region 文] [--website URL]\n"
	"                                 [--domains 一覧] [--notes 文]\n"
	"        powermap [--db ファイル] add person キー [--name 名前] [--org 組織] [--title 文]\n"
	"                                 [--department 文] [--email 文] [--url URL]\n"
	"                                 [--role 役割] [--stance 姿勢] [--power 1-5]\n"
	"                                 [--notes 文]\n"
	"        powermap [--db ファイル] add link 元 先 --kind 種類 [--strength 0-1]\n"
	"                                 [--last-contact 日付] [--source 文] [--notes 文]\n"
	"        powermap [--db ファイル] add interaction 人物... --at 日付 --channel 手段 [...]\n"
	"        powermap [--db ファイル] add deal キー --account 組織 [--stage 段階] [--amount N] [...]\n"
	"        powermap [--db ファイル] add action 相手 --channel 手段 [--due 日付] [--via 人物] [...]\n"
	"        powermap [--db ファイル] add plan 顧客 項目 --text 文\n"
	"\n"
	"記録を 1 件追加します。その種類の CSV の列がすべてオプションになります\n"
	"（下線はハイフンでも書けます）。人物と組織はキーか、ただ 1 つに当てはまる\n"
	"名前で指定します。記録がすでにあれば失敗します（変更は 'set'）。\n"
	"--name がなければ、人物と組織はキーを名前にもします（add person\n"
	"\"山田 太郎\" --org acme）。何人かとの面談は 1 人ずつの接触として、\n"
	"まとめて追加します（1 人でも失敗すれば何も追加しません）。\n"
	"\n"
	"値（日本語でも書けます: 顧客 経済的決裁者 支持 上司 など）:\n"
	"kind（組織）customer|own|partner|investor|bank|other。role economic_buyer|\n"
	"decision_maker|technical_buyer|user_buyer|champion|coach|influencer|\n"
	"gatekeeper|blocker。stance champion|supporter|neutral|skeptic|opponent|\n"
	"unknown。kind（関係）reports_to|influences|knows。\n"
	"\n"
	"例:\n"
	ADD_EXAMPLES;

/* The examples, the same in both languages (tests/e2e runs them). */
#define SET_EXAMPLES \
	"  powermap set tanaka-ichiro --stance supporter --power 5\n" \
	"  powermap set org kanto-seiki --domains kanto-seiki.example.jp\n" \
	"  powermap set link sakurai-ken okubo-rei --kind knows --source manual --strength 0.95\n" \
	"  powermap set deal kanto-qa-pilot --stage proposal --probability 0.7\n" \
	"  powermap set action 1 --status done\n" \
	"  powermap set interaction 7 --direction both\n" \
	"  powermap set plan kanto-seiki goal --text \"2027年度に全工場へMES導入\"\n"

static const char set_help[] =
	"usage: powermap [--db FILE] set [person] PERSON [--stance STANCE] [--role ROLE]\n"
	"                                [--power 1-5] [--name NAME] [--org ORG]\n"
	"                                [--title TEXT] [--department TEXT] [--email TEXT]\n"
	"                                [--url URL] [--notes TEXT]\n"
	"       powermap [--db FILE] set org ORG [--name NAME] [--kind KIND] [--domains D]\n"
	"                                [--employees N] [--revenue N] [--region TEXT] [...]\n"
	"       powermap [--db FILE] set deal KEY [--stage STAGE] [--amount N] [...]\n"
	"       powermap [--db FILE] set link FROM TO --kind KIND [--source S]\n"
	"                                [--strength 0-1] [--last-contact DATE] [--notes TEXT]\n"
	"       powermap [--db FILE] set action ID [--status S] [--due DATE] [--owner P] [...]\n"
	"       powermap [--db FILE] set interaction ID [--at DATE] [--channel C]\n"
	"                                [--direction D] [--owner P] [--subject TEXT] [...]\n"
	"       powermap [--db FILE] set plan ACCOUNT SECTION --text TEXT\n"
	"\n"
	"Change a person's details (by key or name), an org's, a deal's, a tie's\n"
	"(named by its ends, kind and source), an action's (by the id 'powermap\n"
	"action list' shows), an interaction's (by the id 'powermap list\n"
	"interactions' shows) or a plan section's text. An empty value clears a\n"
	"field (--role ''). Changes of stance, role and power, and every changed\n"
	"field of an org, deal, action, interaction or plan section, are recorded\n"
	"in the history ('powermap log'). An interaction changed (an email that got\n"
	"its reply: --direction both) settles its owner's tie to the person as\n"
	"'add interaction' does: a two-way contact refreshes its last contact, the\n"
	"strength the history gives is written, and a tie made by interactions\n"
	"alone goes when no interaction between the two is left.\n"
	"\n"
	"Examples:\n"
	SET_EXAMPLES;

static const char set_help_ja[] =
	"使い方: powermap [--db ファイル] set [person] 人物 [--stance 姿勢] [--role 役割]\n"
	"                                [--power 1-5] [--name 名前] [--org 組織]\n"
	"                                [--title 文] [--department 文] [--email 文]\n"
	"                                [--url URL] [--notes 文]\n"
	"        powermap [--db ファイル] set org 組織 [--name 名前] [--kind 種類] [--domains D]\n"
	"                                [--employees 人数] [--revenue 金額] [--region 文] [...]\n"
	"        powermap [--db ファイル] set deal キー [--stage 段階] [--amount N] [...]\n"
	"        powermap [--db ファイル] set link 元 先 --kind 種類 [--source S]\n"
	"                                [--strength 0-1] [--last-contact 日付] [--notes 文]\n"
	"        powermap [--db ファイル] set action ID [--status S] [--due 日付] [--owner P] [...]\n"
	"        powermap [--db ファイル] set interaction ID [--at 日付] [--channel 経路]\n"
	"                                [--direction 向き] [--owner P] [--subject 文] [...]\n"
	"        powermap [--db ファイル] set plan 顧客 項目 --text 文\n"
	"\n"
	"人物（キーか名前で）、組織、商談、関係（両端、種類、出典で指定）、行動\n"
	"（'powermap action list' が示す ID で）、接触（'powermap list interactions'\n"
	"が示す ID で）の内容や、計画の項目の本文を変更します。空の値は項目を消し\n"
	"ます（--role ''）。姿勢・役割・影響力の変更と、組織・商談・行動・接触・\n"
	"計画の項目の変更はすべて履歴に残ります（'powermap log'）。接触を変えると\n"
	"（返信が来たメール: --direction both）、'add interaction' と同じく担当者と\n"
	"相手の関係を整えます: 双方向の接触は最終接触を更新し、履歴から求めた強さを\n"
	"書き、接触だけから作られた関係は 2 人の間の接触がなくなれば削除します。\n"
	"\n"
	"例:\n"
	SET_EXAMPLES;


/* Positional arguments fill these columns, in order. */
static const char *const positional[PM_T_COUNT][3] = {
	[PM_T_ORGS] = { "key" },
	[PM_T_PEOPLE] = { "key" },
	[PM_T_LINKS] = { "from", "to" },
	[PM_T_INTERACTIONS] = { "person" },
	[PM_T_DEALS] = { "key" },
	[PM_T_ACTIONS] = { "target" },
	[PM_T_PLAN] = { "account", "section" },
};

/* Free the values kept by cli_value. */
static void release(struct pm_strbuf *keep)
{
	for (int i = 0; i < PM_TABLE_MAXCOLS; i++)
		pm_strbuf_release(&keep[i]);
}

/*
 * Parse --COLUMN VALUE options of table t into vals (NULL: not given; the
 * canonical text kept in keep[]). Returns the number of options given, or
 * -1 after printing a usage error. `skip` names a column that may not be
 * given as an option (or NULL).
 */
static int parse_columns(const char *cmd, int t, int argc, char **argv,
			 const char **vals, struct pm_strbuf *keep, const char *skip)
{
	const struct pm_table *tab = &pm_tables[t];
	struct option opts[2 * PM_TABLE_MAXCOLS + 2];
	char dashed[PM_TABLE_MAXCOLS][32];
	size_t i, k = 0;
	int ch, given = 0;

	for (i = 0; i < tab->ncols; i++) {
		char *p;
		if (skip && !strcmp(tab->cols[i].name, skip))
			continue;
		snprintf(dashed[i], sizeof(dashed[i]), "%s", tab->cols[i].name);
		for (p = dashed[i]; *p; p++)
			if (*p == '_')
				*p = '-';
		opts[k++] = (struct option){ tab->cols[i].name, required_argument, NULL, 1000 + (int)i };
		if (strcmp(dashed[i], tab->cols[i].name))
			opts[k++] = (struct option){ dashed[i], required_argument, NULL, 1000 + (int)i };
	}
	opts[k++] = (struct option){ "help", no_argument, NULL, 'h' };
	opts[k] = (struct option){ NULL, 0, NULL, 0 };
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		const struct pm_column *col;
		if (ch == 'h' || ch < 1000) {
			cli_usage(cmd, "unknown option for %s", pm_msg(tab->singular));
			return -1;
		}
		col = &tab->cols[ch - 1000];
		if (!(vals[ch - 1000] = cli_value(cmd, NULL, col, optarg, &keep[ch - 1000])))
			return -1;
		given++;
	}
	return given;
}

static int has_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

/* Run put in a transaction (history entries go with the change). */
static int put(struct cli *c, int t, const char **vals, enum pm_put_mode mode,
	       struct pm_error *err)
{
	int rc;

	if ((rc = pm_store_begin(c->st, err)) < 0)
		return rc;
	rc = pm_store_put(c->st, (enum pm_table_id)t, vals, mode, NULL, NULL, err);
	if (rc < 0) {
		pm_store_rollback(c->st);
		return rc;
	}
	return pm_store_commit(c->st, err);
}

/*
 * The strength the interaction history gives the tie between owner and who
 * (as 'powermap strengths' would: ties whose strength was set by hand stay),
 * written; *strength = -1 when it does not change.
 */
static int restrengthen(struct cli *c, const char *owner, const char *who, double *strength,
			struct pm_error *err)
{
	struct pm_strength_change *ch = NULL;
	struct pm_params p;
	size_t n = 0, i;
	int rc;

	*strength = -1;
	if (cli_params_init(c, &p) != EXIT_OK)
		return pm_error_set(err, PM_EINVAL, "cannot read the analysis parameters");
	if ((rc = pm_strengths(c->st, &p, 0, &ch, &n, err)) < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		if (!strcmp(ch[i].owner_key, owner) && !strcmp(ch[i].person_key, who) &&
		    (rc = cli_strength_put(c, &ch[i], err)) == 0)
			*strength = ch[i].strength;
	pm_strengths_free(ch, n);
	return rc;
}

/*
 * An interaction; a two-way one (a meeting, a call, an event, a reply) with
 * an owner refreshes the owner's tie to the person, in the same transaction.
 */
static int write_interactions(struct cli *c, const char **vals, const char *owner,
			      char *const *who, int n, const char *day, int two_way);

/*
 * The keys of an interaction's person and owner (keys[0], keys[1]; NULL
 * when vals names none), however vals names them. Caller frees.
 */
static int interaction_people(struct cli *c, const char **vals, char *keys[2],
			      struct pm_error *err)
{
	static const char *const cols[2] = { "person", "owner" };
	const struct pm_table *tab = &pm_tables[PM_T_INTERACTIONS];
	int64_t id;
	int i;

	keys[0] = keys[1] = NULL;
	for (i = 0; i < 2; i++) {
		const char *v = vals[pm_table_col(tab, cols[i])];
		if (v && *v && pm_store_person_resolve(c->st, v, &id, &keys[i], err) < 0) {
			free(keys[0]);
			keys[0] = NULL;
			return -1;
		}
	}
	return 0;
}

/*
 * add interaction P1 [P2 ...]: one interaction with each person named (a
 * meeting with three of the customer's people), all in one transaction.
 */
static int add_interaction(struct cli *c, const char **vals, char **people, int npeople)
{
	const struct pm_table *tab = &pm_tables[PM_T_INTERACTIONS];
	const char *at = vals[pm_table_col(tab, "at")];
	int i, two_way, rc = EXIT_OK;
	char **keys = calloc((size_t)npeople + 1, sizeof(*keys));
	struct pm_error err;
	char day[11];

	if (!keys)
		return cli_fail("out of memory");
	two_way = pm_contact_weight(vals[pm_table_col(tab, "channel")],
				    vals[pm_table_col(tab, "direction")]) >= 0.6;
	snprintf(day, sizeof(day), "%.10s", at ? at : "");
	/* by key from here on, however they were named; the owner in keys[npeople] */
	for (i = 0; i <= npeople && rc == EXIT_OK; i++) {
		const char *who = i < npeople ? people[i] : vals[pm_table_col(tab, "owner")];
		int64_t id;
		if (who && *who && pm_store_person_resolve(c->st, who, &id, &keys[i], &err) < 0)
			rc = cli_fail_err(&err);
	}
	if (rc == EXIT_OK)
		rc = write_interactions(c, vals, keys[npeople], keys, npeople, day, two_way);
	for (i = 0; i <= npeople; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

/* An interaction as stored (people by key): what refreshing its tie needs. */
struct stored_contact {
	char *person, *owner, *day;
	int two_way;
};

static void stored_contact_free(struct stored_contact *sc)
{
	free(sc->person);
	free(sc->owner);
	free(sc->day);
	memset(sc, 0, sizeof(*sc));
}

static int on_stored_contact(const char *const *vals, size_t n, void *ctx)
{
	const struct pm_table *tab = &pm_tables[PM_T_INTERACTIONS];
	const char *owner = vals[pm_table_col(tab, "owner")], *at = vals[pm_table_col(tab, "at")];
	struct stored_contact *sc = ctx;

	(void)n;
	stored_contact_free(sc);
	sc->two_way = pm_contact_weight(vals[pm_table_col(tab, "channel")],
					vals[pm_table_col(tab, "direction")]) >= 0.6;
	if (!(sc->person = strdup(vals[pm_table_col(tab, "person")])) ||
	    (owner && !(sc->owner = strdup(owner))) || !(sc->day = strndup(at ? at : "", 10)))
		return PM_ENOMEM;
	return 0;
}

/* Interaction #id as stored, into *sc; PM_ENOTFOUND when there is none. */
static int stored_contact_get(struct cli *c, int64_t id, struct stored_contact *sc,
			      struct pm_error *err)
{
	int rc = pm_store_select_id(c->st, PM_T_INTERACTIONS, id, on_stored_contact, sc, err);

	return rc == PM_ENOMEM ? pm_error_set(err, PM_ENOMEM, "out of memory") : rc;
}

static int same_pair(const struct stored_contact *a, const struct stored_contact *b)
{
	return a->owner && b->owner && !strcmp(a->owner, b->owner) && !strcmp(a->person, b->person);
}

/* What an edit of interactions did to the tie of an owner and a person. */
struct tie_change {
	int touched;        /* its last contact moved */
	int made;           /* it did not exist: made by this contact */
	int removed;        /* made by interactions alone, none left: removed */
	double strength;    /* from the history, -1: unchanged */
};

/*
 * Settle the tie of sc's owner and person after their interactions changed:
 * a two-way contact (with touch) refreshes its last contact, a tie made by
 * interactions alone goes when none is left, and the strength the history
 * now gives is written.
 */
static int settle_tie(struct cli *c, const struct stored_contact *sc, int touch,
		      struct tie_change *tc, struct pm_error *err)
{
	int rc = 0;

	tc->touched = tc->made = tc->removed = 0;
	tc->strength = -1;
	if (!sc->owner)
		return 0;
	if (touch && sc->two_way &&
	    (rc = pm_store_touch_tie(c->st, sc->owner, sc->person, sc->day, &tc->touched, err)) < 0)
		return -1;
	tc->made = touch && sc->two_way && rc == 1;
	if (pm_store_untouch_tie(c->st, sc->owner, sc->person, &tc->removed, err) < 0)
		return -1;
	return restrengthen(c, sc->owner, sc->person, &tc->strength, err);
}

/* What settle_tie did, as add reports it. */
static void print_tie(struct cli *c, const struct stored_contact *sc, const struct tie_change *tc)
{
	if (tc->removed)
		printf(TR(c, "removed the tie %s – %s: no interaction between them is left\n",
			  "関係 %s – %s を削除しました: 2 人の間の接触が残っていません\n"),
		       sc->owner, sc->person);
	if (tc->made)
		printf(TR(c, "made the tie %s – %s: last contact %s",
			  "関係 %s – %s を作りました: 最終接触 %s"), sc->owner, sc->person, sc->day);
	else if (tc->touched)
		printf(TR(c, "refreshed the tie %s – %s: last contact %s",
			  "関係 %s – %s を更新しました: 最終接触 %s"), sc->owner, sc->person, sc->day);
	else if (tc->strength >= 0)
		printf(TR(c, "the tie %s – %s", "関係 %s – %s"), sc->owner, sc->person);
	if (tc->strength >= 0)
		printf(TR(c, ", strength %.2f from the history", "、履歴から強さ %.2f"), tc->strength);
	if (tc->touched || tc->strength >= 0)
		putchar('\n');
}

static int write_interactions(struct cli *c, const char **vals, const char *owner,
			      char *const *who, int n, const char *day, int two_way)
{
	const char *one[PM_TABLE_MAXCOLS];
	int person = pm_table_col(&pm_tables[PM_T_INTERACTIONS], "person"), i;
	struct tie_change *tc = calloc((size_t)n, sizeof(*tc));
	struct pm_error err;
	char why[512];

	if (!tc)
		return cli_fail("out of memory");
	memcpy(one, vals, sizeof(one));
	if (pm_store_begin(c->st, &err) < 0) {
		free(tc);
		return cli_fail_err(&err);
	}
	for (i = 0; i < n; i++) {
		int made = 0;
		one[person] = who[i];
		tc[i].strength = -1;
		if (pm_store_put(c->st, PM_T_INTERACTIONS, one, PM_PUT_INSERT_ONLY, NULL, NULL,
				 &err) < 0 ||
		    (owner && two_way &&
		     ((made = pm_store_touch_tie(c->st, owner, who[i], day, &tc[i].touched,
						 &err)) < 0 ||
		      restrengthen(c, owner, who[i], &tc[i].strength, &err) < 0)))
			break;
		/* the day is told only when it moved the last contact: an older
		 * contact leaves it, and only the strength is told */
		tc[i].made = made == 1;
	}
	if (i < n || pm_store_commit(c->st, &err) < 0) {
		pm_store_rollback(c->st);
		free(tc);
		return cli_fail_err(&err);
	}
	for (i = 0; i < n; i++) {
		struct stored_contact sc = { who[i], (char *)owner, (char *)day, two_way };
		one[person] = who[i];
		printf(TR(c, "added %s\n", "%s を追加しました\n"),
		       pm_record_describe(PM_T_INTERACTIONS, one, why, sizeof(why)));
		print_tie(c, &sc, &tc[i]);
	}
	free(tc);
	return EXIT_OK;
}

/* The examples name interactions by the ids `list interactions` shows. */
#define INTERACTION_ID_USAGE "name one interaction by its id ('powermap list interactions')"

/*
 * set interaction ID --direction both ...: an interaction, named by its id.
 * The tie of its owner and person after the change: a two-way contact
 * refreshes its last contact, and the strength the history gives is
 * written (for the owner and person before the change too, if they differ).
 */
static int set_interaction(struct cli *c, int argc, char **argv)
{
	const struct pm_table *tab = &pm_tables[PM_T_INTERACTIONS];
	const char *vals[PM_TABLE_MAXCOLS] = { 0 };
	struct pm_strbuf keep[PM_TABLE_MAXCOLS] = { PM_STRBUF_INIT };
	struct stored_contact before = { 0 }, after = { 0 };
	char *keys[2] = { NULL, NULL }, *end = NULL;
	const char *cols[2] = { "person", "owner" };
	struct tie_change was = { 0, 0, 0, -1 }, now = { 0, 0, 0, -1 };
	struct pm_error err;
	long long id = 0;
	int given, rc, i;

	if ((given = parse_columns("set", PM_T_INTERACTIONS, argc, argv, vals, keep, NULL)) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (argc - optind != 1 || (id = strtoll(argv[optind], &end, 10)) <= 0 || *end) {
		rc = cli_usage("set", INTERACTION_ID_USAGE);
		goto out;
	}
	if (!given) {
		rc = cli_usage("set", "nothing to change; give --at, --channel, --direction, ...");
		goto out;
	}
	/* people by key from here on, however they were named */
	if (interaction_people(c, vals, keys, &err) < 0) {
		rc = cli_fail_err(&err);
		goto out;
	}
	for (i = 0; i < 2; i++)
		if (keys[i])
			vals[pm_table_col(tab, cols[i])] = keys[i];
	if (pm_store_begin(c->st, &err) < 0) {
		rc = cli_fail_err(&err);
		goto out;
	}
	if (stored_contact_get(c, id, &before, &err) < 0 ||
	    pm_store_put_id(c->st, PM_T_INTERACTIONS, id, vals, &err) < 0 ||
	    stored_contact_get(c, id, &after, &err) < 0 ||
	    (!same_pair(&before, &after) && settle_tie(c, &before, 0, &was, &err) < 0) ||
	    settle_tie(c, &after, 1, &now, &err) < 0 ||
	    pm_store_commit(c->st, &err) < 0) {
		pm_store_rollback(c->st);
		rc = cli_fail_err(&err);
		goto out;
	}
	printf(TR(c, "updated interaction #%lld\n", "接触 #%lld を更新しました\n"), id);
	print_tie(c, &before, &was);
	print_tie(c, &after, &now);
	rc = EXIT_OK;
out:
	stored_contact_free(&before);
	stored_contact_free(&after);
	free(keys[0]);
	free(keys[1]);
	release(keep);
	return rc;
}

int cli_rm_interaction(struct cli *c, int argc, char **argv)
{
	struct stored_contact before = { 0 };
	struct tie_change tc = { 0, 0, 0, -1 };
	struct pm_error err;
	long long id = 0;
	char *end = NULL;
	int rc;

	if (argc != 1 || (id = strtoll(argv[0], &end, 10)) <= 0 || *end)
		return cli_usage("rm", INTERACTION_ID_USAGE);
	if (pm_store_begin(c->st, &err) < 0)
		return cli_fail_err(&err);
	if (stored_contact_get(c, id, &before, &err) < 0 ||
	    pm_store_remove_id(c->st, PM_T_INTERACTIONS, id, &err) < 0 ||
	    settle_tie(c, &before, 0, &tc, &err) < 0 ||
	    pm_store_commit(c->st, &err) < 0) {
		pm_store_rollback(c->st);
		rc = cli_fail_err(&err);
	} else {
		printf(TR(c, "removed interaction #%lld\n", "接触 #%lld を削除しました\n"), id);
		print_tie(c, &before, &tc);
		rc = EXIT_OK;
	}
	stored_contact_free(&before);
	return rc;
}

int cmd_add(struct cli *c, int argc, char **argv)
{
	const char *vals[PM_TABLE_MAXCOLS] = { 0 };
	struct pm_strbuf keep[PM_TABLE_MAXCOLS] = { PM_STRBUF_INIT };
	struct pm_error err;
	int t, i, npos = 0, rc;
	char why[512];

	if (has_help(argc, argv))
		return cli_help_in(c, add_help, add_help_ja, NULL);
	if (argc < 2)
		return cli_usage("add", "what to add? org, person, link, interaction, "
				 "deal, action or plan");
	if ((t = pm_table_find(argv[1])) < 0)
		return cli_usage("add", "cannot add '%s' (expected org, person, link, "
				 "interaction, deal, action or plan)", argv[1]);
	argc--;
	argv++;
	if (parse_columns("add", t, argc, argv, vals, keep, NULL) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	while (npos < 3 && positional[t][npos])
		npos++;
	if (t == PM_T_INTERACTIONS) {
		/* a meeting with several people: one interaction each */
		char *given = (char *)vals[pm_table_col(&pm_tables[t], "person")];
		if ((optind >= argc) == !given) {
			rc = cli_usage("add", "add interaction PERSON [PERSON ...] --at DATE --channel CH");
			goto out;
		}
		rc = given ? add_interaction(c, vals, &given, 1)
			   : add_interaction(c, vals, argv + optind, argc - optind);
		goto out;
	}
	if (argc - optind > npos) {
		rc = cli_usage("add", "too many arguments for %s", pm_msg(pm_tables[t].singular));
		goto out;
	}
	for (i = 0; optind + i < argc; i++) {
		int col = pm_table_col(&pm_tables[t], positional[t][i]);
		if (!(vals[col] = cli_value("add", NULL, &pm_tables[t].cols[col], argv[optind + i],
					   &keep[col]))) {
			rc = EXIT_USAGE;
			goto out;
		}
	}
	/* add person "山田 太郎": without --name the key is the name too */
	if ((t == PM_T_PEOPLE || t == PM_T_ORGS) && vals[0] && !vals[1])
		vals[1] = vals[0];
	if (t == PM_T_LINKS && vals[0] && vals[1] && !strcmp(vals[0], vals[1])) {
		rc = cli_fail("self-link: '%s' cannot link to itself", vals[0]);
		goto out;
	}
	if (put(c, t, vals, PM_PUT_INSERT_ONLY, &err) < 0) {
		rc = cli_fail_err(&err);
		goto out;
	}
	printf(TR(c, "added %s\n", "%s を追加しました\n"), pm_record_describe(t, vals, why, sizeof(why)));
	if (t == PM_T_PEOPLE && pm_store_person_namesakes(c->st, vals[0], why, sizeof(why),
							  &err) > 0)
		fprintf(stderr, pm_msg("powermap: warning: '%s' has the same name as %s in the same org: "
			"a duplicate? ('powermap dedupe' lists and merges them)\n"), vals[0], why);
	rc = EXIT_OK;
out:
	release(keep);
	return rc;
}

/* set org|deal|link: the record named by its identity columns, changed. */
static int set_record(struct cli *c, int t, int argc, char **argv)
{
	const struct pm_table *tab = &pm_tables[t];
	const char *vals[PM_TABLE_MAXCOLS] = { 0 };
	struct pm_strbuf keep[PM_TABLE_MAXCOLS] = { PM_STRBUF_INIT };
	struct pm_error err;
	char why[512];
	int given, npos = 0, i, rc;

	while (npos < 3 && positional[t][npos])
		npos++;
	if ((given = parse_columns("set", t, argc, argv, vals, keep, NULL)) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (argc - optind != npos) {
		rc = cli_usage("set", "name one %s by %s", pm_msg(tab->singular),
			       t == PM_T_LINKS ? "FROM TO --kind KIND" : "its key");
		goto out;
	}
	for (i = 0; i < npos; i++) {
		int col = pm_table_col(tab, positional[t][i]);
		if (!(vals[col] = cli_value("set", NULL, &tab->cols[col], argv[optind + i], &keep[col]))) {
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (t == PM_T_LINKS && !vals[pm_table_col(tab, "kind")]) {
		rc = cli_usage("set", "a link is named by FROM TO --kind KIND (and --source)");
		goto out;
	}
	if (given <= (t == PM_T_LINKS) + (t == PM_T_LINKS && vals[pm_table_col(tab, "source")])) {
		rc = cli_usage("set", "nothing to change");
		goto out;
	}
	/* a plan section is written whether or not it was there */
	if (put(c, t, vals, t == PM_T_PLAN ? PM_PUT_UPSERT : PM_PUT_UPDATE_ONLY, &err) < 0) {
		rc = cli_fail_err(&err);
		goto out;
	}
	printf(TR(c, "updated %s\n", "%s を更新しました\n"), pm_record_describe(t, vals, why, sizeof(why)));
	rc = EXIT_OK;
out:
	release(keep);
	return rc;
}

/* set action ID --status S --due D ...: an action, named by its id. */
static int set_action(struct cli *c, int argc, char **argv)
{
	const char *vals[PM_TABLE_MAXCOLS] = { 0 };
	struct pm_strbuf keep[PM_TABLE_MAXCOLS] = { PM_STRBUF_INIT };
	struct pm_error err;
	long long id = 0;
	char *end = NULL;
	int given, rc;

	if ((given = parse_columns("set", PM_T_ACTIONS, argc, argv, vals, keep, NULL)) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (argc - optind != 1 || (id = strtoll(argv[optind], &end, 10)) <= 0 || *end) {
		rc = cli_usage("set", "name one action by its id ('powermap action list')");
		goto out;
	}
	if (!given) {
		rc = cli_usage("set", "nothing to change; give --status, --due, --owner, ...");
		goto out;
	}
	if (pm_store_begin(c->st, &err) < 0 ||
	    pm_store_put_id(c->st, PM_T_ACTIONS, id, vals, &err) < 0) {
		pm_store_rollback(c->st);
		rc = cli_fail_err(&err);
		goto out;
	}
	if (pm_store_commit(c->st, &err) < 0) {
		rc = cli_fail_err(&err);
		goto out;
	}
	printf(TR(c, "updated action #%lld\n", "行動 #%lld を更新しました\n"), id);
	rc = EXIT_OK;
out:
	release(keep);
	return rc;
}

int cmd_set(struct cli *c, int argc, char **argv)
{
	const char *vals[PM_TABLE_MAXCOLS] = { 0 };
	struct pm_strbuf keep[PM_TABLE_MAXCOLS] = { PM_STRBUF_INIT };
	struct pm_error err;
	int64_t id;
	char *key = NULL;
	int given, rc;

	if (has_help(argc, argv))
		return cli_help_in(c, set_help, set_help_ja, NULL);
	if (argc > 2 && (pm_table_find(argv[1]) == PM_T_ORGS || pm_table_find(argv[1]) == PM_T_DEALS ||
			 pm_table_find(argv[1]) == PM_T_LINKS || pm_table_find(argv[1]) == PM_T_PLAN))
		return set_record(c, pm_table_find(argv[1]), argc - 1, argv + 1);
	if (argc > 2 && pm_table_find(argv[1]) == PM_T_ACTIONS)
		return set_action(c, argc - 1, argv + 1);
	if (argc > 2 && pm_table_find(argv[1]) == PM_T_INTERACTIONS)
		return set_interaction(c, argc - 1, argv + 1);
	/* "set person KEY ..." as "set org KEY ..." is written: the same as "set KEY ..." */
	if (argc > 2 && pm_table_find(argv[1]) == PM_T_PEOPLE && argv[2][0] != '-') {
		argc--;
		argv++;
	}
	if ((given = parse_columns("set", PM_T_PEOPLE, argc, argv, vals, keep, "key")) < 0)
		rc = EXIT_USAGE;
	else if (optind + 1 != argc)
		rc = cli_usage("set", "name one person");
	else if (given == 0)
		rc = cli_usage("set", "nothing to change; give --stance, --role, --power, ...");
	else if (pm_store_person_resolve(c->st, argv[optind], &id, &key, &err) < 0)
		rc = cli_fail_err(&err);
	else {
		vals[0] = key;
		rc = put(c, PM_T_PEOPLE, vals, PM_PUT_UPDATE_ONLY, &err);
		if (rc == 0)
			printf(TR(c, "updated person %s\n", "人物 %s を更新しました\n"), key);
		rc = rc < 0 ? cli_fail_err(&err) : EXIT_OK;
	}
	free(key);
	release(keep);
	return rc;
}
