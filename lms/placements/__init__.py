"""Host facilities and the trainees' practicum placements at them (DESIGN.md §2)."""
