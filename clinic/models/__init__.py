"""The practice's models, one module per area: people and places here, booking beside it."""

from .audit import AccessLog  # noqa: F401
from .booking import (  # noqa: F401
    Appointment,
    AppointmentEmail,
    AppointmentQuerySet,
    AppointmentType,
    ScheduleChange,
    WorkingHours,
)
from .notifications import (  # noqa: F401
    DEFAULT_REMIND_AT,
    OPEN_STATUSES,
    Channel,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    ReminderPreference,
)
from .people import (  # noqa: F401
    DEFAULT_TIME_ZONE,
    STAFF_ROLES,
    Heartbeat,
    Location,
    Role,
    Runner,
    User,
    UserManager,
)
from .security import PracticeSecurity  # noqa: F401
