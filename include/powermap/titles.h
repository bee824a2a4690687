/*
 * powermap — how senior a job title reads (社長 above 部長 above 課長; CEO
 * above VP above Manager), for ordering people whose scores tie: an
 * account imported from a list, with no org chart and no roles yet, ranks
 * everyone alike, and a rep reads 部長 before 課長.
 */
#ifndef POWERMAP_TITLES_H
#define POWERMAP_TITLES_H

#include <stddef.h>

/*
 * The seniority of `title` (NULL or "": 0): 10 the top (社長, 会長, 代表取締役,
 * 頭取, CEO, President, Chair), 9 副社長 and the other chiefs (CFO, CTO, Chief
 * … Officer), 8 取締役, 専務, 常務, 執行役員, EVP, SVP, Managing Director,
 * 7 本部長, 事業部長, 支社長, 監査役, 顧問, VP (相談役 8), 6 部長, 室長, 支店長, 工場長, Head,
 * Director, General Manager, 5 次長, 副部長, 部長代理, 担当部長, Senior
 * Manager, 4 課長, マネージャー, グループ長, Manager, 3 係長, 主任, 課長代理,
 * リーダー, Lead, Supervisor, 2 担当, スタッフ, Engineer, Analyst ..., 0 none of
 * these. The title is NFKC-folded first (ＣＥＯ, ceo); a title naming several
 * ("取締役 営業本部長") has the highest; a longer word wins over the word
 * inside it (部長代理 is not 部長, Vice President not President); Latin
 * words match whole words only (Director holds no CTO). Who works for an
 * executive is no executive (社長秘書, 社長室 担当, Executive Assistant to the
 * CEO: 2), and what someone was counts not (顧問（前副社長）is 顧問's 7;
 * 元部長, former CEO, ex-CFO: 0).
 */
int pm_title_level(const char *title);

/*
 * The length in bytes of the Japanese title word that ends `name` as people
 * call someone by name and title (阿部部長, 田中社長, 鈴木本部長: the longest
 * such word), when a name is left before it; 0 when none ends it.
 */
size_t pm_title_suffix(const char *name);

#endif
