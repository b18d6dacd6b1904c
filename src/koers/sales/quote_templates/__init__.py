"""Quote templates (decision 110): kept by administrators and the sales director, picked when a
quote is made from an opportunity."""
