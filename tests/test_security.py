"""A project folder cannot run code or reach outside itself: no pickles, confined templates, read-only data."""
from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, run


def _snapshot(*folders: Path) -> dict:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for d in folders for p in d.rglob("*") if p.is_file()}


class _Payload:
    """Unpickling this creates ``marker``: proof that a pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_crafted_pickle_beside_the_logo_is_never_loaded(tmp_path):
    assets = tmp_path / "assets"
    assets.mkdir()
    for name in ("logo.svg", "logo.png"):
        shutil.copy(ROOT / "assets" / name, assets / name)
    marker = tmp_path / "pwned"
    (assets / "logo.rlg.pickle").write_bytes(pickle.dumps(_Payload(marker)))   # newer than the SVG
    result = run("build", "investor", "--lang", "en", "--format", "pdf", "--out", tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert sorted(p.name for p in assets.iterdir()) == ["logo.png", "logo.rlg.pickle", "logo.svg"]


def test_a_build_modifies_no_tracked_file_and_no_cache_can_run_code(tmp_path):
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [p for p in tracked if p.endswith((".pickle", ".pkl", ".marshal"))]
    before = _snapshot(ROOT / "assets", ROOT / "templates", ROOT / "briefs")
    start = time.time_ns()
    for engine in ("typst", "reportlab"):      # the reportlab engine is the one that caches converted drawings
        result = run("build", "investor", "--pdf-engine", engine, "--out", tmp_path / engine, cwd=ROOT)
        assert result.exit_code == 0, result.output
    assert _snapshot(ROOT / "assets", ROOT / "templates", ROOT / "briefs") == before
    from reportgen.core.fonts import cache_dir
    cached = [p for p in cache_dir().rglob("*") if p.is_file()]
    assert any(p.parent.name == "drawings" for p in cached)
    assert not [p for p in cached if p.stat().st_mtime_ns >= start and p.suffix not in (".json", ".svg", ".png", ".ttf")]


def test_the_drawing_cache_is_data_that_round_trips_exactly(tmp_path):
    from reportlab import rl_config
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg
    from reportgen.writers import drawings
    classes = drawings._shape_classes()
    original = svg2rlg(str(ROOT / "assets" / "logo.svg"))
    data = json.loads(json.dumps(drawings.to_json(original, classes)))
    rl_config.invariant = 1
    try:
        assert renderPDF.drawToString(drawings.from_json(data, classes)) == renderPDF.drawToString(original)
    finally:
        rl_config.invariant = 0


def test_a_tampered_drawing_cache_is_refused_and_rebuilt(tmp_path):
    from reportgen.writers import drawings
    svg = tmp_path / "logo.svg"
    shutil.copy(ROOT / "assets" / "logo.svg", svg)
    cached = drawings.cache_path(svg.read_bytes())
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"shape": "Drawing", "attrs": {"__class__": "os.system"}}), encoding="utf-8")
    drawing = drawings.load_svg(svg)
    assert type(drawing).__name__ == "Drawing" and drawing.width > 0
    assert "__class__" not in cached.read_text(encoding="utf-8")     # replaced by a good conversion
    for bad in ({"shape": "Popen", "attrs": {}}, {"shape": "Group", "attrs": {"transform": {"call": [1]}}},
                {"shape": "Group", "attrs": {}, "contents": "x"}):
        try:
            drawings.from_json(bad, drawings._shape_classes())
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad}")



def _project_with_template(tmp_path: Path, body: str) -> Path:
    """A project folder whose investor glance section (English) is ``body``; a secret file lies outside it."""
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "secret.txt").write_text("TOP-SECRET-42\n", encoding="utf-8")
    folder = tmp_path / "project" / "templates" / "investor" / "en"
    folder.mkdir(parents=True)
    (folder / "glance.md.j2").write_text(body, encoding="utf-8")
    return tmp_path / "project"


def _build_en(project: Path):
    return run("build", "investor", "--lang", "en", "--format", "pdf", "--out", project / "out", cwd=project)


def test_a_symlink_out_of_the_template_folder_is_not_followed(tmp_path):
    project = _project_with_template(tmp_path, "# At a glance\n\n{% include 'investor/en/evil/secret.txt' %}\n")
    (project / "templates" / "investor" / "en" / "evil").symlink_to(tmp_path / "elsewhere")
    result = _build_en(project)
    assert result.exit_code == 5
    assert "glance.md.j2:3: error template-outside-folder" in result.stderr
    assert "TOP-SECRET-42" not in result.output and "Traceback" not in result.output
    assert not (project / "out" / "investor.en.pdf").exists()


def test_a_symlinked_template_file_and_dot_dot_are_refused(tmp_path):
    project = _project_with_template(tmp_path, "# At a glance\n")
    policy = project / "templates" / "investor" / "en" / "policy.md.j2"
    policy.symlink_to(tmp_path / "elsewhere" / "secret.txt")
    result = _build_en(project)
    assert result.exit_code == 5 and "error template-outside-folder" in result.stderr
    assert "TOP-SECRET-42" not in result.output
    policy.unlink()
    (project / "templates" / "investor" / "en" / "glance.md.j2").write_text(
        "# At a glance\n{% include '../../../../elsewhere/secret.txt' %}\n", encoding="utf-8")
    result = _build_en(project)
    assert result.exit_code == 5 and "glance.md.j2:2: error template-not-found" in result.stderr
    assert "TOP-SECRET-42" not in result.output


def test_links_inside_the_template_folder_still_work(tmp_path):
    project = _project_with_template(tmp_path, "# At a glance\n\n{% include 'investor/en/shared/intro.txt' %}\n")
    shared = project / "templates" / "common"
    shared.mkdir()
    (shared / "intro.txt").write_text("Our own shared paragraph.\n", encoding="utf-8")
    (project / "templates" / "investor" / "en" / "shared").symlink_to(shared)
    result = _build_en(project)
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(project / "out" / "investor.en.pdf").pages)
    assert "Our own shared paragraph." in text


def test_a_template_cannot_change_what_later_briefs_print(tmp_path):
    folder = tmp_path / "templates" / "factsheet" / "en"
    folder.mkdir(parents=True)
    (folder / "sheet.md.j2").write_text(
        "## Key figures\n\n{{ t.update({'note': '{publisher.__class__.__mro__}', 'page': 'HACKED'}) }}\n",
        encoding="utf-8")
    result = run("build", "--all", "--lang", "en", "--format", "pdf", "--jobs", "1", "--out", tmp_path / "out",
                 cwd=tmp_path)
    assert result.exit_code == 5
    assert "sheet.md.j2:3: error" in result.stderr and "Traceback" not in result.output
    assert "1 of 6 briefs failed" in result.stderr and "read-only data" in result.stderr
    assert not (tmp_path / "out" / "factsheet.en.pdf").exists()
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "out" / "investor.en.pdf").pages)
    assert "Page 2 of" in text and "HACKED" not in text and "class" not in text
    assert "UN-Habitat" in text                                     # the notes name their publishers


def test_templates_cannot_mutate_what_they_are_given(tmp_path):
    for expression in ("params.update({'sector': 'x'})", "facts(topic='energy').append('x')", "t.clear()"):
        folder = tmp_path / expression[:6] / "templates" / "factsheet" / "en"
        folder.mkdir(parents=True)
        (folder / "sheet.md.j2").write_text(f"## Key figures\n\n{{{{ {expression} }}}}\n", encoding="utf-8")
        result = run("build", "factsheet", "--lang", "en", "--format", "pdf", "--out", folder / "out",
                     cwd=folder.parents[2])
        assert result.exit_code == 5, (expression, result.output)
        assert "sheet.md.j2:3: error" in result.stderr


def test_labels_and_units_fill_placeholders_without_reading_attributes():
    from reportgen.core.placeholders import fill
    assert fill("{v.__class__.__mro__} {v[0]} {{v}} {v}", v="x") == "{v.__class__.__mro__} {v[0]} {x} x"
    assert fill("{year} {unknown}", year=2026) == "2026 {unknown}"
    from reportgen.compose.labels import LABELS
    import pytest
    with pytest.raises(TypeError):
        LABELS["en"]["note"] = "x"


def test_a_unit_with_a_format_field_is_a_located_data_error(data_copy):
    units = data_copy / "units.yaml"
    text = units.read_text(encoding="utf-8").replace('亿元: {base: CNY, factor: 1.0e+8, en: "RMB {v}"',
                                                     '亿元: {base: CNY, factor: 1.0e+8, en: "RMB {v.__class__}"')
    units.write_text(text, encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--format", "pdf", "--data", data_copy, "--out",
                 data_copy.parent / "out")
    assert result.exit_code == 4 and "units.yaml:4:33: error bad-value" in result.stderr and "{v}" in result.stderr
    assert "Traceback" not in result.output


def _hostile(tmp_path: Path) -> tuple[Path, Path]:
    """A project folder (``project``) and, outside it, a folder holding a secret text and a picture."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("TOP-SECRET-42\n", encoding="utf-8")
    shutil.copy(ROOT / "assets" / "logo.png", outside / "logo.png")
    project = tmp_path / "project"
    project.mkdir()
    (project / "reportgen.yaml").write_text("name: p\n", encoding="utf-8")
    shutil.copytree(ROOT / "assets" / "data", project / "data")
    return project, outside


def _refused(result, project: Path, link: str) -> None:
    assert result.exit_code == 3, result.output
    assert f"{project / link}: error outside-project" in result.stderr, result.stderr
    assert "TOP-SECRET-42" not in result.output and "Traceback" not in result.output


def test_a_project_folder_that_is_a_link_out_of_the_project_is_refused(tmp_path):
    """``templates -> ..``, ``assets -> elsewhere``, ``out -> elsewhere``: each folder is judged by its real path
    (the check used to resolve the folder first, then confine files to it). Nothing is read or written."""
    project, outside = _hostile(tmp_path)
    (project / "templates").symlink_to(tmp_path)
    _refused(_build_en(project), project, "templates")
    (project / "templates").unlink()
    (project / "assets").symlink_to(outside)
    _refused(_build_en(project), project, "assets")
    (project / "assets").unlink()
    (project / "out").symlink_to(outside)
    _refused(_build_en(project), project, "out")
    assert sorted(p.name for p in outside.iterdir()) == ["logo.png", "secret.txt"]
    (project / "out").unlink()
    (project / "out").mkdir()
    (project / "out" / "outbox.lock").symlink_to(outside / "secret.txt")        # opening it would truncate it
    result = run("mail", "investor", "--to", "a@example.org", "--dry-run", "--from", "b@example.org", "--out",
                 project / "out", cwd=project)
    _refused(result, project, "out/outbox.lock")
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "TOP-SECRET-42\n"
    (project / "out" / "outbox.lock").unlink()
    (project / "briefs").mkdir()
    (project / "briefs" / "investor.yaml").symlink_to(ROOT / "briefs" / "investor.yaml")
    _refused(_build_en(project), project, "briefs/investor.yaml")


def test_a_dataset_file_or_folder_linked_out_of_the_project_is_refused(tmp_path):
    project, outside = _hostile(tmp_path)
    facts = next((project / "data" / "facts").glob("*.csv"))
    shutil.move(facts, outside / facts.name)
    facts.symlink_to(outside / facts.name)
    _refused(_build_en(project), project, f"data/facts/{facts.name}")
    facts.unlink()
    shutil.move(project / "data" / "entities", outside / "entities")
    (project / "data" / "entities").symlink_to(outside / "entities")
    _refused(_build_en(project), project, "data/entities")


_PEEKING_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                'viewBox="0 0 100 40"><rect width="100" height="40" fill="#00A550"/>'
                '<image {attr}="{href}" width="100" height="40"/></svg>')


def test_a_logo_that_refers_to_another_file_is_refused_for_every_engine(tmp_path):
    project, outside = _hostile(tmp_path)
    (project / "assets").mkdir()
    (project / "themes").mkdir()
    (project / "themes" / "investor.yaml").write_text("extends: investor\nlogo: peek.svg\n", encoding="utf-8")
    for attr, href in (("href", "../../elsewhere/logo.png"), ("xlink:href", "/etc/hostname"),
                       ("href", "file:///etc/hostname")):
        (project / "assets" / "peek.svg").write_text(_PEEKING_SVG.format(attr=attr, href=href), encoding="utf-8")
        for engine in ("typst", "reportlab"):
            result = run("build", "investor", "--lang", "en", "--format", "pdf", "--pdf-engine", engine,
                         "--out", project / "out", cwd=project)
            assert result.exit_code == 3, result.output
            assert "investor.yaml:2:1: error bad-logo: peek.svg refers to another file" in result.stderr
            assert not (project / "out").exists()


def test_svglib_follows_no_reference_out_of_an_svg(tmp_path):
    """The reportlab engine's SVG reader itself (svglib): an <image> or <use> pointing at another file is not
    read, even one beside the SVG, so a drawing depends on the SVG's bytes alone (the cache's key)."""
    from reportlab.graphics.shapes import Image
    from reportgen.writers import drawings
    shutil.copy(ROOT / "assets" / "logo.png", tmp_path / "beside.png")
    (tmp_path / "other.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">'
                                        '<rect id="r" width="9" height="9"/></svg>', encoding="utf-8")
    svg = tmp_path / "peek.svg"
    svg.write_text(_PEEKING_SVG.format(attr="href", href="beside.png").replace(
        "</svg>", '<use href="other.svg#r"/></svg>'), encoding="utf-8")

    def leaves(node):
        return [leaf for child in getattr(node, "contents", []) for leaf in [child, *leaves(child)]]
    found = leaves(drawings.load_svg(svg))
    assert not [n for n in found if isinstance(n, Image)]
    assert len([n for n in found if type(n).__name__ == "Rect"]) == 1        # only the SVG's own rectangle


def test_a_matplotlib_style_in_force_changes_no_chart(tmp_path):
    """A project's ``matplotlibrc`` (or one in MPLCONFIGDIR) is loaded into rcParams when matplotlib is
    imported; charts used to inherit it and land in the shared cache under the usual key. Drawn under a hostile
    style, a chart is byte-identical to one drawn without, and that style is gone afterwards for no one else."""
    import matplotlib
    from reportgen.compose import charts
    from reportgen.core.fonts import ensure_fonts
    fonts = ensure_fonts()
    request = {"kind": "bar", "lang": "en", "rows": ["A", "B"], "columns": ["x"], "values": [[1.0], [2.0]],
               "qualifiers": [["exact"], ["exact"]], "axis": "units", "palette": ["#123456"]}
    target = lambda name: [(tmp_path / name, {"metadata": {"Date": None}}, {})]
    charts.render(request, fonts, target("clean.svg"))
    hostile = {"axes.facecolor": "#ff0000", "font.size": 30, "lines.linewidth": 9, "axes.spines.top": True,
               "svg.fonttype": "path", "patch.edgecolor": "#00ff00", "patch.force_edgecolor": True}
    with matplotlib.rc_context(hostile):
        charts.render(request, fonts, target("styled.svg"))
        assert matplotlib.rcParams["axes.facecolor"] == "#ff0000"          # the caller's style is left alone
    clean, styled = ((tmp_path / n).read_text(encoding="utf-8") for n in ("clean.svg", "styled.svg"))
    assert "#ff0000" not in styled and "#00ff00" not in styled and "#123456" in styled
    assert styled == clean


# Ways to build gigabytes or run for hours that no operator check caught: one budget for the whole render
# (memory, time, length of text) stops each at once, at its line. Chosen as one per way text or work can grow:
# each string method that pads or multiplies, each operator, each string-building filter or global, loops.
_RUNAWAY = {
    "ljust": '{{ "x".ljust(2*10**9) }}',
    "printf precision": "{{ '%.999999999d' % 1 }}",
    "plus, doubling": '{% set ns = namespace(x="ab") %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}'
                      '{% endfor %}',
    "tilde, doubling": '{% set ns = namespace(x="ab") %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}'
                       '{% endfor %}',
    "replace": '{{ ("x" * 900000).replace("x", "y" * 1000) }}',
    "join": '{{ ("ab" * 500000) | join("x" * 1000) }}',
    "zfill": '{{ "7".zfill(10**9) }}',
    "expandtabs": '{{ ("\\t" * 100000).expandtabs(100000) }}',
    "center method": '{{ "x".center(10**9) }}',
    "bytes": '{{ "x".encode().ljust(10**9) }}',
    "lipsum": "{{ lipsum(n=10**7) }}",
    "wordwrap": '{{ ("x " * 600000) | wordwrap(1, wrapstring="\\n" * 1000) }}',
    "nested ranges": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "long output": '{% for a in range(100000) %}{{ "x" * 100 }}{% endfor %}',
}


@pytest.mark.parametrize("case", sorted(_RUNAWAY))
def test_a_runaway_template_stops_fast_at_its_line(tmp_path, monkeypatch, case):
    from reportgen.compose import sandbox
    from reportgen.compose.templating import environment, render
    from reportgen.core.errors import TemplateError
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 1.0)
    (tmp_path / "section.md.j2").write_text(f"# Section\n\n{_RUNAWAY[case]}\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        render(environment([tmp_path]), "section.md.j2", {})
    assert time.monotonic() - start < 5
    problem, = caught.value.problems
    assert (problem.file, problem.line) == (str(tmp_path / "section.md.j2"), 3)
    assert problem.code in ("template-too-large", "template-too-slow", "template-unsafe"), problem



def test_the_render_budget_is_lifted_afterwards(tmp_path):
    import resource
    from reportgen.compose.templating import environment, render
    from reportgen.core.errors import TemplateError
    before = resource.getrlimit(resource.RLIMIT_AS)
    (tmp_path / "big.md.j2").write_text('{{ "x".ljust(2*10**9) }}\n', encoding="utf-8")
    (tmp_path / "fine.md.j2").write_text('{{ "ab" * 3 }}\n', encoding="utf-8")
    with pytest.raises(TemplateError):
        render(environment([tmp_path]), "big.md.j2", {})
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert render(environment([tmp_path]), "fine.md.j2", {}) == "ababab\n"
    assert len(bytearray(400 * 2**20)) > 0           # the process may grow again


def _pdf_links(path: Path) -> list[str]:
    from pypdf import PdfReader
    return [a.get_object()["/A"].get("/URI") for page in PdfReader(path).pages for a in page.get("/Annots") or []
            if a.get_object().get("/A", {}).get("/URI")]


def test_only_web_and_mail_addresses_become_links_in_every_writer(tmp_path):
    """A template's ``[x](smb://…)``, ``[x](ftp://…)`` or an autolinked ``<file:…>`` prints as words, never as a
    link a reader could open; https and mailto links stay. Checked in all three writers' files."""
    from conftest import ROOT as root
    from docx import Document
    shutil.copytree(root / "tests" / "broken" / "_base", tmp_path / "p")
    (tmp_path / "p" / "templates" / "mini" / "en" / "glance.md.j2").write_text(
        "# At a glance\n\nSee [our site](https://example.org/a), [mail us](mailto:a@example.org), "
        "[the share](smb://host/share), [old files](ftp://example.org/x) and <vbscript:msgbox>.\n",
        encoding="utf-8")
    outputs = []
    for engine in ("typst", "reportlab"):
        result = run("build", "mini", "--lang", "en", "--data", "data", "--pdf-engine", engine, "--out",
                     f"out-{engine}", cwd=tmp_path / "p")
        assert result.exit_code == 0, result.output
        outputs.append(_pdf_links(tmp_path / "p" / f"out-{engine}" / "mini.en.pdf"))
    docx = Document(tmp_path / "p" / "out-typst" / "mini.en.docx")
    outputs.append([r.target_ref for r in docx.part.rels.values() if r.is_external])
    for links in outputs:
        assert sorted(links) == ["https://example.org/a", "mailto:a@example.org"], outputs
    from reportgen import document as m
    assert m.link("x", "javascript:alert(1)") == m.Text("x") and m.link("x", " https://a.b") == m.Text("x")
    with pytest.raises(ValueError):
        m.Link("x", "JavaScript:alert(1)")


def test_a_contact_web_address_that_is_not_http_is_a_located_error(tmp_path):
    shutil.copytree(ROOT / "tests" / "broken" / "_base", tmp_path / "p")
    brief = tmp_path / "p" / "briefs" / "mini.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "publication:\n  contact:\n    web: javascript:alert(1)\n",
                     encoding="utf-8")
    result = run("build", "mini", "--lang", "en", "--data", "data", "--out", "out", cwd=tmp_path / "p")
    assert result.exit_code == 3, result.output
    assert "mini.yaml:9:5: error" in result.stderr and "https://" in result.stderr
    assert not (tmp_path / "p" / "out").exists()


def test_a_params_recipients_or_config_file_linked_out_of_the_project_is_refused(tmp_path):
    """A file named on the command line that lies in the project is the project's: a shipped ``params.yaml ->
    ~/x`` would print another file's text on the cover (a name given outside the project stays the user's)."""
    project, outside = _hostile(tmp_path)
    (outside / "p.yaml").write_text("recipient_name: TOP-SECRET-42\n", encoding="utf-8")
    (outside / "r.csv").write_text("email,name\na@example.org,TOP-SECRET-42\n", encoding="utf-8")
    (project / "params.yaml").symlink_to(outside / "p.yaml")
    (project / "r.csv").symlink_to(outside / "r.csv")
    (project / "mail.yaml").symlink_to(outside / "p.yaml")
    mail = ["mail", "investor", "--dry-run", "--from", "b@example.org", "--out", project / "out"]
    for args, link in ((["build", "investor", "--params", project / "params.yaml"], "params.yaml"),
                       (["build", "investor", "--recipients", project / "r.csv"], "r.csv"),
                       ([*mail, "--to", "a@example.org", "--params", project / "params.yaml"], "params.yaml"),
                       ([*mail, "--recipients", project / "r.csv"], "r.csv"),
                       ([*mail, "--to", "a@example.org", "--config", project / "mail.yaml"], "mail.yaml")):
        _refused(run(*args, "--out", project / "out", cwd=project) if args[0] == "build" else run(*args, cwd=project),
                 project, link)
        assert not (project / "out").exists()


@pytest.mark.parametrize("case", ["extends-dot-dot", "extends-absolute", "import-absolute", "hard-link"])
def test_other_ways_out_of_a_project_are_located_errors(tmp_path, case):
    """Siblings tried by hand: a brief that extends a path, a template that imports an absolute path, a facts
    file hard-linked to a file elsewhere (read as the project's own file: its text is never printed)."""
    project, outside = _hostile(tmp_path)
    (project / "briefs").mkdir()
    expected = {"extends-dot-dot": ("briefs/investor.yaml:1:1: error bad-brief-name", 3),
                "extends-absolute": ("briefs/investor.yaml:1:1: error bad-brief-name", 3),
                "import-absolute": ("glance.md.j2:1: error template-not-found", 5),
                "hard-link": ("003_f21926bdb71bccc2.x.csv:1:1: error bad-header", 4)}[case]
    if case.startswith("extends"):
        target = "../../elsewhere/secret" if case == "extends-dot-dot" else str(outside / "secret")
        (project / "briefs" / "investor.yaml").write_text(f"extends: {target}\n", encoding="utf-8")
    elif case == "import-absolute":
        folder = project / "templates" / "investor" / "en"
        folder.mkdir(parents=True)
        (folder / "glance.md.j2").write_text(f'{{% import "{outside / "secret.txt"}" as s %}}\n# At a glance\n',
                                             encoding="utf-8")
    else:
        (project / "data" / "facts" / "003_f21926bdb71bccc2.x.csv").hardlink_to(outside / "secret.txt")
    result = _build_en(project)
    assert result.exit_code == expected[1], result.output
    assert expected[0] in result.stderr and "TOP-SECRET-42" not in result.output and "Traceback" not in result.output
    assert not (project / "out").exists()


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefg", "bcdefgh"))   # 9**8 values


@pytest.mark.parametrize("where", ["params", "brief"])
def test_a_yaml_alias_bomb_is_a_located_error_in_a_second(tmp_path, where):
    """Nine lines of anchors stood for 43 million values: 21 s and 1.6 GB to word the error that named them."""
    project, _ = _hostile(tmp_path)
    if where == "params":
        (project / "p.yaml").write_text(_BOMB + "recipient_name: *h\n", encoding="utf-8")
        args, code, located = ["--params", project / "p.yaml"], 2, project / "p.yaml"
    else:
        (project / "briefs").mkdir()
        (project / "briefs" / "investor.yaml").write_text(_BOMB + "extends: investor\n", encoding="utf-8")
        args, code, located = [], 3, project / "briefs" / "investor.yaml"
    started = time.monotonic()
    result = run("build", "investor", "--lang", "en", "--out", project / "out", *args, cwd=project)
    assert result.exit_code == code, result.output
    assert f"{located}:6:4: error yaml-too-large: its aliases expand it to more than 200,000 values" in result.stderr
    assert time.monotonic() - started < 5 and "Traceback" not in result.output and not (project / "out").exists()


def test_a_logo_in_the_projects_assets_that_links_outside_is_refused_not_replaced(tmp_path):
    """It used to be skipped in silence and the shipped logo printed instead: the project's own logo, refused."""
    project, outside = _hostile(tmp_path)
    (project / "assets").mkdir()
    (project / "assets" / "logo.png").symlink_to(outside / "logo.png")
    result = _build_en(project)
    assert result.exit_code == 3, result.output
    assert f"'logo.png' is a link that leads outside {project / 'assets'}" in result.stderr
    assert "error outside-project" in result.stderr and not (project / "out").exists()
