from course.cli import main
from models.quiet import exit_now

exit_now(main())
