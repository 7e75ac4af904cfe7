"""Just enough of a PDF reader to check the PDF edition: pages, outline (bookmarks), fonts
(embedded or not) and the text of the pages.

It reads what headless Chromium writes (plain indirect objects, Flate streams, Type0 fonts
with ToUnicode maps); it is not a general PDF parser (no object streams, no encryption).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ref:
    num: int


@dataclass(frozen=True)
class Name:
    value: str


@dataclass(frozen=True)
class Op:
    value: str  # a content-stream operator (Tj, TJ, Tf, ...)


_DELIMS = b"()<>[]{}/%"
_WS = b" \t\r\n\f\x00"


class _Lexer:
    def __init__(self, data: bytes, pos: int = 0):
        self.data = data
        self.pos = pos

    def skip(self):
        data = self.data
        while self.pos < len(data):
            c = data[self.pos]
            if c in _WS:
                self.pos += 1
            elif c == 0x25:  # % comment
                end = data.find(b"\n", self.pos)
                self.pos = len(data) if end < 0 else end + 1
            else:
                break

    def token(self):
        """The next token: a value, or a marker string ("<<", ">>", "[", "]"), or None."""
        self.skip()
        data, pos = self.data, self.pos
        if pos >= len(data):
            return None
        c = data[pos:pos + 1]
        if data.startswith(b"<<", pos) or data.startswith(b">>", pos):
            self.pos += 2
            return data[pos:pos + 2].decode()
        if c in (b"[", b"]", b"{", b"}"):
            self.pos += 1
            return c.decode()
        if c == b"/":
            end = pos + 1
            while end < len(data) and data[end] not in _WS and data[end] not in _DELIMS:
                end += 1
            self.pos = end
            raw = data[pos + 1:end]
            return Name(re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                               raw).decode("utf-8", "replace"))
        if c == b"(":
            return self._literal()
        if c == b"<":
            end = data.index(b">", pos)
            self.pos = end + 1
            digits = re.sub(rb"\s", b"", data[pos + 1:end])
            if len(digits) % 2:
                digits += b"0"
            return bytes.fromhex(digits.decode())
        end = pos
        while end < len(data) and data[end] not in _WS and data[end] not in _DELIMS:
            end += 1
        self.pos = end
        word = data[pos:end].decode("latin-1")
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", word):
            return float(word) if "." in word else int(word)
        return {"true": True, "false": False, "null": None}.get(word, Op(word))

    def _literal(self) -> bytes:
        data, pos = self.data, self.pos + 1
        out, depth = bytearray(), 1
        escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
        while pos < len(data):
            c = data[pos]
            if c == 0x5C:  # backslash
                nxt = data[pos + 1]
                if nxt in escapes:
                    out.append(escapes[nxt])
                    pos += 2
                elif 0x30 <= nxt <= 0x37:
                    octal = re.match(rb"[0-7]{1,3}", data[pos + 1:pos + 4]).group()
                    out.append(int(octal, 8) & 0xFF)
                    pos += 1 + len(octal)
                elif nxt in b"\r\n":
                    pos += 2 + (data[pos + 1:pos + 3] == b"\r\n")
                else:
                    out.append(nxt)
                    pos += 2
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    break
            out.append(c)
            pos += 1
        self.pos = pos + 1
        return bytes(out)

    def value(self):
        """The next complete object, with ``N G R`` read as a reference."""
        tok = self.token()
        if tok == "<<":
            result = {}
            while True:
                key = self.value()
                if key == ">>" or key is None:
                    return result
                result[key.value if isinstance(key, Name) else key] = self.value()
        if tok == "[":
            items = []
            while True:
                item = self.value()
                if item == "]" or item is None:
                    return items
                items.append(item)
        if isinstance(tok, int):
            saved = self.pos
            gen = self.token()
            if isinstance(gen, int):
                r = self.token()
                if r == Op("R"):
                    return Ref(tok)
            self.pos = saved
        return tok


_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")


class Pdf:
    def __init__(self, path: Path):
        self.data = Path(path).read_bytes()
        self.objects: dict[int, object] = {}
        self.streams: dict[int, bytes] = {}
        pos, lengths = 0, {}
        while match := _OBJ.search(self.data, pos):
            num = int(match.group(1))
            lexer = _Lexer(self.data, match.end())
            value = lexer.value()
            self.objects[num] = value
            lexer.skip()
            pos = lexer.pos
            if self.data.startswith(b"stream", lexer.pos) and isinstance(value, dict):
                start = lexer.pos + len(b"stream")
                start += 2 if self.data[start:start + 2] == b"\r\n" else 1
                end = self.data.find(b"endstream", start)  # the data is skipped, not parsed
                lengths[num] = (start, value.get("Length"), end)
                pos = end
        for num, (start, length, end) in lengths.items():
            length = self.resolve(length)
            self.streams[num] = self.data[start:start + length] if isinstance(length, int) \
                else self.data[start:end].rstrip(b"\r\n")
        trailer_at = self.data.rfind(b"trailer")
        self.trailer = _Lexer(self.data, trailer_at + len(b"trailer")).value() \
            if trailer_at >= 0 else {}
        root = self.trailer.get("Root") if isinstance(self.trailer, dict) else None
        if root is None:  # a cross-reference stream instead of a trailer
            root = next(v["Root"] for v in self.objects.values()
                        if isinstance(v, dict) and v.get("Type") == Name("XRef"))
        self.catalog = self.resolve(root)

    def resolve(self, value):
        while isinstance(value, Ref):
            value = self.objects.get(value.num)
        return value

    def stream(self, ref: Ref) -> bytes:
        raw = self.streams[ref.num]
        filters = self.resolve(self.objects[ref.num].get("Filter"))
        filters = filters if isinstance(filters, list) else [filters] if filters else []
        for f in filters:
            if f != Name("FlateDecode"):
                raise ValueError(f"stream filter {f} is not supported")
            raw = zlib.decompress(raw)
        return raw

    # -- pages ------------------------------------------------------------------------------
    def pages(self) -> list[Ref]:
        found = []

        def walk(ref):
            node = self.resolve(ref)
            if node.get("Type") == Name("Pages"):
                for kid in node["Kids"]:
                    walk(kid)
            else:
                found.append(ref)

        walk(self.catalog["Pages"])
        return found

    def page_count(self) -> int:
        return len(self.pages())

    # -- outline and destinations -----------------------------------------------------------
    def outline_titles(self) -> list[str]:
        return [title for title, _ in self.outline()]

    def outline(self) -> list[tuple[str, int | None]]:
        """The bookmarks in reading order: (title, number of the page it leads to, from 1)."""
        number = {ref.num: i for i, ref in enumerate(self.pages(), 1)}
        items = []
        outlines = self.resolve(self.catalog.get("Outlines"))
        stack = [outlines.get("First")] if outlines else []
        while stack:
            ref = stack.pop()
            if ref is None:
                continue
            item = self.resolve(ref)
            dest = self.resolve(item.get("Dest"))
            page = dest[0] if isinstance(dest, list) and dest else None
            items.append((text_string(self.resolve(item.get("Title", b""))),
                          number.get(page.num) if isinstance(page, Ref) else None))
            stack.append(item.get("Next"))
            stack.append(item.get("First"))  # children before siblings (popped first)
        return items

    # -- fonts --------------------------------------------------------------------------------
    def fonts(self) -> list[FontInfo]:
        found = []
        for value in self.objects.values():
            if not isinstance(value, dict) or value.get("Type") != Name("Font"):
                continue
            subtype = value.get("Subtype")
            if subtype == Name("Type0"):
                continue  # its descendant font carries the descriptor
            name = value.get("BaseFont", Name("")).value if "BaseFont" in value else ""
            if subtype == Name("Type3"):
                found.append(FontInfo(name or "Type3", "Type3", True))  # glyphs are in the file
                continue
            descriptor = self.resolve(value.get("FontDescriptor")) or {}
            embedded = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
            found.append(FontInfo(name, subtype.value if subtype else "", embedded))
        return found

    # -- text ---------------------------------------------------------------------------------
    def text(self, pages: list[int] | None = None) -> str:
        """The text of the pages numbered ``pages`` (from 1; all by default), in drawing order
        (lines as Chromium drew them)."""
        maps: dict[int, tuple[dict[bytes, str], int]] = {}
        out = []
        refs = self.pages()
        for page_ref in [refs[n - 1] for n in pages] if pages else refs:
            page = self.resolve(page_ref)
            resources = self._inherited(page, "Resources") or {}
            font_refs = self.resolve(resources.get("Font")) or {}
            contents = page.get("Contents")
            contents = contents if isinstance(contents, list) else [contents]
            data = b"\n".join(self.stream(c) for c in contents if c is not None)
            lexer, font, operands = _Lexer(data), None, []
            while (tok := lexer.value()) is not None:
                if not isinstance(tok, Op):
                    operands.append(tok)
                    continue
                if tok.value == "Tf" and len(operands) >= 2:
                    ref = font_refs.get(operands[-2].value)
                    if isinstance(ref, Ref) and ref.num not in maps:
                        maps[ref.num] = self._to_unicode(ref)
                    font = maps.get(ref.num) if isinstance(ref, Ref) else None
                elif tok.value in ("Tj", "'", '"') and operands and font:
                    out.append(_decode(operands[-1], font))
                elif tok.value == "TJ" and operands and font:
                    out.append("".join(_decode(s, font) for s in operands[-1]
                                       if isinstance(s, bytes)))
                elif tok.value == "ET":
                    out.append("\n")
                elif tok.value == "BI":  # inline image: skip its data
                    end = data.find(b"EI", lexer.pos)
                    lexer.pos = len(data) if end < 0 else end + 2
                operands = []
        return "".join(out)

    def _inherited(self, node, key):
        while node is not None:
            if key in node:
                return self.resolve(node[key])
            node = self.resolve(node.get("Parent"))
        return None

    def _to_unicode(self, ref: Ref) -> tuple[dict[bytes, str], int]:
        font = self.resolve(ref)
        width = 2 if font.get("Subtype") == Name("Type0") else 1
        mapping: dict[bytes, str] = {}
        if isinstance(font.get("ToUnicode"), Ref):
            cmap = self.stream(font["ToUnicode"]).decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    mapping[bytes.fromhex(src)] = _utf16(dst)
            for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                for lo, hi, dst in re.findall(
                        r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])",
                        block):
                    n = len(lo) // 2
                    first, last = int(lo, 16), int(hi, 16)
                    targets = re.findall(r"<([0-9A-Fa-f]+)>", dst)
                    for i, code in enumerate(range(first, last + 1)):
                        if dst.startswith("["):
                            text = _utf16(targets[i]) if i < len(targets) else ""
                        else:
                            base = bytes.fromhex(targets[0])
                            text = _utf16((int.from_bytes(base, "big") + i).to_bytes(
                                len(base), "big").hex())
                        mapping[code.to_bytes(n, "big")] = text
        return mapping, width


@dataclass(frozen=True)
class FontInfo:
    name: str
    subtype: str
    embedded: bool


def _utf16(hex_digits: str) -> str:
    return bytes.fromhex(hex_digits).decode("utf-16-be", "replace")


def _decode(raw: bytes, font: tuple[dict[bytes, str], int]) -> str:
    mapping, width = font
    return "".join(mapping.get(raw[i:i + width], "") for i in range(0, len(raw), width))


def text_string(raw) -> str:
    """A PDF text string (UTF-16BE with its byte-order mark, or PDFDocEncoding ~ Latin-1)."""
    if isinstance(raw, str):
        return raw
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")
