"""The main window: the composition root that builds the pages, the plot and the session and connects them."""
