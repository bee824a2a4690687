#!/usr/bin/python3
"""Writes the old-format (.xls, BIFF8) test workbook tests/data/xls/plan.xls
with xlwt (Debian python3-xlwt), the way Excel 97-2003 saved account plans:
a cover sheet, an orgs sheet under a title row, a people list without keys
(姓 and 名), and interactions with date and date-time cells. powermap refuses
.xls (README: FreeXL failed our fuzzing); the e2e test checks that a real
one is refused with what to do. The workbook is committed; this script only
remakes it (python3-xlwt is not needed to test).
"""
import datetime
import os
import sys

import xlwt

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "plan.xls")

wb = xlwt.Workbook(encoding="utf-8")
day = xlwt.easyxf(num_format_str="yyyy/mm/dd")
minute = xlwt.easyxf(num_format_str="yyyy/m/d h:mm")

cover = wb.add_sheet("表紙")
cover.write(0, 0, "関東精機 アカウントプラン（2026年度）")
cover.write(2, 0, "作成: 営業第一部")

orgs = wb.add_sheet("組織")
orgs.write(0, 0, "組織一覧")
for c, h in enumerate(["キー", "会社名", "区分", "業種", "従業員数", "売上高"]):
    orgs.write(2, c, h)
for r, row in enumerate([["kanto", "関東精機株式会社", "顧客", "精密機械", 2300, 41000000000],
                         ["nexus", "ネクサスデータ株式会社", "自社", "IoT", 120, 0.6]]):
    for c, v in enumerate(row):
        orgs.write(3 + r, c, v)

people = wb.add_sheet("人物")
for c, h in enumerate(["会社名", "姓", "名", "役職", "メールアドレス", "スタンス"]):
    people.write(0, c, h)
for r, row in enumerate([["関東精機(株)", "田中", "一郎", "代表取締役社長", "tanaka@kanto.example.jp", "中立"],
                         ["関東精機(株)", "阿部", "直樹", "情報システム部長", "", "推進者"],
                         ["ネクサスデータ", "桜井", "健", "営業部長", "sakurai@nexus.example.jp", ""]]):
    for c, v in enumerate(row):
        if v != "":
            people.write(1 + r, c, v)

touch = wb.add_sheet("接触")
for c, h in enumerate(["相手", "日時", "手段", "担当者", "件名", "分"]):
    touch.write(0, c, h)
touch.write(1, 0, "田中 一郎")
touch.write(1, 1, datetime.datetime(2026, 11, 25, 14, 30), minute)
touch.write(1, 2, "面談")
touch.write(1, 3, "桜井 健")
touch.write(1, 4, "役員面談\n（導入方針）")
touch.write(1, 5, 60)
touch.write(2, 0, "阿部 直樹")
touch.write(2, 1, datetime.date(2026, 11, 20), day)
touch.write(2, 2, "電話")
touch.write(2, 3, "桜井 健")
touch.write(2, 4, "日程調整")
touch.write(2, 5, 15)

wb.save(out)
