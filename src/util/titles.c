/* powermap — the seniority of job titles (see include/powermap/titles.h). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "powermap/titles.h"

struct title_word {
	const char *word;   /* folded (lower case) */
	int level;
};

/* A supporting role: whose title holds one of these works for whom it names
 * ("Executive Assistant to the CEO"): 2 at most. */
static const char *const supporting[] = { "executive assistant", "assistant to" };

/* A longer word comes before any word inside it: it is matched first and
 * its span is then blanked out. */
static const struct title_word words[] = {
	/* who works for an executive is no executive (社長秘書, 社長室 staff) */
	{ "社長室長", 6 }, { "社長室", 2 }, { "社長秘書", 2 }, { "会長秘書", 2 }, { "役員秘書", 2 },
	{ "代表取締役", 10 }, { "会長", 10 }, { "副社長", 9 }, { "社長", 10 },
	{ "副頭取", 9 }, { "頭取", 10 }, { "理事長", 10 },
	{ "専務", 8 }, { "常務", 8 }, { "取締役", 8 }, { "執行役員", 8 }, { "執行役", 8 },
	{ "監査役", 7 }, { "相談役", 8 }, { "顧問", 7 },
	{ "副本部長", 6 }, { "本部長", 7 }, { "副事業部長", 6 }, { "事業部長", 7 },
	{ "統括部長", 7 }, { "支社長", 7 }, { "支店長", 6 }, { "工場長", 6 }, { "所長", 6 },
	{ "センター長", 6 }, { "室長", 6 },
	{ "部長代理", 5 }, { "副部長", 5 }, { "担当部長", 5 }, { "次長", 5 }, { "部長", 6 },
	{ "課長代理", 3 }, { "課長補佐", 3 }, { "担当課長", 4 }, { "課長", 4 },
	{ "グループ長", 4 }, { "グループリーダー", 4 }, { "マネージャー", 4 }, { "マネジャー", 4 },
	{ "係長", 3 }, { "主任", 3 }, { "主査", 3 }, { "チームリーダー", 3 }, { "リーダー", 3 },
	{ "担当", 2 }, { "スタッフ", 2 }, { "社員", 2 },
	{ "chief executive officer", 10 }, { "ceo", 10 }, { "chairman", 10 },
	{ "chairwoman", 10 }, { "chair", 10 },
	{ "executive vice president", 8 }, { "senior vice president", 8 }, { "evp", 8 },
	{ "svp", 8 }, { "vice president", 7 }, { "vp", 7 }, { "president", 10 },
	{ "chief", 9 }, { "cfo", 9 }, { "coo", 9 }, { "cto", 9 }, { "cio", 9 }, { "cmo", 9 },
	{ "cro", 9 }, { "ciso", 9 }, { "cdo", 9 }, { "cpo", 9 },
	{ "managing director", 8 }, { "general manager", 6 }, { "senior director", 6 },
	{ "associate director", 5 }, { "director", 6 }, { "head", 6 },
	{ "senior manager", 5 }, { "manager", 4 },
	{ "team leader", 3 }, { "team lead", 3 }, { "leader", 3 }, { "lead", 3 },
	{ "supervisor", 3 },
	{ "engineer", 2 }, { "specialist", 2 }, { "analyst", 2 }, { "associate", 2 },
	{ "representative", 2 }, { "coordinator", 2 }, { "staff", 2 }, { "officer", 2 },
};

static int latin_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the word at `at` in t is what someone was, not is: 前副社長,
 * 元部長, "Former CEO", "ex-CEO" (its span is blanked all the same). */
static int former(const char *t, const char *at)
{
	size_t before = (size_t)(at - t);

	if (before >= 3 && (!strncmp(at - 3, "前", 3) || !strncmp(at - 3, "元", 3)))
		return 1;
	if (before >= 7 && !strncmp(at - 7, "former ", 7))
		return 1;
	return before >= 3 && !strncmp(at - 3, "ex-", 3);
}

int pm_title_level(const char *title)
{
	utf8proc_uint8_t *folded = NULL;
	char *t;
	size_t i;
	int level = 0, cap = 0;

	if (!title || !*title)
		return 0;
	if (utf8proc_map((const utf8proc_uint8_t *)title, 0, &folded,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
			 UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE) < 0)
		return 0;   /* not UTF-8 (no stored text), or out of memory: unknown */
	t = (char *)folded;
	for (i = 0; i < sizeof(supporting) / sizeof(supporting[0]); i++)
		if (strstr(t, supporting[i]))
			cap = 2;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *w = words[i].word;
		size_t n = strlen(w);
		int latin = latin_letter(w[0]);
		char *at = t;
		while ((at = strstr(at, w))) {
			if (latin && ((at > t && latin_letter(at[-1])) || latin_letter(at[n]))) {
				at++;
				continue;   /* inside a longer Latin word */
			}
			if (words[i].level > level && !former(t, at))
				level = words[i].level;
			memset(at, '\x01', n);   /* a shorter word inside it is not seen */
			at += n;
		}
	}
	free(folded);
	return cap && level > cap ? cap : level;
}

size_t pm_title_suffix(const char *name)
{
	size_t len, best = 0, i;

	if (!name)
		return 0;
	len = strlen(name);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *w = words[i].word;
		size_t n = strlen(w);
		if (latin_letter(w[0]) || n >= len || n <= best ||
		    strcmp(name + len - n, w))
			continue;
		best = n;
	}
	return best;
}
