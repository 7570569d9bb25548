"""Roadmap settings: one module, read from the environment.

Every value has a safe default for the embedded setup (SQLite, Celery on the file-system
broker, mail to the console), except SECRET_KEY, which production must provide.
See README.md for each variable.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # local, untracked state: SQLite file, embedded broker, sent mail

env = environ.Env()
# A local .env (written by bin/setup, never committed) fills in what the shell did not set.
environ.Env.read_env(env("ROADMAP_ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random SECRET_KEY in the "
            "environment; for local development run bin/setup, which writes one to .env."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address patients and staff use, for links in mail sent by background tasks.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's passkey list shows "added 3 days ago"
    "django.forms",  # its widget templates, for the project's own overrides (FORM_RENDERER)
    "django.contrib.postgres",  # the exclusion constraint that keeps appointments apart
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "auditlog",
    "csp",
    "phonenumber_field",
    "anymail",
    "clinic",
    "intake",
    "programs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Times on every page in the reader's zone: a runner's own, else the practice's.
    "clinic.clock.LocalTimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Who changed clinical data, from where: the diffs django-auditlog keeps carry the actor.
    "auditlog.middleware.AuditlogMiddleware",
    # Automatic logoff (HIPAA 164.312(a)(2)(iii)), then the practice's two-factor requirement.
    "clinic.trust.middleware.IdleTimeoutMiddleware",
    "clinic.trust.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.tz",  # TIME_ZONE: the reader's zone
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.views.navigation.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
    # Messages (templates/emails/): Jinja2, HTML autoescaped and text never, rendered through
    # engines["mail"] by clinic/notifications/content.py. See clinic/notifications/templating.py.
    {
        "NAME": "mail",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "clinic.notifications.templating.environment"},
    },
]
# The practice's name on every message's letterhead, above the location's address and phone.
PRACTICE_NAME = env("PRACTICE_NAME", default="Roadmap Physiotherapy")
# The zone the practice's own pages read times in (the outbox); messages use each location's.
PRACTICE_TIME_ZONE = env("PRACTICE_TIME_ZONE", default="America/New_York")

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when the worker and the site write together.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "clinic.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "clinic:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: log in by email (runners: or phone); the practice makes accounts, no sign-up.
ACCOUNT_ADAPTER = "clinic.trust.accounts.AccountAdapter"
# Runners may also sign in (and ask for a code) with the phone on their record: the adapter
# finds them by it and texts the code through the outbox (clinic.trust.account_mail).
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_FORMS = {
    "login": "clinic.forms.accounts.SignInForm",
    "request_login_code": "clinic.forms.accounts.RequestCodeForm",
}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A runner can always sign in with a one-time code sent by email or text instead of a password
# (two-factor still applies after the code for those who have it).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Passkeys (WebAuthn) count as two-factor as TOTP does; a passkey is also a way to sign in.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://localhost while developing only
MFA_TOTP_ISSUER = "Roadmap"
# Ask for the password again before email or two-factor changes (ASVS 5.0 V6.2); changing the
# password itself asks for the current one. A re-entered password counts for five minutes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
MFA_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Lockout: after 5 failed logins for one email within 15 minutes that email is refused until the
# window passes (and any one address may fail at most 10 times a minute). ASVS 5.0 V6.3.
ACCOUNT_RATE_LIMITS = {"login_failed": env("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/15m/key")}

# Automatic logoff after idle time (HIPAA 164.312(a)(2)(iii)). Staff work on shared front-desk
# and treatment-room computers: 30 minutes. Runners log sets on their own phones a few times a
# day, and a logoff between sessions would make them log in at every set: a week.
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
RUNNER_IDLE_MINUTES = env.int("RUNNER_IDLE_MINUTES", default=7 * 24 * 60)
SESSION_COOKIE_AGE = max(STAFF_IDLE_MINUTES, RUNNER_IDLE_MINUTES) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# Phones are stored in E.164 ("+19195550101": what SMS providers take, one spelling per number)
# and shown in international form; a number typed without a country code is read as the
# practice's country's.
PHONENUMBER_DEFAULT_REGION = env("PHONE_REGION", default="US")
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-us"
# Widgets render through the project's templates, so templates/django/forms/ can override one.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# One way to write dates and times, site-wide (clinic/formats/en/formats.py).
FORMAT_MODULE_PATH = ["clinic.formats"]
TIME_ZONE = "UTC"  # stored in UTC; shown in the location's or the runner's own zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Exercise pictures and videos are private: stored outside the static files and served only
# through a view that checks who is asking (programs:exercise_media), never from a public URL.
# Local disk by default; S3-compatible storage (AWS, MinIO, ...) when MEDIA_S3_BUCKET is set,
# with the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, and links that expire in minutes.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    EXERCISE_MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=None),
            "region_name": env("MEDIA_S3_REGION", default=None),
            "location": "exercise-media",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    EXERCISE_MEDIA_STORAGE = {
        "BACKEND": "programs.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "exercise_media": EXERCISE_MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development WhiteNoise finds files as they are asked for, as runserver does. Both are set
# here, not left to WhiteNoise's reading of DEBUG at startup: the test runner turns DEBUG off
# after settings load, and finders without autorefresh scan every static file each time a
# handler starts (each test client: ~50 ms a test).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Mail: printed to the console unless EMAIL_URL names a real server (smtp://user:pass@host:587),
# or EMAIL_PROVIDER names an ESP django-anymail supports ("mailgun", "postmark", "sendgrid",
# "amazon_ses", "brevo", "resend", ...). That ESP's settings come from ANYMAIL_* variables, the
# prefix dropped: ANYMAIL_MAILGUN_API_KEY, ANYMAIL_MAILGUN_SENDER_DOMAIN,
# ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY, ANYMAIL_WEBHOOK_SECRET (ESPs with basic-auth webhooks).
# Its tracking webhook is /webhooks/email/ (clinic/views/webhooks.py).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_PROVIDER = env("EMAIL_PROVIDER", default="").strip().lower()
if EMAIL_PROVIDER:
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
# Every provider call gives up well inside DELIVERY_LEASE_SECONDS (clinic/notifications/ledger.py).
PROVIDER_TIMEOUT_SECONDS = env.int("PROVIDER_TIMEOUT_SECONDS", default=15)
EMAIL_TIMEOUT = PROVIDER_TIMEOUT_SECONDS
ANYMAIL = {
    "REQUESTS_TIMEOUT": PROVIDER_TIMEOUT_SECONDS,
    **{
        key.removeprefix("ANYMAIL_"): value
        for key, value in env.ENVIRON.items()
        if key.startswith("ANYMAIL_") and value
    },
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Roadmap <no-reply@roadmap.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Off behind DEBUG so runserver works on plain HTTP; on in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the TLS proxy, audit entries take the caller's address from the hop it appends.
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token in a hidden field
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp 4): scripts only from our own origin or inline with this
# response's nonce (`<script nonce="{{ CSP_NONCE }}">`); nothing framed, no plugins. Inline
# *styles* stay allowed: Bootstrap's progress bars set widths in style attributes, and CSS
# cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Celery. Without CELERY_BROKER_URL the embedded default is Kombu's file-system transport:
# a real worker and beat (started by bin/dev) pass messages through files under var/celery,
# so background work behaves as in production without Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
    }
else:
    # Keep the visibility timeout above any countdown we use (reminders never schedule far ahead).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True  # a task is redelivered if its worker dies; every task is idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Tests of the real worker use a queue of their own, so parallel test sessions don't share one.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# How often beat writes the heartbeat row (clinic/celery.py holds the beat schedule).
HEARTBEAT_SECONDS = env.float("HEARTBEAT_SECONDS", default=60.0)

# Rate limits (login failures, public booking) count in this cache, so production must share it
# between gunicorn workers: CACHE_URL=redis://host:6379/1. The embedded default is per process.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Return to run (docs/domain.md §6): a week more than this many percent above the one before is
# flagged; clinicians' daily digest of alerts goes at this hour on each clinician's own clock
# (their location's time zone), once a local day; red flags at once.
RETURN_TO_RUN_WEEKLY_CHANGE_PERCENT = env.int("RETURN_TO_RUN_WEEKLY_CHANGE_PERCENT", default=30)
CLINICIAN_DIGEST_HOUR = env.int("CLINICIAN_DIGEST_HOUR", default=7)

# The delivery ledger (clinic/notifications): batch size, retries, the sweeper's lease.
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=500)
DELIVERY_MAX_ATTEMPTS = env.int("DELIVERY_MAX_ATTEMPTS", default=4)
# One message in flight ("sending") this long is taken as lost with its worker and sent again
# under the same key; every provider call times out well before (PROVIDER_TIMEOUT_SECONDS).
DELIVERY_LEASE_SECONDS = env.int("DELIVERY_LEASE_SECONDS", default=60)
# A batch's rows not yet sent are held this long, renewed while it runs: a killed batch's rest is
# swept (each minute) to another worker within hold + a minute, under 2 minutes.
DELIVERY_HOLD_SECONDS = env.int("DELIVERY_HOLD_SECONDS", default=45)
APPOINTMENT_REMINDER_HOURS = env.int("APPOINTMENT_REMINDER_HOURS", default=24)
TRANSPORTS = {
    "email": "clinic.notifications.transports.email.EmailTransport",
    "sms": "clinic.notifications.transports.sms.SmsTransport",
}
# Text messages. Offered to runners (a choice on their reminder settings) unless TEXT_MESSAGES
# is off. Sent through Twilio once TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (a
# number, or a Messaging Service SID "MG...") are set; until then through the recording provider,
# which sends nothing: a production start refuses that while texts are offered (system check).
TEXT_MESSAGES = env.bool("TEXT_MESSAGES", default=True)
TWILIO_ACCOUNT_SID = env("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM = env("TWILIO_FROM", default="")
SMS_PROVIDER = env(
    "SMS_PROVIDER",
    default=(
        "clinic.notifications.transports.sms.TwilioSmsProvider"
        if TWILIO_ACCOUNT_SID
        else "clinic.notifications.transports.sms.RecordingSmsProvider"
    ),
)
SMS_RECORD_PATH = env("SMS_RECORD_PATH", default="")
SMS_TEST_DELAY_SECONDS = env.float("SMS_TEST_DELAY_SECONDS", default=0.0)
SMS_TEST_HOLD_SECONDS = env.float("SMS_TEST_HOLD_SECONDS", default=0.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every step of a PDF at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Audit trail (django-auditlog): every create, change and delete of these models keeps a diff
# with its actor and address. Each area's clinical models are listed here as they land; a test
# fails on any model that holds runner data and is missing.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "clinic.Runner",
    {"model": "clinic.User", "exclude_fields": ["password", "last_login"]},
    "clinic.PracticeSecurity",
    "clinic.Appointment",
    "intake.RunnerHistory",
    "intake.Screening",
    "intake.RedFlag",
    "intake.RedFlagOverride",
    "intake.QuestionnaireResponse",
    "intake.VisitNote",
    "intake.RunnerHistoryRevision",
    "programs.Program",
    "programs.Prescription",
    "programs.PrescriptionItem",
    "programs.SetLog",
    "programs.SessionFeedback",
    "programs.Discharge",
    "programs.DischargeOutcome",
    "programs.HomeExercise",
    "programs.RunLog",
    "programs.MorningPain",
    "programs.RunPlan",
    "programs.ClinicianAlert",
    "clinic.ReminderPreference",
    # The delivery ledger: who was sent what; its claim bookkeeping is not worth a diff.
    {
        "model": "clinic.Delivery",
        "exclude_fields": ["claimed_at", "claim_token", "attempts", "next_attempt_at"],
    },
    "clinic.Suppression",
)
AUDITLOG_DISABLE_REMOTE_ADDR = False


# Booking rules (practice rules; see issue 5): how soon and how far ahead a slot can be booked,
# and until when a runner may cancel or reschedule through the link in their confirmation.
BOOKING_MIN_NOTICE_MINUTES = env.int("BOOKING_MIN_NOTICE_MINUTES", default=120)
BOOKING_HORIZON_DAYS = env.int("BOOKING_HORIZON_DAYS", default=60)
BOOKING_CHANGE_CUTOFF_HOURS = env.int("BOOKING_CHANGE_CUTOFF_HOURS", default=24)
BOOKING_SLOT_STEP_MINUTES = env.int("BOOKING_SLOT_STEP_MINUTES", default=30)
# Online booking: at most this many submissions per address per hour (abuse protection).
BOOKING_RATE_LIMIT_PER_HOUR = env.int("BOOKING_RATE_LIMIT_PER_HOUR", default=10)
