"""careerbot test suite."""
