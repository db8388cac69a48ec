"""The briefs read like publications: they open with the message, close with the next step, cite without clutter,
print numbers a reader can take in and waste no page. Checked on the real outputs, as a reader sees them."""
from __future__ import annotations

import csv
import re
import subprocess
from collections import defaultdict

import pytest
from pypdf import PdfReader

from reportgen.cli import main as cli
from test_quality import need, page_emptiness

OUTPUTS = [("investor", "en"), ("investor", "zh"), ("sdg", "en"), ("sdg", "zh"), ("investor-energy", "en"),
           ("investor-energy", "zh")]


@pytest.fixture(scope="module")
def outs(shipped):
    """The shipped briefs and the sector variants, built once for the session (conftest.py)."""
    return shipped


def pages(path, layout: bool = False) -> list[str]:
    """Each page's text in the order it is drawn (column by column), or as pdftotext lays it out on the page."""
    text = subprocess.run([need("pdftotext"), "-layout" if layout else "-raw", str(path), "-"],
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


OPENING = {("investor", "en"): ["Why invest here", "At a glance"], ("investor", "zh"): ["为何投资未来科学城", "概览"],
           ("sdg", "en"): ["Key messages", "Summary"], ("sdg", "zh"): ["核心信息"]}
CLOSING = {"en": ["Next steps", "References", "About this brief", "Suggested citation", "Acknowledgements",
                  "Disclaimer", "Copyright and licence", "Data as of", "Version 1.0", "http://www.bjchp.gov.cn/"],
           "zh": ["下一步", "参考文献", "关于本简报", "建议引用格式", "致谢", "免责声明", "版权与许可", "数据截至", "第1.0版"]}


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_opens_with_the_message_and_closes_with_the_next_step(outs, brief, lang):
    text = pages(outs / f"{brief}.{lang}.pdf")
    body = flat("".join(text[1:]))
    opening = OPENING.get((brief, lang), OPENING[("investor", lang)])
    assert flat(opening[0]) in flat(text[1]), "the key messages open the brief, right after the cover"
    for part in opening + CLOSING[lang]:
        assert flat(part) in body, part
    assert "reportgen" not in body.lower(), "the tool's own name is not printed in the publication"
    assert "Computed by" not in body


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sdg_brief_recommends_and_credits(outs, lang):
    body = flat("".join(pages(outs / f"sdg.{lang}.pdf")))
    for part in {"en": ["Policy recommendations: lessons for other cities", "§6.3", "UN-Habitat China Office",
                        "SDG numbers and colours follow"],
                 "zh": ["政策建议：对其他城市的启示", "第6.3节", "联合国人居署中国办公室"]}[lang]:
        assert flat(part) in body, part


def test_cover_gives_data_date_and_version_not_build_date(outs):
    cover = pages(outs / "investor.en.pdf")[0]
    assert "Data as of April 2025 · Version 1.0" in cover and "2026" not in cover
    assert "A main platform of Beijing’s international" in cover            # the value proposition
    assert "RMB 430.1 billion" in cover and "881" in cover and "315" in cover   # headline figures, sourced


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_no_contents_page_in_a_short_brief(outs, brief, lang):
    """(The cover lists what the brief holds; no page after it is a contents page.)"""
    text = pages(outs / f"{brief}.{lang}.pdf")
    assert len(text) < 12
    assert not any(re.match(r"\s*(Contents|目录)\s*$", line) for page in text[1:] for line in page.splitlines())


def columns(path) -> list[tuple[str, str]]:
    """Each page's left and right half as pdftotext reads it (a two-column page's columns, in drawing order)."""
    info = subprocess.run([need("pdfinfo"), str(path)], capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    half = [[need("pdftotext"), "-raw", "-f", str(n), "-l", str(n), "-x", str(int(x)), "-y", "0",
             "-W", str(int(width / 2) + 1), "-H", str(int(height) + 1), str(path), "-"]
            for n in range(1, int(re.search(r"Pages:\s+(\d+)", info).group(1)) + 1) for x in (0, width / 2)]
    text = [subprocess.run(cmd, capture_output=True, text=True).stdout for cmd in half]
    return list(zip(text[::2], text[1::2]))


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_few_notes_marked_in_a_column(outs, brief, lang):
    """Few notes to look up from what a reader takes in at once (sections citing the same parts share one note):
    eight from the one-column page, which held 880 Chinese characters on the investor brief's busiest page, about
    one a hundred characters; so a column carries at most six, or one a hundred characters where it holds more."""
    for n, page in enumerate(columns(outs / f"{brief}.{lang}.pdf"), 1):
        for column in page:
            body = re.split(r"\n\s*(Sources and notes|资料来源与注释)\s*\n", column)[0]
            body = "\n".join(line for line in body.splitlines()    # not the notes, nor a chart's source line
                             if not re.match(r"\s*(\[\d+\]|Source|资料来源)", line))
            marks = set(re.findall(r"\[\d+\]", body))
            assert len(marks) <= max(6, len(re.sub(r"\s", "", body)) // 100), (n, marks)


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_notes_are_short_and_sources_listed_once_in_full(outs, brief, lang):
    text = "".join(pages(outs / f"{brief}.{lang}.pdf"))
    heads = {"en": ("Sources and notes", "References", "About this brief"), "zh": ("资料来源与注释", "参考文献", "关于本简报")}
    notes_head, refs_head, about_head = (re.search(rf"\n\s*{h}\s*\n", text) for h in heads[lang])
    notes, refs = text[notes_head.end():refs_head.start()], text[refs_head.end():about_head.start()]
    short = "UN-Habitat and FSC 2025" if lang == "en" else "联合国人居署、未来科学城 2025"
    assert flat(short) in flat(notes) and flat(short + ("：" if lang == "zh" else ":")) in flat(refs)
    entries = re.findall(r"^\s*(\S[^:：\n]*)[:：]", refs, re.M)
    assert len(entries) == len(set(entries)) >= 2                 # each source once, in full
    full = "Sustainable Development Practices" if lang == "en" else "可持续发展实践：创新与成就"
    assert full not in notes                                        # notes are short


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_one_precision_per_chart(brief, lang):
    """Every value label of a chart has the same number of decimals (253.2 / 164.7 / 104.0)."""
    from reportgen.core.project import Project
    from reportgen.run.builder import Builder
    builder = Builder(Project(), log=lambda msg: None)
    requests, draw = [], builder.charts
    builder.charts = lambda req: requests.append(req) or draw(req)
    _, claims = builder.compose(brief, lang, {"sector": brief.split("-", 1)[1]} if "-" in brief else {})
    labels = iter([c.text for c in claims if c.place == "chart"])
    assert requests
    for req in requests:
        shown = [next(labels) for row in req["values"] for v in row if v is not None]
        decimals = {len((re.search(r"\d+(\.\d+)?", t.replace(",", "")).group(1) or ".")) - 1 for t in shown}
        assert len(decimals) == 1, shown


def test_sector_variant_is_titled_by_its_sector(outs):
    info = PdfReader(outs / "investor-energy.en.pdf").metadata
    assert info.title == "Beijing Future Science City: advanced energy"
    cover = " ".join(pages(outs / "investor-energy.en.pdf")[0].split())      # the title may wrap
    assert "advanced energy" in cover and "Energy Valley" in cover
    assert PdfReader(outs / "investor-energy.zh.pdf").metadata.title == "北京未来科学城：先进能源"


def test_sector_cover_sells_the_sector_and_its_tiles_are_not_repeated(outs):
    """The energy variant's cover tiles are the sector's headline figures; every tile figure of the brief, cover
    included, is shown once."""
    cover = " ".join(pages(outs / "investor-energy.en.pdf")[0].split())
    assert "RMB 253.2 billion" in cover and "more than 900" in cover
    assert "RMB 430.1 billion" not in cover
    tiles = [row["fact_id"] for row in csv.DictReader(open(outs / "investor-energy.en.claims.csv", encoding="utf-8"))
             if row["place"] == "kpi"]
    assert len(tiles) >= 10 and len(tiles) == len(set(tiles))


def test_sector_variant_repeats_no_chart_data(outs):
    charted = defaultdict(set)
    for row in csv.DictReader(open(outs / "investor-energy.en.claims.csv", encoding="utf-8")):
        if row["place"] in ("chart", "kpi"):
            charted[(row["place"], row["fact_id"])].add(row["note"])
    assert all(len(notes) == 1 for notes in charted.values())


@pytest.fixture(scope="module")
def variants(outs):
    """The other sector variants, beside the main outputs, for the page-fill check."""
    return outs


@pytest.mark.parametrize("brief,lang", OUTPUTS + [(b, lang) for b in ("investor-life-sciences", "investor-manufacturing")
                                                  for lang in ("en", "zh")])
def test_no_page_but_the_cover_and_the_last_is_more_than_a_fifth_empty(variants, brief, lang, tmp_path):
    """Page fill from the rendered pages. A chart that does not fit where the text introduces it floats to the next
    page instead of leaving a gap. The closing panel fills the last page: under the notes if they leave room for
    it, else on a page of its own, and then (only then) the notes' last page may end short."""
    pdf = variants / f"{brief}.{lang}.pdf"
    shares = page_emptiness(pdf, tmp_path)
    closing_alone = not any(flat(h) in flat(pages(pdf)[-1]) for h in ("Sources and notes", "资料来源与注释")) and \
        not re.search(r"\[\d+\]", pages(pdf)[-1])
    inner = shares[1:-2] if closing_alone else shares[1:-1]
    assert all(share <= 0.2 for share in inner), [round(s, 2) for s in shares]   # "about a fifth"


def test_a_chart_that_floats_on_stays_in_its_section_for_assistive_technology(outs):
    """Charts are set at a page's top or foot, across both columns, wherever the text has got to (the Chinese
    energy variant's last chart of a section is drawn above the next section's heading); the tagged reading order
    keeps each in its own section."""
    from test_accessible_pdf import structure
    pdf = outs / "investor-energy.zh.pdf"
    order = [str(e.get("/Alt") or e.get("/T")) for e in structure(pdf)[1] if e["/S"] in ("/H1", "/Figure")]
    where = next(i for i, name in enumerate(order) if "西区规划常住人口与就业岗位" in name)
    assert order[where - 2] == "区位、空间与生活配套" and "规划面积最大" in order[where - 1]
    assert order[where + 1] == "资料来源与注释"       # the energy variant ends with location (no Beijing-wide summit)


def bad_chinese_line_starts(pdf) -> list[tuple[str, str]]:
    """(line before, line) wherever a line starts with closing punctuation, or with a unit whose number ends the
    line before ("2024 / 年"). A chart's axis labels (a bare number, or a lone "%") are not lines of text, nor is
    a table's row (cells apart by wide gaps) a line that the next row continues."""
    bad, before = [], ""
    for page in pages(pdf, layout=True):
        for line in filter(str.strip, page.splitlines()):
            table_row = re.search(r"\S {3,}\S.* {3,}\S", before)
            if line.strip() != "%" and not re.fullmatch(r"[\s≈\d.,]+", before) and not table_row and (
                    re.match(r"\s*[，。；：、！？）》」』】〕…％%”]", line)
                    or (re.search(r"\d$", before) and re.match(r"\s*[年月日亿万元人个家所项件名平微]", line))):
                bad.append((before[-20:], line[:20]))
            before = line
    return bad


@pytest.mark.parametrize("brief", ["investor", "sdg"])    # the Typst engine glues a number to what follows it
def test_chinese_lines_never_start_with_closing_punctuation_or_a_unit(outs, brief):
    assert not bad_chinese_line_starts(outs / f"{brief}.zh.pdf")


@pytest.mark.parametrize("brief", ["investor", "sdg"])
def test_reportlab_engine_breaks_chinese_lines_as_well(brief, tmp_path):
    """reportlab's own CJK wrap lets "；" start a line after a hanging "）", and splits "2022 / 年"."""
    from click.testing import CliRunner
    result = CliRunner().invoke(cli, ["build", brief, "--lang", "zh", "--pdf-engine", "reportlab", "--format", "pdf",
                                      "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert len(flat("".join(pages(tmp_path / f"{brief}.zh.pdf")))) > 3000      # the whole brief was drawn
    assert not bad_chinese_line_starts(tmp_path / f"{brief}.zh.pdf")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_running_text_figure_has_more_than_four_significant_figures_unless_a_count(outs, lang):
    for row in csv.DictReader(open(outs / f"investor.{lang}.claims.csv", encoding="utf-8")):
        if row["place"] == "text" and "." in row["printed"]:
            digits = re.sub(r"\D", "", re.search(r"[\d,.]+", row["printed"]).group())
            assert len(digits.strip("0")) <= 4 or len(digits) <= 4, row["printed"]


def figures(brief: str, lang: str) -> list:
    """The charts of a brief as composed (their SVG, outlined SVG and PNG drawn)."""
    from reportgen.core.project import Project
    from reportgen.document import Figure
    from reportgen.run.builder import Builder
    builder = Builder(Project(), log=lambda msg: None)
    doc, _ = builder.compose(brief, lang, {})
    builder.charts.wait()
    return [b for b in doc.blocks if isinstance(b, Figure)]


def test_chemical_formulas_in_charts_have_their_subscript():
    """SO2 in a chart is drawn SO₂ (the font has no ₂): a smaller "2" below the baseline, in the SVG the Typst and
    reportlab PDFs draw and in the outlined copy the Word file carries."""
    figure = next(f for f in figures("sdg", "en") if "SO_2" in f.svg.read_text(encoding="utf-8"))
    svg = figure.svg.read_text(encoding="utf-8")
    spans = re.findall(r'<tspan x="[\d.]+" y="([-\d.]+)" style="font-size: ([\d.]+)px[^>]*>(\w)</tspan>',
                       svg.split("SO_2", 1)[1])[:3]
    assert [s[2] for s in spans] == ["S", "O", "2"]
    (o_y, o_size, _), (y, size, _) = spans[1], spans[2]
    assert float(size) < float(o_size) and float(y) > float(o_y)      # smaller, and lower (an SVG's y grows down)
    assert "SO_2" in figure.outlined_svg.read_text(encoding="utf-8")


def test_english_quotes_are_latin_width(outs):
    """The one font is a CJK face whose curly quotes are full-width (a wide gap after “): English text uses its
    proportional forms."""
    words = {}
    html = subprocess.run([need("pdftotext"), "-bbox", str(outs / "sdg.en.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for x0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', html):
        words.setdefault(word, float(x1) - float(x0))
    quote = words["“one"] - words["one"]
    assert 2 < quote < 6, quote            # a full-width quote at 9.5 pt would be 9.5 pt wide


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_boxes_and_the_colophon_are_not_split_across_pages(outs, brief, lang):
    """The next-steps box is read as one (its web address is not left alone on the next page), and the colophon
    stays whole on the last page rather than leaving a few lines alone there."""
    raw = pages(outs / f"{brief}.{lang}.pdf")
    text = [flat(p) for p in raw]
    heading, last_line = {"en": ("Next steps", "Web:http"), "zh": ("下一步", "网址：http")}[lang]
    box = next(flat(p) for p in raw if heading in [line.strip() for line in p.splitlines()])
    assert last_line in box
    about, edition = {"en": ("Aboutthisbrief", "Edition:"), "zh": ("关于本简报", "版本信息：")}[lang]
    assert about in text[-1] and edition in text[-1]


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_a_reader_meets_the_note_marks_in_order(outs, brief, lang):
    """Numbered in reading order, and a chart that moves on to the next page does not put its mark after a
    later one: on the pages, each note is first marked after every note numbered below it. (A chart set at the
    top of a page shows its source's mark above the text that introduces it: the marks in the text are counted.)"""
    body = re.split(r"\n\s*(?:Sources and notes|资料来源与注释)\s*\n", "".join(pages(outs / f"{brief}.{lang}.pdf")))[0]
    body = "\n".join(line for line in body.splitlines() if not re.match(r"(Source|资料来源|来源)", line))
    first = list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", body)))
    assert first == sorted(first) and len(first) >= 10, first


def test_chart_units_read_across():
    """A chart's unit (亿元, 万人) reads across, above the axis: Chinese is never set turned, and no label is."""
    svgs = [f.svg.read_text(encoding="utf-8") for f in figures("investor", "zh")]
    assert any("亿元" in svg for svg in svgs) and not any("rotate(-90" in svg for svg in svgs)


# ── each figure said once, light notes, the words a publications officer signs off (issue 20) ──

def body_and_notes(path, lang: str) -> tuple[str, str]:
    """The brief's body (cover to the notes) and its notes (to the references), as a reader sees them."""
    text = "".join(pages(path))
    heads = {"en": ("Sources and notes", "References"), "zh": ("资料来源与注释", "参考文献")}[lang]
    notes_at, refs_at = (re.search(rf"\n\s*{h}\s*\n", text) for h in heads)
    return text[:notes_at.start()], text[notes_at.end():refs_at.start()]


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_no_figure_is_printed_twice(outs, brief, lang):
    """Cover, tiles, text, charts and tables together print each figure once (the ledger lists every print)."""
    rows = list(csv.DictReader(open(outs / f"{brief}.{lang}.claims.csv", encoding="utf-8")))
    seen = defaultdict(list)
    for row in rows:
        seen[row["fact_id"]].append((row["place"], row["printed"]))
    assert len(rows) > 50
    assert not {k: v for k, v in seen.items() if len(v) > 1}


@pytest.mark.parametrize("brief,figure", [("investor", "430.1"), ("investor", "147,905"), ("investor", "315"),
                                          ("investor", "881"), ("sdg", "27.1"), ("sdg", "65.8"), ("sdg", "43.2")])
def test_a_headline_figure_appears_once_on_the_pages(outs, brief, figure):
    body, _ = body_and_notes(outs / f"{brief}.en.pdf", "en")
    assert len(re.findall(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|\.\d)", body)) == 1


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_notes_are_light(outs, brief, lang):
    """Notes at most about a third of the body, one short line each; 'sources differ' said once or twice."""
    body, notes = body_and_notes(outs / f"{brief}.{lang}.pdf", lang)
    assert len(flat(notes)) <= 0.35 * len(flat(body)), (len(flat(notes)), len(flat(body)))
    for line in re.findall(r"^\s*\[\d+\][^\n]*", notes, re.M):
        assert len(line.strip()) <= (150 if lang == "en" else 80), line
    text = "".join(pages(outs / f"{brief}.{lang}.pdf"))
    assert len(re.findall("sources differ|不一致", text, re.I)) <= 2


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_references_are_sorted(outs, brief, lang):
    text = flat("".join(pages(outs / f"{brief}.{lang}.pdf")))
    heading = "参考文献" if lang == "zh" else "References"
    refs = text[text.index(heading) + len(heading):]
    short = re.findall(r"(?:^|[.。）)])([^.。:：（(]{2,40}?20\d\d[a-z]?|Energy Valley feature|能源谷专题报道)[:：]", refs)
    assert len(short) >= 2 and short == sorted(short, key=str.casefold), short


@pytest.mark.parametrize("brief", ["investor", "sdg", "investor-energy"])
def test_english_body_text_has_typographic_quotes(outs, brief):
    body, _ = body_and_notes(outs / f"{brief}.en.pdf", "en")
    assert "’" in body
    assert not re.findall(r"\w'\w|\"", body), re.findall(r".{20}['\"].{20}", body)


@pytest.mark.parametrize("brief", ["investor", "sdg", "investor-energy"])
def test_no_space_after_a_chinese_full_stop(brief):
    from reportgen.document import texts
    from reportgen.run.builder import Builder, Project
    b = Builder(Project(), log=lambda *a: None)
    b.charts.need = set()
    doc, _ = b.compose(brief, "zh", {})
    bad = [t for t in texts(doc) if re.search(r"[。，；：] ", t)]
    assert not bad, bad


def test_a_personalised_sector_brief_names_its_sector_everywhere(tmp_path):
    """--param sector=energy on the investor brief: cover, PDF /Title, Word title and e-mail subject."""
    from click.testing import CliRunner
    from docx import Document
    import email
    from email import policy
    result = CliRunner().invoke(cli, ["build", "investor", "--lang", "en", "--param", "sector=energy", "--out",
                                      str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    title = "Beijing Future Science City: advanced energy"
    [pdf] = tmp_path.glob("investor.en.*.pdf")          # a parameterised build is named by its parameters' hash
    assert PdfReader(pdf).metadata.title == title
    assert Document(str(pdf.with_suffix(".docx"))).core_properties.title == title
    assert "advanced energy" in " ".join(pages(pdf)[0].split())
    result = CliRunner().invoke(cli, ["mail", "investor", "--to", "a@example.org", "--param", "sector=energy",
                                      "--out", str(tmp_path / "mail"), "--dry-run", "--from", "b@example.org"])
    assert result.exit_code == 0, result.output
    [eml] = (tmp_path / "mail" / "outbox").glob("*.eml")
    assert email.message_from_bytes(eml.read_bytes(), policy=policy.default)["Subject"].startswith(title)


def test_the_wording_is_as_true_as_its_source(outs):
    """The fidelity review's findings: 315 counts enterprises and branches together, 研究型大学（所） is research
    universities, Line 17 will link districts once built, 约六分之一 is about one sixth, the SDG brief's author is
    a body its sources name, and its colophon credits exactly the publishers it cites."""
    investor = " ".join("".join(pages(outs / "investor.en.pdf")).split())
    sdg = " ".join("".join(pages(outs / "sdg.en.pdf")).split())
    cover = " ".join(pages(outs / "investor.en.pdf")[0].split())
    assert "Central SOEs and their branches," in cover and "counted together" in cover
    assert "about one sixth" in investor and "16.7" not in investor
    assert "universities and institutes" not in sdg
    assert "Metro Line 17 links" not in sdg and "will link" in sdg
    assert PdfReader(outs / "sdg.en.pdf").metadata.author == "Administrative Committee of Beijing Future Science City"
    ack = sdg[sdg.index("Acknowledgements:"):sdg.index("Disclaimer:")]
    refs = sdg[sdg.index("References"):sdg.index("About this brief")]
    for publisher in ("Economic Daily", "Science and Technology Daily", "Beijing Business Today"):
        assert (publisher in ack) == (publisher in refs), publisher


def test_a_lower_bound_is_drawn_as_one_and_labels_keep_the_sources_precision():
    """'More than 500' PCT applications: an outlined, hatched bar labelled 500+, beside 725 drawn solid; the
    health chart prints 799 and 910 (its coarsest figure has no decimal), never 910.0; 48.25 % rounds to 48.3."""
    investor = figures("investor", "en")
    pct = next(f for f in investor if "PCT" in f.caption)
    svg = pct.svg.read_text(encoding="utf-8")
    assert "<pattern" in svg and "500+" in pct.alt and "725" in pct.alt
    health = next(f for f in investor if "Pharma and health" in f.caption)
    assert "80" in health.alt and "91" in health.alt and ".0" not in health.alt
    forest = next(f for f in figures("sdg", "en") if "forest" in f.caption)
    assert "48.3" in forest.alt and "48.2" not in forest.alt


@pytest.mark.parametrize("sector", ["energy", "life-sciences", "manufacturing"])
def test_a_sector_brief_charts_the_three_clusters_whole_or_not_at_all(sector):
    """A chart titled by its message keeps the rows its message is about: a sector's tiles do not take its bar."""
    from reportgen.core.project import Project
    from reportgen.run.builder import Builder
    builder = Builder(Project(), log=lambda msg: None)
    builder.charts.need = set()
    for brief, params in (("investor", {"sector": sector}), (f"investor-{sector}", {})):
        _, claims = builder.compose(brief, "en", params)
        bars = [c for c in claims if c.place == "chart" and c.context.startswith("Each of the three clusters")]
        assert len(bars) in (0, 3), (brief, params, [c.context for c in bars])
