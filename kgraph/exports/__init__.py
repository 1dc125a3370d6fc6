"""Documents a learner keeps: a plan as a markdown checklist and as an iCalendar file."""
