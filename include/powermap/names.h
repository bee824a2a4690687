/*
 * powermap — the one normalization of people's and orgs' names (DESIGN §4),
 * used to match a name as people type it and to find the same human or
 * company across exports.
 *
 * Both keys are NFKC and case folded (utf8proc): full-width and half-width
 * forms, ㈱ and (株), Ｔａｒｏ and taro compare equal. A person's key drops
 * the spaces inside a name written in Japanese (山田 太郎 = 山田太郎 =
 * 山田　太郎) and ignores the order of the words of a Latin one (Taro Yamada
 * = Yamada Taro = "YAMADA, Taro"), and leaves out honorifics (阿部直樹様,
 * 阿部 直樹 さん, 殿, 氏 at the end of a Japanese name; Mr., Mrs., Ms., Miss,
 * Mx., Dr., Prof. as words of a Latin one; a name that is only these keeps it).
 * An org's key also drops the forms of
 * company (株式会社, (株), ㈱, 有限会社, 合同会社, Inc., Co., Ltd.,
 * Corporation, Corp., LLC, GmbH ...), spaces and punctuation, so that
 * 関東精機株式会社, 関東精機(株), 関東精機㈱ and "Kanto Seiki Co., Ltd." ...
 * the first three compare equal.
 */
#ifndef POWERMAP_NAMES_H
#define POWERMAP_NAMES_H

struct pm_strbuf;

/*
 * The matching key of a person's name / an org's name into out (emptied
 * first). 0; PM_EINVAL for text that is not UTF-8; PM_ENOMEM.
 */
int pm_person_name_key(const char *name, struct pm_strbuf *out);

/*
 * A person's name as it is stored, without the honorifics an export may
 * add (a calendar's CN=阿部 直樹 様, a phone's 阿部様, "Mr. John Smith"),
 * into out (emptied first); a name that is only an honorific stays. 0 or
 * PM_ENOMEM.
 */
int pm_person_name_plain(const char *name, struct pm_strbuf *out);
int pm_org_name_key(const char *name, struct pm_strbuf *out);

#endif
