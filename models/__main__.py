from models.cli import main
from models.commandline import exit_now

exit_now(main())
