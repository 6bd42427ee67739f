"""Annotations: read the labels you may see, set your own, and a sentence's history.

There is one write, POST /annotations/, for a first label, a change and a clear alike:
annotations are revisions, so a change is a new revision `based_on` the one the client saw,
never an edit of an old one. That also makes a retried request harmless.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from claims import queries
from claims.annotations import LabelChange, record_label
from claims.api.errors import errors
from claims.api.filters import AnnotationFilter
from claims.api.permissions import ReviewersOnly, signed_in_user
from claims.api.serializers import AnnotationInputSerializer, AnnotationSerializer
from claims.models import Annotation, Attribution, Label

CREATE_DESCRIPTION = """Set your label for a sentence: the first one, a change, or `null` to
clear it. Send `based_on`, the id of the revision you last saw (0 if the sentence was
unlabelled), and a change made meanwhile elsewhere is refused with 409 and the current
revision instead of being overwritten.

Attributions (who the sentence rests on) are part of the revision: send the whole list
to change any of them. Left out, a label change keeps those that still fit.

Idempotent: sending the label (and attributions) that are already current stores nothing and
answers 200 with the current revision; a new revision answers 201. Clearing a sentence you
never labelled stores nothing and answers 204."""


@extend_schema_view(
    list=extend_schema(
        description=(
            "Current labels, oldest change first: your own in every project, and everyone's "
            "in projects you review or own. Cleared labels are listed with `label: null`."
        ),
        responses={200: AnnotationSerializer, **errors(400, 401, 404)},
    ),
    retrieve=extend_schema(
        description="One revision, current or not, that you may see.",
        responses={200: AnnotationSerializer, **errors(401, 404)},
    ),
    create=extend_schema(
        description=CREATE_DESCRIPTION,
        request=AnnotationInputSerializer,
        responses={
            200: OpenApiResponse(AnnotationSerializer, "Already current: nothing stored."),
            201: OpenApiResponse(AnnotationSerializer, "A new revision."),
            204: OpenApiResponse(None, "Cleared a sentence you never labelled: nothing stored."),
            **errors(400, 401, 404, 409),
        },
    ),
)
class AnnotationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Annotation.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = AnnotationSerializer
    filterset_class = AnnotationFilter

    def get_queryset(self) -> QuerySet[Annotation]:
        if self.action == "list":
            return queries.current_annotations_for(signed_in_user(self.request))
        return queries.annotations_for(signed_in_user(self.request))

    def create(self, request: Request) -> Response:
        given = AnnotationInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        user = signed_in_user(request)
        # A sentence outside the user's projects is "not found", as everywhere in the API.
        target = queries.label_target(
            user=user, sentence_id=data["sentence"], label_key=data["label"]
        )
        if target is None:
            raise Http404("No Sentence matches the given query.")
        change = record_label(
            sentence=target.sentence,
            annotator=user,
            label=_label(target, data["label"]),
            based_on=data["based_on"],
            seconds=data["seconds"],
            attributions=data["attributions"],
        )
        return _answer(request, change)


def _answer(request: Request, change: LabelChange) -> Response:
    """204 if nothing is stored, 200 if the revision was current already, else 201."""
    annotation = change.annotation
    if annotation is None:
        return Response(status=status.HTTP_204_NO_CONTENT)
    # Its attributions with their kinds in one query, not one for the list and one per kind;
    # none at all when it has none (an empty queryset is not run).
    attributions = Attribution.objects.select_related("kind")
    if not change.attributions:
        attributions = attributions.none()
    prefetch_related_objects([annotation], Prefetch("attributions", queryset=attributions))
    data = AnnotationSerializer(annotation).data
    if not change.is_new:
        return Response(data)
    url = request.build_absolute_uri(reverse("api:annotation-detail", args=[annotation.pk]))
    return Response(data, status=status.HTTP_201_CREATED, headers={"Location": url})


def _label(target: queries.LabelTarget, key: str | None) -> Label | None:
    if key is None or target.label is not None:
        return target.label
    project = target.sentence.article.project
    keys = ", ".join(project.labels.values_list("key", flat=True))
    raise ValidationError(
        {"label": [f"'{key}' is not a label of project '{project.slug}'; its labels: {keys}."]}
    )


@extend_schema_view(
    list=extend_schema(
        description=(
            "Every revision of every annotator's label for the sentence, oldest first. "
            "Reviewers and owners only."
        ),
        parameters=[OpenApiParameter("sentence_id", int, OpenApiParameter.PATH)],
        responses={200: AnnotationSerializer, **errors(400, 401, 403, 404)},
    ),
)
class SentenceHistoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Annotation.objects.none()
    serializer_class = AnnotationSerializer
    permission_classes = [IsAuthenticated, ReviewersOnly]
    filterset_class = None

    def get_queryset(self) -> QuerySet[Annotation]:
        sentence_id = self.kwargs["sentence_id"]
        projects = queries.projects_for(signed_in_user(self.request))
        self.check_object_permissions(
            self.request, get_object_or_404(projects, articles__sentences=sentence_id)
        )
        return queries.annotations_for(signed_in_user(self.request)).filter(sentence_id=sentence_id)
