"""Bytes → text: encodings of real inbox files, and the reasons for refusing the rest."""

import pytest

from ingest.decode import cjk_plausibility, decode_bytes
from ingest.errors import DecodeError

HANT = "創新科技及工業局局長孫東教授今日與中國科學院代表會面，討論兩地科研合作。"
HANS = "科技部部长王志刚表示，内地与香港将深化科技创新合作，支持香港建设国际创新科技中心。"
EN = "The Secretary for Innovation and Technology, Mr Alfred Sit, spoke today."


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (EN, "utf-8", "utf-8"),
        (HANT, "utf-8", "utf-8"),
        (HANT, "big5", "big5"),
        (HANS, "gb18030", "gb18030"),
        (HANS, "gbk", "gb18030"),
        (HANT, "utf-16", "utf-16"),
        (HANS, "utf-8-sig", "utf-8-sig"),
        (HANT, "utf-32", "utf-32"),
        ("Caf\u00e9 owners in Central welcomed the scheme. " * 5, "cp1252", "cp1252"),
    ],
)
def test_decode_bytes_detects_encoding(text, encoding, expected):
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.encoding == expected
    assert decoded.text.lstrip("\ufeff") == text


def test_decode_bytes_reads_declared_html_charset():
    html = f'<html><head><meta charset="big5"><title>t</title></head><body>{HANT}</body></html>'
    decoded = decode_bytes(html.encode("big5"))
    assert decoded.encoding == "big5" and HANT in decoded.text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"abc\x00\x01\x02\x03def" * 10, "binary"),
        (bytes(range(0x80, 0x100)) * 8, "undecodable"),
    ],
)
def test_decode_bytes_refuses_with_reason(data, code):
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason_code == code
    assert str(info.value)  # a message a user can act on


@pytest.mark.parametrize(("text", "encoding"), [(HANT, "big5"), (HANS, "gb18030")])
def test_cjk_plausibility_prefers_the_right_decoding(text, encoding):
    data = text.encode(encoding)
    right = cjk_plausibility(data.decode(encoding))
    wrong_encoding = "gb18030" if encoding == "big5" else "big5"
    try:
        wrong = cjk_plausibility(data.decode(wrong_encoding))
    except UnicodeDecodeError:
        wrong = 0.0
    assert right > 0.9 > wrong
