/*
 * libFuzzer target: name normalization (names.h). Any bytes: no crash; a
 * key of UTF-8 text is UTF-8 and stable (the key of a key is itself), and
 * not UTF-8 gives PM_EINVAL; a name without its honorifics is UTF-8 when the
 * name is. Built by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/error.h"
#include "powermap/kit.h"
#include "powermap/names.h"
#include "powermap/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int (*key[2])(const char *, struct pm_strbuf *) = { pm_person_name_key, pm_org_name_key };

	memcpy(s, data, size);
	s[size] = '\0';
	for (int k = 0; k < 2; k++) {
		struct pm_strbuf a = PM_STRBUF_INIT, b = PM_STRBUF_INIT;
		int valid = pm_utf8_valid(s, strlen(s), NULL), rc = key[k](s, &a);
		if (!valid && rc != PM_EINVAL && rc != 0)
			abort();
		if (rc == 0) {
			const char *ka = pm_strbuf_str(&a);
			if (!pm_utf8_valid(ka, strlen(ka), NULL)) {
				fprintf(stderr, "key %d of valid text is not UTF-8\n", k);
				abort();
			}
			if (key[k](ka, &b) != 0 || strcmp(ka, pm_strbuf_str(&b))) {
				fprintf(stderr, "key %d not stable: '%s' -> '%s' -> '%s'\n", k, s, ka,
					pm_strbuf_str(&b));
				abort();
			}
		}
		pm_strbuf_release(&a);
		pm_strbuf_release(&b);
	}
	/* a name without its honorifics: valid UTF-8 stays valid, never longer */
	{
		struct pm_strbuf p = PM_STRBUF_INIT;
		if (pm_person_name_plain(s, &p) != 0 || p.len > strlen(s) ||
		    (pm_utf8_valid(s, strlen(s), NULL) &&
		     !pm_utf8_valid(pm_strbuf_str(&p), p.len, NULL))) {
			fprintf(stderr, "plain name of '%s' is '%s'\n", s, pm_strbuf_str(&p));
			abort();
		}
		pm_strbuf_release(&p);
	}
	free(s);
	return 0;
}
