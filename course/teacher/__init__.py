"""The teacher's side: grading a class's submissions, and the class report."""
