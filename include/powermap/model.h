/*
 * powermap — the vocabulary of DESIGN §2: org kinds, buying roles, stances,
 * link kinds, channels and statuses, with their text names.
 *
 * Every enumeration is a NULL-terminated array of names; the index of a name
 * is its value. Names are the exact lowercase words used in CSV files, the
 * database and the command line.
 */
#ifndef POWERMAP_MODEL_H
#define POWERMAP_MODEL_H

#include <stddef.h>

extern const char *const pm_org_kinds[];      /* customer own partner investor bank other */
extern const char *const pm_roles[];          /* economic_buyer ... blocker */
extern const char *const pm_stances[];        /* champion ... opponent unknown */
extern const char *const pm_link_kinds[];     /* reports_to influences knows */
extern const char *const pm_interaction_channels[]; /* meeting call email dm view event other */
extern const char *const pm_action_channels[];      /* referral phone email dm meeting event */
extern const char *const pm_directions[];           /* inbound outbound both */
extern const char *const pm_action_statuses[];      /* planned in_progress done cancelled */
extern const char *const pm_plan_sections[];        /* industry overview goal strategy cadence,
							 then the SWOT: strengths weaknesses
							 opportunities threats */
extern const char *const pm_deal_stages[];          /* lead qualified proposal negotiation won lost */

/* Link kinds, in the order of pm_link_kinds. */
enum pm_link_kind { PM_LINK_REPORTS_TO, PM_LINK_INFLUENCES, PM_LINK_KNOWS };

/* Bit of a link kind in a mask of kinds (e.g. PM_LINK_BIT(PM_LINK_KNOWS)). */
#define PM_LINK_BIT(k) (1u << (k))

/* Stances, in the order of pm_stances (PM_STANCE_UNKNOWN for none). */
enum pm_stance {
	PM_STANCE_CHAMPION, PM_STANCE_SUPPORTER, PM_STANCE_NEUTRAL,
	PM_STANCE_SKEPTIC, PM_STANCE_OPPONENT, PM_STANCE_UNKNOWN
};

/* Buying roles, in the order of pm_roles; PM_ROLE_NONE for no role. */
enum pm_role {
	PM_ROLE_ECONOMIC_BUYER, PM_ROLE_DECISION_MAKER, PM_ROLE_TECHNICAL_BUYER,
	PM_ROLE_USER_BUYER, PM_ROLE_CHAMPION, PM_ROLE_COACH, PM_ROLE_INFLUENCER,
	PM_ROLE_GATEKEEPER, PM_ROLE_BLOCKER, PM_ROLE_NONE
};

/* Parse a stance or role name; NULL, empty or unknown text is UNKNOWN / NONE. */
enum pm_stance pm_stance_parse(const char *name);
enum pm_role pm_role_parse(const char *name);

/*
 * How a role or stance reads in advice: "economic buyer" / "経済的決裁者",
 * "supporter" / "支持"; `ja` picks Japanese. NONE / UNKNOWN read "no
 * declared role" / "unknown".
 */
const char *pm_role_label(enum pm_role role, int ja);
const char *pm_stance_label(enum pm_stance stance, int ja);

/*
 * A value of enumeration `names` (pm_org_kinds, pm_roles ...) as a Japanese
 * reader sees it in a table: 顧客, 経済的決裁者, 推進者, 上司, 面談, 受注 ...
 * — words the importers read back as the same value. `ja` 0, a value of no
 * known enumeration, or NULL: the value itself ("" for NULL).
 */
const char *pm_enum_label(const char *const *names, const char *value, int ja);

/* Stance values of DESIGN §2 (champion +2 ... opponent -2); unknown is 0. */
int pm_stance_value(const char *stance);

/*
 * Index of `name` in the NULL-terminated `names`, or -1 when absent.
 * Comparison is exact (case-sensitive).
 */
int pm_enum_find(const char *const *names, const char *name);

/*
 * Write the names of `names` joined by ", " into buf (always NUL-terminated,
 * truncated to `size`). Returns buf.
 */
char *pm_enum_join(const char *const *names, char *buf, size_t size);

/* True when the org kind is on our side (own, partner, investor, bank). */
int pm_org_kind_is_ours(const char *kind);

#endif
