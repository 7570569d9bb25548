"""Factories for the practice's people. Apps add their own factories beside these."""

import factory
from django.conf import settings

from clinic.clock import local_today
from clinic.models import Location, Role, Runner, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.RUNNER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("name",)

    name = "Cary"
    address = "Cary, North Carolina"
    time_zone = "America/New_York"


class RunnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Runner

    user = factory.SubFactory(UserFactory, role=Role.RUNNER)
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    email = factory.SelfAttribute("user.email")
    # Never 0000: the recording SMS provider can't reach numbers ending so (its failure case),
    # and the first runner of a test process would otherwise get one.
    phone = factory.Sequence(lambda n: f"919-555-{n % 9999 + 1:04d}")
    time_zone = "America/New_York"
    location = factory.SubFactory(LocationFactory)


def practice_today():
    """The date on the practice's clock, as staff pages read it (not the test machine's date:
    they differ every evening, when it is already tomorrow in UTC)."""
    return local_today(settings.PRACTICE_TIME_ZONE)
