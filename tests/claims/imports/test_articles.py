import io
import json

import pytest

from claims.annotations import record_label
from claims.imports.articles import ArticleFormatError, ImportReport, import_article, import_files
from claims.models import Article, Sentence
from claims.segmentation import SEGMENTER_NAME, split_sentences

SEED = "fixtures/presstv_us_base_iraq.txt"


def jsonl(*articles: dict) -> bytes:
    return "".join(json.dumps(article) + "\n" for article in articles).encode()


def files(**contents: bytes) -> list[tuple[str, io.BytesIO]]:
    """`a_jsonl=b"..."` becomes ("a.jsonl", file): the pairs import_files takes."""
    return [(key.replace("_", "."), io.BytesIO(data)) for key, data in contents.items()]


def refusal(project, **contents: bytes) -> ArticleFormatError:
    with pytest.raises(ArticleFormatError) as caught:
        import_files(project=project, files=files(**contents))
    return caught.value


def test_jsonl_csv_and_txt_files_import_together(project):
    report = import_files(
        project=project,
        files=files(
            a_jsonl=jsonl({"id": "a", "text": "One. Two."}, {"id": "b", "text": "Three."}),
            c_csv=b"id,text\nc,Four.\n",
            d_txt=b"Five.\n",
        ),
    )
    assert report == ImportReport(files=3, created=4, updated=0, sentences=5)


def test_seed_article_gets_its_sentences_from_the_segmenter(project):
    with open(SEED, "rb") as file:
        import_files(project=project, files=[("presstv.txt", file)])
    article = project.articles.get(external_id="presstv")
    stored = [(s.start, s.end) for s in article.sentences.all()]
    assert stored == [(s.start, s.end) for s in split_sentences(article.text)]


def test_sentence_text_is_a_slice_of_the_stored_text(project):
    with open(SEED, "rb") as file:
        import_files(project=project, files=[("presstv.txt", file)])
    article = project.articles.get()
    texts = [article.text[s.start : s.end] for s in article.sentences.all()]
    assert texts[3].startswith("Swarms of helicopter gunships") and all(t.strip() for t in texts)


def test_article_records_the_segmenter_that_made_its_sentences(project):
    import_files(project=project, files=files(a_txt=b"One."))
    assert project.articles.get().segmenter == SEGMENTER_NAME


def test_stored_text_has_normalised_newlines_and_keeps_nbsp(project):
    import_files(project=project, files=files(a_txt="T\r\n\u201cA\u00a0b.\u201d\r".encode()))
    assert project.articles.get().text == "T\n\u201cA\u00a0b.\u201d\n"


@pytest.mark.parametrize(
    "content",
    [
        {"a_jsonl": jsonl({"id": "a", "text": "Fine."}, {"id": "b", "text": " "})},
        {"a_jsonl": jsonl({"text": "Fine."}), "b_jsonl": b'{"text": "x\\u0000"}\n'},
        {"a_jsonl": jsonl({"text": "Fine."}), "b_csv": b"body\nx\n"},
        {"a_txt": b"Fine.", "b_txt": "caf\u00e9".encode("latin-1")},
        {"a_txt": b"Fine.", "b_txt": b""},
        {"a_txt": b"Fine.", "b_jsonl": b'{"text": "B."}\n{"text": \n'},
        {"a_txt": b"Fine.", "b_jsonl": b'{"text": "B.", "published_at": "May 5"}\n'},
        {"a_txt": b"Fine.", "b_csv": b"id,text\nx,One.\nx,Two.\n"},
        {"a_txt": b"Fine.", "b_docx": b"PK"},
    ],
)
def test_a_bad_record_in_any_file_imports_nothing(project, content):
    with pytest.raises(ArticleFormatError):
        import_files(project=project, files=files(**content))
    assert (Article.objects.count(), Sentence.objects.count()) == (0, 0)


def test_a_50_mb_line_imports_nothing(project):
    huge = b'{"text": "' + b"a" * 50 * 2**20 + b'"}\n'
    with pytest.raises(ArticleFormatError, match="b.jsonl line 1: the line is larger than"):
        import_files(project=project, files=files(a_txt=b"Fine.", b_jsonl=huge))
    assert Article.objects.count() == 0


def test_an_id_repeated_in_one_file_is_refused(project):
    error = refusal(project, a_jsonl=jsonl({"id": "x", "text": "A."}, {"id": "x", "text": "B."}))
    assert str(error) == "a.jsonl line 2: id 'x' was given before, in line 1"


def test_an_id_repeated_across_files_is_refused(project):
    error = refusal(project, x_txt=b"A.", b_csv=b"id,text\ny,B.\nx,C.\n")
    assert str(error) == "b.csv line 3: id 'x' was given before, in x.txt"


def test_the_same_text_twice_without_ids_is_refused(project):
    error = refusal(project, a_jsonl=jsonl({"text": "A."}, {"text": "A."}))
    assert str(error).startswith("a.jsonl line 2: the same text as line 1")


def test_reimporting_an_existing_id_is_refused_and_changes_nothing(project):
    import_files(project=project, files=files(a_jsonl=jsonl({"id": "a", "text": "Old."})))
    error = refusal(project, b_jsonl=jsonl({"id": "b", "text": "B."}, {"id": "a", "text": "N."}))
    assert str(error).startswith("b.jsonl line 2: article 'a' is already in project 'iraq'")
    assert list(project.articles.values_list("external_id", "text")) == [("a", "Old.")]


def test_update_replaces_text_and_sentences(project):
    import_files(project=project, files=files(a_jsonl=jsonl({"id": "a", "text": "Old."})))
    new = files(a_jsonl=jsonl({"id": "a", "text": "New. Text.", "title": "T"}))
    report = import_files(project=project, files=new, update=True)
    article = project.articles.get()
    assert (report.updated, article.title, article.sentences.count()) == (1, "T", 2)


def test_update_refuses_to_move_the_sentences_of_a_labelled_article(project, alice, labels):
    import_files(project=project, files=files(a_jsonl=jsonl({"id": "a", "text": "Old."})))
    sentence = Sentence.objects.get()
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    new = files(a_jsonl=jsonl({"id": "a", "text": "New."}))
    with pytest.raises(ArticleFormatError, match="line 1: article 'a' has 1 annotation, and"):
        import_files(project=project, files=new, update=True)
    assert Sentence.objects.get() == sentence and project.articles.get().text == "Old."


def test_update_of_a_labelled_article_with_the_same_text_keeps_its_labels(project, alice, labels):
    import_files(project=project, files=files(a_jsonl=jsonl({"id": "a", "text": "Same."})))
    record_label(sentence=Sentence.objects.get(), annotator=alice, label=labels["claim"])
    new = files(a_jsonl=jsonl({"id": "a", "text": "Same.", "author": "W"}))
    import_files(project=project, files=new, update=True)
    assert (project.articles.get().author, Sentence.objects.get().annotations.count()) == ("W", 1)


def test_update_segments_an_unlabelled_article_from_another_segmenter_again(article):
    new = files(a_jsonl=jsonl({"id": "drones", "text": article.text}))
    import_files(project=article.project, files=new, update=True)
    article.refresh_from_db()
    assert article.segmenter == SEGMENTER_NAME and article.sentences.count() > 0


def test_update_keeps_the_sentences_of_a_labelled_article_from_another_segmenter(
    article, sentence, alice, labels
):
    record_label(sentence=sentence, annotator=alice, label=labels["claim"])
    new = files(a_jsonl=jsonl({"id": "drones", "text": article.text}))
    import_files(project=article.project, files=new, update=True)
    assert list(article.sentences.values_list("start", flat=True)) == [0, 30, 88, 143]


def test_sentences_are_inserted_in_bulk(project, django_assert_max_num_queries):
    with open(SEED, "rb") as file:
        seed = file.read().decode()
    many = jsonl(*({"id": str(n), "text": f"{n}. {seed}"} for n in range(200)))
    with django_assert_max_num_queries(10):
        report = import_files(project=project, files=files(a_jsonl=many))
    assert report.sentences > 5000


def test_progress_counts_every_article(project):
    done = []
    content = jsonl(*({"text": f"Article {n}."} for n in range(7)))
    import_files(project=project, files=files(a_jsonl=content), progress=done.append)
    assert sum(done) == 7


def test_import_article_segments_like_a_file(project):
    article = import_article(project=project, text="One. Two.", external_id="x", title="T")
    assert [(s.start, s.end) for s in article.sentences.all()] == [(0, 4), (5, 9)]


def test_import_article_reads_an_iso_date(project):
    article = import_article(project=project, text="A.", external_id="x", published_at="2024-05-31")
    assert article.published_at.isoformat() == "2024-05-31T00:00:00+00:00"


def test_import_article_refuses_what_a_file_would(project):
    with pytest.raises(ArticleFormatError, match="^field 'text' is empty$"):
        import_article(project=project, text="\n", external_id="x")


def test_published_at_with_an_offset_postgresql_refuses_is_stored_in_utc(project):
    article = import_article(
        project=project, external_id="far", text="Text.", published_at="2024-01-01T12:00+20:39"
    )
    assert article.published_at.isoformat() == "2023-12-31T15:21:00+00:00"


def test_a_nul_in_a_metadata_key_is_refused(project):
    with pytest.raises(ArticleFormatError, match="NUL"):
        import_article(project=project, external_id="k", text="Text.", metadata={"a\x00": 1})
