"""A store order's life after placement: the one transition function, cancellation, receipt and completion; the
order lists and pages of shoppers and stores."""
