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


@pytest.mark.parametrize(
    ("data", "replaced"),
    [
        (HANT.encode("utf-8") + b"\xe5\x89", 2),  # a character cut off at the end
        (HANS.encode("utf-8")[:30] + b"\x92" + HANS.encode("utf-8")[30:], 1),  # a stray cp1252 quote
        (
            ("The Secretary \u2014 Mr Sit \u2014 spoke; caf\u00e9 owners \u2014 " * 3).encode()
            + b"\x93q\x94",
            2,
        ),
    ],
)
def test_decode_bytes_utf8_with_a_few_bad_bytes_stays_utf8(data, replaced):
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.replacements == replaced
    assert "\ufffd" in decoded.text
    assert "Ã" not in decoded.text and "å" not in decoded.text  # no cp1252 mojibake


def test_decode_bytes_clean_files_have_no_replacements():
    assert decode_bytes(HANT.encode("utf-8")).replacements == 0
    assert decode_bytes(HANT.encode("big5")).replacements == 0


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_decode_bytes_legacy_chinese_is_not_taken_for_broken_utf8(encoding):
    text = (HANT if encoding == "big5" else HANS) * 3
    assert decode_bytes(("Press release " + text).encode(encoding)).encoding == encoding
