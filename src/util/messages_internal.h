/*
 * powermap — the catalog of translated messages (not public; see
 * messages.c). Tests check every pair and tools/check-messages checks that
 * every message format in src/ has one.
 */
#ifndef POWERMAP_MESSAGES_INTERNAL_H
#define POWERMAP_MESSAGES_INTERNAL_H

#include <stddef.h>

struct pm_msg_pair {
	const char *en;   /* the format as the code writes it */
	const char *ja;   /* its Japanese, with the same conversions in the same order */
};

extern const struct pm_msg_pair pm_messages_ja[];
extern const size_t pm_messages_ja_count;

/*
 * 1 when printf formats a and b take the same arguments: the same
 * conversions (flags and width aside, '*' counted) in the same order.
 */
int pm_msg_same_conversions(const char *a, const char *b);

#endif
