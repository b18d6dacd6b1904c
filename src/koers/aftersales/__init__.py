"""After-sales: the call planned when an order is delivered, the satisfaction survey reached by a
single-use link, and the closing of the trajectory with upsell and cross-sell ideas (decision 113).

An app of its own, after sales, complaints and correspondence: it builds on all three (an order,
a complaint for a bad answer, the mail that carries the link), and complaints already imports
sales, so sales cannot import complaints."""
