// The Inference target. See ../shared/DESIGN.md for what belongs here.
