"""Our general terms (algemene voorwaarden) as versions: an administrator uploads each as a
PDF with a label and a valid-from date; quotes sent from Koers carry the current one and record
which (decision 109)."""
