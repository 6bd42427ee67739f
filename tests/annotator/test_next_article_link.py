"""A finished article offers the next one: a plain link through the queue, which the
answer to the last label brings."""

from django.urls import reverse

from claims.annotations import record_label

HTMX = {"HTTP_HX_REQUEST": "true"}
NEXT_LINK = 'id="next-article"'


def label_all_but_last(article, user, labels):
    for sentence in article.sentences.order_by("position")[:3]:
        record_label(sentence=sentence, annotator=user, label=labels["claim"])


def annotate_page(client, article):
    url = reverse("annotate", args=[article.project.slug, article.pk])
    return client.get(url).content.decode()


def test_a_finished_article_links_the_next_article_through_the_queue(
    client, alice, article, labels
):
    label_all_but_last(article, alice, labels)
    record_label(sentence=article.sentences.get(position=3), annotator=alice, label=labels["other"])
    client.force_login(alice)
    next_url = reverse("next_article", args=[article.project.slug])
    assert f'{NEXT_LINK} class="button primary" href="{next_url}"' in annotate_page(client, article)


def test_an_article_with_a_sentence_left_offers_no_next_article(client, alice, article, labels):
    label_all_but_last(article, alice, labels)
    client.force_login(alice)
    assert NEXT_LINK not in annotate_page(client, article)


def test_another_annotators_labels_do_not_finish_the_article(client, alice, bob, article, labels):
    label_all_but_last(article, bob, labels)
    record_label(sentence=article.sentences.get(position=3), annotator=bob, label=labels["other"])
    client.force_login(alice)
    assert NEXT_LINK not in annotate_page(client, article)


def test_the_answer_to_the_last_label_brings_the_next_article_link(client, alice, article, labels):
    label_all_but_last(article, alice, labels)
    client.force_login(alice)
    last = article.sentences.get(position=3)
    url = reverse("label_sentence", args=[article.project.slug, article.pk])
    data = {"sentence": last.pk, "label": "other", "based_on": 0}
    assert NEXT_LINK in client.post(url, data, **HTMX).content.decode()


def test_the_keyboard_help_names_the_next_article_key(client, alice, article):
    client.force_login(alice)
    assert "<dt><kbd>n</kbd></dt><dd>Next article" in annotate_page(client, article)
