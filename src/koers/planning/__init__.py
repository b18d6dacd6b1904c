"""Planning (issues 14 and 15): market signals, the analysis of an account, account plans, and
later the sales plans and their targets. It reads the customer file, relations' activities and
sales' opportunities and orders, and none of them reads it."""
