def seed_demo_agenda(*, tenant, password):
    return None
