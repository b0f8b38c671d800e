from exercises.progress import Progress


def pytest_configure(config):
    config.pluginmanager.register(Progress(), "exercise-progress")
