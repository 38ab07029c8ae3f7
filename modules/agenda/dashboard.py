def agenda_section(request):
    return None
