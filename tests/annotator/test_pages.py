import re

import pytest
from django.urls import reverse

from claims.annotations import record_label
from claims.models import Article, Sentence
from claims.projects import add_member, create_project

HTMX = {"HTTP_HX_REQUEST": "true"}


def annotate_url(article, query=""):
    return reverse("annotate", args=[article.project.slug, article.pk]) + query


def sentence_tag(html, position):
    return re.search(rf'<a id="sentence-{position}"[^>]*>', html).group(0)


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def test_home_lists_the_users_projects_with_progress(as_alice, article, alice, labels):
    record_label(sentence=article.sentences.first(), annotator=alice, label=labels["claim"])
    html = as_alice.get(reverse("home")).content.decode()
    assert "Iraq coverage" in html and "1 of 4 sentences labelled" in html


def test_home_fragment_is_the_project_list_only(as_alice, project):
    html = as_alice.get(reverse("home"), **HTMX).content.decode()
    assert 'id="projects"' in html and "<html" not in html


def test_home_tells_a_user_without_projects_what_to_do(client, olga):
    client.force_login(olga)
    assert b"not a member of any project" in client.get(reverse("home")).content


def test_project_page_shows_guidelines_and_label_definitions(as_alice, article, labels):
    html = as_alice.get(reverse("project", args=["iraq"])).content.decode()
    assert "Label every sentence" in html and labels["attribution"].description[:40] in html


def test_project_page_links_the_next_article_with_unlabelled_sentences(as_alice, article):
    html = as_alice.get(reverse("project", args=["iraq"])).content.decode()
    next_url = reverse("next_article", args=["iraq"])
    assert f'href="{next_url}">Annotate next article' in html
    assert as_alice.get(next_url)["Location"] == annotate_url(article)


def test_project_fragment_is_the_article_list_only(as_alice, article):
    html = as_alice.get(reverse("project", args=["iraq"]), **HTMX).content.decode()
    assert 'id="articles"' in html and "<html" not in html


def test_annotate_page_renders_the_whole_text_with_its_gaps(as_alice, article):
    html = as_alice.get(annotate_url(article)).content.decode()
    assert "Iraq</a>\n\n<a" in html and html.count('class="sentence') == 4


def test_annotate_page_marks_the_first_unlabelled_sentence_current(
    as_alice, article, alice, labels
):
    record_label(sentence=article.sentences.first(), annotator=alice, label=labels["claim"])
    html = as_alice.get(annotate_url(article)).content.decode()
    assert "is-current" in sentence_tag(html, 1)


def test_annotate_page_takes_the_current_sentence_from_the_query(as_alice, article):
    html = as_alice.get(annotate_url(article, "?s=2")).content.decode()
    assert "is-current" in sentence_tag(html, 2)


@pytest.mark.parametrize("value", ["abc", "-1", "99", "²"])
def test_annotate_page_ignores_a_bad_position(as_alice, article, value):
    response = as_alice.get(annotate_url(article), {"s": value})
    assert "is-current" in sentence_tag(response.content.decode(), 0)


def test_sentence_carries_its_revision_and_label(as_alice, article, alice, labels):
    annotation = record_label(
        sentence=article.sentences.first(), annotator=alice, label=labels["claim"]
    ).annotation
    tag = sentence_tag(as_alice.get(annotate_url(article)).content.decode(), 0)
    assert f'data-revision="{annotation.pk}" data-label="claim"' in tag


def test_annotate_page_shows_only_the_users_own_labels(as_alice, article, bob, labels):
    record_label(sentence=article.sentences.first(), annotator=bob, label=labels["opinion"])
    assert (
        b'data-label="opinion" data-label-name' not in as_alice.get(annotate_url(article)).content
    )


def test_annotate_fragment_is_the_workspace_only(as_alice, article):
    html = as_alice.get(annotate_url(article), **HTMX).content.decode()
    assert 'id="workspace"' in html and "<html" not in html


def test_annotate_page_escapes_markup_in_the_article_text(as_alice, project):
    text = "Before. <script>window.pwned=1</script> After."
    article = Article.objects.create(
        project=project, external_id="x", text=text, segmenter="manual"
    )
    Sentence.objects.create(article=article, position=0, start=0, end=len(text))
    html = as_alice.get(annotate_url(article)).content.decode()
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html and "<script>window" not in html


def test_annotate_page_loads_its_script_as_a_static_file(as_alice, article):
    html = as_alice.get(annotate_url(article)).content.decode()
    assert re.search(r'<script src="[^"]*annotator/annotate\.js" defer></script>', html)


def test_label_styles_give_each_label_its_colour(as_alice, project):
    css = as_alice.get(reverse("label_styles", args=["iraq"])).content.decode()
    assert '[data-label="claim"] { --label-colour: #0072B2; }' in css


def test_label_styles_replace_a_colour_that_is_not_hex(as_alice, labels):
    labels["claim"].colour = "red;}*{"
    labels["claim"].save()
    css = as_alice.get(reverse("label_styles", args=["iraq"])).content.decode()
    assert "red;" not in css


@pytest.mark.parametrize("count", [5, 200])
def test_annotate_page_query_count_does_not_grow(
    as_alice, make_article, alice, labels, count, django_assert_max_num_queries
):
    article = make_article(count)
    for sentence in article.sentences.all()[:3]:
        record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    # Two more than labels alone: the annotator's attributions and the project's source kinds.
    with django_assert_max_num_queries(8):
        assert as_alice.get(annotate_url(article)).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_project_page_query_count_does_not_grow(
    as_alice, make_article, count, django_assert_max_num_queries
):
    for index in range(count):
        make_article(3, external_id=f"a{index}")
    # Session, user, project, labels, the count of articles, the page's ids, its articles
    # with their progress, and what reviewers sent back to the user.
    with django_assert_max_num_queries(8):
        assert as_alice.get(reverse("project", args=["iraq"])).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_home_query_count_does_not_grow(as_alice, alice, count, django_assert_max_num_queries):
    for index in range(count):
        add_member(project=create_project(name=f"P{index}"), user=alice, role="annotator")
    with django_assert_max_num_queries(3):
        assert as_alice.get(reverse("home")).status_code == 200
