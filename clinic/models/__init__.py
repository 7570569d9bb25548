"""The practice's models, one module per area: people and places here, booking beside it."""

from clinic.models.audit import AccessLog  # noqa: F401
from clinic.models.booking import (  # noqa: F401
    Appointment,
    AppointmentQuerySet,
    AppointmentType,
    ScheduleChange,
    WorkingHours,
)
from clinic.models.notifications import (  # noqa: F401
    DEFAULT_REMIND_AT,
    OPEN_STATUSES,
    Channel,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    ReminderPreference,
    Suppression,
)
from clinic.models.people import (  # noqa: F401
    DEFAULT_TIME_ZONE,
    STAFF_ROLES,
    Heartbeat,
    IdentityLock,
    Location,
    Role,
    Runner,
    User,
    UserManager,
    digits_only,
)
from clinic.models.security import ApiToken, PracticeSecurity  # noqa: F401
