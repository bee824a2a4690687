#!/usr/bin/env python3
"""Writes the test workbooks of tests/data/xlsx by hand (XML parts zipped as
Excel does), so that every cell kind the reader knows is there: shared
strings with furigana (<rPh>), inline strings, numbers Excel wrote in 17
digits, dates and date-times by built-in and custom number formats, a
formula's cached value, empty and styled-only cells, an empty row, a cell
with line breaks, a title row above a header, a cover sheet of no table
and a hidden sheet.
Run: python3 tests/data/xlsx/make-books.py (from the project root)."""
import datetime
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))


def serial(y, m, d, hh=0, mm=0):
    days = (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days
    return days + (hh * 60 + mm) / 1440


class Book:
    def __init__(self):
        self.strings = []      # (text, furigana)
        self.sheets = []       # (name, state, xml)

    def s(self, text, furigana=None):
        self.strings.append((text, furigana))
        return len(self.strings) - 1

    def sheet(self, name, rows, state=None):
        out = []
        for r, cells in rows:
            cs = []
            for ref, kind, val, style in cells:
                st = f' s="{style}"' if style is not None else ""
                if kind == "s":
                    cs.append(f'<c r="{ref}" t="s"{st}><v>{self.s(*val)}</v></c>')
                elif kind == "inline":
                    cs.append(f'<c r="{ref}" t="inlineStr"{st}><is><t xml:space="preserve">'
                              f'{escape(val)}</t></is></c>')
                elif kind == "n":
                    cs.append(f'<c r="{ref}"{st}><v>{val}</v></c>')
                elif kind == "f":
                    cs.append(f'<c r="{ref}" t="str"{st}><f>{escape(val[0])}</f>'
                              f'<v>{escape(val[1])}</v></c>')
                elif kind == "b":
                    cs.append(f'<c r="{ref}" t="b"{st}><v>{val}</v></c>')
                elif kind == "empty":
                    cs.append(f'<c r="{ref}"{st}/>')
            out.append(f'<row r="{r}">{"".join(cs)}</row>')
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<sheetData>{"".join(out)}</sheetData></worksheet>')
        self.sheets.append((name, state, xml))

    def save(self, path):
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        sheets = "".join(
            f'<sheet name="{escape(n)}" sheetId="{i + 1}"'
            + (f' state="{st}"' if st else "") + f' r:id="rId{i + 1}"/>'
            for i, (n, st, _) in enumerate(self.sheets))
        workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<workbook xmlns="{main}" xmlns:r="{rel}"><workbookPr/>'
                    f'<sheets>{sheets}</sheets></workbook>')
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(self.sheets)))
        n = len(self.sheets)
        rels += (f'<Relationship Id="rId{n + 1}" Type="{rel}/sharedStrings" '
                 f'Target="sharedStrings.xml"/>'
                 f'<Relationship Id="rId{n + 2}" Type="{rel}/styles" Target="styles.xml"/>')
        wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                  f'relationships">{rels}</Relationships>')
        sis = []
        for text, furi in self.strings:
            ph = (f'<rPh sb="0" eb="{len(text)}"><t>{escape(furi)}</t></rPh>'
                  '<phoneticPr fontId="1"/>' if furi else "")
            sis.append(f'<si><t xml:space="preserve">{escape(text)}</t>{ph}</si>')
        sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<sst xmlns="{main}" count="{len(sis)}" uniqueCount="{len(sis)}">'
               f'{"".join(sis)}</sst>')
        # styles: 0 general, 1 built-in date (14), 2 custom date-time, 3 custom
        # Japanese date with quoted text, 4 percent (a number)
        styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<styleSheet xmlns="{main}"><numFmts count="2">'
                  '<numFmt numFmtId="164" formatCode="yyyy/m/d\\ h:mm"/>'
                  '<numFmt numFmtId="165" formatCode="[$-411]ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
                  '</numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/>'
                  '<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="9"/></cellXfs>'
                  '</styleSheet>')
        types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", types)
            z.writestr("xl/workbook.xml", workbook)
            z.writestr("xl/_rels/workbook.xml.rels", wbrels)
            z.writestr("xl/sharedStrings.xml", sst)
            z.writestr("xl/styles.xml", styles)
            for i, (_, _, xml) in enumerate(self.sheets):
                z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)


def plan(bad=False):
    b = Book()
    b.sheet("表紙", [
        (1, [("A1", "s", ("北斗電機 アカウントプラン",), None)]),
        (3, [("A3", "s", ("作成日",), None), ("B3", "n", serial(2026, 11, 25), 1)]),
    ])
    b.sheet("組織", [
        (1, [("A1", "s", ("組織一覧（2026年11月）",), None)]),
        (3, [(c + "3", "s", (t,), None) for c, t in
             zip("ABCDE", ["key", "name", "kind", "industry", "employees"])]),
        (4, [("A4", "s", ("hokuto",), None), ("B4", "s", ("北斗電機株式会社", "ホクトデンキ"), None),
             ("C4", "s", ("customer",), None), ("D4", "s", ("電機",), None),
             ("E4", "n", "2300", None)]),
        (5, [("A5", "s", ("hokuto-partner",), None), ("B5", "inline", "北斗コンサルティング", None),
             ("C5", "s", ("パートナー",), None), ("E5", "empty", None, 4)]),
    ])
    b.sheet("人物", [
        (1, [(c + "1", "s", (t,), None) for c, t in
             zip("ABCDEFG", ["キー", "氏名", "組織", "役職", "役割", "姿勢", "メモ"])]),
        (2, [("A2", "s", ("hk-kitamura",), None), ("B2", "s", ("北村 一郎", "キタムラ イチロウ"), None),
             ("C2", "s", ("hokuto",), None), ("D2", "s", ("代表取締役社長",), None),
             ("E2", "s", ("経済的決裁者",), None), ("F2", "s", ("中立",), None),
             ("G2", "inline", "最終決裁者。\n数字と現場の声を重視", None)]),
        (4, [("A4", "s", ("hk-kinoshita",), None), ("B4", "inline", "木下 聡", None),
             ("C4", "s", ("hokuto",), None), ("D4", "f", ("=\"技術\"&\"本部長\"", "技術本部長"), None),
             ("F4", "s", ("支持",), None), ("H4", "empty", None, 1)]),
        (5, [("A5", "s", ("hk-ono",), None), ("B5", "s", ("小野 遥",), None),
             ("C5", "s", ("hokuto-partner",), None)]),
        (6, [("A6", "s", ("hk-sano",), None), ("B6", "s", ("佐野 花",), None),
             ("C6", "s", ("hokuto",), None),
             ("F6", "s", ("友好的" if bad else "懐疑的",), None)]),
    ])
    b.sheet("関係", [
        (1, [(c + "1", "s", (t,), None) for c, t in
             zip("ABCDE", ["from", "to", "kind", "strength", "last_contact"])]),
        (2, [("A2", "s", ("hk-ono",), None), ("B2", "s", ("hk-kitamura",), None),
             ("C2", "s", ("knows",), None), ("D2", "n", "0.59999999999999998", None),
             ("E2", "n", serial(2026, 11, 25), 1)]),
        (3, [("A3", "s", ("hk-kinoshita",), None), ("B3", "s", ("hk-kitamura",), None),
             ("C3", "s", ("reports_to",), None)]),
        (4, [("A4", "s", ("hk-ono",), None), ("B4", "s", ("hk-kinoshita",), None),
             ("C4", "s", ("knows",), None), ("D4", "n", "0.5", 4),
             ("E4", "n", serial(2026, 10, 1), 3)]),
    ])
    b.sheet("接触", [
        (1, [(c + "1", "s", (t,), None) for c, t in
             zip("ABCDE", ["person", "at", "channel", "owner", "minutes"])]),
        (2, [("A2", "s", ("hk-kitamura",), None), ("B2", "n", serial(2026, 11, 20, 14, 30), 2),
             ("C2", "s", ("meeting",), None), ("D2", "s", ("hk-ono",), None), ("E2", "n", "60", None)]),
    ])
    b.sheet("リスト", [(1, [("A1", "s", ("これは読まない",), None)])], state="hidden")
    return b


plan().save(os.path.join(HERE, "plan.xlsx"))
plan(bad=True).save(os.path.join(HERE, "plan-bad.xlsx"))

# the seeds of the xlsx fuzz target: a sheet, NUL, the shared strings, NUL, the styles
with zipfile.ZipFile(os.path.join(HERE, "plan.xlsx")) as z:
    def part(name):
        text = z.read(name).decode()
        return text[text.index("\n") + 1:].encode() if text.startswith("<?xml") else text.encode()
    for i in range(1, 6):
        with open(os.path.join(HERE, f"fuzz-seed-{i}.bin"), "wb") as f:
            f.write(part(f"xl/worksheets/sheet{i}.xml") + b"\0" + part("xl/sharedStrings.xml")
                    + b"\0" + part("xl/styles.xml"))
