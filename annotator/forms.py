from __future__ import annotations

from typing import Any

from django import forms

from claims.models import Article, Label, Sentence

# An annotator who leaves a sentence open overnight did not work on it for a day; the
# page's script stops counting long before this.
MAX_SECONDS = 24 * 60 * 60


class LabelForm(forms.Form):
    """One change to a sentence of `article`: a label from its project's scheme, or clear."""

    sentence = forms.ModelChoiceField(queryset=Sentence.objects.none())
    label = forms.ModelChoiceField(
        queryset=Label.objects.none(), to_field_name="key", required=False
    )
    clear = forms.BooleanField(required=False)
    # The revision the page showed (0: none), so a change made elsewhere is not overwritten.
    based_on = forms.IntegerField(min_value=0)
    seconds = forms.FloatField(min_value=0, max_value=MAX_SECONDS, required=False)

    def __init__(self, *args: Any, article: Article, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Through the article, so a sentence of another article is "not a valid choice".
        self.fields["sentence"].queryset = article.sentences.all()
        self.fields["label"].queryset = article.project.labels.all()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        clear = cleaned.pop("clear", False)
        if clear and cleaned.get("label"):
            raise forms.ValidationError("Choose a label or clear the sentence, not both.")
        if not clear and not cleaned.get("label") and "label" not in self.errors:
            raise forms.ValidationError("Choose a label.")
        return cleaned
