"""`reportgen extract`: documents read into review rows (quantities, qualifiers, periods, statuses, labels,
matches), the formats it reads and refuses, and the whole loop from a new document to a quoted figure in a brief."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import SEEDS, run
from reportgen.core.errors import DataError
from reportgen.extract.pipeline import extract


def rows_of(tmp_path: Path, dataset, text: str, name: str = "doc.txt", source: str | None = None) -> list[dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract([path], dataset, source, lambda p: None)


def brief(row: dict) -> tuple:
    return row["value"], row["value_max"], row["unit"], row["qualifier"], row["status"], row["period"]


def test_an_enumeration_gives_one_row_per_value_each_tied_to_its_item(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "2024年，先进能源、医药健康、先进制造三大产业收入分别达到1000亿元、2400亿元、1600亿元。")
    money = [r for r in rows if r["unit"] == "亿元"]
    assert [(r["value"], r["label_zh"]) for r in money] == [
        (1000, "先进能源产业收入"), (2400, "医药健康产业收入"), (1600, "先进制造产业收入")]
    assert {r["period"] for r in money} == {"2024"} and {r["status"] for r in money} == {"actual"}


def test_an_enumeration_whose_items_were_named_in_the_sentence_before(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "未来科学城重点发展先进能源、医药健康和先进制造三大产业。"
                                      "2023年，三大产业收入分别为900亿元、2000亿元、1500亿元。")
    assert [r["label_zh"] for r in rows if r["unit"] == "亿元"] == ["先进能源产业", "医药健康产业", "先进制造产业"]


def test_traditional_characters_are_read_and_quoted_as_printed(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "截至2024年底，未來科學城聚集企業超過1200家，總收入約3400億元。")
    assert [brief(r)[:4] for r in rows] == [(1200, None, "家", "more_than"), (3400, None, "亿元", "about")]
    assert rows[0]["quote"] == "截至2024年底，未來科學城聚集企業超過1200家，總收入約3400億元"   # verbatim
    assert rows[0]["period"] == "2024-12-31" and rows[0]["entity"] == "fsc"


def test_chinese_numerals_and_multipliers(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "经过十余年发展，园区引进三所高校、两千余家企业，从业人员1.2万人，"
                                      "累计建成研发中心近百个，收入约占全市三分之二。")
    got = [(r["value"], r["unit"], r["qualifier"], r["printed"]) for r in rows]
    assert got[:4] == [(10, "年", "more_than", "十余"), (3, "所", "exact", "三"), (2000, "家", "more_than", "两千余"),
                       (1.2, "万人", "exact", "")]
    assert got[-1] == (66.7, "%", "about", "三分之二")


def test_ranges_and_qualifiers(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "每年可承接400-600个临床试验项目，氢气加注充满率95%-100%，供暖面积约 411 万 m²，"
                                      "提供人才公寓5000套左右，处置建筑垃圾近 300 万吨。")
    assert [brief(r)[:4] for r in rows] == [
        (400, 600, "个", "range"), (95, 100, "%", "range"), (411, None, "万平方米", "about"),
        (5000, None, "套", "about"), (300, None, "万吨", "nearly")]


def test_future_sentences_are_targets_plans_and_forecasts(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "到2035年，绿色建筑占比达到100%。\n预计2026年新增企业500家。\n"
                                      "园区将建设3座能源站。\n发展目标是引进20所高校。\n2023年完成投资80亿元。")
    assert [(r["value"], r["status"], r["period"]) for r in rows] == [
        (100, "target", "2035"), (500, "forecast", "2026"), (3, "plan", ""), (20, "target", ""), (80, "actual", "2023")]


def test_periods_at_the_precision_the_text_gives(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "2024年上半年，营业收入1200亿元。2025年3月，注册企业3.2万家。"
                                      "截至2024年4月底，签约项目47个。")
    assert [r["period"] for r in rows] == ["2024-01/2024-06", "2025-03", "2024-04-30"]
    rows = rows_of(tmp_path, dataset, "2021年，园区收入3.4万亿元，同比增长14%。软件收入1.4万亿元。\n新增企业35家。")
    assert [r["period"] for r in rows] == ["2021", "2021", "2021", ""]     # a paragraph's year holds in it


def test_page_numbers_list_numbers_dates_and_codes_are_not_quantities(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "目录\n执行摘要\t6\n3.3.1 能源站\n(1) 产城协同\n2013 年发布，"
                                      "PM2.5 年均浓度 27.1 微克/立方米，符合ISO37108，第三章，北七家镇，5月26日。\n"
                                      "图 54 大鸨现身公园。它是一个创新高地。中心负一层，始建于嘉靖十六年（1537年），"
                                      "打通最后一公里，减少二次污染，十分重要。")
    assert [(r["value"], r["unit"]) for r in rows] == [(27.1, "微克/立方米")]


def test_an_english_document_in_the_datasets_units(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "In 2023, Future Science City hosted more than 2,400 enterprises with revenue "
                                      "of RMB 340 billion, up 14% year on year. By 2035 it will house about 1.2 million "
                                      "people. See Table 3 on page 12.", "report.md")
    assert [brief(r)[:5] for r in rows] == [
        (2400, None, "家", "more_than", "actual"), (3400, None, "亿元", "exact", "actual"),
        (14, None, "%", "exact", "actual"), (120, None, "万人", "about", "target")]
    assert rows[0]["label_en"].endswith("enterprises") and rows[0]["entity"] == "fsc" and rows[0]["period"] == "2023"
    assert rows[3]["period"] == "2035" and not rows[0]["label_zh"]


def test_matching_tells_same_update_conflict_and_new(tmp_path, dataset):
    rows = rows_of(tmp_path, dataset, "2021年，中关村科学城高新技术企业总收入3.4万亿元。"
                                      "2025年，中关村科学城高新技术企业总收入3.8万亿元。"
                                      "2021年，中关村科学城高新技术企业总收入3.5万亿元。"
                                      "2025年，中关村科学城新建公园12座。")
    assert [(r["match"], r["matched"]) for r in rows] == [
        ("same", "std21.zgc-sci-city-hitech-revenue-2021"), ("update", "std21.zgc-sci-city-hitech-revenue-2021"),
        ("conflict", "std21.zgc-sci-city-hitech-revenue-2021"), ("new", "")]
    assert rows[1]["metric"] == "hitech_enterprise_revenue" and rows[1]["entity"] == "zgc-sci-city"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs the seed documents")
def test_a_seed_read_again_finds_every_fact_the_dataset_took_from_it(dataset):
    rows = extract([SEEDS / "004_6464a7168a21d760.txt"], dataset, None, lambda p: None)
    facts = [f for f in dataset.facts.values() if f.source == "std21"]
    matched = {i for r in rows for i in r["matched"].split(";")}
    assert facts and {f.id for f in facts} <= matched
    assert all(r["quote"] in (SEEDS / "004_6464a7168a21d760.txt").read_text(encoding="utf-8") for r in rows)


# -- formats ----------------------------------------------------------------------------------------------------

def _pdf(path: Path, lines: list[str]) -> Path:
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path))
    y = 800
    for line in lines:
        c.drawString(72, y, line)
        y -= 20
    c.rect(72, 300, 200, 100, fill=1)
    c.save()
    return path


def test_docx_html_and_pdf_documents(tmp_path, dataset):
    import docx
    d = docx.Document()
    d.add_heading("3.2 绿色建筑", level=2)
    d.add_paragraph("截至 2024 年底，70 项建筑获得绿色建筑标识。")
    table = d.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["", "2022年度", "2023年度",
                                                                      "研究型大学（所）", "10", "12"]):
        cell.text = text
    d.save(tmp_path / "a.docx")
    rows = extract([tmp_path / "a.docx"], dataset, None, lambda p: None)
    assert [(r["value"], r["unit"], r["period"], r["locator"]) for r in rows] == [
        (70, "项", "2024-12-31", "§3.2, para 1"), (10, "所", "2022", "§3.2, para 3"), (12, "所", "2023", "§3.2, para 3")]
    (tmp_path / "b.html").write_text("<html><head><title>x 9 家</title><style>p{}</style></head><body><nav>1 个</nav>"
                                     "<h1>Bulletin</h1><p>园区新增企业&nbsp;<b>35</b>家。</p><script>var a = '5 个';"
                                     "</script></body></html>", encoding="utf-8")
    rows = extract([tmp_path / "b.html"], dataset, None, lambda p: None)
    assert [(r["value"], r["unit"], r["quote"]) for r in rows] == [(35, "家", "园区新增企业 35家")]
    _pdf(tmp_path / "c.pdf", ["Energy Valley", "The valley hosts 300 enterprises.", "Output rose 12% in 2023."])
    rows = extract([tmp_path / "c.pdf"], dataset, None, lambda p: None)
    assert [(r["value"], r["unit"], r["locator"]) for r in rows] == [(300, "家", "p. 1, para 1"), (12, "%", "p. 1, para 2")]
    assert rows[0]["entity"] == "fsc-east"


@pytest.mark.parametrize("name, content, code", [
    ("scan.pdf", None, "no-text-layer"),
    ("broken.docx", b"not a zip", "unreadable-document"),
    ("broken.pdf", b"%PDF-1.4 garbage", "unreadable-document"),
    ("latin1.txt", "Umsatz 12 % höher".encode("latin-1"), "bad-encoding"),
    ("data.odt", b"x", "unknown-document"),
    ("empty.txt", "这里没有数字。".encode("utf-8"), "no-quantities"),
])
def test_documents_that_cannot_give_rows_are_located_data_errors(tmp_path, name, content, code):
    path = tmp_path / name
    if content is None:
        _pdf(path, [])
    else:
        path.write_bytes(content)
    result = run("extract", path, "-o", tmp_path / "out.csv")
    assert result.exit_code == 4, result.output
    assert f"{path}" in result.stderr and f"error {code}:" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out.csv").exists()


def test_bad_sheet_name_and_unknown_source_are_usage_errors(tmp_path):
    (tmp_path / "a.txt").write_text("新增企业35家。", encoding="utf-8")
    assert run("extract", tmp_path / "a.txt", "-o", tmp_path / "a.ods").exit_code == 2
    result = run("extract", tmp_path / "a.txt", "--source", "std2l", "-o", tmp_path / "a.csv")
    assert result.exit_code == 2 and "did you mean 'std21'" in result.stderr


# -- the whole loop -----------------------------------------------------------------------------------------------

@pytest.mark.skipif(not SEEDS.is_dir(), reason="check --sources needs the seed documents beside the new one")
def test_a_new_document_becomes_a_quoted_figure_in_a_brief(tmp_path):
    """extract → review sheet → import-facts → check --sources → build: the fact is in the claims ledger, quoted."""
    import docx
    project, sources, out = tmp_path / "p", tmp_path / "p" / "sources", tmp_path / "out"
    assert run("init", project).exit_code == 0
    shutil.copytree(SEEDS, sources)
    d = docx.Document()
    d.add_heading("昌平区2025年一季度经济简报", level=1)
    d.add_paragraph("截至2025年4月底，未来科学城注册企业达3.9万家，同比增长8%。")
    d.save(sources / "bulletin.docx")
    result = run("sources", "add", sources / "bulletin.docx", "--title", "昌平区2025年一季度经济简报",
                 "--title-en", "Changping economy, first quarter 2025", "--publisher", "昌平区统计局",
                 "--publisher-en", "Changping District Statistics Bureau", "--date", "2025-04", cwd=project)
    assert result.exit_code == 0 and result.stdout.strip() == "bulletin", result.output

    sheet = project / "bulletin.review.xlsx"
    result = run("extract", sources / "bulletin.docx", "-o", sheet, cwd=project)
    assert result.exit_code == 0, result.output
    rows = pd.read_excel(sheet, dtype=str).fillna("")
    assert list(rows["value"]) == ["3.9", "8"] and list(rows["unit"]) == ["万家", "%"]
    keep = rows[rows["unit"] == "万家"]
    assert keep[["period", "entity", "metric", "match", "matched", "label_zh"]].values.tolist() == [[
        "2025-04-30", "fsc", "registered_enterprises_count", "update", "unh25.c-registered-enterprises-2025-03", "注册企业"]]
    keep = keep.assign(id="bulletin.fsc-registered-enterprises-2025-04", label_en="Registered enterprises")
    keep.to_excel(sheet, index=False)
    result = run("import-facts", sheet, cwd=project)
    assert result.exit_code == 0, result.output

    keep.assign(value="3.8").to_excel(sheet, index=False)      # reviewed again: the row is updated, not refused
    result = run("import-facts", sheet, cwd=project)
    assert result.exit_code == 0 and "(1 updated)" in result.stderr, result.output
    facts = list(csv.DictReader((project / "data" / "facts" / "bulletin.review.csv").open(encoding="utf-8")))
    assert [(f["id"], f["value"]) for f in facts] == [("bulletin.fsc-registered-enterprises-2025-04", "3.8")]

    keep.to_excel(sheet, index=False)
    assert run("import-facts", sheet, cwd=project).exit_code == 0
    result = run("check", "--sources", sources, cwd=project)
    assert result.exit_code == 0, result.output
    (project / "briefs" / "loop.yaml").write_text(
        "extends: factsheet\nlanguages: [zh]\npatch_sections:\n  sheet: {kpis: [fsc:registered_enterprises_count], "
        "charts: []}\n", encoding="utf-8")
    result = run("build", "loop", "--lang", "zh", "--format", "docx", "--out", out, cwd=project)
    assert result.exit_code == 0, result.output
    claims = list(csv.DictReader((out / "loop.zh.claims.csv").open(encoding="utf-8")))
    mine = [c for c in claims if c["fact_id"] == "bulletin.fsc-registered-enterprises-2025-04"]
    assert mine and mine[0]["quote"] == "截至2025年4月底，未来科学城注册企业达3.9万家，同比增长8%"
    from readers import docx_text
    assert "3.9万家" in docx_text(out / "loop.zh.docx")      # the newest figure: the one the loop brought in


def test_an_imported_sheet_is_checked_at_its_own_rows(tmp_path, data_copy):
    rows = pd.DataFrame([{"id": "std21.new-row", "entity": "fsc", "metric": "m", "value": "abc", "unit": "家",
                          "qualifier": "exact", "status": "actual", "label_en": "x", "label_zh": "x",
                          "locator": "para 1", "quote": "q", "match": "new"}])
    rows = rows.reindex(columns=list(rows.columns) + ["value_max", "period", "topics", "sdg", "printed", "note"],
                        fill_value="")
    sheet = tmp_path / "004_6464a7168a21d760.review.csv"
    rows.to_csv(sheet, index=False)
    result = run("import-facts", sheet, "--data", data_copy)
    assert result.exit_code == 4 and f"{sheet}:2:" in result.stderr and "bad-value" in result.stderr


def test_sources_add_finds_the_articles_of_a_file_by_their_headings(tmp_path, data_copy):
    from reportgen.data import dataset
    doc = tmp_path / "pages.md"
    doc.write_text("# 能源谷新增企业35家\n\n能源谷新增企业35家。\n\n# 生命谷引进项目12个\n\n生命谷引进项目12个。\n",
                   encoding="utf-8")
    result = run("sources", "add", doc, "--title", "新闻合辑", "--publisher", "某报", "--date", "2025-05",
                 "--data", data_copy)
    assert result.exit_code == 0 and result.stdout.strip() == "pages", result.output
    source = dataset.load(data_copy).sources["pages"]
    assert [(a.id, a.begins) for a in source.articles] == [("pages.a1", "能源谷新增企业35家"),
                                                          ("pages.a2", "生命谷引进项目12个")]
    rows = extract([doc], dataset.load(data_copy), None, lambda p: None)
    assert [(r["value"], r["article"], r["id"]) for r in rows] == [(35, "pages.a1", "pages.q1"), (12, "pages.a2", "pages.q2")]
    again = run("sources", "add", doc, "--title", "x", "--publisher", "y", "--data", data_copy)
    assert again.exit_code == 2 and "already has the file name" in again.stderr
    other = tmp_path / "other.txt"
    other.write_text("新增企业35家。", encoding="utf-8")
    bad = run("sources", "add", other, "--title", "x", "--publisher", "y", "--date", "May 2025", "--data", data_copy)
    assert bad.exit_code == 2 and "bad-date" in bad.stderr


def test_rows_marked_same_are_left_out_of_an_import(tmp_path, data_copy):
    facts = pd.read_csv(data_copy / "facts" / "004_6464a7168a21d760.csv", dtype=str, keep_default_na=False)
    sheet = tmp_path / "004_6464a7168a21d760.review.csv"
    facts.assign(match="same").to_csv(sheet, index=False)
    result = run("import-facts", sheet, "--data", data_copy)
    assert result.exit_code == 0 and "nothing to add" in result.stderr, result.output
    assert not (data_copy / "facts" / "004_6464a7168a21d760.review.csv").exists()
    facts.assign(match="new").to_csv(sheet, index=False)          # the same rows, not marked: duplicates
    result = run("import-facts", sheet, "--data", data_copy)
    assert result.exit_code == 4 and f"{sheet}:2:1: error duplicate-id" in result.stderr, result.output
