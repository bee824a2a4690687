/*
 * powermap — the keys of people given without one: a team's own list of a
 * customer's people (氏名, 会社名, 部署, 役職, メール) or a CRM report has
 * no column of our keys. Each row is the person the store already has
 * (DESIGN §4: by email, then by name within the org), or the person an
 * earlier row of the same import was, or a new person keyed by the email,
 * else by the name. See import_internal.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/names.h"
#include "powermap/strmap.h"
#include "import_internal.h"

/* The identities of the import's keyless rows live in im->ext, apart from
 * other systems' ids by a prefix no such id has. */
#define BY_EMAIL "\x1fpeople-email\x1f"
#define BY_NAME "\x1fpeople-name\x1f"
#define MADE "\x1fpeople-key\x1f"

static int oom(struct pm_import *im)
{
	return im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
}

/* Whether `key` is taken: stored, given by a file of this import, or made here. */
static int key_taken(struct pm_import *im, const char *key, struct pm_strbuf *tmp)
{
	pm_strbuf_reset(tmp);
	pm_strbuf_addf(tmp, MADE "%s", key);
	if (tmp->oom)
		return oom(im);
	if (pm_import_ext_get(im, pm_strbuf_str(tmp)))
		return 1;
	if (im->people && pm_strmap_get(im->people, key, NULL, NULL))
		return 1;
	return pm_store_key_exists(im->st, PM_T_PEOPLE, key, im->err);
}

int pm_import_name_slug(const char *name, struct pm_strbuf *out)
{
	size_t i;
	int rc = pm_person_name_key(name, out);

	for (i = 0; rc == 0 && i < out->len; i++)
		if (out->buf[i] == ' ')
			out->buf[i] = '-';
	return rc;
}

int pm_import_person_key(struct pm_import *im, const struct pm_person_given *p,
			 struct pm_strbuf *key, const char **how, int *org_unknown)
{
	struct pm_strbuf by_email = PM_STRBUF_INIT, by_name = PM_STRBUF_INIT;
	struct pm_strbuf tmp = PM_STRBUF_INIT, base = PM_STRBUF_INIT;
	struct pm_person_match m = { NULL, NULL, NULL, 0 };
	const char *known = NULL;
	char *stored = NULL;
	int64_t id, org_id = 0;
	int rc, n, org_known = 1;
	size_t i;

	pm_strbuf_reset(key);
	*how = NULL;
	if (org_unknown)
		*org_unknown = 0;
	if ((rc = pm_import_store_ready(im)) < 0)
		return rc;
	if (p->org && *p->org) {
		char *org_key = NULL;
		rc = pm_store_org_resolve(im->st, p->org, &org_id, &org_key, im->err);
		free(org_key);
		if (rc == PM_ENOTFOUND || rc == PM_EAMBIGUOUS) {
			/* the row's own check reports it; no match by name elsewhere */
			pm_error_clear(im->err);
			org_known = 0;
			org_id = 0;
			if (org_unknown)
				*org_unknown = rc == PM_ENOTFOUND;
		} else if (rc < 0) {
			return im->fatal = rc;
		}
	}
	/* the identities of this row: its email, its name within its org */
	if (p->email && *p->email) {
		pm_strbuf_puts(&by_email, BY_EMAIL);
		for (i = 0; p->email[i]; i++) {
			char c = (char)tolower((unsigned char)p->email[i]);
			pm_strbuf_add(&by_email, &c, 1);
		}
	}
	if (org_known) {
		if ((rc = pm_person_name_key(p->name, &tmp)) == PM_ENOMEM)
			goto fail_oom;
		if (rc == 0 && tmp.len)
			pm_strbuf_addf(&by_name, BY_NAME "%lld\x1f%s", (long long)org_id,
				       pm_strbuf_str(&tmp));
	}
	if (by_email.oom || by_name.oom)
		goto fail_oom;
	/* an earlier row of this import */
	if (by_email.len && (known = pm_import_ext_get(im, pm_strbuf_str(&by_email))))
		*how = "email";
	if (!known && by_name.len && (known = pm_import_ext_get(im, pm_strbuf_str(&by_name))))
		*how = "name";
	if (known) {
		pm_strbuf_puts(key, known);
		goto remember;
	}
	/* a stored person */
	m.email = p->email && *p->email ? p->email : NULL;
	m.name = org_known ? p->name : NULL;
	m.org_id = org_id;
	if ((rc = pm_store_person_match(im->st, &m, &id, &stored, how, im->err)) < 0) {
		im->fatal = rc;
		goto out;
	}
	if (rc > 0) {
		pm_import_matched(im, PM_T_PEOPLE, *how);
		pm_strbuf_puts(key, stored);
		goto remember;
	}
	/* a new person: keyed by the email, else by the name; -2, -3 ... if taken */
	if (m.email)
		pm_strbuf_puts(&base, m.email);
	else if ((rc = pm_import_name_slug(p->name, &base)) == PM_ENOMEM)
		goto fail_oom;
	if (!base.len)
		pm_strbuf_puts(&base, "person");
	for (n = 1;; n++) {
		pm_strbuf_reset(key);
		pm_strbuf_puts(key, pm_strbuf_str(&base));
		if (n > 1)
			pm_strbuf_addf(key, "-%d", n);
		if (key->oom)
			goto fail_oom;
		if ((rc = key_taken(im, pm_strbuf_str(key), &tmp)) < 0) {
			im->fatal = rc;
			goto out;
		}
		if (!rc)
			break;
	}
	pm_strbuf_reset(&tmp);
	pm_strbuf_addf(&tmp, MADE "%s", pm_strbuf_str(key));
	if (tmp.oom || pm_import_ext_put(im, pm_strbuf_str(&tmp), pm_strbuf_str(key)) < 0)
		goto fail_oom;
remember:
	if ((by_email.len && pm_import_ext_put(im, pm_strbuf_str(&by_email),
					       pm_strbuf_str(key)) < 0) ||
	    (by_name.len && pm_import_ext_put(im, pm_strbuf_str(&by_name),
					      pm_strbuf_str(key)) < 0))
		goto fail_oom;
	rc = 0;
	goto out;
fail_oom:
	rc = oom(im);
out:
	free(stored);
	pm_strbuf_release(&by_email);
	pm_strbuf_release(&by_name);
	pm_strbuf_release(&tmp);
	pm_strbuf_release(&base);
	return rc < 0 ? rc : 0;
}
