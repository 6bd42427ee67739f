"""The agreement page says what the equal shares of several originating kinds do."""

from django.urls import reverse


def test_the_sources_section_explains_that_two_originating_kinds_cost_agreement(
    client, rita, article
):
    client.force_login(rita)
    html = client.get(reverse("agreement", args=["iraq"])).content.decode()
    sources = html[html.index('<section id="sources"') :]
    assert "counts as disagreement" in sources[: sources.index("</section>")]
