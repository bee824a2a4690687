#!/usr/bin/python3
"""Check that an SVG file is well-formed XML and shows the given texts.

usage: tests/svgcheck.py FILE.svg TEXT...   (a TEXT with line breaks is
checked line by line: Graphviz draws each line as its own text element;
"tooltip:TEXT" must be in a tooltip, the xlink:title of a link)
Exit 0 when all are present, 1 otherwise (the missing ones are printed).
"""
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
# powermap follows every backslash with an invisible word joiner (U+2060)
texts = {t.strip().replace("\u2060", "") for t in root.itertext() if t.strip()}
shown = "\n".join(texts)
XLINK = "{http://www.w3.org/1999/xlink}title"
tips = "\n".join(el.attrib[XLINK].replace("\u2060", "") for el in root.iter() if XLINK in el.attrib)
missing = [arg for arg in sys.argv[2:] if arg.startswith("tooltip:") and arg[8:] not in tips]
missing += [w for arg in sys.argv[2:] if not arg.startswith("tooltip:")
            for w in arg.split("\n") if w and w not in shown]
for w in missing:
    print("missing from the SVG:", repr(w))
sys.exit(1 if missing else 0)
