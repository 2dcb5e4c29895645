#!/usr/bin/python3
"""Write a CSV file as a workbook, the way a person keeping it in a
spreadsheet would hold it: numbers as numbers, '79.5%' as a percent cell
(0.795), 2018-02-01 as a date cell, blanks under a metric merged into it,
the data on a second sheet named Metrics after a sheet of notes, text as
shared strings in .xlsx.  With --tricks, the last row's numbers are
formulas with their saved values and its blank last cell an #N/A error
cell, and in .xlsx one area code an inline string.

usage: workbook_make.py [--1904] [--tricks] IN.csv OUT.xlsx|OUT.ods
Uses Debian's python3-openpyxl and python3-odf."""
import csv
import datetime
import re
import sys
import zipfile

NUM = re.compile(r'^-?[0-9]+(\.[0-9]+)?$')
PCT = re.compile(r'^-?[0-9]+(\.[0-9]+)?%$')
DATE = re.compile(r'^([0-9]{4})-([0-9]{2})-([0-9]{2})$')


def kind(s):
    """('n', text) a number, ('p', fraction text) a percent, ('d', date), ('s', text)."""
    if NUM.match(s):
        return 'n', s
    if PCT.match(s):
        # the fraction as the spreadsheet stores it, from the digits
        return 'p', repr(float(s[:-1]) / 100)
    m = DATE.match(s)
    if m:
        return 'd', datetime.date(int(m[1]), int(m[2]), int(m[3]))
    return 's', s


def merges(rows):
    """Runs of blanks in column A under a filled cell: (first, last) rows, 0-based."""
    out, i = [], 1
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j][0] and not rows[j + 1][0]:
            j += 1
        if j > i or (rows[i][0] and i + 1 < len(rows) and not rows[i + 1][0]):
            k = i
            while k + 1 < len(rows) and not rows[k + 1][0]:
                k += 1
            if k > i:
                out.append((i, k))
            i = k + 1
        else:
            i += 1
    return out


def write_xlsx(rows, out, epoch1904, tricks):
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    wb.active.title = 'Notes'
    wb.active['A1'] = 'Figures are on the sheet Metrics.'
    ws = wb.create_sheet('Metrics')
    marks = {}
    for r, row in enumerate(rows):
        for c, s in enumerate(row):
            if s == '':
                continue
            k, v = kind(s)
            cell = ws.cell(row=r + 1, column=c + 1)
            if k == 'n':
                cell.value = float(v) if '.' in v else int(v)
                if tricks and r == len(rows) - 1:
                    marks[cell.coordinate] = ('f', v)
                    cell.value = 987654321
            elif k == 'p':
                cell.value = float(v)
                cell.number_format = '0.0%'
            elif k == 'd':
                cell.value = v
                # Excel's built-in format 14, or a custom one
                cell.number_format = 'mm-dd-yy' if epoch1904 else 'dd/mm/yyyy'
            else:
                cell.value = s
                if tricks and r == 1 and c == 1:
                    marks[cell.coordinate] = ('i', s)
                    cell.value = 987654322
    if tricks and rows and len(rows) > 1 and rows[-1][-1] == '':
        coord = ws.cell(row=len(rows), column=len(rows[0])).coordinate
        marks[coord] = ('e', '#N/A')
        ws[coord] = 987654323
    for a, b in merges(rows):
        ws.merge_cells(start_row=a + 1, start_column=1, end_row=b + 1, end_column=1)
    wb.save(out)
    patch_xlsx(out, marks)


def patch_xlsx(path, marks):
    """What openpyxl cannot write: shared strings (it writes every text
    inline), cached formula values, error cells."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = 'xl/worksheets/sheet2.xml'
    xml = parts[name].decode()
    for coord, (k, v) in marks.items():
        pat = re.compile(r'<c r="%s"([^>]*?)( t="n")?><v>98765432[123]</v></c>' % coord)
        if k == 'f':
            rep = r'<c r="%s"\1><f>%s*1</f><v>%s</v></c>' % (coord, coord, v)
        elif k == 'i':
            rep = '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (coord, v)
        else:
            rep = '<c r="%s" t="e"><f>NA()</f><v>%s</v></c>' % (coord, v)
        xml, n = pat.subn(lambda m: rep.replace(r'\1', m.group(1)), xml)
        assert n == 1, (coord, xml[:2000])
    keep = {c for c, (k, v) in marks.items() if k == 'i'}
    table = []

    def share(m):
        if m.group(1) in keep:
            return m.group(0)
        text = m.group(3)
        if text not in table:
            table.append(text)
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2), table.index(text))
    xml = re.sub(r'<c r="([A-Z]+[0-9]+)"([^>]*?) t="inlineStr"><is><t>(.*?)</t></is></c>', share, xml)
    parts[name] = xml.encode()
    if table:
        parts['xl/sharedStrings.xml'] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (
                len(table), len(table), ''.join('<si><t>%s</t></si>' % t for t in table))).encode()
        ct = parts['[Content_Types].xml'].decode()
        parts['[Content_Types].xml'] = ct.replace('</Types>', '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>').encode()
        rels = parts['xl/_rels/workbook.xml.rels'].decode()
        parts['xl/_rels/workbook.xml.rels'] = rels.replace('</Relationships>', '<Relationship Id="rIdSST" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>').encode()
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def write_ods(rows, out, tricks):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell, CoveredTableCell
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    notes = Table(name='Notes')
    tr = TableRow()
    tc = TableCell(valuetype='string')
    tc.addElement(P(text='Figures are on the sheet Metrics.'))
    tr.addElement(tc)
    notes.addElement(tr)
    doc.spreadsheet.addElement(notes)
    t = Table(name='Metrics')
    covered = set()
    spans = {}
    for a, b in merges(rows):
        spans[a] = b - a + 1
        covered.update(range(a + 1, b + 1))
    for r, row in enumerate(rows):
        tr = TableRow()
        c = 0
        while c < len(row):
            s = row[c]
            if c == 0 and r in covered:
                tr.addElement(CoveredTableCell())
                c += 1
                continue
            # a run of equal cells is one repeated cell, as LibreOffice writes it
            n = 1
            while c + n < len(row) and row[c + n] == s and not (c == 0 and r in spans):
                n += 1
            attrs = {}
            if n > 1:
                attrs['numbercolumnsrepeated'] = n
            if c == 0 and r in spans:
                attrs['numberrowsspanned'] = spans[r]
            if s == '' and tricks and r == len(rows) - 1 and c + n == len(row) and n == 1:
                tc = TableCell(formula='of:=NA()', valuetype='string', stringvalue='')
                tc.addElement(P(text='#N/A'))
                tr.addElement(tc)
                c += n
                continue
            if s == '':
                tr.addElement(TableCell(**attrs))
                c += n
                continue
            k, v = kind(s)
            if tricks and r == len(rows) - 1 and n == 1:
                # a formula with its saved value; a blank last cell an error
                # as LibreOffice without calcext saves it
                attrs['formula'] = 'of:=%s*1' % v if k == 'n' else 'of:="%s"' % s
            if k == 'n':
                tc = TableCell(valuetype='float', value=v, **attrs)
            elif k == 'p':
                tc = TableCell(valuetype='percentage', value=v, **attrs)
            elif k == 'd':
                tc = TableCell(valuetype='date', datevalue=v.isoformat(), **attrs)
            else:
                tc = TableCell(valuetype='string', **attrs)
            tc.addElement(P(text=s))
            tr.addElement(tc)
            c += n
        tr.addElement(TableCell(numbercolumnsrepeated=1000))
        t.addElement(tr)
    t.addElement(TableRow(numberrowsrepeated=1048000))
    doc.spreadsheet.addElement(t)
    doc.save(out)


def main():
    args = sys.argv[1:]
    epoch1904 = '--1904' in args
    tricks = '--tricks' in args
    args = [a for a in args if not a.startswith('--')]
    with open(args[0], newline='', encoding='utf-8-sig') as f:
        rows = [r for r in csv.reader(f) if r]
    width = max(len(r) for r in rows)
    rows = [r + [''] * (width - len(r)) for r in rows]
    if args[1].endswith('.ods'):
        write_ods(rows, args[1], tricks)
    else:
        write_xlsx(rows, args[1], epoch1904, tricks)


main()
