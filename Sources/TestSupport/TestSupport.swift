// The TestSupport target. See ../shared/DESIGN.md for what belongs here.
