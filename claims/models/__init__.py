"""The domain's tables, one module per aggregate. Rules that span rows live in the domain
modules named for them (`claims.annotations`, `claims.projects`, ...); these models only
hold data and the invariants the database can enforce.

Default orderings name columns (`project_id`), never relations (`project`): ordering by a
relation means by the related model's own ordering, which joins its table into every query
that does not say otherwise (the sentence lock once locked its project's row that way), and
compiling those joins cost a third of a small query's time."""

from .access import ApiToken, RateBudget
from .annotations import Annotation, Attribution, AttributionFields, GoldAttribution, GoldLabel
from .articles import Article, ArticleProgress, Sentence
from .changes import ProjectChange
from .flags import Flag, SendBack
from .imports import ImportJob, ImportJobFile
from .projects import (
    RESERVED_KIND_HOTKEYS,
    GuidelineVersion,
    Label,
    Membership,
    Project,
    SourceKind,
)
from .queue import ArticleClaim, Assignment

__all__ = [
    "Project",
    "GuidelineVersion",
    "Label",
    "Membership",
    "SourceKind",
    "RESERVED_KIND_HOTKEYS",
    "Article",
    "Sentence",
    "ArticleProgress",
    "Annotation",
    "GoldLabel",
    "AttributionFields",
    "Attribution",
    "GoldAttribution",
    "ApiToken",
    "RateBudget",
    "ImportJob",
    "ImportJobFile",
    "ArticleClaim",
    "Assignment",
    "ProjectChange",
    "Flag",
    "SendBack",
]
