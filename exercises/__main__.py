from course.cli import command_line

command_line()
