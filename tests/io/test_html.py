from pathlib import Path

from annotator.io.html import parse_html

PAGE = """<!doctype html><html><head><title>Port denies talks | Adriatic Wire</title>
<meta name="author" content="Desk">
<script>fetch('https://tracker.example/x'); document.write('INJECTED')</script>
<style>p { color: red }</style>
<link rel="stylesheet" href="https://cdn.example/site.css"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Port Denies Lease Talks</h1>
<figure><img src="https://cdn.example/p.jpg"><figcaption>The harbour at dawn.</figcaption></figure>
<p>The port <b>denied</b> on Tuesday that it was in talks &amp; said so twice.</p>
<p>"There are no talks," the harbour   master said.<br>He left.</p>
</article><footer>© Wire 2026</footer><aside>Most read</aside></body></html>"""


def test_readable_article_text_only():
    doc = parse_html(PAGE, Path("p.html"))
    assert doc.title == "Port Denies Lease Talks"
    assert doc.text == (
        "Port Denies Lease Talks\n\n"
        "The port denied on Tuesday that it was in talks & said so twice.\n\n"
        '"There are no talks," the harbour master said.\n\nHe left.'
    )
    assert doc.meta == {"author": "Desk", "captions": ["The harbour at dawn."]}
    for junk in ("INJECTED", "tracker", "color", "Home", "Most read", "©"):
        assert junk not in doc.text


def test_page_without_article_uses_body_and_title():
    doc = parse_html(
        "<html><head><title>Notice</title></head><body><p>One.</p><div>Two</div>", Path("n.html")
    )
    assert doc.title == "Notice"
    assert doc.text == "Notice\n\nOne.\n\nTwo"
    assert parse_html("<html><script>x()</script></html>", Path("e.html")) is None
