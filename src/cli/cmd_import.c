/* powermap import — native CSV files into the database, all or nothing. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "powermap/import.h"
#include "powermap/kit.h"
#include "powermap/params.h"
#include "cli.h"

/* A moment on this machine's clock (TZ): how calendar times are stored. */
static int wall_clock(time_t t, struct tm *out)
{
	return localtime_r(&t, out) ? 0 : -1;
}

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap import graphs/demo-ja/*.csv\n" \
	"  cat graphs/demo-en/orgs.csv | powermap import -\n" \
	"  powermap import --encoding cp932 tests/data/excel-cp932/people.csv\n" \
	"  powermap import tests/data/xlsx/plan.xlsx\n" \
	"  powermap import tests/data/lists/kanto-sjis.csv\n" \
	"  powermap import --new-orgs customer tests/data/lists/new-accounts.csv\n" \
	"  powermap import --new-orgs customer tests/data/lists/target-accounts.csv\n" \
	"  powermap import --format linkedin --owner sakurai-ken tests/data/linkedin/sakurai.csv\n" \
	"  powermap import --format cards --owner sakurai-ken tests/data/cards/sansan-sjis.csv\n" \
	"  powermap import --format contacts --owner sakurai-ken tests/data/contacts/outlook-ja-sjis.csv\n" \
	"  powermap import --format contacts --owner miyazaki-aoi tests/data/contacts/iphone.vcf\n" \
	"  powermap import --format salesforce tests/data/salesforce/*.csv\n" \
	"  powermap import --type people --map 'key=Email,name=Full Name,org=Company' tests/data/hubspot/contacts.csv\n"

static const char help[] =
	"usage: powermap [--db FILE] import [--type KIND] [--encoding ENC] [--strict]\n"
	"                                   [--dry-run] [--max-errors N] [--progress|--no-progress]\n"
	"                                   [--new-orgs KIND] FILE...\n"
	"       powermap [--db FILE] import --format linkedin --owner PERSON [--strength S]\n"
	"                                   Connections.csv...\n"
	"       powermap [--db FILE] import --format cards [--owner PERSON] [--map MAP]\n"
	"                                   [--new-orgs KIND] cards.csv...\n"
	"       powermap [--db FILE] import --format contacts --owner PERSON [--map MAP]\n"
	"                                   [--new-orgs KIND] contacts.csv...\n"
	"\n"
	"Import native CSV files (UTF-8, RFC 4180, header row). The kind of each\n"
	"file is recognized from its header (or Japanese headers: キー,氏名 ...):\n"
	"orgs, people, links, interactions, deals, actions, plan. All files land\n"
	"in one transaction: every row, or nothing. Files are applied in\n"
	"dependency order, so links may name people from another file of the\n"
	"same call. Creates the database if missing. FILE may be - (standard\n"
	"input) or a pipe; such input is read once. People and links going into\n"
	"an empty table are bulk-loaded; the history then gets one row per file.\n"
	"Other commands wait for a first load (into an empty database). An Excel\n"
	"workbook (.xlsx) is read sheet by sheet, each sheet as a file named\n"
	"BOOK.xlsx[SHEET] whose header is the first of its first ten rows that\n"
	"names a table's columns (title rows above it are passed over; a sheet\n"
	"with none, with a warning; hidden sheets are not read).\n"
	"\n"
	"A list of people without keys (氏名 or 姓 and 名, with 会社名/取引先名 or an\n"
	"email: a team's own sheet, a CRM report) is matched, row by row, to the\n"
	"people stored: by email, else by name in the same org; the others are\n"
	"added, keyed by their email, else their name. Its empty cells clear\n"
	"nothing. Their orgs must be known (by key or name), or be added with\n"
	"--new-orgs. A list of companies without keys (会社名, 業種, 従業員数,\n"
	"売上高 ...: a target list) updates the orgs of those names and adds the\n"
	"others, of its kind column or --new-orgs. A number column may name its\n"
	"unit: 売上高（百万円）, 金額（千円） (stored times the unit; yen units mean\n"
	"currency JPY).\n"
	"\n"
	;

/* The rest of the English help (one C string may hold 4,095 bytes). */
static const char help2[] =
	"Options:\n"
	"  --type KIND       treat every file as KIND instead of guessing\n"
	"  --format F        native (default) or linkedin: LinkedIn's Connections.csv;\n"
	"                    each row a person (matched by profile URL, email, or name\n"
	"                    in its company's org, else added; so is the org) and a\n"
	"                    knows tie from --owner\n"
	"                    cards: business-card exports (Sansan, Eight ...: 氏名 or\n"
	"                    姓/名, 会社名, 部署名, 役職, メールアドレス, 名刺交換日,\n"
	"                    名刺所有者), each card a person and a knows tie from its owner\n"
	"                    contacts: an address book (Outlook, Google Contacts: First/\n"
	"                    Last Name or 姓/名, Company/会社, Job Title/役職, E-mail\n"
	"                    Address) or vCard (.vcf), each contact a person and a knows\n"
	"                    tie from --owner\n"
	"                    views: document-view logs (viewer email, document,\n"
	"                    viewed_at, seconds): an interaction of channel view each\n"
	"                    salesforce: Account, Contact, Opportunity,\n"
	"                    OpportunityContactRole, User (our people), Task and Event\n"
	"                    (calls, emails, meetings: interactions), EmailMessage (emails\n"
	"                    with their direction), EventRelation and TaskRelation\n"
	"                    (further contacts) exports (Ids kept as keys)\n"
	"                    ics: calendars (iCalendar): each meeting an interaction\n"
	"                    with each attendee not of us; unknown attendees of a known\n"
	"                    org (by email domain) are added and reported\n"
	"  --owner PERSON    linkedin: whose connections they are (one of our people);\n"
	"                    cards: the owner of cards without a 名刺所有者; contacts:\n"
	"                    whose address book\n"
	"  --strength S      linkedin, cards, contacts: the ties' strength (default 0.2\n"
	"                    for a LinkedIn connection, 0.5 for a card, 0.3 a contact)\n"
	"  --new-orgs KIND   add the unknown companies of a keyless list as orgs of\n"
	"                    KIND (customer, partner ...); linkedin, cards, contacts:\n"
	"                    the kind of the orgs they add (default other)\n"
	"  --map MAP         which header holds which column, for files whose headers\n"
	"                    are not ours: 'name=お名前,org=勤務先,met_on=交換日' (cards:\n"
	"                    name first last email org department title met_on owner\n"
	"                    url; contacts: the same but met_on; native: the table's\n"
	"                    columns), or a file of NAME=HEADER\n"
	"                    lines\n"
	"  --encoding ENC    the files' encoding: utf-8 (default) or cp932 (= shift_jis,\n"
	"                    what Japanese Excel saves); without it, a file that is not\n"
	"                    UTF-8 but reads as CP932 is converted, with a warning.\n"
	"                    Excel's \"Unicode text\" (UTF-16) and tab-separated files\n"
	"                    are read too; an old .xls workbook is refused: save it as\n"
	"                    .xlsx or CSV UTF-8\n"
	"  --strict          refuse records whose key already exists (default: update)\n"
	"  --dry-run         check everything, change nothing\n"
	"  --max-errors N    stop after N errors (default 100)\n"
	"  --progress        report progress on stderr (default: when it is a terminal)\n"
	"  --no-progress     never report progress\n"
	"\n"
	"Errors are printed as FILE:LINE:COLUMN: error: REASON (COLUMN is the\n"
	"field number); any error leaves the database unchanged (exit 1).\n"
	"\n"
	"Examples:\n";

static const char help_ja[] =
	"使い方: powermap [--db ファイル] import [--type 種類] [--encoding ENC] [--strict]\n"
	"                                   [--dry-run] [--max-errors N] [--progress|--no-progress]\n"
	"                                   [--new-orgs 種類] ファイル...\n"
	"        powermap [--db ファイル] import --format linkedin --owner 人物 [--strength S]\n"
	"                                   Connections.csv...\n"
	"        powermap [--db ファイル] import --format cards [--owner 人物] [--map MAP]\n"
	"                                   [--new-orgs 種類] cards.csv...\n"
	"        powermap [--db ファイル] import --format contacts --owner 人物 [--map MAP]\n"
	"                                   [--new-orgs 種類] contacts.csv...\n"
	"\n"
	"標準の CSV ファイル（UTF-8、RFC 4180、見出し行）を取り込みます。各ファイルの\n"
	"種類は見出しから見分けます: orgs、people、links、interactions、deals、\n"
	"actions、plan（見出しは列名のほか、キー,氏名,会社,役職,メールアドレス などの\n"
	"日本語でも書けます。README 参照）。すべてのファイルを 1 つのトランザクション\n"
	"で取り込み、全行が入るか、何も入らないかのどちらかです。ファイルは依存する\n"
	"順に適用するので、関係のファイルが同じ呼び出しの別のファイルの人物を指せま\n"
	"す。データベースがなければ作ります。ファイルには -（標準入力）やパイプも使え、\n"
	"1 回だけ読みます。空の表に入る人物と関係はまとめて書き込み（1 分に数百万行）、\n"
	"履歴には記録ごとではなくファイルごとに 1 行残します。初回の取り込み（空の\n"
	"データベースへ）の間、ほかのコマンドは待ちます。Excel のブック（.xlsx）は\n"
	"シートごとに、BOOK.xlsx[シート] という名のファイルとして読みます。見出しは\n"
	"先頭 10 行のうち表の列名を並べた最初の行です（その上の表題行は読み飛ばし、\n"
	"見出しのないシートは警告して読み飛ばし、非表示のシートは読みません）。\n"
	"\n"
	"キーのない人物の一覧（氏名 か 姓と名、会社名/取引先名 かメールのある表: チーム\n"
	"の名簿や CRM のレポート）は、1 行ずつ保存済みの人物と照合します: メールで、\n"
	"なければ同じ組織の氏名で。見つからない人は追加し、キーはメール、なければ\n"
	"氏名から作ります。空のセルは何も消しません。組織は登録済み（キーか名前）で\n"
	"あるか、--new-orgs で追加します。キーのない会社の一覧（会社名、業種、\n"
	"従業員数、売上高 …: ターゲットリスト）は、同じ名前の組織を更新し、ほかは\n"
	"種類の列か --new-orgs の種類で追加します。数の列は 売上高（百万円）、\n"
	"金額（千円） のように単位を書けます（単位を掛けた数で保存。円の単位なら\n"
	"通貨は JPY）。\n"
	"\n";

static const char help_ja2[] =
	"オプション:\n"
	"  --type KIND       推測せず、すべてのファイルを KIND として扱う\n"
	"  --format F        native（既定）または linkedin: LinkedIn の Connections.csv。\n"
	"                    各行が人物（プロフィール URL、メール、会社の組織内の名前で\n"
	"                    照合し、なければ作成。会社の組織も照合か作成）と --owner\n"
	"                    からの knows の関係\n"
	"                    cards: 名刺のエクスポート（Sansan、Eight …: 氏名 または\n"
	"                    姓/名、会社名、部署名、役職、メールアドレス、名刺交換日、\n"
	"                    名刺所有者）。各名刺が人物と、所有者からの knows の関係\n"
	"                    contacts: アドレス帳（Outlook、Google コンタクト: First/\n"
	"                    Last Name か 姓/名、Company/会社、Job Title/役職、電子メール\n"
	"                    アドレス）か vCard（.vcf）。各連絡先が人物と --owner からの\n"
	"                    knows の関係\n"
	"                    views: 資料の閲覧ログ（閲覧者のメール、資料、閲覧日時、\n"
	"                    秒数）。それぞれ手段 view の接触\n"
	"                    salesforce: Account、Contact、Opportunity、\n"
	"                    OpportunityContactRole、User（当方の人）、Task と Event\n"
	"                    （電話・メール・面談: 接触）、EmailMessage（向きのわかるメール）、\n"
	"                    EventRelation と TaskRelation（2 人目以降の相手）の\n"
	"                    エクスポート（Id をキーに）\n"
	"                    ics: カレンダー（iCalendar）。各会議が、当方以外の各出席者\n"
	"                    との接触。既知の組織（メールのドメインで判断）の未知の\n"
	"                    出席者は追加して報告\n"
	"  --owner PERSON    linkedin: 誰のつながりか（当方の人）。\n"
	"                    cards: 名刺所有者のない名刺の所有者。contacts: 誰の\n"
	"                    アドレス帳か\n"
	"  --strength S      linkedin、cards、contacts: 関係の強さ（既定は LinkedIn の\n"
	"                    つながり 0.2、名刺交換 0.5、アドレス帳 0.3）\n"
	"  --new-orgs KIND   キーのない人物の一覧に出てくる未登録の会社を、種類 KIND\n"
	"                    （customer、partner、bank …。顧客 なども可）の組織として\n"
	"                    追加（キーは名前から）。linkedin、cards、contacts: 追加する\n"
	"                    組織の種類（既定 other）\n"
	"  --map MAP         見出しが powermap のものでないファイルで、どの見出しが\n"
	"                    どの列か: 'name=お名前,org=勤務先,met_on=交換日'（cards:\n"
	"                    name first last email org department title met_on owner\n"
	"                    url。contacts: met_on 以外は同じ。native: その表の列）、\n"
	"                    または 名前=見出し の行のファイル\n"
	"  --encoding ENC    ファイルの文字コード: utf-8（既定）か cp932（= shift_jis。\n"
	"                    日本語版 Excel の保存形式）。指定がなく、UTF-8 ではないが\n"
	"                    CP932 として読めるファイルは、警告つきで変換。Excel の\n"
	"                    「Unicode テキスト」（UTF-16）とタブ区切りも読める。古い\n"
	"                    .xls のブックは拒む: .xlsx か CSV UTF-8 で保存し直す\n"
	"  --strict          キーがすでにある記録を拒む（既定: 更新する）\n"
	"  --dry-run         すべて検査し、何も変えない\n"
	"  --max-errors N    エラーが N 件で止める（既定 100）\n"
	"  --progress        進み具合を標準エラーに出す（既定: 端末のとき）\n"
	"  --no-progress     進み具合を出さない\n"
	"\n"
	"エラーは ファイル:行:列: エラー: 理由 の形で出します（列は項目の番号）。\n"
	"エラーがあればデータベースは変わりません（終了コード 1）。\n"
	"\n"
	"例:\n";

static const char examples[] = EXAMPLES;

/* "import: 12.3 s: writing links: 3,000,000" on stderr. */
static void show_progress(void *ctx, const char *what, size_t rows)
{
	char count[32] = "";

	if (rows)
		snprintf(count, sizeof(count), pm_msg(": %zu rows"), rows);
	fprintf(stderr, "import: %6.1f s: %s%s\n", cli_elapsed(ctx), pm_msg(what), count);
}

static void print_diags(const struct pm_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct pm_diag *g = &d->items[i];
		fputs(g->file, stderr);
		if (g->line)
			fprintf(stderr, ":%zu", g->line);
		if (g->col)
			fprintf(stderr, ":%zu", g->col);
		char *msg = cli_clean(g->msg);   /* messages quote the data */
		fprintf(stderr, ": %s: %s\n", g->warning ? pm_msg("warning") : pm_msg("error"),
			msg ? msg : g->msg);
		free(msg);
	}
	if (d->dropped)
		fprintf(stderr, pm_msg("... and %zu more errors not shown\n"), d->dropped);
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "owner", required_argument, NULL, 'o' },
		{ "strength", required_argument, NULL, 'S' },
		{ "new-orgs", required_argument, NULL, 'K' },
		{ "map", required_argument, NULL, 'M' },
		{ "strict", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "progress", no_argument, NULL, 'p' },
		{ "no-progress", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_import_opts o = { .type = -1 };
	struct timespec t0;
	int show = isatty(STDERR_FILENO);
	struct pm_import_stats stats;
	struct pm_diags diags = { 0 };
	struct pm_error err;
	char today[11], new_kind[64];
	int ch, rc, t, any = 0;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 't':
			if ((o.type = pm_table_find(optarg)) < 0)
				return cli_usage("import", "unknown kind '%s' (expected orgs, "
						 "people, links, interactions, deals, actions, plan)",
						 optarg);
			break;
		case 'e': o.encoding = optarg; break;
		case 'f': {
			size_t i;
			for (i = 0; pm_import_format_name(i) && strcmp(pm_import_format_name(i), optarg); i++)
				;
			if (!pm_import_format_name(i))
				return cli_usage("import", "unknown format '%s' (native, linkedin, "
						 "cards, views, salesforce, ics)", optarg);
			o.format = optarg;
			break;
		}
		case 'o': o.owner = optarg; break;
		case 'M': o.map = optarg; break;
		case 'S': {
			char why[256];
			if (pm_value_check(&pm_tables[PM_T_LINKS].cols[3], optarg, why, sizeof(why)) < 0)
				return cli_usage("import", "--strength: %s", why);
			o.link_strength = optarg;
			break;
		}
		case 'K': {   /* 顧客, Customer: customer */
			struct pm_strbuf canon = PM_STRBUF_INIT;
			const char *v = cli_value("import", "--new-orgs",
						  &pm_tables[PM_T_ORGS].cols[2], optarg, &canon);
			if (v)
				snprintf(new_kind, sizeof(new_kind), "%s", v);
			pm_strbuf_release(&canon);
			if (!v)
				return EXIT_USAGE;
			if (!*new_kind)
				return cli_usage("import", "--new-orgs: give a kind (customer, "
						 "partner ...)");
			o.new_orgs = new_kind;
			break;
		}
		case 's': o.strict = 1; break;
		case 'n': o.dry_run = 1; break;
		case 'p': show = 1; break;
		case 'q': show = 0; break;
		case 'm': {
			char *end;
			cli_fold_number(optarg);
			o.max_errors = strtoul(optarg, &end, 10);
			if (*end || !o.max_errors || !isdigit((unsigned char)optarg[0]))
				return cli_usage("import", "--max-errors '%s' is not a positive number",
						 optarg);
			break;
		}
		case 'h':
			fputs(c->lang == PM_LANG_JA ? help_ja : help, stdout);
			fputs(c->lang == PM_LANG_JA ? help_ja2 : help2, stdout);
			return cli_help(examples);
		default:
			return cli_bad_option("import", argv);
		}
	}
	if (optind >= argc)
		return cli_usage("import", "no file to import");
	/* "-" is standard input, read once like any pipe */
	for (t = optind; t < argc; t++)
		if (!strcmp(argv[t], "-"))
			argv[t] = (char *)"/dev/stdin";
	if (cli_open_store(c, 1) != EXIT_OK)
		return EXIT_ERR;
	{
		/* today, for the calendar's recurring meetings */
		struct pm_params p;
		pm_params_default(&p, cli_today(c));
		snprintf(today, sizeof(today), "%s", p.as_of);
		o.as_of = today;
	}
	o.local_time = wall_clock;   /* times with a zone as the team reads them (TZ) */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (show) {
		o.progress = show_progress;
		o.progress_ctx = &t0;
	}
	rc = pm_import_files(c->st, (const char *const *)argv + optind,
			     (size_t)(argc - optind), &o, &stats, &diags, &err);
	print_diags(&diags);
	if (rc == PM_EIMPORT) {
		cli_fail(diags.nerrors == 1 ? "import failed with %zu error; database unchanged"
			 : "import failed with %zu errors; database unchanged", diags.nerrors);
		pm_diags_free(&diags);
		return EXIT_ERR;
	}
	pm_diags_free(&diags);
	if (rc < 0)
		return cli_fail("import failed; database unchanged: %s", err.msg);
	printf("%s", o.dry_run ? TR(c, "checked (dry run, nothing changed):",
				     "確認しました（試行のみ、変更なし）:")
	       : TR(c, "imported:", "取り込みました:"));
	for (t = 0; t < PM_T_COUNT; t++) {
		size_t n = stats.created[t] + stats.updated[t] + stats.unchanged[t];
		const char *noun = n == 1 ? pm_tables[t].singular : pm_tables[t].name;
		if (!n)
			continue;
		if (c->lang == PM_LANG_JA)
			printf("%s%s %zu 件（新規 %zu、更新 %zu", any++ ? "、" : " ", pm_msg(noun), n,
			       stats.created[t], stats.updated[t]);
		else
			printf("%s %zu %s (%zu new, %zu updated", any++ ? "," : "", n, noun,
			       stats.created[t], stats.updated[t]);
		if (stats.unchanged[t])
			printf(TR(c, ", %zu unchanged", "、変更なし %zu"), stats.unchanged[t]);
		fputs(TR(c, ")", "）"), stdout);
	}
	for (t = 0; t < PM_T_COUNT; t++) {
		const char *noun = stats.matched[t] == 1 ? pm_tables[t].singular : pm_tables[t].name;
		if (!stats.matched[t])
			continue;
		if (c->lang == PM_LANG_JA)
			printf("%s保存済みと一致した%s %zu 件（プロフィール URL %zu、メール %zu、"
			       "名前 %zu）", any++ ? "、" : " ", pm_msg(noun), stats.matched[t],
			       stats.matched_by[t][0], stats.matched_by[t][1], stats.matched_by[t][2]);
		else
			printf("%s %zu %s found stored already (by profile URL %zu, email %zu, "
			       "name %zu)", any++ ? "," : "", stats.matched[t], noun,
			       stats.matched_by[t][0], stats.matched_by[t][1],
			       stats.matched_by[t][2]);
	}
	printf("%s\n", any ? "" : TR(c, " nothing", " なし"));
	return EXIT_OK;
}
