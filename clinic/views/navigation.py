from clinic.models import Role


def navigation(request):
    """The role of the person looking, so the base template can show that role's menu."""
    user = getattr(request, "user", None)
    role = user.role if user is not None and user.is_authenticated else None
    return {"nav_role": role, "Role": Role}
