"""The review pages' forms. They read what a browser posts; the services check the rules (window, once, photos,
words), and a refusal comes back next to the field it names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.services import MAX_PHOTOS, MAX_REASON, MAX_TEXT


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS pictures in one input; each is checked as product pictures are (reviews.services)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PhotosInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(file, initial) for file in files]


STAR_CHOICES = [(n, _("%(n)d stars") % {"n": n} if n > 1 else _("1 star")) for n in (5, 4, 3, 2, 1)]


class ReviewForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Stars"), choices=STAR_CHOICES, coerce=int, widget=forms.RadioSelect, initial=5
    )
    text = forms.CharField(
        label=_("Your review"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to %(n)d characters.") % {"n": MAX_TEXT},
    )
    photos = PhotosField(label=_("Photos"), help_text=_("Up to %(n)d pictures: JPEG, PNG or WebP.") % {"n": MAX_PHOTOS})
    anonymous = forms.BooleanField(label=_("Review anonymously (your name is shown as 张**)"), required=False)


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Follow-up review"), max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = PhotosField(label=_("Photos"), help_text=_("Up to %(n)d pictures: JPEG, PNG or WebP.") % {"n": MAX_PHOTOS})


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON)
