"""The runner's own account: choosing a password from the invitation link, asking for a code."""

from allauth.account.forms import LoginForm, RequestLoginCodeForm
from django import forms
from django.contrib.auth import password_validation

from clinic.forms.text import PlainTextForm


class ActivationForm(PlainTextForm, forms.Form):
    """A password (twice); an email too when the practice has none for them (booked by phone)."""

    email = forms.EmailField(
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="You'll sign in with it.",
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, runner, **kwargs):
        super().__init__(*args, **kwargs)
        self.runner = runner
        if runner.email or runner.user_id:
            del self.fields["email"]
        else:
            self.fields["email"].required = True

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class RequestCodeForm(PlainTextForm, RequestLoginCodeForm):
    """allauth's "send me a sign-in code", by email or by the phone on the runner's record.

    allauth leaves both fields optional when phone is a login method, and an empty post would
    then reach its view with no one to send to: one of the two is required here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(placeholder="Email", autocomplete="email")
        self.fields["phone"].widget.attrs.update(placeholder="Or your mobile number")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("email") or cleaned.get("phone")):
            raise forms.ValidationError(
                "Type your email, or the mobile number we have for you, and we'll send a code."
            )
        return cleaned


class SignInForm(LoginForm):
    """allauth's sign-in form, its one box named for what people may type in it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = "Email or phone"
        field.widget.attrs.update(placeholder="", autocomplete="username")
        field.help_text = "Runners may use the mobile number the practice has for them."
