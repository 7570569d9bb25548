"""Questionnaire pages: a runner answers (logged in or from a signed link); a clinician types a
paper copy in; anyone allowed reads one response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from clinic.access import clinical_staff_only, own_runner, runner_for, runner_only
from clinic.models import Runner
from clinic.trust.audit import record_access
from intake import questionnaires
from intake.access import response_for
from intake.forms import PaperQuestionnaireForm, QuestionnaireForm
from intake.links import read_token
from intake.models import Questionnaire, QuestionnaireResponse, ResponseSource
from intake.selectors import questionnaire_overview
from intake.services import record_response
from intake.views.common import posted


def _questionnaire(kind: str) -> str:
    if kind not in Questionnaire.values:
        raise Http404("No such questionnaire")
    return kind


def _answer_page(request, form, *, runner, kind, action_label="Send my answers"):
    return render(
        request,
        "intake/answer.html",
        {
            "form": form,
            "runner": runner,
            "questionnaire": Questionnaire(kind),
            "introduction": questionnaires.INTRODUCTIONS[kind],
            "action_label": action_label,
        },
    )


@runner_only
def my_questionnaires(request):
    runner = own_runner(request.user)
    return render(
        request,
        "intake/my_questionnaires.html",
        {"runner": runner, "overview": questionnaire_overview(runner, timezone.localdate())},
    )


@runner_only
def answer(request, kind):
    runner = own_runner(request.user)
    kind = _questionnaire(kind)
    form = QuestionnaireForm(posted(request), questionnaire=kind)
    if request.method == "POST" and form.is_valid():
        record_response(
            runner=runner,
            questionnaire=kind,
            answers=form.answers(),
            source=ResponseSource.RUNNER,
            entered_by=request.user,
        )
        messages.success(request, f"Thank you: your {Questionnaire(kind).label} answers are saved.")
        return redirect("intake:my_questionnaires")
    return _answer_page(request, form, runner=runner, kind=kind)


@login_not_required
@never_cache
def answer_by_link(request, token):
    """The runner's emailed link: no login, bound to one runner and one questionnaire, once."""
    grant = read_token(token)
    runner = grant and Runner.objects.filter(code=grant.runner_code).first()
    if runner is None or grant.questionnaire not in Questionnaire.values:
        return render(request, "intake/link_invalid.html", status=404)
    kind = grant.questionnaire
    if QuestionnaireResponse.objects.filter(link_nonce=grant.nonce).exists():
        return render(request, "intake/link_done.html", {"runner": runner, "already": True})
    form = QuestionnaireForm(posted(request), questionnaire=kind)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                record_response(
                    runner=runner,
                    questionnaire=kind,
                    answers=form.answers(),
                    source=ResponseSource.LINK,
                    link_nonce=grant.nonce,
                )
        except IntegrityError:  # the same link sent twice at once: the first one counts
            pass
        return render(
            request,
            "intake/link_done.html",
            {"runner": runner, "questionnaire": Questionnaire(kind)},
        )
    return _answer_page(request, form, runner=runner, kind=kind)


@clinical_staff_only
def paper_entry(request, code, kind):
    runner = runner_for(request.user, code, clinical=True)
    kind = _questionnaire(kind)
    form = PaperQuestionnaireForm(posted(request), questionnaire=kind)
    if request.method == "POST" and form.is_valid():
        record_response(
            runner=runner,
            questionnaire=kind,
            answers=form.answers(),
            source=ResponseSource.PAPER,
            entered_by=request.user,
            completed_on=form.cleaned_data["completed_on"],
        )
        messages.success(request, f"{Questionnaire(kind).label} from paper saved and scored.")
        return redirect("intake:record", code=runner.code)
    return _answer_page(request, form, runner=runner, kind=kind, action_label="Save and score")


def response_detail(request, code):
    response = response_for(request.user, code)
    record_access(request, response.runner, "questionnaire scores")
    kind = response.questionnaire
    answered = []
    for section in questionnaires.SECTIONS[kind]:
        rows = []
        for item in section.items:
            value = response.answers.get(item.code)
            label = dict(item.options).get(value) if value is not None else None
            rows.append((item, label))
        answered.append((section, rows))
    return render(
        request,
        "intake/response_detail.html",
        {"response": response, "runner": response.runner, "answered": answered},
    )
