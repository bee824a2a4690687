#!/usr/bin/python3
"""Check the layout of a map drawn as SVG by powermap.

usage: tests/svglayout.py FILE.svg
Every person (a node titled pN) is measured by the outline Graphviz drew
(polygon, ellipse or path); exit 1, naming them, when two people overlap
by more than a point either way, or when a node of the legend (titled
legend...) is not to the right of every person. Exit 0 otherwise.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def outline(node):
    """The box (x0, y0, x1, y1) of a node's drawn shapes."""
    xs, ys = [], []
    for el in node.iter():
        if el.tag == SVG + "polygon" or el.tag == SVG + "polyline":
            nums = [float(v) for v in NUMBER.findall(el.attrib["points"])]
        elif el.tag == SVG + "path":
            nums = [float(v) for v in NUMBER.findall(el.attrib["d"])]
        elif el.tag == SVG + "ellipse":
            cx, cy = float(el.attrib["cx"]), float(el.attrib["cy"])
            rx, ry = float(el.attrib["rx"]), float(el.attrib["ry"])
            nums = [cx - rx, cy - ry, cx + rx, cy + ry]
        else:
            continue
        xs += nums[0::2]
        ys += nums[1::2]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


people, legend = {}, {}
for g in ET.parse(sys.argv[1]).getroot().iter(SVG + "g"):
    if "node" not in g.attrib.get("class", "").split():
        continue
    title = g.find(SVG + "title").text
    box = outline(g)
    if box is None:
        continue
    if re.fullmatch(r"p\d+", title):
        people[title] = box
    elif title.startswith("legend"):
        legend[title] = box

problems = []
names = sorted(people)
for i, a in enumerate(names):
    for b in names[i + 1:]:
        p, q = people[a], people[b]
        if min(p[2], q[2]) - max(p[0], q[0]) > 1 and min(p[3], q[3]) - max(p[1], q[1]) > 1:
            problems.append(f"{a} and {b} overlap")
right = max((box[2] for box in people.values()), default=0)
for name, box in sorted(legend.items()):
    if box[0] <= right:
        problems.append(f"{name} is not right of the people (x {box[0]:.0f} <= {right:.0f})")
if not people or not legend:
    problems.append(f"{len(people)} people and {len(legend)} legend nodes found")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
