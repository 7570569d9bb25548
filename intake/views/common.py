def posted(request):
    """The submitted data, or None for a GET. (An empty POST is falsy but still a submission.)"""
    return request.POST if request.method == "POST" else None
