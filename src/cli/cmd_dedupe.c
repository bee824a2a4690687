/* powermap dedupe — people who are likely one human; merged with --apply. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/store.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap add person tanaka-2 --name \"田中　一郎\" --org kanto-seiki   # typed twice\n" \
	"  powermap dedupe\n" \
	"  powermap dedupe --merge tanaka-ichiro tanaka-2\n" \
	"  powermap dedupe --undo tanaka-2\n"

static const char help[] =
	"usage: powermap [--db FILE] dedupe [--apply] [--json]\n"
	"       powermap [--db FILE] dedupe --merge KEEP OTHER\n"
	"       powermap [--db FILE] dedupe --undo OTHER\n"
	"\n"
	"List pairs of people who are likely one human, with the evidence: the same\n"
	"email; the same name (full-width, spaces and case aside) in the same org;\n"
	"the same name where one has no org. The contact importers merge by id,\n"
	"email and name in the same org as they read; records that came in under\n"
	"their own keys (CSV files, 'add') or without an org are listed here.\n"
	"With --apply every pair is merged into its older record (read the list\n"
	"first: namesakes in one large company may be two humans); --merge merges\n"
	"one pair you chose. A merge moves the other's ties, interactions and\n"
	"actions, fills what the kept record lacks, removes the other, and is\n"
	"recorded in the history ('powermap log'). --undo brings back the person\n"
	"a merge removed, with its ties, interactions and actions, and the kept\n"
	"person's fields as they were before it.\n"
	"\n"
	"Options:\n"
	"  --apply             merge every pair listed\n"
	"  --merge KEEP OTHER  merge OTHER into KEEP (keys or names)\n"
	"  --undo OTHER        undo the latest merge that removed OTHER (its key)\n"
	"  --json              the pairs as JSON\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] dedupe [--apply] [--json]\n"
	"        powermap [--db ファイル] dedupe --merge 残す人 統合する人\n"
	"        powermap [--db ファイル] dedupe --undo 統合した人\n"
	"\n"
	"同一人物らしい人の組を、根拠とともに一覧します: 同じメール。同じ組織で同じ\n"
	"名前（全角・空白・大文字小文字の違いは無視）。一方に組織のない同じ名前。\n"
	"連絡先の取り込みは、読みながら ID、メール、同じ組織の名前で統合します。\n"
	"それぞれのキーで入った記録（CSV ファイル、'add'）や組織のない記録が、ここに\n"
	"載ります。--apply はすべての組を古いほうの記録に統合します（先に一覧を\n"
	"読んでください。大きな会社では同姓同名の別人もいます）。--merge は選んだ\n"
	"1 組を統合します。統合は相手の関係・接触・行動を移し、残す記録に欠けている\n"
	"項目を埋め、相手を削除して、履歴に残します（'powermap log'）。--undo は統合\n"
	"で消えた人を、その関係・接触・行動と、統合前の残した人の項目とともに戻します。\n"
	"\n"
	"オプション:\n"
	"  --apply             一覧したすべての組を統合する\n"
	"  --merge KEEP OTHER  OTHER を KEEP に統合する（キーか名前）\n"
	"  --undo OTHER        OTHER（そのキー）を消した最新の統合を取り消す\n"
	"  --json              組を JSON で出す\n"
	"\n"
	"例:\n"
	EXAMPLES;

int cmd_dedupe(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "apply", no_argument, NULL, 'a' },
		{ "merge", no_argument, NULL, 'm' },
		{ "undo", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_duplicate *d = NULL;
	struct pm_error err;
	size_t n = 0, i, merged = 0;
	const char *undo = NULL;
	char *kept = NULL;
	int ch, apply = 0, merge = 0, json = 0, rc = EXIT_OK;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': apply = 1; break;
		case 'm': merge = 1; break;
		case 'u': undo = optarg; break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("dedupe", argv);
		}
	}
	if (undo) {
		if (optind < argc || merge || apply)
			return cli_usage("dedupe", "--undo takes one key and no other option");
		if (pm_store_person_unmerge(c->st, undo, &kept, &err) < 0)
			return cli_fail_err(&err);
		printf(TR(c, "'%s' is back; the merge into '%s' is undone\n",
			  "'%s' を戻しました。'%s' への統合を取り消しました\n"), undo, kept);
		free(kept);
		return EXIT_OK;
	}
	if (merge) {
		if (optind + 2 != argc)
			return cli_usage("dedupe", "--merge wants KEEP and OTHER");
		if (pm_store_person_merge(c->st, argv[optind], argv[optind + 1], &err) < 0)
			return cli_fail_err(&err);
		printf(TR(c, "merged %s into %s\n", "%s を %s に統合しました\n"), argv[optind + 1], argv[optind]);
		return EXIT_OK;
	}
	if (optind < argc)
		return cli_usage("dedupe", "unexpected argument '%s'", argv[optind]);
	if (pm_store_duplicates(c->st, &d, &n, &err) < 0)
		return cli_fail_err(&err);
	if (json) {
		json_t *arr = json_array();
		for (i = 0; i < n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "keep", json_string(d[i].keep));
			json_object_set_new(o, "other", json_string(d[i].other));
			json_object_set_new(o, "evidence", json_string(d[i].evidence));
			json_array_append_new(arr, o);
		}
		pm_duplicates_free(d, n);
		return cli_print_json(arr);
	}
	/* all merges or none: one transaction */
	if (apply && n && pm_store_begin(c->st, &err) < 0) {
		pm_duplicates_free(d, n);
		return cli_fail_err(&err);
	}
	for (i = 0; i < n; i++) {
		printf(TR(c, "%s and %s: %s\n", "%s と %s: %s\n"), d[i].keep, d[i].other, d[i].evidence);
		if (!apply)
			continue;
		/* a pair whose person was merged away already is skipped */
		if (pm_store_person_merge(c->st, d[i].keep, d[i].other, &err) < 0) {
			if (err.code == PM_ENOTFOUND)
				continue;
			rc = cli_fail_err(&err);
			break;
		}
		merged++;
	}
	if (apply && n && rc == EXIT_OK && pm_store_commit(c->st, &err) < 0)
		rc = cli_fail_err(&err);
	if (apply && n && rc != EXIT_OK)
		pm_store_rollback(c->st);
	if (rc == EXIT_OK)
		printf(c->lang == PM_LANG_JA ? "%s重複の候補 %zu 件%s%s\n" : "%s%zu likely duplicate%s%s\n",
		       n ? "\n" : "", n, c->lang == PM_LANG_JA || n == 1 ? "" : "s", apply ? ""
		       : TR(c, " (merge with --apply, or one pair with --merge KEEP OTHER)",
			    "（--apply ですべて統合、--merge 残す人 統合する人 で 1 組ずつ統合）"));
	if (apply && rc == EXIT_OK)
		printf(TR(c, "merged %zu\n", "%zu 件を統合しました\n"), merged);
	pm_duplicates_free(d, n);
	return rc;
}
