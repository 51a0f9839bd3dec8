import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from guides.markdown import render_markdown


@pytest.mark.parametrize(
    "text, forbidden",
    [
        ("Hello <script>alert(1)</script> world", ["<script", "alert(1)"]),
        ("<SCRIPT src=//evil.example/x.js></SCRIPT>", ["<script", "evil.example"]),
        ('<p onclick="steal()">text</p>', ["onclick", "steal()"]),
        ('<a href="/x" onmouseover="steal()">x</a>', ["onmouseover", "steal()"]),
        ("<img src=x onerror=alert(1)>", ["<img", "onerror"]),
        ("[click](javascript:alert(1))", ["javascript:", "alert(1)"]),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', ["javascript", "alert(1)"]),
        ("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", ["data:", "base64"]),
        ("[click](vbscript:msgbox(1))", ["vbscript:"]),
        ('<span style="position:fixed">x</span>', ["style=", "<span"]),
        ("<style>body{display:none}</style>", ["<style", "display:none"]),
        ("<iframe src=https://evil.example></iframe>", ["<iframe", "evil.example"]),
        ('<form action="https://evil.example"><input name=x></form>', ["<form", "<input"]),
        ("<svg><script>alert(1)</script></svg>", ["<svg", "<script"]),
        ('<h2 id="main">Clash</h2>', ['id="main"']),
        ("<!-- a comment -->text", ["<!--"]),
        ("# Title", ["<h1"]),
    ],
)
def test_dangerous_markup_is_removed(text, forbidden):
    html = render_markdown(text).lower()
    for fragment in forbidden:
        assert fragment.lower() not in html


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# Title", "<h2>Title</h2>"),
        ("## Part", "<h2>Part</h2>"),
        ("Plain paragraph.", "<p>Plain paragraph.</p>"),
        ("*soft* and **hard**", "<p><em>soft</em> and <strong>hard</strong></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("`code`", "<p><code>code</code></p>"),
        ("```\nblock\n```", "<pre><code>block\n</code></pre>"),
        ("---", "<hr>"),
        ("line  \nbreak", "<br>"),
        (
            "[rules](https://example.org/rules)",
            '<a href="https://example.org/rules" rel="noopener noreferrer">',
        ),
        ("[page](/destinations/ge/)", '<a href="/destinations/ge/" rel="noopener noreferrer">'),
        ("[mail](mailto:help@example.org)", '<a href="mailto:help@example.org" rel="noopener noreferrer">'),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
        ("| a | b |\n|:--|--:|\n| 1 | 2 |", "<th>a</th>"),
    ],
)
def test_allowed_markup_is_kept(text, expected):
    assert expected in render_markdown(text)


def test_table_alignment_styles_are_dropped():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert "<td>1</td>" in html
    assert "style" not in html


def test_result_is_safe_for_templates_and_empty_text_is_empty():
    assert isinstance(render_markdown("x"), SafeString)
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_template_filter_renders_sanitised_html():
    template = Template("{% load markdown_extras %}{{ body|markdown }}")
    html = template.render(Context({"body": "**bold** <script>x()</script>"}))
    assert html == "<p><strong>bold</strong> </p>"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# Top\n\n## Part\n\n### Detail", "<h2>Top</h2>\n<h3>Part</h3>\n<h4>Detail</h4>"),
        ("## Part\n\n### Detail", "<h2>Part</h2>\n<h3>Detail</h3>"),
        ("### Only", "<h2>Only</h2>"),
        ("<h1>Raw</h1>\n\n## Part", "<h2>Raw</h2>\n\n<h3>Part</h3>"),
        ("# Top\n\n###### Deep", "<h2>Top</h2>\n<h6>Deep</h6>"),
        ("Text about `<h1>` tags", "<p>Text about <code>&lt;h1&gt;</code> tags</p>"),
    ],
)
def test_headings_start_at_h2_and_keep_their_order(text, expected):
    assert render_markdown(text) == expected
