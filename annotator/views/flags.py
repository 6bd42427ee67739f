"""An annotator's flag on a sentence ("I am unsure", with a comment), and their answer to
a reviewer who sent a sentence back: keep the label as it is. Both are plain forms; the
annotate page's `f` key opens the flag form, which returns to the sentence when saved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from annotator.forms import FlagForm
from annotator.http import HtmxRequest, SeeOther
from claims import flags, queries
from claims.models import Article, Flag, SendBack, Sentence


@login_required
@require_http_methods(["GET", "POST"])
def flag_sentence(request: HtmxRequest, slug: str, pk: int, position: int) -> HttpResponse:
    """GET: the form, with the annotator's open flag's comment. POST: raise (or change)
    the flag, or with `withdraw` close it; 303 back to the sentence, 422 with the errors."""
    article, sentence = _sentence_or_404(request, slug, pk, position)
    flag = flags.open_flag(sentence=sentence, annotator=request.user)
    if request.method == "GET":
        form = FlagForm(initial={"comment": flag.comment if flag else ""})
        return _page(request, article, sentence, form, flag)
    form = FlagForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["withdraw"]:
            withdrawn = flags.withdraw_flag(sentence=sentence, annotator=request.user)
            messages.info(request, "Flag withdrawn." if withdrawn else "There was no flag.")
            return SeeOther(_annotate_url(article, position))
        try:
            flags.raise_flag(
                sentence=sentence, annotator=request.user, comment=form.cleaned_data["comment"]
            )
        except flags.FlagError as error:
            form.add_error("comment", str(error))
        else:
            messages.success(request, f"Sentence {position + 1} flagged for the reviewers.")
            return SeeOther(_annotate_url(article, position))
    return _page(request, article, sentence, form, flag, status=422)


@login_required
@require_POST
def keep_label(request: HtmxRequest, slug: str, pk: int, position: int) -> HttpResponse:
    """Answer the reviewers' send-backs of this sentence without changing the label."""
    article, sentence = _sentence_or_404(request, slug, pk, position)
    sent = SendBack.objects.filter(sentence=sentence, annotator=request.user)
    kept = sum(flags.keep_label(send_back=s, annotator=request.user) for s in sent)
    if kept:
        messages.success(request, f"Kept your label of sentence {position + 1}.")
    else:
        messages.info(request, "Nothing was waiting for you on that sentence.")
    return SeeOther(_annotate_url(article, position))


def _sentence_or_404(
    request: HtmxRequest, slug: str, pk: int, position: int
) -> tuple[Article, Sentence]:
    articles = queries.articles_for(user=request.user).select_related("project")
    article = get_object_or_404(articles, pk=pk, project__slug=slug)
    sentence = get_object_or_404(article.sentences, position=position)
    sentence.article = article
    return article, sentence


def _annotate_url(article: Article, position: int) -> str:
    url = reverse("annotate", args=[article.project.slug, article.pk])
    return f"{url}?s={position}#sentence-{position}"


def _page(
    request: HtmxRequest,
    article: Article,
    sentence: Sentence,
    form: FlagForm,
    flag: Flag | None,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "article": article,
        "project": article.project,
        "sentence": sentence,
        "text": article.text[sentence.start : sentence.end],
        "form": form,
        "flag": flag,
        "back": _annotate_url(article, sentence.position),
    }
    return render(request, "annotator/flag.html", context, status=status)
