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
extern const char *const pm_action_statuses[];      /* planned in_progress done cancelled */
extern const char *const pm_plan_sections[];        /* industry overview goal strategy cadence */
extern const char *const pm_deal_stages[];          /* lead qualified proposal negotiation won lost */

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
