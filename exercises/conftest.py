from hypothesis import Phase, settings

from course.progress import Progress

# A failing hypothesis test reports the one failure it shrank, not a group of them.
settings.register_profile("exercises", report_multiple_bugs=False)
# Grading runs every test of a whole class: it reports the first failing case found, unshrunk.
settings.register_profile("grading", report_multiple_bugs=False, phases=[Phase.explicit, Phase.generate])
settings.load_profile("exercises")


def pytest_addoption(parser):
    parser.addoption(
        "--every-test",
        action="store_true",
        help="run every test of an exercise after its first failure, as --solutions does (for grading)",
    )


def pytest_configure(config):
    if config.getoption("every_test") and not config.getoption("solutions"):
        settings.load_profile("grading")
    # `python -m exercises` brings its own Progress to read the statuses from.
    if not any(isinstance(plugin, Progress) for plugin in config.pluginmanager.get_plugins()):
        config.pluginmanager.register(Progress(), "exercise-progress")


def pytest_unconfigure(config):
    settings.load_profile("exercises")  # `python -m exercises` may run pytest again in this process
