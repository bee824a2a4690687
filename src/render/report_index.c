/* powermap — the index page of `report --all` (see report.h). */
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/report.h"
#include "html_internal.h"

#define T(ix, e, j) ((ix)->ja ? (j) : (e))

static const char style[] =
	"body{font-family:'Noto Sans CJK JP','Noto Sans JP',sans-serif;margin:24px;"
	"color:#212529;max-width:1200px}"
	"h1{font-size:26px;margin:0 0 4px}.meta{color:#6c757d}"
	"table{border-collapse:collapse;width:100%;font-size:13px;margin-top:12px}"
	"th,td{border:1px solid #dee2e6;padding:4px 6px;text-align:left;vertical-align:top}"
	"th{background:#f1f3f5}td.num{text-align:right;white-space:nowrap}"
	"a{font-weight:bold}.why{color:#495057;font-size:12px;margin-top:2px}"
	".noplan{color:#c92a2a;white-space:nowrap}td.plan{white-space:nowrap}"
	".high{color:#c92a2a;font-weight:bold}.medium{color:#e67700;font-weight:bold}"
	"@page{size:A4 landscape;margin:12mm}@media print{body{margin:0;max-width:none}}";

/* The score cell: the score, its components on hover. */
static void score_cell(struct pm_strbuf *b, const struct pm_report_index *ix,
		       const struct pm_account_score *a)
{
	pm_strbuf_addf(b, "<td class=\"num\" title=\"%s %.2f, %s %.2f, %s %.2f, %s %.2f, %s %.2f\">"
		       "%.2f</td>", T(ix, "fit", "適合"), a->fit, T(ix, "reach", "到達"), a->reach,
		       T(ix, "coverage", "役割網羅"), a->coverage, T(ix, "engagement", "接点"),
		       a->engagement, T(ix, "pipeline", "商談"), a->pipeline, a->score);
}

static void row(struct pm_strbuf *b, const struct pm_report_index *ix, size_t i)
{
	const struct pm_report_index_row *r = &ix->rows[i];
	const struct pm_account_score *a = r->a;

	pm_strbuf_addf(b, "<tr><td class=\"num\">%zu</td><td><a href=\"", i + 1);
	html_esc(b, r->file);
	pm_strbuf_puts(b, "\">");
	html_esc(b, a->name && *a->name ? a->name : a->key);
	pm_strbuf_addf(b, "</a> <span class=\"meta\">%s · ",
		       a->won ? T(ix, "customer", "既存顧客") : T(ix, "prospect", "見込み"));
	pm_strbuf_addf(b, T(ix, "%zu people", "%zu 人"), a->people);
	pm_strbuf_puts(b, "</span><div class=\"why\">");
	html_esc(b, a->why);
	pm_strbuf_puts(b, "</div></td>");
	score_cell(b, ix, a);
	pm_strbuf_addf(b, "<td class=\"num\">%zu / %zu</td><td class=\"num\">%zu / %zu</td>",
		       a->nwarm, a->nkey, a->nengaged, a->nkey);
	if (a->plan_sections)
		pm_strbuf_addf(b, T(ix, "<td class=\"plan\">%d sections</td>",
				    "<td class=\"plan\">%d 項目</td>"), a->plan_sections);
	else
		pm_strbuf_addf(b, "<td class=\"noplan\">%s</td>", T(ix, "no plan yet", "計画なし"));
	pm_strbuf_puts(b, "<td class=\"num\">");
	html_esc(b, r->pipeline && *r->pipeline ? r->pipeline : "—");
	pm_strbuf_puts(b, "</td><td>");
	if (r->top_risk) {
		pm_strbuf_addf(b, "<span class=\"%s\">",
			       r->top_severity && !strcmp(r->top_severity, "high") ? "high" : "medium");
		html_esc(b, r->top_risk);
		pm_strbuf_puts(b, "</span>");
		if (r->nrisks > 1)
			pm_strbuf_addf(b, T(ix, " <span class=\"meta\">(+%zu more)</span>",
					    "<span class=\"meta\">（ほか %zu 件）</span>"), r->nrisks - 1);
	} else {
		pm_strbuf_puts(b, "—");
	}
	pm_strbuf_puts(b, "</td></tr>\n");
}

int pm_report_index_html(const struct pm_report_index *ix, char **html, struct pm_error *err)
{
	struct pm_strbuf b = PM_STRBUF_INIT;
	const char *title = ix->plan_next ? T(ix, "Accounts to plan next", "次に計画する顧客")
		: T(ix, "Account plans", "アカウントプラン一覧");
	size_t i;

	*html = NULL;
	pm_strbuf_addf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<title>%s</title><style>%s</style></head><body>\n<h1>%s</h1>\n"
		       "<p class=\"meta\">", ix->ja ? "ja" : "en", title, style, title);
	pm_strbuf_addf(&b, T(ix, "as of %s · %zu accounts, best target first (score as "
			     "<code>powermap accounts</code>; hover a score for its parts)",
			     "基準日 %s · %zu 社、狙うべき順（総合点は <code>powermap accounts"
			     "</code> と同じ。点にカーソルを置くと内訳）"), ix->as_of, ix->n);
	pm_strbuf_addf(&b, "</p>\n<table><tr><th>#</th><th>%s</th><th>%s</th><th>%s</th>"
		       "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		       T(ix, "account", "アカウント"), T(ix, "score", "総合"),
		       T(ix, "key people warm", "紹介経路のある主要人物"),
		       T(ix, "engaged", "接点あり"), T(ix, "plan", "計画"),
		       T(ix, "open pipeline", "進行中の商談"), T(ix, "risks", "危険信号"));
	for (i = 0; i < ix->n; i++)
		row(&b, ix, i);
	pm_strbuf_puts(&b, "</table>\n");
	if (ix->no_people)
		pm_strbuf_addf(&b, T(ix, "<p class=\"meta\">%zu more accounts have no people on the "
				     "map yet, so no plan here; <code>powermap accounts --top 0</code> "
				     "ranks them too (by fit).</p>\n",
				     "<p class=\"meta\">ほか %zu 社は、まだ人物が登録されていないため"
				     "プランはありません。<code>powermap accounts --top 0</code> で"
				     "（適合度で）順位を見られます。</p>\n"), ix->no_people);
	if (!ix->n && !ix->no_people)
		pm_strbuf_addf(&b, "<p>%s</p>\n", ix->plan_next
			       ? T(ix, "Every account has a plan.", "どの顧客にも計画があります。")
			       : T(ix, "No customer accounts yet: orgs of kind customer are accounts.",
				   "まだ顧客がありません（種類が customer の組織が顧客です）。"));
	pm_strbuf_puts(&b, "</body></html>\n");
	if (b.oom) {
		pm_strbuf_release(&b);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	*html = pm_strbuf_detach(&b);
	return 0;
}
