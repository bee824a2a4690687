/* powermap — the account plan as one HTML file (see report.h). */
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/model.h"
#include "powermap/report.h"
#include "html_internal.h"

#define T(r, e, j) ((r)->ja ? (j) : (e))

static const char style[] =
	"body{font-family:'Noto Sans CJK JP','Noto Sans JP',sans-serif;margin:24px;"
	"color:#212529;max-width:1100px}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #495057;"
	"padding-bottom:3px;margin-top:28px}"
	".meta{color:#6c757d}.text{white-space:pre-wrap;line-height:1.6}"
	"table{border-collapse:collapse;width:100%;font-size:13px}"
	"th,td{border:1px solid #dee2e6;padding:3px 6px;text-align:left;vertical-align:top}"
	"th{background:#f1f3f5}td.num{text-align:right}"
	".swot{display:grid;grid-template-columns:1fr 1fr;gap:8px}"
	".swot>div{border:1px solid #adb5bd;border-radius:6px;padding:6px 10px}"
	".swot h3{margin:2px 0 4px;font-size:15px}"
	".high{color:#c92a2a;font-weight:bold}.medium{color:#e67700;font-weight:bold}"
	".map svg{max-width:100%;height:auto}.overdue{color:#c92a2a}"
	".empty{color:#6c757d}.empty code{background:#f1f3f5;padding:0 3px}"
	"@page{size:A4;margin:14mm}"
	"@media print{body{margin:0;max-width:none}section{break-inside:avoid-page}"
	".map{break-before:page}}";

static const char *section_text(const struct pm_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nplan; i++)
		if (!strcmp(r->plan[i].section, name))
			return r->plan[i].text;
	return NULL;
}

/*
 * What a section with nothing in it says: `what` (already in the reader's
 * language), then the command that fills it, with ACCOUNT for the account's
 * key (quoted when it needs it).
 */
static void empty_part(struct pm_strbuf *b, const struct pm_report *r, const char *what,
		       const char *command)
{
	const char *at = strstr(command, "ACCOUNT");
	int quote = strpbrk(r->account, " \t'\"") != NULL;

	pm_strbuf_puts(b, "<p class=\"empty\">");
	html_esc(b, what);
	pm_strbuf_puts(b, r->ja ? "：<code>" : ": <code>");
	if (at) {
		pm_strbuf_add(b, command, (size_t)(at - command));
		pm_strbuf_puts(b, quote ? "'" : "");
		html_esc(b, r->account);
		pm_strbuf_puts(b, quote ? "'" : "");
		command = at + strlen("ACCOUNT");
	}
	html_esc(b, command);
	pm_strbuf_puts(b, "</code></p>");
}

/* Whether the plan has text for any of `names` (NULL-terminated). */
static int has_text(const struct pm_report *r, const char *const *names)
{
	for (; *names; names++)
		if (section_text(r, *names))
			return 1;
	return 0;
}

/* <h2>title</h2> and the section's text, when the plan has it. */
static void text_part(struct pm_strbuf *b, const struct pm_report *r, const char *name,
		      const char *title)
{
	const char *t = section_text(r, name);

	if (!t)
		return;
	pm_strbuf_puts(b, "<h3>");
	html_esc(b, title);
	pm_strbuf_puts(b, "</h3><div class=\"text\">");
	html_esc(b, t);
	pm_strbuf_puts(b, "</div>");
}

static void plan_parts(struct pm_strbuf *b, const struct pm_report *r)
{
	static const char *const swot[][3] = {
		{ "strengths", "Strengths", "強み" }, { "weaknesses", "Weaknesses", "弱み" },
		{ "opportunities", "Opportunities", "機会" }, { "threats", "Threats", "脅威" },
	};
	size_t i;

	static const char *const about[] = { "industry", "overview", NULL };
	static const char *const aims[] = { "goal", "strategy", "cadence", NULL };

	pm_strbuf_addf(b, "<section id=\"overview\"><h2>%s</h2>", T(r, "Overview", "概要"));
	text_part(b, r, "industry", T(r, "Industry", "業界"));
	text_part(b, r, "overview", T(r, "The company", "企業概要"));
	if (!has_text(r, about))
		empty_part(b, r, T(r, "Not written yet", "未記入"),
			   "powermap plan ACCOUNT --set overview --text '…'");
	pm_strbuf_addf(b, "</section><section id=\"goal\"><h2>%s</h2>",
		       T(r, "Goal and strategy", "目標と戦略"));
	text_part(b, r, "goal", T(r, "Goal", "目標"));
	text_part(b, r, "strategy", T(r, "Strategy", "戦略"));
	text_part(b, r, "cadence", T(r, "Review cadence", "レビューの頻度"));
	if (!has_text(r, aims))
		empty_part(b, r, T(r, "Not written yet", "未記入"),
			   "powermap plan ACCOUNT --set goal --text '…'");
	pm_strbuf_puts(b, "</section><section id=\"swot\"><h2>SWOT</h2><div class=\"swot\">");
	for (i = 0; i < 4; i++) {
		const char *t = section_text(r, swot[i][0]);
		pm_strbuf_addf(b, "<div><h3>%s</h3><div class=\"text\">", T(r, swot[i][1], swot[i][2]));
		html_esc(b, t ? t : "—");
		pm_strbuf_puts(b, "</div></div>");
	}
	pm_strbuf_puts(b, "</div></section>");
}

static void people_part(struct pm_strbuf *b, const struct pm_report *r)
{
	const struct pm_account *a = r->a;
	size_t i;

	pm_strbuf_addf(b, "<section id=\"people\"><h2>%s</h2><table><tr><th>#</th><th>%s</th>"
		       "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		       "<th>%s</th><th>%s</th><th>%s</th></tr>",
		       T(r, "Key people", "キーパーソン"), T(r, "name", "氏名"), T(r, "title", "役職"),
		       T(r, "role", "役割"), T(r, "stance", "スタンス"), T(r, "power", "影響力"),
		       T(r, "formal", "公式"), T(r, "influence", "影響"), T(r, "role prior", "役割値"),
		       T(r, "broker", "仲介"), T(r, "engaged", "関与"));
	for (i = 0; i < a->n && i < 15; i++) {
		int v = a->rank->order[i];
		const struct pm_person *p = &a->rank->view->people[v];
		const struct pm_rank_entry *e = &a->rank->e[v];
		pm_strbuf_addf(b, "<tr><td class=\"num\">%zu</td><td>", i + 1);
		html_esc(b, p->name);
		pm_strbuf_puts(b, "</td><td>");
		html_esc(b, p->title);
		pm_strbuf_addf(b, "</td><td>%s</td><td>%s</td><td class=\"num\">%.2f</td>"
			       "<td class=\"num\">%.2f</td><td class=\"num\">%.2f</td>"
			       "<td class=\"num\">%.2f</td><td class=\"num\">%.2f</td><td>%s</td></tr>",
			       p->role_id == PM_ROLE_NONE ? "" : pm_role_label(p->role_id, r->ja),
			       pm_stance_label(p->stance_id, r->ja), e->score, e->formal, e->influence,
			       e->role, e->broker, a->engaged[v] ? T(r, "yes", "済") : "");
	}
	pm_strbuf_puts(b, "</table></section>");
}

static void risks_part(struct pm_strbuf *b, const struct pm_report *r)
{
	size_t i;

	pm_strbuf_addf(b, "<section id=\"risks\"><h2>%s</h2><ul>", T(r, "Risks", "危険信号"));
	for (i = 0; i < r->nrisks; i++) {
		const struct pm_risk *x = &r->risks[i];
		int high = !strcmp(x->severity, "high");
		pm_strbuf_addf(b, "<li><span class=\"%s\">[%s]</span> ", x->severity,
			       high ? T(r, "high", "高") : T(r, "medium", "中"));
		html_esc(b, x->title);
		pm_strbuf_puts(b, "<br>→ ");
		html_esc(b, x->advice);
		pm_strbuf_puts(b, "</li>");
	}
	if (!r->nrisks)
		pm_strbuf_addf(b, "<li>%s</li>", T(r, "No red flags.", "危険信号はありません。"));
	pm_strbuf_puts(b, "</ul></section>");
}

static void route(struct pm_strbuf *b, const struct pm_view *v, const struct pm_path *p)
{
	int i;

	for (i = 0; i < p->len; i++) {
		if (i)
			pm_strbuf_puts(b, " → ");
		html_esc(b, v->people[p->nodes[i]].name);
	}
}

static void paths_part(struct pm_strbuf *b, const struct pm_report *r)
{
	size_t i, j;

	pm_strbuf_addf(b, "<section id=\"paths\"><h2>%s</h2>",
		       T(r, "Warm paths to the decision makers", "意思決定者への紹介経路"));
	for (i = 0; i < r->npaths; i++) {
		const struct pm_paths *ps = r->paths[i];
		const struct pm_person *t = &ps->view->people[ps->target];
		pm_strbuf_puts(b, "<h3>");
		html_esc(b, t->name);
		pm_strbuf_puts(b, " — ");
		html_esc(b, t->title);
		pm_strbuf_puts(b, "</h3><ol>");
		for (j = 0; j < ps->n; j++) {
			const struct pm_path *p = &ps->paths[j];
			int iv = pm_path_introducer(p);
			pm_strbuf_addf(b, "<li>%s %.2f — %s ", T(r, "strength", "強さ"), p->score,
				       T(r, "ours", "当方"));
			html_esc(b, ps->view->people[p->nodes[0]].name);
			if (iv >= 0) {
				pm_strbuf_addf(b, ", %s ", T(r, "introducer", "紹介者"));
				html_esc(b, ps->view->people[iv].name);
			}
			pm_strbuf_puts(b, ": ");
			route(b, ps->view, p);
			pm_strbuf_puts(b, "</li>");
		}
		if (!ps->n)
			pm_strbuf_addf(b, "<li>%s</li>", T(r, "No warm path from our side.",
							 "当方からの紹介経路はありません。"));
		pm_strbuf_puts(b, "</ol>");
	}
	if (!r->npaths)
		empty_part(b, r, T(r, "No economic buyer or decision maker declared yet; once "
				   "one is, the best introductions to them are shown here",
				   "経済的決裁者・意思決定者が未設定です。設定すると、その人への"
				   "紹介経路をここに示します"),
			   "powermap set person KEY --role economic_buyer");
	pm_strbuf_puts(b, "</section>");
}

static void next_part(struct pm_strbuf *b, const struct pm_report *r)
{
	const struct pm_account *a = r->a;
	char month[8] = "";
	size_t i, j;

	pm_strbuf_addf(b, "<section id=\"next\"><h2>%s</h2><ol>",
		       T(r, "Who to approach next", "次に会うべき人"));
	for (i = 0; i < r->nnext; i++) {
		const struct pm_next_item *x = &r->next[i];
		pm_strbuf_puts(b, "<li><b>");
		html_esc(b, a->rank->view->people[x->vertex].name);
		pm_strbuf_addf(b, "</b> (%.3f) — ", x->value);
		if (x->warm)
			route(b, x->view, x->path);
		else
			html_esc(b, pm_enum_label(pm_action_channels, x->channel, r->ja));
		pm_strbuf_puts(b, "<br><small>");
		html_esc(b, x->why);
		pm_strbuf_puts(b, "</small></li>");
	}
	pm_strbuf_addf(b, "</ol><h3>%s</h3>", T(r, "Planned actions by month", "月別の行動計画"));
	/* the open actions in due order, a heading per month (undated last) */
	{
		size_t *order = calloc(a->n + 1, sizeof(*order)), n = 0, k;
		for (i = 0; order && i < a->n; i++)
			if (a->planned[i].count)
				order[n++] = i;
		for (i = 1; order && i < n; i++)   /* insertion sort by due date */
			for (j = i; j > 0; j--) {
				const char *x = a->planned[order[j]].due, *y = a->planned[order[j - 1]].due;
				if (!(*x && (!*y || strcmp(x, y) < 0)))
					break;
				k = order[j];
				order[j] = order[j - 1];
				order[j - 1] = k;
			}
		for (i = 0; order && i < n; i++) {
			const struct pm_planned *p = &a->planned[order[i]];
			if (!i || strncmp(p->due, month, 7)) {
				if (i)
					pm_strbuf_puts(b, "</ul>");
				snprintf(month, sizeof(month), "%.7s", p->due);
				pm_strbuf_addf(b, "<h4>%s</h4><ul>", *month ? month : T(r, "no date", "期限なし"));
			}
			pm_strbuf_addf(b, "<li%s>%s ", p->overdue ? " class=\"overdue\"" : "", p->due);
			html_esc(b, a->rank->view->people[order[i]].name);
			pm_strbuf_puts(b, " — ");
			/* the channel in the reader's words, as 'next' and 'action list' give it */
			html_esc(b, pm_enum_label(pm_action_channels, p->channel, r->ja));
			if (p->via && r->ja) {
				pm_strbuf_puts(b, "（");
				html_esc(b, p->via);
				pm_strbuf_puts(b, " 経由）");
			} else if (p->via) {
				pm_strbuf_puts(b, " via ");
				html_esc(b, p->via);
			}
			if (p->owner) {
				pm_strbuf_puts(b, T(r, ", owner ", "、担当 "));
				html_esc(b, p->owner);
			}
			if (p->overdue)
				pm_strbuf_addf(b, " — %s", T(r, "OVERDUE", "期限超過"));
			pm_strbuf_puts(b, "</li>");
		}
		if (n)
			pm_strbuf_puts(b, "</ul>");
		else
			empty_part(b, r, T(r, "No open actions", "未完了の行動はありません"),
				   "powermap next ACCOUNT --plan");
		free(order);
	}
	pm_strbuf_puts(b, "</section>");
}

static void team_part(struct pm_strbuf *b, const struct pm_report *r)
{
	const struct pm_team *t = r->team;
	size_t i, j;

	pm_strbuf_addf(b, "<section id=\"team\"><h2>%s</h2>", T(r, "The team", "チーム"));
	if (!t || !t->n)
		empty_part(b, r, T(r, "Nobody on our side has a tie to this account yet "
				   "(LinkedIn, business cards, a calendar bring them in)",
				   "当方にはまだこの顧客とのつながりがありません（LinkedIn、名刺、"
				   "カレンダーの取り込みで入ります）"),
			   "powermap import --format cards --owner PERSON cards.csv");
	else
		pm_strbuf_addf(b, "<table><tr><th>%s</th><th>%s</th><th>%s</th></tr>",
		       T(r, "ours", "当方"),
		       T(r, "knows (strength, power)", "知人（強さ、影響力）"),
		       T(r, "actions open / overdue / done", "行動 未完了／期限超過／完了"));
	for (i = 0; t && i < t->n && i < 20; i++) {
		const struct pm_team_member *m = &t->m[i];
		pm_strbuf_puts(b, "<tr><td>");
		html_esc(b, t->view->people[m->vertex].name);
		pm_strbuf_puts(b, "<br><small>");
		html_esc(b, t->view->people[m->vertex].org_name);
		pm_strbuf_puts(b, "</small></td><td>");
		for (j = 0; j < m->nties; j++) {
			if (j)
				pm_strbuf_puts(b, "<br>");
			html_esc(b, r->a->rank->view->people[m->ties[j].vertex].name);
			pm_strbuf_addf(b, " (%.2f, %.2f)", m->ties[j].strength,
				       r->a->rank->e[m->ties[j].vertex].score);
		}
		pm_strbuf_addf(b, "</td><td>%zu / %zu / %zu</td></tr>", m->open, m->overdue, m->done);
	}
	if (t && t->n)
		pm_strbuf_puts(b, "</table>");
	if (t && t->nunreached) {
		pm_strbuf_addf(b, "<p>%s: ", T(r, "Key people nobody of ours knows",
					    "当方の誰も知らない重要人物"));
		for (i = 0; i < t->nunreached; i++) {
			if (i)
				pm_strbuf_puts(b, T(r, ", ", "、"));
			html_esc(b, r->a->rank->view->people[t->unreached[i]].name);
		}
		pm_strbuf_puts(b, "</p>");
	}
	pm_strbuf_puts(b, "</section>");
}

static void kpi_part(struct pm_strbuf *b, const struct pm_report *r)
{
	const struct pm_kpi *k = r->kpi;
	size_t i;

	if (!k->nmoney && !k->open && !k->won && !k->lost) {
		pm_strbuf_puts(b, "<section id=\"kpi\"><h2>KPI</h2>");
		empty_part(b, r, T(r, "No deals yet", "案件はまだありません"),
			   "powermap add deal KEY --account ACCOUNT --stage qualified "
			   "--amount N --currency JPY");
		pm_strbuf_puts(b, "</section>");
		return;
	}
	pm_strbuf_addf(b, "<section id=\"kpi\"><h2>KPI</h2><p>%s %zu, %s %zu, %s %zu</p>"
		       "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		       T(r, "open", "進行中"), k->open, T(r, "won", "受注"), k->won,
		       T(r, "lost", "失注"), k->lost, T(r, "currency", "通貨"),
		       T(r, "pipeline", "パイプライン"), T(r, "weighted", "加重"),
		       T(r, "won ever", "累計受注"));
	for (i = 0; i < k->nmoney; i++) {
		pm_strbuf_puts(b, "<tr><td>");
		html_esc(b, k->money[i].currency);
		char m[3][64];
		const char *cur = k->money[i].currency;
		pm_strbuf_addf(b, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
			       "<td class=\"num\">%s</td></tr>",
			       pm_money_format(m[0], 64, k->money[i].pipeline, cur),
			       pm_money_format(m[1], 64, k->money[i].weighted, cur),
			       pm_money_format(m[2], 64, k->money[i].won_all, cur));
	}
	pm_strbuf_puts(b, "</table>");
	if (k->nstalled) {
		pm_strbuf_addf(b, "<h3>%s</h3><ul>", T(r, "Stalled deals", "停滞している案件"));
		for (i = 0; i < k->nstalled; i++) {
			pm_strbuf_puts(b, "<li>");
			html_esc(b, k->stalled[i].name);
			pm_strbuf_puts(b, r->ja ? "（" : " (");
			html_esc(b, pm_enum_label(pm_deal_stages, k->stalled[i].stage, r->ja));
			pm_strbuf_puts(b, r->ja ? "）" : ")");
			pm_strbuf_puts(b, "</li>");
		}
		pm_strbuf_puts(b, "</ul>");
	}
	pm_strbuf_puts(b, "</section>");
}

static void review_part(struct pm_strbuf *b, const struct pm_report *r)
{
	const struct pm_review *v = r->review;
	size_t i;

	pm_strbuf_addf(b, "<section id=\"review\"><h2>%s</h2>", T(r, "Latest review", "前回レビュー"));
	if (!v || !v->mark_at[0]) {
		pm_strbuf_addf(b, "<p>%s</p></section>", T(r, "No review recorded yet.",
						       "レビューの記録はまだありません。"));
		return;
	}
	/* "2026-11-01T09:00:00Z" as "2026-11-01 09:00 UTC" (a file has no reader's zone) */
	pm_strbuf_addf(b, "<p>%s %.10s %.5s UTC: %zu %s</p><ul>", T(r, "Since", "前回"), v->mark_at,
		       strlen(v->mark_at) > 11 ? v->mark_at + 11 : "", v->nchanges,
		       T(r, "changes", "件の変更"));
	for (i = 0; i < v->nnew; i++) {
		pm_strbuf_addf(b, "<li>%s: ", T(r, "new risk", "新しい危険信号"));
		html_esc(b, v->risks_new[i]);
		pm_strbuf_puts(b, "</li>");
	}
	for (i = 0; i < v->nresolved; i++) {
		pm_strbuf_addf(b, "<li>%s: ", T(r, "resolved", "解消"));
		html_esc(b, v->risks_resolved[i]);
		pm_strbuf_puts(b, "</li>");
	}
	pm_strbuf_puts(b, "</ul></section>");
}

int pm_report_html(const struct pm_report *r, char **html, struct pm_error *err)
{
	struct pm_strbuf b = PM_STRBUF_INIT;
	const char *svg = r->map_svg ? strstr(r->map_svg, "<svg") : NULL;

	*html = NULL;
	pm_strbuf_addf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<title>", r->ja ? "ja" : "en");
	html_esc(&b, r->account_name);
	pm_strbuf_addf(&b, " — %s</title><style>%s</style></head><body><header><h1>",
		       T(r, "Account plan", "アカウントプラン"), style);
	html_esc(&b, r->account_name);
	pm_strbuf_addf(&b, " — %s</h1><p class=\"meta\">%s %s</p></header>",
		       T(r, "Account plan", "アカウントプラン"), T(r, "as of", "基準日"), r->as_of);
	plan_parts(&b, r);
	if (svg) {
		pm_strbuf_addf(&b, "<section id=\"map\" class=\"map\"><h2>%s</h2>",
			       T(r, "Power map", "パワーマップ"));
		pm_strbuf_puts(&b, svg);   /* Graphviz's own SVG: its text is escaped already */
		pm_strbuf_puts(&b, "</section>");
	}
	people_part(&b, r);
	risks_part(&b, r);
	paths_part(&b, r);
	next_part(&b, r);
	team_part(&b, r);
	kpi_part(&b, r);
	review_part(&b, r);
	pm_strbuf_puts(&b, "</body></html>\n");
	if (b.oom) {
		pm_strbuf_release(&b);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	*html = pm_strbuf_detach(&b);
	return *html ? 0 : pm_error_set(err, PM_ENOMEM, "out of memory");
}
