"""Issue 24: reportgen knows no city in its code. A project about a fictional place (tests/fixtures/port-alder:
its own dataset of three facts, their source text, one brief and its templates) builds with no code change, and
its PDF, Word file and claims ledger say that place and its publisher, never the shipped dataset's."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import ROOT, run
from readers import docx_text, pdf_text

FIXTURE = ROOT / "tests" / "fixtures" / "port-alder"
PLACE, PUBLISHER = "Port Alder Innovation District", "Port Alder Development Office"
SHIPPED_PLACE = ("Beijing", "Future Science City", "Changping", "北京", "未来科学城", "昌平", "UN-Habitat")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("alder") / "port-alder"
    shutil.copytree(FIXTURE, project)
    result = run("build", cwd=project, env={"SOURCE_DATE_EPOCH": "1767225600"})    # the project's default briefs
    assert result.exit_code == 0, result.output
    return project / "out"


def test_the_outputs_say_the_place_and_never_the_shipped_one(out):
    assert sorted(p.name for p in out.iterdir()) == ["alder.en.claims.csv", "alder.en.docx", "alder.en.pdf"]
    pdf, word = pdf_text(out / "alder.en.pdf"), docx_text(out / "alder.en.docx")
    for text in (pdf, word):
        assert PLACE in text and "more than 640" in text and "$3.75 billion" in text and "12.4 km²" in text
        assert not [name for name in SHIPPED_PLACE if name in text]
    ledger = (out / "alder.en.claims.csv").read_text(encoding="utf-8")
    assert not [name for name in SHIPPED_PLACE if name in ledger]


def test_the_publisher_and_keywords_come_from_the_dataset_and_the_brief(out):
    """The suggested citation names the publisher and the year of issue (SOURCE_DATE_EPOCH: 2026)."""
    info = PdfReader(out / "alder.en.pdf").metadata
    assert info.author == PUBLISHER                   # subject.yaml's publisher: the brief names none
    assert info.get("/Keywords") == "Port Alder Innovation District, harbour, investment"
    core = Document(str(out / "alder.en.docx")).core_properties
    assert (core.author, core.keywords) == (PUBLISHER, "Port Alder Innovation District, harbour, investment")
    assert f"{PUBLISHER} (2026). {PLACE}." in " ".join(pdf_text(out / "alder.en.pdf").split())


def test_every_printed_figure_is_in_the_ledger_with_its_quote_in_the_fixture_source(out):
    rows = list(csv.DictReader((out / "alder.en.claims.csv").open(encoding="utf-8")))
    assert {r["fact_id"] for r in rows} == {"par24.area", "par24.companies", "par24.revenue"}
    source = (FIXTURE / "sources" / "001_alder-review.txt").read_text(encoding="utf-8")
    assert all(r["quote"] in source and r["source_file"] == "001_alder-review.txt" for r in rows)


def test_the_quotes_check_against_the_fixture_source():
    from reportgen.data import dataset
    from reportgen.data.quotes import check_sources
    ds = dataset.load(FIXTURE / "data")
    assert not ds.problems.errors and ds.subject.entity == "alder"
    assert not check_sources(ds, FIXTURE / "sources").errors


def test_a_fact_id_given_to_entity_is_a_located_template_error(tmp_path):
    project = tmp_path / "port-alder"
    shutil.copytree(FIXTURE, project)
    glance = project / "templates" / "alder" / "en" / "glance.md.j2"
    glance.write_text(glance.read_text(encoding="utf-8").replace("place('par24.area')", "entity('par24.area')"),
                      encoding="utf-8")
    result = run("build", cwd=project)
    assert result.exit_code != 0 and "Traceback" not in result.output and "internal-error" not in result.stderr
    assert "glance.md.j2:3: error unknown-fact: unknown entity 'par24.area'" in result.stderr
    assert "place(id) names a fact's place" in result.stderr
