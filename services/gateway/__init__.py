"""The HTTP edge: field apps and the committee in; feeds, schedule and display page out."""
