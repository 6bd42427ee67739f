"""The state of a selection's labels, in one cheap query: what caches of computed reports
(the sourcing profile, agreement) put in their keys, so that a report of older data is
never served.

Each article counts the annotation and gold revisions ever written or deleted for its
sentences (Article.revisions, kept by database triggers, migration 0006). Every change of
a label or an attribution appends a revision, and so does every gold decision, so the sum
over the selected articles moves with any change, and the count and largest id of the
articles move when articles come or go. The counter commits with the write that moved it,
so a reader can never see a change's count without the change, nor the reverse: unlike a
largest revision id, which a transaction still open under a smaller id would leave stale.
Reading it costs one aggregate over the project's articles (not over its annotations: at
10,000 articles, a few milliseconds rather than most of a second).

What labels and kinds mean to a report (a label's role; a kind's class and media flag)
is part of the state too: changing a kind from vague to anonymous changes every share.
"""

from __future__ import annotations

import hashlib
import json

from django.db.models import Count, Max, Sum

from claims.agreement.selection import AgreementFilters
from claims.models import Article, Label, Project, SourceKind


def labels_state(*, project: Project, filters: AgreementFilters = AgreementFilters()) -> str:
    """A string that changes whenever a label, an attribution or a gold decision in the
    selected articles changes, when articles are added or removed, or when the scheme's
    meaning changes. Three small queries."""
    articles = Article.objects.filter(filters.condition(article=""), project=project)
    state = articles.order_by().aggregate(n=Count("pk"), last=Max("pk"), total=Sum("revisions"))
    roles = Label.objects.filter(project=project).order_by("pk").values_list("pk", "role")
    kinds = SourceKind.objects.filter(project=project).order_by("pk")
    scheme = json.dumps([list(roles), list(kinds.values_list("pk", "source_class", "media"))])
    digest = hashlib.sha256(scheme.encode()).hexdigest()[:12]
    return f"{state['n']}-{state['last'] or 0}-{state['total'] or 0}-{digest}"
