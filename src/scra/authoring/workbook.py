"""The spreadsheet side: writing the template (empty, or filled by an export) with openpyxl, and reading
a filled workbook or CSV files back into :class:`~scra.authoring.tables.Table` rows.

Layout of every data sheet: row 1 the column titles (in the workbook's language), row 2 the column keys
scra reads, data from row 3. A reader accepts a key, an English or a Japanese title in row 1, so CSV
files may carry either; when row 2 holds keys, data starts at row 3, else at row 2.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from scra.authoring.lists import kg_lists, property_comment
from scra.authoring.mapping import LISTS, SHEETS, Column, Sheet, sheet_keys
from scra.authoring.tables import NAMESPACE_KEY, Exported, Row, Table
from scra.errors import TableInputError, TableProblem
from scra.lang import LANGUAGES, section
from scra.vocab import compact

FIRST_DATA_ROW = 3
TEMPLATE_ROWS = 500  # rows the drop-down lists cover in an empty template
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_KEY_FONT = Font(italic=True, color="808080", size=8)


def _t(key: str, lang: str) -> str:
    return section("authoring", lang)[key]


def sheet_title(sh: Sheet | str, lang: str) -> str:
    key = sh if isinstance(sh, str) else sh.key
    return _t("sheet." + key, lang)[:31]


def _kind_text(col: Column, lang: str) -> str:
    if col.kind == "ref":
        return _t("kind.ref" if col.multi else "kind.ref1", lang)
    return _t("kind." + col.kind, lang)


def write_workbook(lang: str = "en", exported: Exported | None = None) -> bytes:
    """The template in ``lang``; with ``exported``, filled with a description's rows."""
    wb = Workbook()
    help_ws = wb.active
    help_ws.title = sheet_title("help", lang)
    lists_ws = wb.create_sheet(sheet_title("lists", lang))
    list_ranges = _write_lists(lists_ws, lang)
    titles = {sh.key: sheet_title(sh, lang) for sh in SHEETS}
    for sh in SHEETS:
        ws = wb.create_sheet(titles[sh.key])
        rows = exported.rows.get(sh.key, []) if exported else []
        _write_sheet(ws, sh, rows, lang, list_ranges, titles)
    _write_help(help_ws, lang)
    wb.move_sheet(lists_ws, offset=len(SHEETS))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_lists(ws, lang: str) -> dict[str, str]:
    """One pair of columns per KG list (value, label); the range each drop-down uses."""
    ranges = {}
    for index, key in enumerate(LISTS):
        col_value, col_label = get_column_letter(2 * index + 1), get_column_letter(2 * index + 2)
        ws[f"{col_value}1"] = key
        ws[f"{col_label}1"] = _t("lists.label", lang)
        ws[f"{col_value}1"].font = ws[f"{col_label}1"].font = Font(bold=True)
        terms = kg_lists()[key]
        for n, term in enumerate(terms, start=2):
            ws[f"{col_value}{n}"] = term.curie
            ws[f"{col_label}{n}"] = term.label(lang)
        ws.column_dimensions[col_value].width = 34
        ws.column_dimensions[col_label].width = 40
        last = max(len(terms) + 1, 2)
        ranges[key] = f"{quote_sheetname(ws.title)}!${col_value}$2:${col_value}${last}"
    return ranges


def _write_sheet(
    ws, sh: Sheet, rows: list[dict[str, str]], lang: str, list_ranges: dict[str, str], titles: dict[str, str]
) -> None:
    for index, col in enumerate(sh.columns, start=1):
        letter = get_column_letter(index)
        head = ws.cell(row=1, column=index, value=_t(col.label_key, lang))
        head.font, head.fill = Font(bold=True), _HEAD
        head.alignment = Alignment(wrap_text=True, vertical="top")
        key = ws.cell(row=2, column=index, value=col.key)
        key.font = _KEY_FONT
        ws.column_dimensions[letter].width = (
            14 if col.kind in ("boolean", "integer", "date", "duration", "year", "decimal") else 28
        )
        for n, values in enumerate(rows, start=FIRST_DATA_ROW):
            text = values.get(col.key)
            if text is None or text == "":
                continue
            value: object = int(text) if col.kind == "integer" else text
            cell = ws.cell(row=n, column=index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if "\n" in value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        last = FIRST_DATA_ROW + max(len(rows), TEMPLATE_ROWS) - 1
        area = f"{letter}{FIRST_DATA_ROW}:{letter}{last}"
        formula = None
        if col.kind == "ref" and col.choices:
            formula = list_ranges[col.choices]  # OOXML formula1: no leading "="
        elif col.kind == "ref" and col.targets:
            target = col.targets[0]
            formula = f"{quote_sheetname(titles[target])}!$A${FIRST_DATA_ROW}:$A${last}"
        elif col.kind == "type":
            formula = '"' + ",".join(compact(c) for c in sh.classes) + '"'
        elif col.kind == "boolean":
            formula = '"true,false"'
        if formula:
            strict = col.kind in ("type", "boolean")
            dv = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                errorStyle="stop" if strict else "warning",
                showErrorMessage=True,
            )
            dv.add(area)
            ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2)


def _write_help(ws, lang: str) -> None:
    ws["A1"] = _t("help.title", lang)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _t("help.intro", lang)
    ws["A3"] = _t("help.namespace", lang)
    for ref in ("A2", "A3"):
        ws[ref].alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"{ref}:G{ref[1:]}")
        ws.row_dimensions[int(ref[1:])].height = 75
    heads = ("help.sheet", "help.column", "help.key", "help.property", "help.kind", "help.list", "help.definition")
    for i, h in enumerate(heads, start=1):
        cell = ws.cell(row=5, column=i, value=_t(h, lang))
        cell.font, cell.fill = Font(bold=True), _HEAD
    n = 6
    for sh in SHEETS:
        ws.cell(row=n, column=1, value=sheet_title(sh, lang)).font = Font(bold=True)
        ws.cell(row=n, column=2, value=_t("help.classes", lang) + ": " + ", ".join(compact(c) for c in sh.classes))
        n += 1
        for col in sh.columns:
            ws.cell(row=n, column=2, value=_t(col.label_key, lang))
            ws.cell(row=n, column=3, value=col.key)
            ws.cell(row=n, column=4, value=compact(col.prop) if col.prop else "")
            ws.cell(row=n, column=5, value=_kind_text(col, lang))
            sources = [sheet_title(t, lang) for t in col.targets] + ([col.choices] if col.choices else [])
            ws.cell(row=n, column=6, value=", ".join(sources))
            ws.cell(row=n, column=7, value=property_comment(col.prop, lang) if col.prop else "")
            n += 1
    for letter, width in zip("ABCDEFG", (26, 30, 24, 30, 36, 30, 90), strict=True):
        ws.column_dimensions[letter].width = width


# ---------------------------------------------------------------- reading


def _sheet_names() -> dict[str, str]:
    """Every name a sheet may have (key, English and Japanese titles) -> its key; help and lists too."""
    names: dict[str, str] = {}
    for key in (*sheet_keys(), "help", "lists"):
        names[key.lower()] = key
        for lang in LANGUAGES:
            names[sheet_title(key, lang).lower()] = key
    return names


def _column_names(sh: Sheet) -> dict[str, str]:
    names: dict[str, str] = {}
    for col in sh.columns:
        names[col.key.lower()] = col.key
        for lang in LANGUAGES:
            names[_t(col.label_key, lang).strip().lower()] = col.key
        if col.prop:
            names[compact(col.prop).lower() + (f"@{col.lang}" if col.lang else "")] = col.key
    return names


def _table(sh: Sheet, source: str, title: str, grid: list[list[object]], problems: list[TableProblem]) -> Table:
    table = Table(sh, source, title)
    if not grid:
        return table
    names = _column_names(sh)
    header = [("" if v is None else str(v)).strip() for v in grid[0]]
    keys: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for i, text in enumerate(header):
        if not text:
            continue
        key = names.get(text.lower())
        if key is None:
            unknown[i] = text
        elif key in keys.values():
            problems.append(TableProblem(title, 1, get_column_letter(i + 1), f"column '{text}' appears twice", source))
        else:
            keys[i] = key
    start = 1
    if len(grid) > 1:
        second = [("" if v is None else str(v)).strip() for v in grid[1]]
        if any(second) and all(not v or v.lower() in names for v in second):
            start = 2
            for i, text in enumerate(second):  # the key row wins over the titles
                if text:
                    unknown.pop(i, None)
                    keys[i] = names[text.lower()]
    for n, values in enumerate(grid[start:], start=start + 1):
        cells = {}
        for i, value in enumerate(values):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if i in keys:
                cells[keys[i]] = (get_column_letter(i + 1), value)
            else:
                head = unknown.get(i, "")
                problems.append(
                    TableProblem(
                        title,
                        n,
                        get_column_letter(i + 1),
                        f"a value in column '{head or '(no title)'}', which is not a column of "
                        f"this sheet: {str(value)[:80]!r}",
                        source,
                    )
                )
        if cells:
            table.rows.append(Row(n, cells))
    return table


def read_workbook(data: bytes, source: str) -> list[Table]:
    """The data sheets of a workbook; TableInputError for unknown sheets or columns that hold values."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise TableInputError(
            [
                TableProblem(
                    "-", None, None, f"not an .xlsx workbook ({exc.__class__.__name__}: {str(exc)[:200]})", source
                )
            ],
            source,
        ) from None
    names = _sheet_names()
    problems: list[TableProblem] = []
    tables = []
    for ws in wb.worksheets:
        key = names.get(ws.title.strip().lower())
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        if key in ("help", "lists"):
            continue
        if key is None:
            if any(v is not None and str(v).strip() for r in grid for v in r):
                problems.append(
                    TableProblem(
                        ws.title,
                        None,
                        None,
                        f"not a sheet of the scra template (sheets: {', '.join(sheet_keys())})",
                        source,
                    )
                )
            continue
        tables.append(_table(next(s for s in SHEETS if s.key == key), source, ws.title, grid, problems))
    wb.close()
    if problems:
        raise TableInputError(problems, source)
    return tables


def read_csv(data: bytes | str, source: str, sheet_key: str | None = None) -> Table:
    """One sheet from CSV (UTF-8, with or without BOM): the sheet the file's name names (``services.csv``),
    else ``sheet_key``, else the one sheet whose columns the header names."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TableInputError(
                [TableProblem("-", None, None, f"not UTF-8 text (byte {exc.start})", source)], source
            ) from None
    grid: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(data))]
    names = _sheet_names()
    key = names.get(Path(source).stem.strip().lower()) or names.get((sheet_key or "").strip().lower())
    if key in (None, "help", "lists"):
        key = _guess_sheet(grid)
    if key is None:
        raise TableInputError(
            [
                TableProblem(
                    Path(source).stem,
                    None,
                    None,
                    "cannot tell which sheet this CSV file "
                    f"is: name the file after a sheet ({', '.join(sheet_keys())}.csv)",
                    source,
                )
            ],
            source,
        )
    problems: list[TableProblem] = []
    sh = next(s for s in SHEETS if s.key == key)
    table = _table(sh, source, sh.key, grid, problems)
    if problems:
        raise TableInputError(problems, source)
    return table


def _guess_sheet(grid: list[list[object]]) -> str | None:
    if not grid:
        return None
    header = {str(v).strip().lower() for v in grid[0] if v is not None and str(v).strip()}
    fits = [sh.key for sh in SHEETS if header <= set(_column_names(sh))]
    return fits[0] if len(fits) == 1 else None


def write_csv(exported: Exported, sheet_key: str) -> str:
    sh = next(s for s in SHEETS if s.key == sheet_key)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in sh.columns])
    for values in exported.rows.get(sheet_key, []):
        writer.writerow([values.get(c.key, "") for c in sh.columns])
    return out.getvalue()


__all__ = ["NAMESPACE_KEY", "read_csv", "read_workbook", "write_csv", "write_workbook"]
