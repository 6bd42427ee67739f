import pytest

from claims.models import Article, Sentence


@pytest.fixture
def make_article(project):
    """An article of `count` one-word sentences, separated by blank lines."""

    def make(count: int, external_id: str = "long") -> Article:
        text = "\n\n".join(f"Sentence{i}." for i in range(count))
        article = Article.objects.create(
            project=project, external_id=external_id, text=text, segmenter="manual"
        )
        sentences, start = [], 0
        for position in range(count):
            end = start + len(f"Sentence{position}.")
            sentences.append(Sentence(article=article, position=position, start=start, end=end))
            start = end + 2
        Sentence.objects.bulk_create(sentences)
        return article

    return make
