/* powermap — vocabulary of DESIGN §2 (see include/powermap/model.h). */
#include <string.h>
#include "powermap/model.h"

const char *const pm_org_kinds[] = {
	"customer", "own", "partner", "investor", "bank", "other", NULL
};
const char *const pm_roles[] = {
	"economic_buyer", "decision_maker", "technical_buyer", "user_buyer",
	"champion", "coach", "influencer", "gatekeeper", "blocker", NULL
};
const char *const pm_stances[] = {
	"champion", "supporter", "neutral", "skeptic", "opponent", "unknown", NULL
};
const char *const pm_link_kinds[] = {
	"reports_to", "influences", "knows", NULL
};
const char *const pm_interaction_channels[] = {
	"meeting", "call", "email", "dm", "view", "event", "other", NULL
};
const char *const pm_directions[] = {
	"inbound", "outbound", "both", NULL
};
const char *const pm_action_channels[] = {
	"referral", "phone", "email", "dm", "meeting", "event", NULL
};
const char *const pm_action_statuses[] = {
	"planned", "in_progress", "done", "cancelled", NULL
};
const char *const pm_plan_sections[] = {
	"industry", "overview", "goal", "strategy", "cadence",
	"strengths", "weaknesses", "opportunities", "threats", NULL
};
const char *const pm_deal_stages[] = {
	"lead", "qualified", "proposal", "negotiation", "won", "lost", NULL
};

int pm_enum_find(const char *const *names, const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

char *pm_enum_join(const char *const *names, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	if (!size)
		return buf;
	buf[0] = '\0';
	for (i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);
		const char *sep = i ? ", " : "";
		if (used + strlen(sep) + n + 1 > size)
			break;
		memcpy(buf + used, sep, strlen(sep));
		used += strlen(sep);
		memcpy(buf + used, names[i], n);
		used += n;
		buf[used] = '\0';
	}
	return buf;
}

int pm_stance_value(const char *stance)
{
	static const int values[] = { 2, 1, 0, -1, -2, 0 };
	int i = pm_enum_find(pm_stances, stance);

	return i < 0 ? 0 : values[i];
}

int pm_org_kind_is_ours(const char *kind)
{
	return kind && (!strcmp(kind, "own") || !strcmp(kind, "partner") ||
			!strcmp(kind, "investor") || !strcmp(kind, "bank"));
}

enum pm_stance pm_stance_parse(const char *name)
{
	int i = pm_enum_find(pm_stances, name);

	return i < 0 ? PM_STANCE_UNKNOWN : (enum pm_stance)i;
}

enum pm_role pm_role_parse(const char *name)
{
	int i = pm_enum_find(pm_roles, name);

	return i < 0 ? PM_ROLE_NONE : (enum pm_role)i;
}

const char *pm_role_label(enum pm_role role, int ja)
{
	static const char *const en[] = { "economic buyer", "decision maker", "technical buyer",
					  "user buyer", "champion", "coach", "influencer",
					  "gatekeeper", "blocker", "no declared role" };
	static const char *const jp[] = { "経済的決裁者", "意思決定者", "技術評価者", "利用部門",
					  "チャンピオン", "コーチ", "影響者", "ゲートキーパー",
					  "ブロッカー", "役割未設定" };

	if ((int)role < 0 || role > PM_ROLE_NONE)
		role = PM_ROLE_NONE;
	return ja ? jp[role] : en[role];
}

const char *pm_stance_label(enum pm_stance stance, int ja)
{
	static const char *const en[] = { "champion", "supporter", "neutral", "skeptic",
					  "opponent", "unknown" };
	static const char *const jp[] = { "推進者", "支持", "中立", "懐疑的", "反対", "不明" };

	if ((int)stance < 0 || stance > PM_STANCE_UNKNOWN)
		stance = PM_STANCE_UNKNOWN;
	return ja ? jp[stance] : en[stance];
}

const char *pm_enum_label(const char *const *names, const char *value, int ja)
{
	/* in the order of each enumeration; roles and stances: pm_*_label */
	static const char *const kinds[] = { "顧客", "自社", "パートナー", "投資家", "銀行", "その他" };
	static const char *const links[] = { "上司", "影響", "知人" };
	static const char *const touches[] = { "面談", "通話", "メール", "DM", "閲覧", "イベント",
					       "その他" };
	static const char *const directions[] = { "受信", "送信", "双方向" };
	static const char *const actions[] = { "紹介", "電話", "メール", "DM", "面談", "イベント" };
	static const char *const statuses[] = { "予定", "進行中", "完了", "中止" };
	static const char *const sections[] = { "業界", "概要", "目標", "戦略", "レビューの頻度",
						"強み", "弱み", "機会", "脅威" };
	static const char *const stages[] = { "リード", "見込み", "提案", "交渉", "受注", "失注" };
	static const struct {
		const char *const *names, *const *ja;
	} tables[] = {
		{ pm_org_kinds, kinds }, { pm_link_kinds, links },
		{ pm_interaction_channels, touches }, { pm_directions, directions },
		{ pm_action_channels, actions }, { pm_action_statuses, statuses },
		{ pm_plan_sections, sections }, { pm_deal_stages, stages },
	};
	size_t t;
	int i;

	if (!value)
		return "";
	if (!ja || (i = pm_enum_find(names, value)) < 0)
		return value;
	if (names == pm_roles)
		return pm_role_label((enum pm_role)i, 1);
	if (names == pm_stances)
		return pm_stance_label((enum pm_stance)i, 1);
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		if (tables[t].names == names)
			return tables[t].ja[i];
	return value;
}
